import { Worker } from 'node:worker_threads';

type Pending<R> = { resolve: (result: R) => void; reject: (error: Error) => void };

/**
 * Calls into one worker thread: each request gets an id and its answer back, so several
 * can be in flight. The worker is started on the first call and never keeps the process
 * alive by itself; one that dies fails what it had in hand, and the next call starts a
 * new one. The worker answers `{ id, result }` or `{ id, error }`.
 */
export class WorkerCalls<Q extends object, R> {
  readonly #script: URL;
  readonly #data: unknown;
  readonly #what: string;
  #worker: Worker | undefined;
  #next = 0;
  readonly #pending = new Map<number, Pending<R>>();

  constructor(script: URL, what: string, workerData?: unknown) {
    this.#script = script;
    this.#what = what;
    this.#data = workerData;
  }

  call(request: Q): Promise<R> {
    const worker = this.#started();
    const id = ++this.#next;
    return new Promise<R>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.#script, { workerData: this.#data });
    worker.unref();
    worker.on('message', ({ id, result, error }: { id: number; result?: R; error?: string }) => {
      const pending = this.#pending.get(id);
      this.#pending.delete(id);
      if (error === undefined) pending?.resolve(result as R);
      else pending?.reject(new Error(`${this.#what} failed: ${error}`));
    });
    const failAll = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const [id, pending] of this.#pending) {
        this.#pending.delete(id);
        pending.reject(error);
      }
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the ${this.#what} worker stopped (exit code ${code})`)));
    this.#worker = worker;
    return worker;
  }
}

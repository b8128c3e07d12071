import cron from 'node-cron';
import type { Disposable, Waker } from './scheduler.ts';

// setTimeout cannot wait longer than about 24.8 days; longer waits are chained.
const MAX_TIMEOUT = 2_147_000_000;

/** The production waker: node-cron for recurring slots, a timer for the next due task. */
export function createNodeCronWaker(onError: (error: unknown) => void): Waker & { stopAll(): void } {
  const live = new Set<Disposable>();
  return {
    // Real time never jumps, so no stretch of slots is ever stepped over.
    onCron(expression, timezone, fire) {
      const task = cron.schedule(expression, (context) => fire(context.date).catch(onError), { timezone });
      const handle = { dispose: () => void task.destroy() };
      live.add(handle);
      return handle;
    },
    at(when, fire) {
      let timer: NodeJS.Timeout | undefined;
      const wait = (): void => {
        const delay = Math.max(0, when.getTime() - Date.now());
        timer = setTimeout(
          () => (delay > MAX_TIMEOUT ? wait() : void fire().catch(onError)),
          Math.min(delay, MAX_TIMEOUT),
        );
      };
      wait();
      const handle = { dispose: () => clearTimeout(timer) };
      live.add(handle);
      return handle;
    },
    stopAll() {
      for (const handle of live) handle.dispose();
      live.clear();
    },
  };
}

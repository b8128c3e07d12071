import { CronExpressionParser } from 'cron-parser';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';

/** Something that can be cancelled: a timer, a subscription, a started feature. */
export interface Disposable {
  dispose(): void;
}

/**
 * Wakes the scheduler. The real one is node-cron plus timers; the fake one moves with
 * a FakeClock, so tests and the console's time travel never sleep.
 */
export interface Waker {
  /** Calls `fire` with each slot of the cron expression, in its timezone. */
  onCron(expression: string, timezone: string, fire: (slot: Date) => Promise<void>): Disposable;
  /** Calls `fire` once, at or after `when`. */
  at(when: Date, fire: () => Promise<void>): Disposable;
}

/** What happens to slots or tasks that fell due while Foyer was not running. */
export type MissedPolicy =
  | { kind: 'run-late'; graceMs: number }
  | { kind: 'catch-up' }
  | { kind: 'skip' };

/** A recurring job declared by a feature. Each slot runs at most once, across restarts and processes. */
export interface JobDefinition {
  id: string;
  cron: string;
  timezone?: string;
  missed: MissedPolicy;
  run(slot: Date): Promise<void>;
  /** Told about a slot that was missed and not run (policy `skip`, or past the grace window). */
  onMissed?(slot: Date): Promise<void>;
}

export interface ScheduledTask {
  kind: string;
  key: string;
  dueAt: Date;
  payload: unknown;
}

/** Runs durable one-off tasks of one kind (a burst of welcomes to flush, a poll to close). */
export interface TaskHandler {
  kind: string;
  missed: MissedPolicy;
  run(task: ScheduledTask): Promise<void>;
  onMissed?(task: ScheduledTask): Promise<void>;
}

/** What features may ask of the scheduler. */
export interface Scheduler {
  /** Schedules a durable task; scheduling the same kind and key again keeps the first. */
  schedule(kind: string, key: string, dueAt: Date, payload?: unknown): void;
  cancel(kind: string, key: string): void;
}

/** The scheduler's durable state; storage implements it. Every method is one transaction. */
export interface SchedulerStore {
  /** Claims a job slot; false when any process already claimed it. */
  claimSlot(jobId: string, slot: Date, at: Date): boolean;
  finishSlot(jobId: string, slot: Date, status: 'done' | 'failed' | 'missed', at: Date, note?: string): void;
  /** The last slot this job considered (ran, skipped or missed); undefined on its first start. */
  checkedUntil(jobId: string): Date | undefined;
  setCheckedUntil(jobId: string, slot: Date): void;
  addTask(task: ScheduledTask): boolean;
  cancelTask(kind: string, key: string): void;
  /** Puts tasks a crashed run had claimed back to pending; returns how many. */
  requeueInterrupted(): number;
  /** Pending tasks due by `now`, oldest first. */
  dueTasks(now: Date): ScheduledTask[];
  nextDue(): Date | undefined;
  /** Marks a pending task as running; false when another run claimed it. */
  claimTask(kind: string, key: string, at: Date): boolean;
  finishTask(kind: string, key: string, status: 'done' | 'failed' | 'missed', at: Date, note?: string): void;
}

const inGrace = (policy: MissedPolicy, due: Date, now: Date): boolean =>
  policy.kind === 'catch-up' || (policy.kind === 'run-late' && now.getTime() - due.getTime() <= policy.graceMs);

/** Parses a cron expression, or explains why it cannot. */
export function checkCron(expression: string, timezone = 'UTC'): string | undefined {
  try {
    CronExpressionParser.parse(expression, { tz: timezone });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The slots of `expression` strictly after `from` and at or before `to`. */
export function cronSlots(expression: string, timezone: string, from: Date, to: Date, limit = 1_000): Date[] {
  const iterator = CronExpressionParser.parse(expression, { currentDate: from, endDate: to, tz: timezone });
  const slots: Date[] = [];
  while (slots.length < limit && iterator.hasNext()) {
    const next = iterator.next().toDate();
    if (next.getTime() > to.getTime()) break;
    if (next.getTime() > from.getTime()) slots.push(next);
  }
  return slots;
}

export interface SchedulerEngineDeps {
  store: SchedulerStore;
  waker: Waker;
  clock: Clock;
  logger: Logger;
  defaultTimezone: string;
}

/**
 * The one scheduler. Jobs and tasks are woken by the Waker; every run first claims its
 * slot in the database, so a slot runs once even across restarts and processes.
 */
export class SchedulerEngine implements Scheduler {
  readonly #deps: SchedulerEngineDeps;
  readonly #jobs = new Map<string, JobDefinition>();
  readonly #handlers = new Map<string, TaskHandler>();
  readonly #timers: Disposable[] = [];
  #taskTimer: Disposable | undefined;
  #armedFor: number | undefined;
  #running = false;
  #inFlight = new Set<Promise<void>>();

  constructor(deps: SchedulerEngineDeps) {
    this.#deps = deps;
  }

  addJob(job: JobDefinition): void {
    if (this.#jobs.has(job.id)) throw new Error(`duplicate job id ${job.id}`);
    const problem = checkCron(job.cron, job.timezone ?? this.#deps.defaultTimezone);
    if (problem) throw new Error(`job ${job.id}: invalid cron "${job.cron}": ${problem}`);
    this.#jobs.set(job.id, job);
  }

  addTaskHandler(handler: TaskHandler): void {
    if (this.#handlers.has(handler.kind)) throw new Error(`duplicate task kind ${handler.kind}`);
    this.#handlers.set(handler.kind, handler);
  }

  /** Settles slots missed while stopped, then arms the waker. */
  async start(): Promise<void> {
    this.#running = true;
    const requeued = this.#deps.store.requeueInterrupted();
    if (requeued > 0) this.#deps.logger.warn('tasks interrupted by a crash will run again', { requeued });
    const now = this.#deps.clock.now();
    for (const job of this.#jobs.values()) {
      const tz = job.timezone ?? this.#deps.defaultTimezone;
      const since = this.#deps.store.checkedUntil(job.id);
      if (since === undefined) this.#deps.store.setCheckedUntil(job.id, now);
      else for (const slot of cronSlots(job.cron, tz, since, now)) await this.#runSlot(job, slot, true);
      this.#timers.push(this.#deps.waker.onCron(job.cron, tz, (slot) => this.#track(this.#runSlot(job, slot, false))));
    }
    await this.#runDueTasks();
  }

  async stop(): Promise<void> {
    this.#running = false;
    for (const timer of this.#timers.splice(0)) timer.dispose();
    this.#taskTimer?.dispose();
    this.#taskTimer = undefined;
    await Promise.allSettled([...this.#inFlight]);
  }

  schedule(kind: string, key: string, dueAt: Date, payload: unknown = null): void {
    if (!this.#handlers.has(kind)) throw new Error(`no task handler for ${kind}`);
    this.#deps.store.addTask({ kind, key, dueAt, payload });
    this.#arm();
  }

  cancel(kind: string, key: string): void {
    this.#deps.store.cancelTask(kind, key);
  }

  #track(work: Promise<void>): Promise<void> {
    this.#inFlight.add(work);
    return work.finally(() => this.#inFlight.delete(work));
  }

  async #runSlot(job: JobDefinition, slot: Date, late: boolean): Promise<void> {
    const { store, clock, logger } = this.#deps;
    const now = clock.now();
    if (!store.claimSlot(job.id, slot, now)) return;
    store.setCheckedUntil(job.id, slot);
    if (late && !inGrace(job.missed, slot, now)) {
      store.finishSlot(job.id, slot, 'missed', now, `missed while stopped (${job.missed.kind})`);
      logger.warn('job slot missed', { job: job.id, slot: slot.toISOString() });
      await job.onMissed?.(slot).catch((error: unknown) => logger.error('onMissed failed', { job: job.id, error }));
      return;
    }
    try {
      await job.run(slot);
      store.finishSlot(job.id, slot, 'done', clock.now());
    } catch (error) {
      store.finishSlot(job.id, slot, 'failed', clock.now(), String(error));
      logger.error('job failed', { job: job.id, slot: slot.toISOString(), error });
    }
  }

  #arm(): void {
    if (!this.#running) return;
    const next = this.#deps.store.nextDue();
    if (!next || next.getTime() === this.#armedFor) return;
    this.#taskTimer?.dispose();
    this.#armedFor = next.getTime();
    this.#taskTimer = this.#deps.waker.at(next, () => {
      this.#armedFor = undefined;
      return this.#track(this.#runDueTasks());
    });
  }

  async #runDueTasks(): Promise<void> {
    const { store, clock, logger } = this.#deps;
    for (const task of store.dueTasks(clock.now())) {
      const handler = this.#handlers.get(task.kind);
      if (!handler) continue;
      if (!store.claimTask(task.kind, task.key, clock.now())) continue;
      const now = clock.now();
      // A task is "missed" only if it fell due while no process was running to wake for it.
      const late = now.getTime() - task.dueAt.getTime() > 60_000;
      if (late && !inGrace(handler.missed, task.dueAt, now)) {
        store.finishTask(task.kind, task.key, 'missed', now);
        logger.warn('task missed', { kind: task.kind, key: task.key });
        await handler.onMissed?.(task).catch((error: unknown) => logger.error('onMissed failed', { kind: task.kind, error }));
        continue;
      }
      try {
        await handler.run(task);
        store.finishTask(task.kind, task.key, 'done', clock.now());
      } catch (error) {
        store.finishTask(task.kind, task.key, 'failed', clock.now(), String(error));
        logger.error('task failed', { kind: task.kind, key: task.key, error });
      }
    }
    this.#arm();
  }
}

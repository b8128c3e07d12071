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
  /**
   * Calls `fire` with each slot of the cron expression, in its timezone. A waker that
   * moves past a long stretch at once (the fake time's long advances) calls `steppedOver`
   * instead, once per stretch: the slots after `after` and up to `upTo` were not fired.
   */
  onCron(
    expression: string,
    timezone: string,
    fire: (slot: Date) => Promise<void>,
    steppedOver: (after: Date, upTo: Date) => Promise<void>,
  ): Disposable;
  /** Calls `fire` once, at or after `when`. */
  at(when: Date, fire: () => Promise<void>): Disposable;
}

/** What happens to slots or tasks that fell due while Foyer was not running. */
export type MissedPolicy =
  | { kind: 'run-late'; graceMs: number }
  /**
   * `latestOnly`: each run covers everything before its slot (a prune, a sweep), so only the latest missed slot runs.
   */
  | { kind: 'catch-up'; latestOnly?: boolean }
  | { kind: 'skip' };

/** A stretch of consecutive slots that were not run, reported once rather than slot by slot. */
export interface MissedSlots {
  first: Date;
  last: Date;
}

/** A recurring job declared by a feature. Each slot runs at most once, across restarts and processes. */
export interface JobDefinition {
  id: string;
  cron: string;
  timezone?: string;
  missed: MissedPolicy;
  run(slot: Date): Promise<void>;
  /** Told about slots that were missed and not run (policy `skip`, or past the grace window). */
  onMissed?(missed: MissedSlots): Promise<void>;
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
  /** Moves the job's checked-until mark forward (never back). */
  setCheckedUntil(jobId: string, slot: Date): void;
  /** Deletes claims of slots before `before` that their job has moved past; returns how many. */
  pruneClaims(before: Date): number;
  addTask(task: ScheduledTask): boolean;
  cancelTask(kind: string, key: string): void;
  /** Puts tasks a crashed run had claimed back to pending; returns how many. */
  requeueInterrupted(): number;
  /** Pending tasks due by `now`, oldest first. */
  dueTasks(now: Date): ScheduledTask[];
  nextDue(kinds: readonly string[]): Date | undefined;
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

/**
 * The slots of `expression` after `from`, one at a time, endless unless the expression
 * runs out. Lazy on purpose: computing a slot in a timezone is slow, so nobody should
 * list a long stretch of them.
 */
export function* slotsAfter(expression: string, timezone: string, from: Date): Generator<Date> {
  const iterator = CronExpressionParser.parse(expression, { currentDate: from, tz: timezone });
  for (;;) {
    let next: Date;
    try {
      next = iterator.next().toDate();
    } catch {
      return; // no further slot (an expression such as "0 0 30 2 *")
    }
    if (next.getTime() > from.getTime()) yield next;
  }
}

/** The slots of `expression` strictly after `from` and at or before `to`, one at a time. */
export function* slotsBetween(expression: string, timezone: string, from: Date, to: Date): Generator<Date> {
  for (const slot of slotsAfter(expression, timezone, from)) {
    if (slot.getTime() > to.getTime()) return;
    yield slot;
  }
}

/** The first `limit` slots of `expression` strictly after `from` and at or before `to`. */
export function cronSlots(expression: string, timezone: string, from: Date, to: Date, limit = 1_000): Date[] {
  const slots: Date[] = [];
  for (const slot of slotsBetween(expression, timezone, from, to)) {
    if (slots.length >= limit) break;
    slots.push(slot);
  }
  return slots;
}

/** The first slot strictly after `from`. */
export const firstSlot = (expression: string, timezone: string, from: Date): Date | undefined =>
  slotsAfter(expression, timezone, from).next().value ?? undefined;

/** The latest slot strictly after `from` and at or before `to`, found without walking the slots in between. */
export function lastSlot(expression: string, timezone: string, from: Date, to: Date): Date | undefined {
  // cron-parser's prev() is strictly before its current date; one millisecond later makes `to` itself count.
  const iterator = CronExpressionParser.parse(expression, { currentDate: new Date(to.getTime() + 1), tz: timezone });
  try {
    const slot = iterator.prev().toDate();
    return slot.getTime() > from.getTime() ? slot : undefined;
  } catch {
    return undefined;
  }
}

const DAY_MS = 86_400_000;
/**
 * How long a slot claim outlives its slot. A claim is what keeps a slot from running twice,
 * so it must last as long as some process could still try that slot: a live waker fires
 * it at its moment, a start-up replays only slots after the job's checked-until mark, and
 * a run-late job may run it up to its grace window late. So a claim is kept until its job
 * has moved past it AND it is older than the longest grace window plus a week of margin
 * (clock skew, slow start-ups, a week of history to read); the daily prune deletes the rest.
 */
export const CLAIM_MARGIN_MS = 7 * DAY_MS;
const PRUNE_JOB_ID = 'core.prune-job-runs';

/** Why slots were never fired: the process was down, or the fake time stepped over them. */
type GapCause = 'downtime' | 'time travel';
const GAP_NOTES: Record<GapCause, string> = {
  downtime: 'missed while stopped',
  'time travel': 'stepped over by time travel',
};

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
    this.addJob({
      id: PRUNE_JOB_ID,
      cron: '23 4 * * *',
      missed: { kind: 'catch-up', latestOnly: true },
      run: async (slot) => this.#pruneClaims(slot),
    });
  }

  /** See CLAIM_MARGIN_MS for why claims live this long. */
  #claimRetentionMs(): number {
    const graces = [...this.#jobs.values()].map((job) => (job.missed.kind === 'run-late' ? job.missed.graceMs : 0));
    return CLAIM_MARGIN_MS + Math.max(0, ...graces);
  }

  #pruneClaims(slot: Date): void {
    const pruned = this.#deps.store.pruneClaims(new Date(slot.getTime() - this.#claimRetentionMs()));
    if (pruned > 0) this.#deps.logger.info('old job slot claims pruned', { pruned });
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
      const since = this.#deps.store.checkedUntil(job.id);
      if (since === undefined) this.#deps.store.setCheckedUntil(job.id, now);
      else await this.#settleMissed(job, since, now, 'downtime');
      this.#timers.push(
        this.#deps.waker.onCron(
          job.cron,
          this.#timezoneOf(job),
          (slot) => this.#track(this.#runSlot(job, slot)),
          (after, upTo) => this.#track(this.#settleMissed(job, after, upTo, 'time travel')),
        ),
      );
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
    // An invalid date (a NaN duration added to now) must fail here, named, not as a storage constraint.
    if (Number.isNaN(dueAt.getTime())) throw new Error(`task ${kind} ${key} has no valid due time`);
    this.#deps.store.addTask({ kind, key, dueAt, payload });
    this.#arm();
  }

  cancel(kind: string, key: string): void {
    this.#deps.store.cancelTask(kind, key);
  }

  /**
   * Due tasks that some handler will run and that have not run yet, and how late the oldest
   * is: what monitoring and readiness read (a stalled scheduler shows as a growing lag).
   */
  backlog(): { dueTasks: number; lagMs: number } {
    const now = this.#deps.clock.now().getTime();
    const due = this.#deps.store.dueTasks(new Date(now)).filter((task) => this.#handlers.has(task.kind));
    const oldest = due.reduce((min, task) => Math.min(min, task.dueAt.getTime()), now);
    return { dueTasks: due.length, lagMs: now - oldest };
  }

  #track(work: Promise<void>): Promise<void> {
    this.#inFlight.add(work);
    return work.finally(() => this.#inFlight.delete(work));
  }

  #timezoneOf(job: JobDefinition): string {
    return job.timezone ?? this.#deps.defaultTimezone;
  }

  /**
   * Settles the slots after `after` and up to `upTo` that were never fired, by the job's
   * policy, without walking a long stretch slot by slot: what is not run is recorded as
   * one summary row (keyed by its last slot, so it too is settled once).
   */
  async #settleMissed(job: JobDefinition, after: Date, upTo: Date, cause: GapCause): Promise<void> {
    const tz = this.#timezoneOf(job);
    const latest = lastSlot(job.cron, tz, after, upTo);
    if (!latest) return;
    const policy = job.missed;
    if (policy.kind === 'catch-up' && !policy.latestOnly) {
      for (const slot of slotsBetween(job.cron, tz, after, upTo)) await this.#runSlot(job, slot);
      return;
    }
    if (policy.kind === 'catch-up')
      return this.#runSlot(job, latest, `${GAP_NOTES[cause]}: covers every slot since ${after.toISOString()}`);
    // Slots still inside the grace window run late, one by one; the older ones are missed.
    const missedUntil = policy.kind === 'run-late' ? new Date(upTo.getTime() - policy.graceMs - 1) : upTo;
    const lastMissed = lastSlot(job.cron, tz, after, missedUntil);
    if (lastMissed)
      await this.#recordMissed(job, { first: firstSlot(job.cron, tz, after) ?? lastMissed, last: lastMissed }, cause);
    for (const slot of slotsBetween(job.cron, tz, lastMissed ?? after, upTo)) await this.#runSlot(job, slot);
  }

  async #recordMissed(job: JobDefinition, missed: MissedSlots, cause: GapCause): Promise<void> {
    const { store, clock, logger } = this.#deps;
    const now = clock.now();
    if (!store.claimSlot(job.id, missed.last, now)) return;
    store.setCheckedUntil(job.id, missed.last);
    const range = { first: missed.first.toISOString(), last: missed.last.toISOString() };
    store.finishSlot(
      job.id,
      missed.last,
      'missed',
      now,
      `${GAP_NOTES[cause]} (${job.missed.kind}): every slot from ${range.first} to ${range.last}`,
    );
    // Time travel steps over slots on purpose; only a real outage deserves a warning.
    if (cause === 'downtime') logger.warn('job slots missed', { job: job.id, ...range });
    else logger.info('job slots stepped over', { job: job.id, ...range });
    await job.onMissed?.(missed).catch((error: unknown) => logger.error('onMissed failed', { job: job.id, error }));
  }

  async #runSlot(job: JobDefinition, slot: Date, note?: string): Promise<void> {
    const { store, clock, logger } = this.#deps;
    if (!store.claimSlot(job.id, slot, clock.now())) return;
    store.setCheckedUntil(job.id, slot);
    try {
      await job.run(slot);
      store.finishSlot(job.id, slot, 'done', clock.now(), note);
    } catch (error) {
      store.finishSlot(job.id, slot, 'failed', clock.now(), String(error));
      logger.error('job failed', { job: job.id, slot: slot.toISOString(), error });
    }
  }

  #arm(): void {
    if (!this.#running) return;
    // Only kinds some handler runs: a task left by a feature that is now disabled waits
    // for it to come back, instead of waking the scheduler again and again.
    const next = this.#deps.store.nextDue([...this.#handlers.keys()]);
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
        await handler
          .onMissed?.(task)
          .catch((error: unknown) => logger.error('onMissed failed', { kind: task.kind, error }));
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

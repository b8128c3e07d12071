import { FakeClock } from './clock.ts';
import { slotsAfter, type Disposable, type Waker } from './scheduler.ts';

const DAY = 86_400_000;
/**
 * The last stretch of an advance that is lived slot by slot, as a running bot would.
 * A month, so every advance a story or a demo needs (days, weeks) is lived whole.
 */
export const LIVE_WINDOW_MS = 31 * DAY;
/**
 * Before the live window, recurring slots are stepped over this much simulated time at a
 * time and handed to the scheduler as missed: firing every 15-minute check of ten years
 * would take minutes and 350,000 claims for nothing a feature needs. It is also how often
 * a long advance reports its progress and can be interrupted.
 */
export const STEP_MS = 30 * DAY;

interface Timer {
  id: number;
  due: number;
  fire: () => Promise<void>;
  /** For cron timers: re-arms after each slot. */
  rearm?: () => void;
  /** For cron timers: moves past every slot up to `upTo` without firing them. */
  stepOver?: (upTo: number) => Promise<void>;
}

export interface AdvanceOptions {
  /** Checked between two pieces of work; once aborted, the clock stays where the work stopped. */
  signal?: AbortSignal;
  /** Told the simulated time each time a long advance passes another STEP_MS. */
  onProgress?: (now: Date) => void;
}

/**
 * A clock and waker that move together, only when told. `advance` fires every timer
 * that falls due, in time order, with the clock set to each timer's moment, and waits
 * for the work it starts, so tests and scripted console sessions are deterministic.
 * Durable tasks always fire at their moment; recurring slots older than the live window
 * are stepped over (see STEP_MS).
 */
export class FakeTime implements Waker {
  readonly clock: FakeClock;
  #timers = new Map<number, Timer>();
  #nextId = 1;
  /** Work started by something other than a timer (an event) that advance should wait for. */
  #pending = new Set<Promise<unknown>>();

  constructor(start: Date | number) {
    this.clock = new FakeClock(start);
  }

  now(): Date {
    return this.clock.now();
  }

  onCron(
    expression: string,
    timezone: string,
    fire: (slot: Date) => Promise<void>,
    steppedOver: (after: Date, upTo: Date) => Promise<void>,
  ): Disposable {
    const id = this.#nextId++;
    let from = this.clock.now();
    // One iterator per timer: computing a slot in a timezone is slow, parsing again for each slot more so.
    let slots = slotsAfter(expression, timezone, from);
    const arm = (): void => {
      const { value: slot, done } = slots.next();
      if (done) return void this.#timers.delete(id);
      this.#timers.set(id, {
        id,
        due: slot.getTime(),
        fire: () => {
          from = slot;
          return fire(slot);
        },
        rearm: arm,
        stepOver: (upTo) => {
          const after = from;
          from = new Date(upTo);
          slots = slotsAfter(expression, timezone, from);
          arm();
          return steppedOver(after, from);
        },
      });
    };
    arm();
    return { dispose: () => void this.#timers.delete(id) };
  }

  at(when: Date, fire: () => Promise<void>): Disposable {
    const id = this.#nextId++;
    this.#timers.set(id, { id, due: Math.max(when.getTime(), this.clock.now().getTime()), fire });
    return { dispose: () => void this.#timers.delete(id) };
  }

  /** Lets `advance` wait for work started outside a timer. */
  track<T>(work: Promise<T>): Promise<T> {
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work)).catch(() => undefined);
    return work;
  }

  /** Moves time forward by `ms`; false when `signal` stopped it before the end. */
  async advance(ms: number, options: AdvanceOptions = {}): Promise<boolean> {
    if (ms < 0) throw new Error('time only moves forward');
    const start = this.clock.now().getTime();
    const target = start + ms;
    const progress = new Progress(start, target, options.onProgress);
    const liveFrom = target - LIVE_WINDOW_MS;
    while (this.clock.now().getTime() < liveFrom) {
      const stepEnd = Math.min(progress.nextAt, liveFrom);
      if (!(await this.#fireDue(stepEnd, (timer) => !timer.stepOver, progress, options.signal))) return false;
      await this.#stepOverRecurring(stepEnd);
      progress.report(this.clock.now());
      if (options.signal?.aborted) return false;
    }
    if (!(await this.#fireDue(target, () => true, progress, options.signal))) return false;
    this.clock.set(new Date(target));
    await this.settle();
    return true;
  }

  /** Fires, in time order, the timers that `eligible` accepts and that fall due by `until`. */
  async #fireDue(
    until: number,
    eligible: (timer: Timer) => boolean,
    progress: Progress,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    for (;;) {
      await this.settle();
      if (signal?.aborted) return false;
      const next = [...this.#timers.values()]
        .filter((t) => t.due <= until && eligible(t))
        .sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) return true;
      this.#timers.delete(next.id);
      if (next.due > this.clock.now().getTime()) this.clock.set(new Date(next.due));
      next.rearm?.();
      await next.fire();
      progress.report(this.clock.now());
    }
  }

  async #stepOverRecurring(upTo: number): Promise<void> {
    if (upTo > this.clock.now().getTime()) this.clock.set(new Date(upTo));
    const due = [...this.#timers.values()].filter((t) => t.stepOver && t.due <= upTo).sort((a, b) => a.id - b.id);
    for (const timer of due) await timer.stepOver!(upTo);
    await this.settle();
  }

  /** Waits until no tracked work is pending. */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
    // Let promise chains scheduled by the settled work run too.
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** How many timers are armed: for tests that check nothing is left behind. */
  get armed(): number {
    return this.#timers.size;
  }
}

/** Reports each STEP_MS an advance passes, short of its end (which the caller reports itself). */
class Progress {
  nextAt: number;
  readonly #target: number;
  readonly #onProgress: ((now: Date) => void) | undefined;

  constructor(start: number, target: number, onProgress: ((now: Date) => void) | undefined) {
    this.nextAt = start + STEP_MS;
    this.#target = target;
    this.#onProgress = onProgress;
  }

  report(now: Date): void {
    if (now.getTime() < this.nextAt || this.nextAt >= this.#target) return;
    while (this.nextAt <= now.getTime()) this.nextAt += STEP_MS;
    this.#onProgress?.(now);
  }
}

import { FakeClock } from './clock.ts';
import { cronSlots, type Disposable, type Waker } from './scheduler.ts';

interface Timer {
  id: number;
  due: number;
  fire: () => Promise<void>;
  /** For cron timers: re-arms after each slot. */
  rearm?: () => void;
}

/**
 * A clock and waker that move together, only when told. `advance` fires every timer
 * that falls due, in time order, with the clock set to each timer's moment, and waits
 * for the work it starts, so tests and scripted console sessions are deterministic.
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

  onCron(expression: string, timezone: string, fire: (slot: Date) => Promise<void>): Disposable {
    const id = this.#nextId++;
    let from = this.clock.now();
    const arm = (): void => {
      const [slot] = cronSlots(expression, timezone, from, new Date(from.getTime() + 400 * 86_400_000), 1);
      if (!slot) return void this.#timers.delete(id);
      this.#timers.set(id, {
        id,
        due: slot.getTime(),
        fire: () => {
          from = slot;
          return fire(slot);
        },
        rearm: arm,
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

  async advance(ms: number): Promise<void> {
    if (ms < 0) throw new Error('time only moves forward');
    const target = this.clock.now().getTime() + ms;
    for (;;) {
      await this.settle();
      const next = [...this.#timers.values()].filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.#timers.delete(next.id);
      if (next.due > this.clock.now().getTime()) this.clock.set(new Date(next.due));
      next.rearm?.();
      await next.fire();
    }
    this.clock.set(new Date(target));
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

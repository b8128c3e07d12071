/** Time is a port: no feature reads the wall clock, so tests and the console can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. Drives tests and the console's time travel. */
export class FakeClock implements Clock {
  #ms: number;
  constructor(start: Date | number) {
    this.#ms = typeof start === 'number' ? start : start.getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(to: Date): void {
    if (to.getTime() < this.#ms) throw new Error('a FakeClock never goes backwards');
    this.#ms = to.getTime();
  }
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses durations such as `90s`, `15m`, `2h`, `1d12h`; returns undefined when it cannot. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+\s*[smhdw]\s*)+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, n, unit] of trimmed.matchAll(/(\d+)\s*([smhdw])/g)) total += Number(n) * UNITS[unit!]!;
  return total;
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

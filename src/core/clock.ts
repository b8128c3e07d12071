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

/** A moment as members read it in Foyer's messages: `2026-03-02 09:00 UTC`. */
export const formatUtc = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/**
 * The instant of a local date and time ("2026-12-01T09:00") in an IANA timezone, or
 * undefined when the text is not such a time. DST gaps resolve to the later offset.
 */
export function zonedTimeToUtc(local: string, timezone: string): Date | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)$/.exec(local.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  const offsetAt = (instant: number): number => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(new Date(instant)).map((p) => [p.type, p.value]),
    );
    return Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute'])) - instant;
  };
  let utc = naive - offsetAt(naive);
  utc = naive - offsetAt(utc);
  const check = new Date(utc);
  return Number.isNaN(check.getTime()) || mo < 1 || mo > 12 || d < 1 || d > 31 ? undefined : check;
}

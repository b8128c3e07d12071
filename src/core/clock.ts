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

/**
 * The longest duration Foyer reads (about ten years): anything longer is a typo, and
 * adding it to a date could leave the range of dates, which storage cannot hold.
 */
export const MAX_DURATION = 3_650 * 86_400_000;

/** Whether the text is written like a duration (`2h`, `1d12h`), whatever its length. */
export const isDurationSyntax = (text: string): boolean => /^(\d+\s*[smhdw]\s*)+$/.test(text.trim().toLowerCase());

/** Parses durations such as `90s`, `15m`, `2h`, `1d12h`; returns undefined when it cannot. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!isDurationSyntax(trimmed)) return undefined;
  let total = 0;
  for (const [, n, unit] of trimmed.matchAll(/(\d+)\s*([smhdw])/g)) total += Number(n) * UNITS[unit!]!;
  return Number.isSafeInteger(total) && total <= MAX_DURATION ? total : undefined;
}

/** A moment as members read it in Foyer's messages: `2026-03-02 09:00 UTC`. */
export const formatUtc = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Why a typed date or time of day is not one, precise enough to tell the person who typed it. */
export type DateTimeProblem =
  | { kind: 'format' }
  | { kind: 'month'; month: number }
  | { kind: 'day'; year: number; month: number; day: number; days: number }
  | { kind: 'hour'; hour: number }
  | { kind: 'minute'; minute: number };

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: DateTimeProblem };

const twoDigits = (n: number): string => String(n).padStart(2, '0');

/** The variables of the `time.problem.*` messages, as a reader writes them (`2030-02`, `09`). */
export function dateTimeProblemVars(problem: Exclude<DateTimeProblem, { kind: 'format' }>): Record<string, string> {
  switch (problem.kind) {
    case 'month':
      return { month: twoDigits(problem.month) };
    case 'day':
      return {
        day: twoDigits(problem.day),
        yearMonth: `${problem.year}-${twoDigits(problem.month)}`,
        days: String(problem.days),
      };
    case 'hour':
      return { hour: twoDigits(problem.hour) };
    case 'minute':
      return { minute: twoDigits(problem.minute) };
  }
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

function clockProblem(hour: number, minute: number): DateTimeProblem | undefined {
  if (hour > 23) return { kind: 'hour', hour };
  if (minute > 59) return { kind: 'minute', minute };
  return undefined;
}

/** Reads a time of day such as `09:00` (00:00 to 23:59), or says what is wrong with it. */
export function parseTimeOfDay(text: string): Parsed<{ hour: number; minute: number }> {
  const m = /^(\d\d):(\d\d)$/.exec(text.trim());
  if (!m) return { ok: false, problem: { kind: 'format' } };
  const [hour, minute] = [Number(m[1]), Number(m[2])];
  const problem = clockProblem(hour, minute);
  return problem ? { ok: false, problem } : { ok: true, value: { hour, minute } };
}

/**
 * Reads a local date and time such as `2026-12-01T09:00` (or with a space), refusing
 * dates that do not exist rather than rolling them over into the next month or day.
 */
export function parseLocalDateTime(text: string): Parsed<LocalDateTime> {
  const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)$/.exec(text.trim());
  if (!m) return { ok: false, problem: { kind: 'format' } };
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12) return { ok: false, problem: { kind: 'month', month } };
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return { ok: false, problem: { kind: 'day', year, month, day, days } };
  const problem = clockProblem(hour, minute);
  return problem ? { ok: false, problem } : { ok: true, value: { year, month, day, hour, minute } };
}

/**
 * The instant of a local date and time ("2026-12-01T09:00") in an IANA timezone, or
 * undefined when the text is not such a time. DST gaps resolve to the later offset.
 */
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** A formatter of wall-clock parts in `timezone`, built once per timezone (building one is slow). */
function wallClockFormat(timezone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      ...{ timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' },
      ...{ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    });
    wallClockFormats.set(timezone, format);
  }
  return format;
}

export function zonedTimeToUtc(local: string, timezone: string): Date | undefined {
  const parsed = parseLocalDateTime(local);
  if (!parsed.ok) return undefined;
  const { year, month, day, hour, minute } = parsed.value;
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const offsetAt = (instant: number): number => {
    const parts = Object.fromEntries(
      wallClockFormat(timezone)
        .formatToParts(new Date(instant))
        .map((p) => [p.type, p.value]),
    );
    return (
      Date.UTC(
        Number(parts['year']),
        Number(parts['month']) - 1,
        Number(parts['day']),
        Number(parts['hour']),
        Number(parts['minute']),
      ) - instant
    );
  };
  let utc = naive - offsetAt(naive);
  utc = naive - offsetAt(utc);
  const instant = new Date(utc);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

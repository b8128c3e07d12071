import { WEEKDAYS } from './quiet-questions.config.ts';

type Weekday = (typeof WEEKDAYS)[number];
const MINUTE = 60_000;
/**
 * Longest stretch measured at once: short enough that no active-hours boundary is stepped over, even on a
 * daylight-saving night.
 */
const STEP = 15 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timezone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
};

/** The weekday and the minute of the day at `at`, in `timezone`. */
function localMinute(at: number, timezone: string): { day: Weekday; minute: number } {
  const parts = Object.fromEntries(
    formatterFor(timezone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    day: String(parts['weekday']).toLowerCase().slice(0, 3) as Weekday,
    minute: Number(parts['hour']) * 60 + Number(parts['minute']),
  };
}

const minuteOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

const inWindow = (minute: number, start: number, end: number): boolean =>
  start <= end ? minute >= start && minute < end : minute >= start || minute < end;

/** Whether `now` falls inside the active days and hours, in `timezone`. */
export function isActive(now: Date, timezone: string, from: string, to: string, days: readonly string[]): boolean {
  const { day, minute } = localMinute(now.getTime(), timezone);
  return days.includes(day) && inWindow(minute, minuteOf(from), minuteOf(to));
}

/**
 * How much of the time between `from` and `to` fell inside the active days and hours (in
 * `timezone`): quiet at night or on a day off does not count as the channel being quiet.
 * Measured backwards from `to`, and no further than `enough` once it is reached.
 */
export function activeTimeBetween(
  from: Date,
  to: Date,
  timezone: string,
  hours: { from: string; to: string },
  days: readonly string[],
  enough = Number.POSITIVE_INFINITY,
): number {
  const start = minuteOf(hours.from);
  const end = minuteOf(hours.to);
  const earliest = from.getTime();
  let t = to.getTime();
  let total = 0;
  while (t > earliest && total < enough) {
    const probe = t - 1;
    const { day, minute } = localMinute(probe, timezone);
    // Back to the start of the probe's minute, then to the last boundary where the window may change.
    const intoMinute = (((probe % MINUTE) + MINUTE) % MINUTE) + 1;
    const boundary = Math.max(...[0, start, end].filter((b) => b <= minute));
    const step = Math.min((minute - boundary) * MINUTE + intoMinute, STEP, t - earliest);
    if (days.includes(day) && inWindow(minute, start, end)) total += step;
    t -= step;
  }
  return total;
}

export interface QuestionRecord {
  question: string;
  revived: boolean | null;
}

/**
 * The next question: never one already asked in this round of the bank (a question comes
 * back only once every question was asked as often), and among those, the ones that
 * revived channels before first, questions that never worked (asked twice or more,
 * no revival) last.
 */
export function pickQuestion(bank: readonly string[], history: readonly QuestionRecord[]): string | undefined {
  if (bank.length === 0) return undefined;
  const stats = new Map(bank.map((q) => [q, { asked: 0, revived: 0 }]));
  for (const h of history) {
    const s = stats.get(h.question);
    if (!s) continue;
    s.asked++;
    if (h.revived) s.revived++;
  }
  const fewest = Math.min(...[...stats.values()].map((s) => s.asked));
  const score = (q: string) => {
    const s = stats.get(q)!;
    const neverWorks = s.asked >= 2 && s.revived === 0 ? 1 : 0;
    const rate = s.asked === 0 ? 0.5 : s.revived / s.asked;
    return { neverWorks, rate };
  };
  return bank
    .filter((q) => stats.get(q)!.asked === fewest)
    .map((q, index) => ({ q, index, ...score(q) }))
    .sort((a, b) => a.neverWorks - b.neverWorks || b.rate - a.rate || a.index - b.index)[0]?.q;
}

/** How long a channel must be quiet before Foyer asks: longer after a question nobody answered. */
export function quietThreshold(
  quietAfter: number,
  backoff: number,
  last: { revived: boolean | null } | undefined,
): number {
  return quietAfter * (last?.revived === false ? backoff : 1);
}

const DAY = 86_400_000;

/**
 * Whether one more question fits the channel's limits, given the questions asked there
 * in the last seven days: at most `maxPerDay` in the last 24 hours and `maxPerWeek` in all.
 */
export function underLimits(
  askedThisWeek: readonly { postedAt: Date }[],
  now: Date,
  limits: { maxPerDay: number; maxPerWeek: number },
): boolean {
  const today = askedThisWeek.filter((q) => q.postedAt.getTime() > now.getTime() - DAY).length;
  return today < limits.maxPerDay && askedThisWeek.length < limits.maxPerWeek;
}

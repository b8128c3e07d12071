import { WEEKDAYS } from '../../config/schema.ts';

/** Whether `now` falls inside the active days and hours, in `timezone`. */
export function isActive(now: Date, timezone: string, from: string, to: string, days: readonly string[]): boolean {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const day = String(parts['weekday']).toLowerCase().slice(0, 3);
  if (!days.includes(day as (typeof WEEKDAYS)[number])) return false;
  const minutes = Number(parts['hour']) * 60 + Number(parts['minute']);
  const [fh, fm] = from.split(':').map(Number);
  const [th, tm] = to.split(':').map(Number);
  const start = fh! * 60 + fm!;
  const end = th! * 60 + tm!;
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
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

import type { LevelRecord, WindowFigures } from './levels.store.ts';

export interface Thresholds {
  activeDays: number;
  thanksFrom: number;
}

const DAY = 86_400_000;

/** The highest level whose thresholds the figures meet, and every level's below it (0 at least). */
export function eligibleRank(levels: readonly Thresholds[], f: WindowFigures): number {
  let rank = 0;
  for (const [i, l] of levels.entries()) {
    if (f.activeDays >= l.activeDays && f.givers >= l.thanksFrom) rank = i;
    else break;
  }
  return rank;
}

/** What the nightly evaluation changes for one member. */
export type NightlyChange =
  { kind: 'promote'; rank: number } | { kind: 'below'; since: Date } | { kind: 'recovered' } | { kind: 'none' };

/**
 * Nightly: a member who meets a higher level's thresholds is promoted at once (as far as
 * they qualify); one below their level starts (or continues) their grace period; one back
 * at their level's thresholds is no longer below.
 */
export function nightlyChange(current: LevelRecord | undefined, eligible: number, now: Date): NightlyChange {
  const rank = current?.rank ?? 0;
  if (eligible > rank) return { kind: 'promote', rank: eligible };
  if (eligible < rank) return current?.belowSince ? { kind: 'none' } : { kind: 'below', since: now };
  return current?.belowSince ? { kind: 'recovered' } : { kind: 'none' };
}

/**
 * Monthly: a member below their level's thresholds for the whole grace period drops one
 * level, never more at one review; still below the new level, their grace starts again.
 */
export function monthlyDemotion(
  current: LevelRecord,
  eligible: number,
  now: Date,
  graceMs: number,
): { rank: number; belowSince: Date | null } | undefined {
  if (eligible >= current.rank || !current.belowSince) return undefined;
  if (now.getTime() - current.belowSince.getTime() < graceMs) return undefined;
  const rank = current.rank - 1;
  return { rank, belowSince: eligible < rank ? now : null };
}

/** The window ending at `now`: its first and last local days, and the instant thanks count from. */
export function windowAt(now: Date, days: number, dayOf: (at: Date) => string) {
  return {
    fromDay: dayOf(new Date(now.getTime() - (days - 1) * DAY)),
    toDay: dayOf(now),
    since: new Date(now.getTime() - days * DAY),
  };
}

/** How far a member is from a level: what is still missing of each threshold. */
export const missing = (f: WindowFigures, l: Thresholds) => ({
  days: Math.max(0, l.activeDays - f.activeDays),
  givers: Math.max(0, l.thanksFrom - f.givers),
});

import { createHash } from 'node:crypto';
import { addDays } from '../../core/local-day.ts';

/** A day in the community's timezone, `YYYY-MM-DD`. */
type Day = string;

/** How long after the eligibility moment a member counts as having returned. */
export const RETURN_WINDOW_DAYS = 7;

/**
 * Whether the member belongs to the holdout. The same community and member always land
 * in the same group, across runs, restarts and absences, so the comparison is not blurred
 * by members moving between groups; the hash spreads members evenly over [0, 1).
 */
export function inHoldout(community: string, member: string, share: number): boolean {
  if (share <= 0) return false;
  const digest = createHash('sha256').update(`${community}\u0000${member}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < share;
}

/** Which last active days make a member missed today: at least `silentDays` ago, at most `catchUpDays` more. */
export function silenceWindow(
  today: Day,
  settings: { silentDays: number; catchUpDays: number },
): { latest: Day; oldest: Day } {
  const latest = addDays(today, -settings.silentDays);
  return { latest, oldest: addDays(latest, -settings.catchUpDays) };
}

/** The first day of the lookback window that ends on the member's last active day. */
export const lookbackStart = (lastActiveDay: Day, lookbackDays: number): Day =>
  addDays(lastActiveDay, 1 - lookbackDays);

/** The last day on which activity still counts as a return. */
export const returnDeadline = (eligibleDay: Day): Day => addDays(eligibleDay, RETURN_WINDOW_DAYS);

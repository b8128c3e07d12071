import { zonedTimeToUtc } from '../../core/clock.ts';
import { checkCron, cronSlots } from '../../core/scheduler.ts';
import { isTimezone } from '../../config/schema.ts';

export type When = { kind: 'at'; at: Date; timezone: string } | { kind: 'cron'; cron: string; timezone: string };

/**
 * Reads when a post goes out: `2026-12-01T09:00` (local time) or a cron expression such
 * as `0 9 * * 1`, each optionally followed by `@Europe/Paris`. Returns a sentence saying
 * what is wrong otherwise.
 */
export function parseWhen(typed: string, defaultTimezone: string, now: Date): When | string {
  const [body = '', tz] = typed.trim().split('@');
  const timezone = tz?.trim() || defaultTimezone;
  if (!isTimezone(timezone)) return `Unknown timezone "${timezone}" (use a name such as Europe/Paris).`;
  if (/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d$/.test(body.trim())) {
    const at = zonedTimeToUtc(body, timezone);
    if (!at) return `"${body}" is not a date and time.`;
    if (at.getTime() <= now.getTime()) return `${body} (${timezone}) is in the past.`;
    return { kind: 'at', at, timezone };
  }
  const problem = checkCron(body.trim(), timezone);
  if (problem || body.trim().split(/\s+/).length < 5) return `"${body.trim()}" is neither a date and time (2026-12-01T09:00) nor a cron expression (0 9 * * 1).`;
  return { kind: 'cron', cron: body.trim(), timezone };
}

/** The next publication slot strictly after `after`. */
export function nextSlot(entry: { at: Date | null; cron: string | null; timezone: string }, after: Date): Date | undefined {
  if (entry.at) return entry.at.getTime() > after.getTime() ? entry.at : undefined;
  if (!entry.cron) return undefined;
  return cronSlots(entry.cron, entry.timezone, after, new Date(after.getTime() + 400 * 86_400_000), 1)[0];
}

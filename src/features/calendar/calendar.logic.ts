import { parseLocalDateTime, zonedTimeToUtc, type DateTimeProblem } from '../../core/clock.ts';
import { checkCron, cronSlots } from '../../core/scheduler.ts';
import { isTimezone } from '../../config/settings.ts';

export type When = { kind: 'at'; at: Date; timezone: string } | { kind: 'cron'; cron: string; timezone: string };

/** Why a typed WHEN was refused, for a reply in the moderator's language. */
export type WhenRefusal =
  | { kind: 'unknown-timezone'; timezone: string }
  | { kind: 'impossible'; typed: string; problem: Exclude<DateTimeProblem, { kind: 'format' }> }
  | { kind: 'past'; typed: string; timezone: string }
  | { kind: 'unreadable'; typed: string };

export const isRefusal = (when: When | WhenRefusal): when is WhenRefusal => when.kind !== 'at' && when.kind !== 'cron';

/**
 * Reads when a post goes out: `2026-12-01T09:00` (local time) or a cron expression such
 * as `0 9 * * 1`, each optionally followed by `@Europe/Paris`. A date that does not exist
 * (30 February, 25:00) is refused with its reason, never rolled over to another day.
 */
export function parseWhen(typed: string, defaultTimezone: string, now: Date): When | WhenRefusal {
  const [rawBody = '', tz] = typed.trim().split('@');
  const body = rawBody.trim();
  const timezone = tz?.trim() || defaultTimezone;
  if (!isTimezone(timezone)) return { kind: 'unknown-timezone', timezone };
  const local = parseLocalDateTime(body);
  if (!local.ok && local.problem.kind !== 'format') return { kind: 'impossible', typed: body, problem: local.problem };
  if (local.ok) {
    const at = zonedTimeToUtc(body, timezone);
    if (!at) return { kind: 'unreadable', typed: body };
    if (at.getTime() <= now.getTime()) return { kind: 'past', typed: body, timezone };
    return { kind: 'at', at, timezone };
  }
  const problem = checkCron(body, timezone);
  if (problem || body.split(/\s+/).length < 5) return { kind: 'unreadable', typed: body };
  return { kind: 'cron', cron: body, timezone };
}

/** The next publication slot strictly after `after`. */
export function nextSlot(
  entry: { at: Date | null; cron: string | null; timezone: string },
  after: Date,
): Date | undefined {
  if (entry.at) return entry.at.getTime() > after.getTime() ? entry.at : undefined;
  if (!entry.cron) return undefined;
  return cronSlots(entry.cron, entry.timezone, after, new Date(after.getTime() + 400 * 86_400_000), 1)[0];
}

/** Every publication slot of the entries after `from` and up to `until` (inclusive), soonest first. */
export function slotsWithin<E extends { at: Date | null; cron: string | null; timezone: string }>(
  entries: readonly E[],
  from: Date,
  until: Date,
): { at: Date; e: E }[] {
  const items: { at: Date; e: E }[] = [];
  for (const e of entries) {
    let slot = nextSlot(e, from);
    while (slot && slot.getTime() <= until.getTime()) {
      items.push({ at: slot, e });
      slot = e.cron ? nextSlot(e, slot) : undefined;
    }
  }
  return items.sort((a, b) => a.at.getTime() - b.at.getTime());
}

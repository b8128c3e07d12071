// Tables of the missed-you feature (see schema.ts, which re-exports them).
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One absence of one member: it is named by the member's last active day before the
 * silence, so a member who comes back and goes silent again starts a new absence. The
 * group (contact or holdout) is recorded when the absence is found, so the return rate of
 * the two groups can be compared later; whether the member returned is read from the
 * `member_days` roll-up, never stored twice.
 */
export const missedYouAbsences = sqliteTable(
  'missed_you_absences',
  {
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    lastActiveDay: text('last_active_day').notNull(),
    eligibleAt: integer('eligible_at', { mode: 'timestamp_ms' }).notNull(),
    eligibleDay: text('eligible_day').notNull(),
    cohort: text('cohort', { enum: ['contact', 'holdout'] }).notNull(),
    /** The outreach outcome for the contact group (sent, capped, skipped, failed); null for the holdout. */
    contactStatus: text('contact_status'),
    contactedAt: integer('contacted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.memberId, t.lastActiveDay] }),
    // The daily look's pages of absences waiting for their message: keyset order (eligibility time, member).
    index('missed_you_awaiting').on(t.communityId, t.eligibleAt, t.memberId),
  ],
);

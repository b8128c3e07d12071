import type { RetentionKind, RetentionStore } from '../core/retention.ts';
import type { Db } from './database.ts';

/**
 * The statements that delete one kind of record past its period: `@cutoff` is in epoch
 * milliseconds, `@day` is the cutoff's local day (for day-keyed roll-ups).
 * A record exactly at the cutoff is still inside its period.
 */
const PRUNE: Readonly<Record<RetentionKind, readonly string[]>> = {
  // Raw message metadata only: the roll-ups built from it stay.
  messageActivity: ['DELETE FROM message_activity WHERE community_id = @community AND at < @cutoff'],
  outreachLog: ['DELETE FROM outreach_log WHERE community_id = @community AND at < @cutoff'],
  // A report is past its period once it has been resolved for that long; open reports stay.
  resolvedReports: [
    `DELETE FROM report_events WHERE report_id IN
       (SELECT id FROM reports WHERE community_id = @community AND status = 'resolved' AND resolved_at < @cutoff)`,
    `DELETE FROM reports WHERE community_id = @community AND status = 'resolved' AND resolved_at < @cutoff`,
  ],
  // Event ids carry no community: the ledger is the process's, and platforms replay only recent events.
  dedupLedger: ['DELETE FROM processed_events WHERE handled_at < @cutoff'],
  // A cancelled task has no finish time: its due time stands in.
  finishedTasks: [
    `DELETE FROM scheduled_tasks WHERE status IN ('done', 'failed', 'missed', 'cancelled')
       AND coalesce(finished_at, due_at) < @cutoff`,
  ],
  closedPolls: [
    `DELETE FROM ballots WHERE poll_id IN
       (SELECT id FROM polls WHERE community_id = @community AND closed_at IS NOT NULL AND closed_at < @cutoff)`,
    'DELETE FROM polls WHERE community_id = @community AND closed_at IS NOT NULL AND closed_at < @cutoff',
  ],
  rollups: [
    'DELETE FROM member_days WHERE community_id = @community AND day < @day',
    'DELETE FROM channel_days WHERE community_id = @community AND day < @day',
    'DELETE FROM channel_day_members WHERE community_id = @community AND day < @day',
    // Each member's latest join or leave before the cutoff stays, as their first event now
    // (its delta recomputed): members at any later instant is still the sum of the deltas.
    `DELETE FROM membership_events WHERE community_id = @community AND day < @day AND id NOT IN (
       SELECT (SELECT e.id FROM membership_events e
               WHERE e.community_id = m.community_id AND e.member_id = m.member_id AND e.day < @day
               ORDER BY e.at DESC, e.id DESC LIMIT 1)
       FROM (SELECT DISTINCT community_id, member_id FROM membership_events
             WHERE community_id = @community AND day < @day) m)`,
    `UPDATE membership_events SET member_delta = CASE WHEN kind = 'join' THEN 1 ELSE 0 END
     WHERE community_id = @community AND day < @day AND member_delta <> CASE WHEN kind = 'join' THEN 1 ELSE 0 END`,
    'DELETE FROM first_messages WHERE community_id = @community AND day < @day',
    'DELETE FROM active_members WHERE community_id = @community AND day < @day',
    'DELETE FROM communicator_counts WHERE community_id = @community AND day < @day',
  ],
  thanks: ['DELETE FROM thanks WHERE community_id = @community AND at < @cutoff'],
  // Counted from the end (posted, declined, expired, unreachable); a spotlight still asking stays.
  finishedSpotlights: [
    "DELETE FROM spotlights WHERE community_id = @community AND status <> 'asking' AND closed_at < @cutoff",
  ],
  missedYouAbsences: ['DELETE FROM missed_you_absences WHERE community_id = @community AND eligible_at < @cutoff'],
  // Counted from the close; an open survey stays, with its answers and invitations.
  closedSurveys: [
    `DELETE FROM survey_answers WHERE community_id = @community
       AND survey_id IN (SELECT id FROM surveys WHERE community_id = @community AND closed_at < @cutoff)`,
    'DELETE FROM surveys WHERE community_id = @community AND closed_at < @cutoff',
  ],
  // Counted from the end of the send; an issue still going out stays, with its rows to resume from.
  sentNewsletters: [
    `DELETE FROM newsletter_deliveries WHERE issue_id IN
       (SELECT id FROM newsletter_issues WHERE community_id = @community AND completed_at < @cutoff)`,
    'DELETE FROM newsletter_issues WHERE community_id = @community AND completed_at < @cutoff',
  ],
  // Counted from the end of the period; an issue still waiting for approval stays, and so does a note still waiting.
  digestIssues: [
    'DELETE FROM digest_notes WHERE community_id = @community AND issue_end < @cutoff',
    "DELETE FROM digest_issues WHERE community_id = @community AND status <> 'awaiting' AND period_end < @cutoff",
  ],
};

/** Implements core's RetentionStore with one prepared statement per table. */
export function createRetentionRepository({ db }: { db: Db }): RetentionStore {
  const statements = Object.fromEntries(
    Object.entries(PRUNE).map(([kind, sqls]) => [kind, sqls.map((sql) => db.$client.prepare(sql))]),
  ) as Record<RetentionKind, ReturnType<typeof db.$client.prepare>[]>;
  return {
    prune: (community, kind, cutoff) =>
      statements[kind].reduce(
        (total, statement) =>
          total + statement.run({ community, cutoff: cutoff.at.getTime(), day: cutoff.day }).changes,
        0,
      ),
  };
}

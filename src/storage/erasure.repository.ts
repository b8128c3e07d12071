import { ERASED_MEMBER, type ErasureStore, type ErasureSummary } from '../core/erasure.ts';
import { transaction, type Db } from './database.ts';

/** A statement over the member, with `@community`, `@member`, `@platformId` (the platform's own id) and `@marker`. */
type Step = readonly [kind: string, sql: string];

/**
 * Everything a member is in, table by table (every column of schema.ts that holds a member
 * id or name). Order matters only where a later step reads an earlier one's rows: report
 * events are anonymised before the reports that tell whose they are.
 */
const REMOVE: readonly Step[] = [
  ['members', 'DELETE FROM members WHERE community_id = @community AND member_id = @member'],
  ['onboarding_steps', 'DELETE FROM onboarding_steps WHERE community_id = @community AND member_id = @member'],
  ['message_activity', 'DELETE FROM message_activity WHERE community_id = @community AND member_id = @member'],
  ['outreach_log', 'DELETE FROM outreach_log WHERE community_id = @community AND member_id = @member'],
  ['welcome_queue', 'DELETE FROM welcome_queue WHERE community_id = @community AND member_id = @member'],
  ['photo_nudges', 'DELETE FROM photo_nudges WHERE community_id = @community AND member_id = @member'],
  [
    'ballots',
    'DELETE FROM ballots WHERE member_id = @member AND poll_id IN (SELECT id FROM polls WHERE community_id = @community)',
  ],
  ['member_days', 'DELETE FROM member_days WHERE community_id = @community AND member_id = @member'],
  ['channel_day_members', 'DELETE FROM channel_day_members WHERE community_id = @community AND member_id = @member'],
  ['first_messages', 'DELETE FROM first_messages WHERE community_id = @community AND member_id = @member'],
  ['membership_events', 'DELETE FROM membership_events WHERE community_id = @community AND member_id = @member'],
  ['staff_members', 'DELETE FROM staff_members WHERE community_id = @community AND member_id = @member'],
  // Tasks about the member: keyed by them ("member:joinedAt:…") or carrying them in the payload.
  [
    'scheduled_tasks',
    `DELETE FROM scheduled_tasks WHERE key = @member OR substr(key, 1, length(@member) + 1) = @member || ':'
       OR instr(CAST(payload AS TEXT), json_quote(@member)) > 0`,
  ],
  // Adapters' state keyed by the platform's id: DMs closed, screening, a Matrix ballot ("poll sender").
  [
    'key_value',
    `DELETE FROM key_value WHERE key IN (@member, @platformId) OR substr(key, -length(@platformId) - 1) = ' ' || @platformId`,
  ],
  // Platform event ids that name the member ("join:123:…", "leave:123:…").
  [
    'processed_events',
    `DELETE FROM processed_events WHERE instr(event_id, ':' || @platformId || ':') > 0
       OR substr(event_id, -length(@platformId) - 1) = ':' || @platformId`,
  ],
];

/** Records that stay for others (the evidence of a report, a poll's question, a referral) but stop naming the member. */
const ANONYMISE: readonly Step[] = [
  [
    'report_events',
    `UPDATE report_events SET actor = @marker WHERE actor = @member
       AND report_id IN (SELECT id FROM reports WHERE community_id = @community AND reporter_id = @member)`,
  ],
  ['reports', 'UPDATE reports SET reporter_id = @marker WHERE community_id = @community AND reporter_id = @member'],
  ['polls', 'UPDATE polls SET created_by = @marker WHERE community_id = @community AND created_by = @member'],
  [
    'calendar_entries',
    'UPDATE calendar_entries SET author = @marker WHERE community_id = @community AND author = @member',
  ],
  [
    'calendar_entries.approved_by',
    'UPDATE calendar_entries SET approved_by = @marker WHERE community_id = @community AND approved_by = @member',
  ],
  [
    'membership_events.invited_by',
    'UPDATE membership_events SET invited_by = @marker WHERE community_id = @community AND invited_by = @member',
  ],
];

const sum = (into: Record<string, number>, kind: string, n: number) => {
  if (n === 0) return;
  const table = kind.split('.')[0]!;
  into[table] = (into[table] ?? 0) + n;
};

/**
 * Implements `/mydata erase`. Reports about the member (`evidence_author`), and what
 * moderators decided (assignee, their steps on report timelines, crisis mode they started)
 * are kept on purpose: the safety of others depends on them. Aggregates that count nobody
 * in particular (`channel_days`) are kept too.
 */
export function createErasureRepository({ db }: { db: Db }): ErasureStore {
  const sqlite = db.$client;
  const prepare = (steps: readonly Step[]) => steps.map(([kind, sql]) => [kind, sqlite.prepare(sql)] as const);
  const removals = prepare(REMOVE);
  const anonymisations = prepare(ANONYMISE);
  const record = sqlite.prepare('INSERT INTO erasures (community_id, at, removed) VALUES (?, ?, ?)');
  return {
    eraseMember: (community, member, platformId, at) =>
      transaction(db, (): ErasureSummary => {
        const summary: ErasureSummary = { removed: {}, anonymised: {} };
        const params = { community, member, platformId, marker: ERASED_MEMBER };
        // Anonymise first: report events find the member's reports by their reporter id.
        for (const [kind, statement] of anonymisations) sum(summary.anonymised, kind, statement.run(params).changes);
        for (const [kind, statement] of removals) sum(summary.removed, kind, statement.run(params).changes);
        record.run(community, at.getTime(), JSON.stringify(summary));
        return summary;
      }),
  };
}

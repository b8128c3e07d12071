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
  ['missed_you_absences', 'DELETE FROM missed_you_absences WHERE community_id = @community AND member_id = @member'],
  // An answer still linked to the member (its survey is open) goes with them; closed surveys name nobody.
  ['survey_answers', 'DELETE FROM survey_answers WHERE community_id = @community AND member_id = @member'],
  ['survey_invites', 'DELETE FROM survey_invites WHERE community_id = @community AND member_id = @member'],
  ['spotlight_optouts', 'DELETE FROM spotlight_optouts WHERE community_id = @community AND member_id = @member'],
  // A spotlight about the member holds their own words: it goes with them, posted or not.
  ['spotlights', 'DELETE FROM spotlights WHERE community_id = @community AND member_id = @member'],
  ['circle_members', 'DELETE FROM circle_members WHERE community_id = @community AND member_id = @member'],
  ['beta_members', 'DELETE FROM beta_members WHERE community_id = @community AND member_id = @member'],
  ['member_levels', 'DELETE FROM member_levels WHERE community_id = @community AND member_id = @member'],
  ['thanks', 'DELETE FROM thanks WHERE community_id = @community AND receiver_id = @member'],
  // The member's newsletter address: its deliveries and consent trail first, which find it by its row.
  [
    'newsletter_deliveries',
    `DELETE FROM newsletter_deliveries WHERE subscriber_id IN
       (SELECT id FROM newsletter_subscribers WHERE community_id = @community AND member_id = @member)`,
  ],
  [
    'newsletter_consents',
    `DELETE FROM newsletter_consents WHERE subscriber_id IN
       (SELECT id FROM newsletter_subscribers WHERE community_id = @community AND member_id = @member)`,
  ],
  [
    'newsletter_subscribers',
    'DELETE FROM newsletter_subscribers WHERE community_id = @community AND member_id = @member',
  ],
  // Tasks about the member: keyed by them ("member:joinedAt:…") or carrying them in the payload.
  [
    'scheduled_tasks',
    `DELETE FROM scheduled_tasks WHERE key = @member OR substr(key, 1, length(@member) + 1) = @member || ':'
       OR instr(CAST(payload AS TEXT), json_quote(@member)) > 0`,
  ],
  // Adapters' state keyed by the platform's id: DMs closed, screening, a Matrix ballot ("poll sender").
  [
    'key_value',
    `DELETE FROM key_value WHERE key IN (@member, @platformId) OR substr(key, length(key) - length(@platformId)) = ' ' || @platformId`,
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
  // A digest note was published to everyone: its words stay with the issue, written by nobody in particular.
  [
    'digest_notes.author_id',
    'UPDATE digest_notes SET author_id = @marker WHERE community_id = @community AND author_id = @member',
  ],
  [
    'digest_issues.approved_by',
    'UPDATE digest_issues SET approved_by = @marker WHERE community_id = @community AND approved_by = @member',
  ],
  // A survey a moderator started stays for the community's figures, started by nobody in particular.
  ['surveys', 'UPDATE surveys SET started_by = @marker WHERE community_id = @community AND started_by = @member'],
  // A thanks the member gave still counts for whoever received it, from nobody in particular.
  ['thanks.giver_id', 'UPDATE thanks SET giver_id = @marker WHERE community_id = @community AND giver_id = @member'],
  // Who picked, added or invited another member stays a fact about that member, by nobody in particular.
  [
    'spotlights.picked_by',
    'UPDATE spotlights SET picked_by = @marker WHERE community_id = @community AND picked_by = @member',
  ],
  [
    'circle_members.added_by',
    'UPDATE circle_members SET added_by = @marker WHERE community_id = @community AND added_by = @member',
  ],
  [
    'beta_members.invited_by',
    'UPDATE beta_members SET invited_by = @marker WHERE community_id = @community AND invited_by = @member',
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

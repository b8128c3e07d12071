import type {
  ActiveCount,
  DayRange,
  FirstMessage,
  PeriodActivity,
  HealthStore,
  MemberDay,
  MembershipEvent,
  OutcomeFacts,
} from '../features/health/health.store.ts';
import type { Baseline } from '../features/health/health.goals.ts';
import type { Db } from './database.ts';
import { createKeyValueRepository } from './key-value.repository.ts';
import { createMissedYouReturns } from './missed-you.store.ts';
import { createSurveyScores } from './surveys.store.ts';

/**
 * The health feature's reads, in plain SQL over the roll-ups: prepared once, rows as
 * arrays, because `/health` over a large community reads hundreds of thousands of them.
 */
export function createHealthStore({ db }: { db: Db }): HealthStore {
  const sqlite = db.$client;
  const staff = sqlite.prepare('SELECT member_id FROM staff_members WHERE community_id = ?').pluck();
  const markStaff = sqlite.prepare(
    'INSERT OR IGNORE INTO staff_members (community_id, member_id, since) VALUES (?, ?, ?)',
  );
  const activeCounts = sqlite
    .prepare('SELECT day, span, members FROM active_members WHERE community_id = ? AND day BETWEEN ? AND ?')
    .raw();
  const communicators = sqlite
    .prepare('SELECT members FROM communicator_counts WHERE community_id = ? AND day = ?')
    .pluck();
  // One pass over the period's member-days, grouped by member inside SQLite: no row leaves it.
  const periodActivity = sqlite.prepare(
    `SELECT count(*) AS active, coalesce(sum(CASE WHEN messages >= 3 THEN 1 ELSE 0 END), 0) AS communicators FROM (
       SELECT sum(messages) AS messages FROM member_days
       WHERE community_id = ? AND day BETWEEN ? AND ? AND member_id NOT IN (SELECT value FROM json_each(?))
       GROUP BY member_id) AS per_member`,
  );
  const activeDaysOf = sqlite
    .prepare(
      `SELECT member_id, day, messages FROM member_days
       WHERE community_id = ? AND member_id IN (SELECT value FROM json_each(?)) AND day BETWEEN ? AND ?`,
    )
    .raw();
  const membership = sqlite
    .prepare(
      `SELECT member_id, kind, at, day, invited_by FROM membership_events
       WHERE community_id = ? AND at >= ? AND at < ? ORDER BY at, id`,
    )
    .raw();
  const firstJoinsOf = sqlite
    .prepare(
      `SELECT member_id, min(at) FROM membership_events
       WHERE community_id = ? AND kind = 'join' AND member_id IN (SELECT value FROM json_each(?)) AND at >= ? AND at < ?
       GROUP BY member_id`,
    )
    .raw();
  // Every member's history telescopes to 1 while a member, 0 otherwise (see member_delta).
  const membersAt = sqlite
    .prepare('SELECT coalesce(sum(member_delta), 0) FROM membership_events WHERE community_id = ? AND at < ?')
    .pluck();
  // Staff are taken off: those of them whose latest event before the instant is a join.
  const staffMembersAt = sqlite
    .prepare(
      `SELECT count(*) FROM (
         SELECT (SELECT kind FROM membership_events e WHERE e.community_id = ? AND e.member_id = s.value AND e.at < ?
                 ORDER BY e.at DESC, e.id DESC LIMIT 1) AS kind
         FROM json_each(?) s
       ) AS latest WHERE kind = 'join'`,
    )
    .pluck();
  const firstMessages = sqlite
    .prepare(
      'SELECT member_id, at, day, first_reply_at FROM first_messages WHERE community_id = ? AND day BETWEEN ? AND ?',
    )
    .raw();
  const firstMessagesOf = sqlite
    .prepare(
      `SELECT member_id, at, day, first_reply_at FROM first_messages
       WHERE community_id = ? AND member_id IN (SELECT value FROM json_each(?))`,
    )
    .raw();
  const toMemberDays = (rows: unknown[][]): MemberDay[] =>
    rows.map(([member, day, messages]) => ({
      member: member as string,
      day: day as string,
      messages: messages as number,
    }));
  const toFirst = (rows: unknown[][]): FirstMessage[] =>
    rows.map(([member, at, day, firstReplyAt]) => ({
      member: member as string,
      at: at as number,
      day: day as string,
      firstReplyAt: firstReplyAt as number | null,
    }));
  return {
    missedYouReturns: createMissedYouReturns({ db }),
    surveyScores: createSurveyScores({ db }),
    staff: (community) => staff.all(community) as string[],
    markStaff: (community, members, at) => {
      for (const member of members) markStaff.run(community, member, at.getTime());
    },
    activeCounts: (community, from, to) =>
      (activeCounts.all(community, from, to) as [string, ActiveCount['span'], number][]).map(
        ([day, span, members]) => ({ day, span, members }),
      ),
    communicatorsOver28Days: (community, day) => (communicators.get(community, day) as number | undefined) ?? 0,
    periodActivity: (community, from, to, excluded) =>
      periodActivity.get(community, from, to, JSON.stringify(excluded)) as PeriodActivity,
    activeDaysOf: (community, members, from, to) =>
      toMemberDays(activeDaysOf.all(community, JSON.stringify(members), from, to) as unknown[][]),
    membershipEvents: (community, from, to) =>
      (membership.all(community, from, to) as unknown[][]).map(
        ([member, kind, at, day, invitedBy]): MembershipEvent => ({
          member: member as string,
          kind: kind as MembershipEvent['kind'],
          at: at as number,
          day: day as string,
          invitedBy: invitedBy as string | null,
        }),
      ),
    firstJoinsOf: (community, members, from, to) =>
      new Map(firstJoinsOf.all(community, JSON.stringify(members), from, to) as [string, number][]),
    membersAt: (community, at, excluded) =>
      (membersAt.get(community, at) as number) -
      (excluded.length === 0 ? 0 : (staffMembersAt.get(community, at, JSON.stringify(excluded)) as number)),
    firstMessages: (community, from, to) => toFirst(firstMessages.all(community, from, to) as unknown[][]),
    firstMessagesOf: (community, members) =>
      toFirst(firstMessagesOf.all(community, JSON.stringify(members)) as unknown[][]),
    outcomeFacts: (community, from, to, days) => outcomeFacts(db, community, from, to, days),
    ...baselines(db),
  };
}

/**
 * The baseline is one document per community, read whole and never queried inside, so
 * it is kept as JSON in the key-value table rather than in a table of its own.
 */
function baselines(db: Db): Pick<HealthStore, 'baseline' | 'saveBaseline'> {
  const kv = createKeyValueRepository({ db });
  return {
    baseline: (community) => {
      const json = kv.get('health.baseline', community);
      if (json === undefined) return undefined;
      const stored = JSON.parse(json) as Omit<Baseline, 'takenAt'> & { takenAt: string };
      return { ...stored, takenAt: new Date(stored.takenAt) };
    },
    saveBaseline: (community, baseline) => kv.set('health.baseline', community, JSON.stringify(baseline)),
  };
}

function outcomeFacts(db: Db, community: string, from: number, to: number, days: DayRange): OutcomeFacts {
  const sqlite = db.$client;
  const one = (sql: string, ...params: unknown[]): number =>
    Number(
      sqlite
        .prepare(sql)
        .pluck()
        .get(...params) ?? 0,
    );
  const range = [community, from, to] as const;
  const welcomed = (
    sqlite
      .prepare(
        `SELECT DISTINCT o.member_id, m.joined_at FROM outreach_log o
         JOIN members m ON m.community_id = o.community_id AND m.member_id = o.member_id
         WHERE o.community_id = ? AND o.feature = 'welcome' AND o.status = 'sent' AND m.joined_at >= ? AND m.joined_at < ?
         UNION
         SELECT member_id, joined_at FROM welcome_queue
         WHERE community_id = ? AND welcomed_at IS NOT NULL AND joined_at >= ? AND joined_at < ?`,
      )
      .raw()
      .all(...range, ...range) as [string, number][]
  ).map(([member, joinedAt]) => ({ member, joinedAt }));
  const photoGroup = (hasPhoto: 0 | 1) => ({
    members: one(
      `SELECT count(*) FROM members WHERE community_id = ? AND has_photo = ? AND joined_at IS NOT NULL
       AND (left_at IS NULL OR left_at < joined_at)`,
      community,
      hasPhoto,
    ),
    // From the member-days, not the raw rows: the figure survives the raw rows' retention.
    messages: one(
      `SELECT coalesce(sum(d.messages), 0) FROM member_days d
       JOIN members m ON m.community_id = d.community_id AND m.member_id = d.member_id
       WHERE d.community_id = ? AND m.has_photo = ? AND d.day BETWEEN ? AND ?`,
      community,
      hasPhoto,
      days.from,
      days.to,
    ),
  });
  const durations = (column: 'acknowledged_at' | 'resolved_at') =>
    sqlite
      .prepare(
        `SELECT ${column} - created_at FROM reports WHERE community_id = ? AND created_at >= ? AND created_at < ?
         AND ${column} IS NOT NULL ORDER BY 1`,
      )
      .pluck()
      .all(...range) as number[];
  return {
    welcomed,
    joined: one('SELECT count(*) FROM members WHERE community_id = ? AND joined_at >= ? AND joined_at < ?', ...range),
    onboarded: one(
      `SELECT count(*) FROM members WHERE community_id = ? AND joined_at >= ? AND joined_at < ?
       AND onboarding_completed_at IS NOT NULL`,
      ...range,
    ),
    nudged: one(
      'SELECT count(*) FROM photo_nudges WHERE community_id = ? AND first_nudge_at >= ? AND first_nudge_at < ?',
      ...range,
    ),
    nudgedThenPhoto: one(
      `SELECT count(*) FROM photo_nudges WHERE community_id = ? AND first_nudge_at >= ? AND first_nudge_at < ?
       AND photo_set_at >= first_nudge_at`,
      ...range,
    ),
    withPhoto: photoGroup(1),
    withoutPhoto: photoGroup(0),
    questionsAsked: one(
      'SELECT count(*) FROM quiet_questions WHERE community_id = ? AND posted_at >= ? AND posted_at < ?',
      ...range,
    ),
    questionsThatRevived: one(
      'SELECT count(*) FROM quiet_questions WHERE community_id = ? AND posted_at >= ? AND posted_at < ? AND revived = 1',
      ...range,
    ),
    pollsClosed: one(
      'SELECT count(*) FROM polls WHERE community_id = ? AND closed_at >= ? AND closed_at < ?',
      ...range,
    ),
    ballots: one(
      `SELECT count(*) FROM ballots b JOIN polls p ON p.id = b.poll_id
       WHERE p.community_id = ? AND p.closed_at >= ? AND p.closed_at < ?`,
      ...range,
    ),
    calendarPostsOnTime: one(
      `SELECT count(*) FROM calendar_posts c JOIN calendar_entries e ON e.id = c.entry_id
       WHERE e.community_id = ? AND c.slot >= ? AND c.slot < ? AND c.status = 'posted'`,
      ...range,
    ),
    calendarPostsMissed: one(
      `SELECT count(*) FROM calendar_posts c JOIN calendar_entries e ON e.id = c.entry_id
       WHERE e.community_id = ? AND c.slot >= ? AND c.slot < ? AND c.status = 'missed'`,
      ...range,
    ),
    triageAcknowledgeMs: durations('acknowledged_at'),
    triageResolveMs: durations('resolved_at'),
  };
}

/** Core's writes to the health roll-ups that are not message activity: joins, leaves, staff. */
export interface RollupsRepository {
  recordMembership(
    community: string,
    member: string,
    kind: 'join' | 'leave',
    at: Date,
    day: string,
    invitedBy?: string,
  ): void;
  recordStaff(community: string, member: string, at: Date): void;
}

export function createRollupsRepository({ db }: { db: Db }): RollupsRepository {
  const sqlite = db.$client;
  const membership = sqlite.prepare(
    'INSERT INTO membership_events (community_id, member_id, kind, at, day, invited_by) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const staff = sqlite.prepare('INSERT OR IGNORE INTO staff_members (community_id, member_id, since) VALUES (?, ?, ?)');
  const historyOf = sqlite
    .prepare(
      'SELECT id, kind, member_delta FROM membership_events WHERE community_id = ? AND member_id = ? ORDER BY at, id',
    )
    .raw();
  const setDelta = sqlite.prepare('UPDATE membership_events SET member_delta = ? WHERE id = ?');
  /**
   * Each event's change to the member count, over the member's whole history (a few
   * events), so one recorded late, before others, still leaves every delta right.
   */
  const settleMemberDeltas = (community: string, member: string) => {
    let wasMember = false;
    for (const [id, kind, delta] of historyOf.all(community, member) as [number, string, number][]) {
      const isMember = kind === 'join';
      const change = Number(isMember) - Number(wasMember);
      if (change !== delta) setDelta.run(change, id);
      wasMember = isMember;
    }
  };
  return {
    recordMembership: (community, member, kind, at, day, invitedBy) =>
      sqlite.transaction(() => {
        membership.run(community, member, kind, at.getTime(), day, invitedBy ?? null);
        settleMemberDeltas(community, member);
      })(),
    recordStaff: (community, member, at) => void staff.run(community, member, at.getTime()),
  };
}

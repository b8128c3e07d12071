import type {
  FirstMessage,
  HealthStore,
  MemberDay,
  MembershipEvent,
  OutcomeFacts,
} from '../features/health/health.store.ts';
import type { Baseline } from '../features/health/health.goals.ts';
import type { Db } from './database.ts';
import { createKeyValueRepository } from './key-value.repository.ts';

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
  const activeDays = sqlite
    .prepare('SELECT member_id, day, messages FROM member_days WHERE community_id = ? AND day BETWEEN ? AND ?')
    .raw();
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
  // SQLite returns the bare column `kind` from the row holding max(at).
  const membersAt = sqlite
    .prepare(
      `SELECT count(*) FROM (
         SELECT member_id, kind, max(at) FROM membership_events WHERE community_id = ? AND at < ? GROUP BY member_id
       ) WHERE kind = 'join' AND member_id NOT IN (SELECT value FROM json_each(?))`,
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
    staff: (community) => staff.all(community) as string[],
    markStaff: (community, members, at) => {
      for (const member of members) markStaff.run(community, member, at.getTime());
    },
    activeDays: (community, from, to) => toMemberDays(activeDays.all(community, from, to) as unknown[][]),
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
    membersAt: (community, at, excluded) => membersAt.get(community, at, JSON.stringify(excluded)) as number,
    firstMessages: (community, from, to) => toFirst(firstMessages.all(community, from, to) as unknown[][]),
    firstMessagesOf: (community, members) =>
      toFirst(firstMessagesOf.all(community, JSON.stringify(members)) as unknown[][]),
    outcomeFacts: (community, from, to) => outcomeFacts(db, community, from, to),
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

function outcomeFacts(db: Db, community: string, from: number, to: number): OutcomeFacts {
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
    messages: one(
      `SELECT count(*) FROM message_activity a JOIN members m ON m.community_id = a.community_id AND m.member_id = a.member_id
       WHERE a.community_id = ? AND m.has_photo = ? AND a.at >= ? AND a.at < ?`,
      community,
      hasPhoto,
      from,
      to,
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
  return {
    recordMembership: (community, member, kind, at, day, invitedBy) =>
      void membership.run(community, member, kind, at.getTime(), day, invitedBy ?? null),
    recordStaff: (community, member, at) => void staff.run(community, member, at.getTime()),
  };
}

import { dayFromNumber, dayNumber } from '../core/local-day.ts';
import type { Db } from './database.ts';
import { chunks, multiRowStatements } from './multi-row.ts';

/** DAU, WAU and MAU: distinct members active on the 1, 7 and 28 days ending on a day. */
export const SPANS = [1, 7, 28] as const;
export type Span = (typeof SPANS)[number];

const SEP = '\u0000';

/**
 * The days, ending on which a member's active day `day` is inside the span, that no other
 * active day of theirs already covers: each active day covers the `span` days starting on
 * it, and only the nearest active days before and after can overlap that range. The same
 * range is lost when the day is removed (then `previous` and `next` are the neighbours
 * that remain). Undefined when nothing changes.
 */
export function newlyCovered(
  day: number,
  previous: number | undefined,
  next: number | undefined,
  span: number,
): [number, number] | undefined {
  const from = previous === undefined ? day : Math.max(day, previous + span);
  const to = next === undefined ? day + span - 1 : Math.min(day + span - 1, next - 1);
  return from <= to ? [from, to] : undefined;
}

/** Changes to `active_members`, gathered in memory and written once per batch: one upsert per day and span. */
export class ActiveMembersDelta {
  private readonly deltas = new Map<string, number>();
  private readonly upsert: { run(...params: unknown[]): unknown };

  constructor(db: Db) {
    this.upsert = db.$client.prepare(
      `INSERT INTO active_members (community_id, span, day, members) VALUES (?, ?, ?, ?)
       ON CONFLICT (community_id, span, day) DO UPDATE SET members = active_members.members + excluded.members`,
    );
  }

  /** A member-day appeared (`by` 1) or went (`by` -1), with the member's nearest other active days. */
  change(community: string, day: number, previous: number | undefined, next: number | undefined, by: 1 | -1): void {
    for (const span of SPANS) {
      const range = newlyCovered(day, previous, next, span);
      if (!range) continue;
      for (let d = range[0]; d <= range[1]; d++) {
        const key = community + SEP + span + SEP + d;
        this.deltas.set(key, (this.deltas.get(key) ?? 0) + by);
      }
    }
  }

  write(): void {
    for (const [key, by] of this.deltas) {
      if (by === 0) continue;
      const [community, span, day] = key.split(SEP) as [string, string, string];
      this.upsert.run(community, Number(span), dayFromNumber(Number(day)), by);
    }
    this.deltas.clear();
  }

  /** Forgets changes of a batch whose transaction failed (rolled back, so never written). */
  clear(): void {
    this.deltas.clear();
  }
}

/** A communicator: 3 or more messages over the 28 days ending on a day. */
export const COMMUNICATOR_MESSAGES = 3;
export const COMMUNICATOR_WINDOW = 28;

/**
 * Changes to `communicator_counts` for the windows (28 days ending on each day) that a
 * change of `by` messages on a member's day `day` moves across the 3-message mark.
 * `messages` are the member's messages per day around it, after the change.
 */
export function communicatorChanges(
  day: number,
  by: number,
  messages: ReadonlyMap<number, number>,
): { day: number; by: 1 | -1 }[] {
  const changes: { day: number; by: 1 | -1 }[] = [];
  let after = 0;
  for (let d = day - COMMUNICATOR_WINDOW + 1; d <= day; d++) after += messages.get(d) ?? 0;
  for (let end = day; end < day + COMMUNICATOR_WINDOW; end++) {
    if (end > day) after += (messages.get(end) ?? 0) - (messages.get(end - COMMUNICATOR_WINDOW) ?? 0);
    const before = after - by;
    const was = before >= COMMUNICATOR_MESSAGES;
    const is = after >= COMMUNICATOR_MESSAGES;
    if (was !== is) changes.push({ day: end, by: is ? 1 : -1 });
  }
  return changes;
}

/** Changes to `communicator_counts`, gathered per batch like `ActiveMembersDelta`. */
export class CommunicatorsDelta {
  private readonly deltas = new Map<string, number>();
  /** Many members' days in a range, for `changeMany`. */
  private readonly windows: ReturnType<typeof multiRowStatements>;
  private readonly upsert: { run(...params: unknown[]): unknown };

  constructor(db: Db) {
    this.windows = multiRowStatements(
      db.$client,
      (members) =>
        `SELECT member_id, day, messages FROM member_days
         WHERE community_id = ? AND day BETWEEN ? AND ? AND member_id IN (${members})`,
      1,
      '?',
    );
    this.upsert = db.$client.prepare(
      `INSERT INTO communicator_counts (community_id, day, members) VALUES (?, ?, ?)
       ON CONFLICT (community_id, day) DO UPDATE SET members = communicator_counts.members + excluded.members`,
    );
  }

  /**
   * The member's day now has `messagesNow` messages, `by` more (or fewer) than before.
   * A day that had 3 or more before and after puts every window through it over the
   * mark either way: nothing to read.
   */
  change(community: string, member: string, day: number, by: number, messagesNow: number): void {
    this.changeMany(community, [{ member, day, by, messagesNow }]);
  }

  write(): void {
    for (const [key, by] of this.deltas) {
      if (by === 0) continue;
      const [community, day] = key.split(SEP) as [string, string];
      this.upsert.run(community, dayFromNumber(Number(day)), by);
    }
    this.deltas.clear();
  }

  /**
   * `change` for many members of one community at once, each with one changed day, their
   * days around it read in one statement per chunk rather than one per member.
   */
  changeMany(community: string, changes: readonly MemberDayChange[]): void {
    // A day with 3 or more before and after: nothing to read (see `change`).
    const needed = changes.filter(
      (c) => c.by !== 0 && !(c.messagesNow >= COMMUNICATOR_MESSAGES && c.messagesNow - c.by >= COMMUNICATOR_MESSAGES),
    );
    for (const chunk of chunks(needed)) {
      let from = Infinity;
      let to = -Infinity;
      for (const c of chunk) {
        from = Math.min(from, c.day - COMMUNICATOR_WINDOW + 1);
        to = Math.max(to, c.day + COMMUNICATOR_WINDOW - 1);
      }
      const days = new Map<string, Map<number, number>>();
      const rows = this.windows(chunk.length)
        .raw()
        .all([community, dayFromNumber(from), dayFromNumber(to), ...chunk.map((c) => c.member)]) as [
        string,
        string,
        number,
      ][];
      for (const [member, day, messages] of rows) {
        let known = days.get(member);
        if (!known) days.set(member, (known = new Map()));
        known.set(dayNumber(day), messages);
      }
      // A member's other days in the range are never read: each change looks at its own 28-day windows only.
      for (const c of chunk)
        for (const change of communicatorChanges(c.day, c.by, days.get(c.member) ?? new Map())) {
          const key = community + SEP + change.day;
          this.deltas.set(key, (this.deltas.get(key) ?? 0) + change.by);
        }
    }
  }

  /** Forgets changes of a batch whose transaction failed (rolled back, so never written). */
  clear(): void {
    this.deltas.clear();
  }
}

/** A member's day whose message count a batch changed by `by`, to `messagesNow`. */
export interface MemberDayChange {
  member: string;
  day: number;
  by: number;
  messagesNow: number;
}

/**
 * For each (member, day) of one community, the member's nearest active days before and
 * after it (not the day itself), as day numbers, keyed by member and day: one statement
 * per chunk, not one per member.
 */
export function neighbourDaysOfMany(
  db: Db,
): (
  community: string,
  wanted: readonly { member: string; day: string }[],
) => Map<string, [number | undefined, number | undefined]> {
  const statements = multiRowStatements(
    db.$client,
    (values) =>
      `WITH wanted (member_id, day) AS (VALUES ${values})
       SELECT wanted.member_id, wanted.day,
              (SELECT max(m.day) FROM member_days m
                WHERE m.community_id = ? AND m.member_id = wanted.member_id AND m.day < wanted.day),
              (SELECT min(m.day) FROM member_days m
                WHERE m.community_id = ? AND m.member_id = wanted.member_id AND m.day > wanted.day)
       FROM wanted`,
    2,
    // Typed: a VALUES list has no column types on PostgreSQL.
    '(CAST(? AS TEXT), CAST(? AS TEXT))',
  );
  return (community, wanted) => {
    const found = new Map<string, [number | undefined, number | undefined]>();
    for (const chunk of chunks(wanted)) {
      const rows = statements(chunk.length)
        .raw()
        .all([...chunk.flatMap((w) => [w.member, w.day]), community, community]) as [
        string,
        string,
        string | null,
        string | null,
      ][];
      for (const [member, day, previous, next] of rows)
        found.set(member + SEP + day, [
          previous === null ? undefined : dayNumber(previous),
          next === null ? undefined : dayNumber(next),
        ]);
    }
    return found;
  };
}

/**
 * Builds `active_members` and `communicator_counts` again from `member_days`, for a
 * database whose member-days predate those tables (migrations 0010 and 0012). One pass
 * over the member-days in (community, member, day) order.
 */
export function rebuildActiveMembers(db: Db): void {
  const sqlite = db.$client;
  const rows = sqlite
    .prepare('SELECT community_id, member_id, day, messages FROM member_days ORDER BY community_id, member_id, day')
    .raw()
    .iterate() as IterableIterator<[string, string, string, number]>;
  const delta = new ActiveMembersDelta(db);
  const communicators = new Map<string, number>();
  let current = '';
  let community = '';
  let previous: number | undefined;
  let days: [number, number][] = [];
  const countCommunicator = () => {
    for (const end of communicatorDays(days)) {
      const key = community + SEP + end;
      communicators.set(key, (communicators.get(key) ?? 0) + 1);
    }
  };
  for (const [communityId, member, day, messages] of rows) {
    const key = communityId + SEP + member;
    if (key !== current) {
      countCommunicator();
      [current, community, previous, days] = [key, communityId, undefined, []];
    }
    const n = dayNumber(day);
    delta.change(communityId, n, previous, undefined, 1);
    days.push([n, messages]);
    previous = n;
  }
  countCommunicator();
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM active_members').run();
    sqlite.prepare('DELETE FROM communicator_counts').run();
    delta.write();
    const insert = sqlite.prepare('INSERT INTO communicator_counts (community_id, day, members) VALUES (?, ?, ?)');
    for (const [key, members] of communicators) {
      const [communityId, day] = key.split(SEP) as [string, string];
      insert.run(communityId, dayFromNumber(Number(day)), members);
    }
  })();
}

/** The days ending on which a member's 28-day window holds 3 or more messages, from their (day, messages) in order. */
function* communicatorDays(days: readonly [number, number][]): Generator<number> {
  if (days.length === 0) return;
  let sum = 0;
  let enter = 0;
  let leave = 0;
  for (let end = days[0]![0]; end <= days[days.length - 1]![0] + COMMUNICATOR_WINDOW - 1; end++) {
    while (enter < days.length && days[enter]![0] <= end) sum += days[enter++]![1];
    while (leave < enter && days[leave]![0] <= end - COMMUNICATOR_WINDOW) sum -= days[leave++]![1];
    if (sum >= COMMUNICATOR_MESSAGES) yield end;
  }
}

/**
 * Which per-day counts this database has been built with, in SQLite's `user_version`
 * (a number in the file's header, not a row: an export does not carry it). Bumped when
 * a migration adds a count.
 */
const COUNTS_VERSION = 2;

/**
 * Builds the per-day counts from the member-days once per version of them: a database
 * whose member-days predate `active_members` (0010) or `communicator_counts` (0012).
 */
export function ensureDailyCounts(db: Db): void {
  const sqlite = db.$client;
  if ((sqlite.pragma('user_version', { simple: true }) as number) >= COUNTS_VERSION) return;
  rebuildActiveMembers(db);
  sqlite.pragma(`user_version = ${COUNTS_VERSION}`);
}

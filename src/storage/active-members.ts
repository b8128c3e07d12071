import { dayFromNumber, dayNumber } from '../core/local-day.ts';
import type { Db } from './database.ts';

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

  write(db: Db): void {
    if (this.deltas.size === 0) return;
    const upsert = upsertStatement(db);
    for (const [key, by] of this.deltas) {
      if (by === 0) continue;
      const [community, span, day] = key.split(SEP) as [string, string, string];
      upsert.run(community, Number(span), dayFromNumber(Number(day)), by);
    }
    this.deltas.clear();
  }
}

const upserts = new WeakMap<Db, { run(...params: unknown[]): unknown }>();
const upsertStatement = (db: Db) => {
  let statement = upserts.get(db);
  if (!statement) {
    statement = db.$client.prepare(
      `INSERT INTO active_members (community_id, span, day, members) VALUES (?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET members = members + excluded.members`,
    );
    upserts.set(db, statement);
  }
  return statement;
};

/** The member's nearest active days before and after `day` (not `day` itself), as day numbers. */
export function neighbourDays(
  db: Db,
): (community: string, member: string, day: string) => [number | undefined, number | undefined] {
  const before = db.$client
    .prepare('SELECT max(day) FROM member_days WHERE community_id = ? AND member_id = ? AND day < ?')
    .pluck();
  const after = db.$client
    .prepare('SELECT min(day) FROM member_days WHERE community_id = ? AND member_id = ? AND day > ?')
    .pluck();
  return (community, member, day) => {
    const previous = before.get(community, member, day) as string | null;
    const next = after.get(community, member, day) as string | null;
    return [previous === null ? undefined : dayNumber(previous), next === null ? undefined : dayNumber(next)];
  };
}

/**
 * Builds `active_members` again from `member_days`: for a database whose member-days
 * predate the table (migration 0010), and for the benchmarks, which load member-days with
 * SQL. One pass over the member-days in (community, member, day) order.
 */
export function rebuildActiveMembers(db: Db): void {
  const sqlite = db.$client;
  const rows = sqlite
    .prepare('SELECT community_id, member_id, day FROM member_days ORDER BY community_id, member_id, day')
    .raw()
    .iterate() as IterableIterator<[string, string, string]>;
  const delta = new ActiveMembersDelta();
  let current = '';
  let previous: number | undefined;
  for (const [community, member, day] of rows) {
    const key = community + SEP + member;
    if (key !== current) [current, previous] = [key, undefined];
    const n = dayNumber(day);
    delta.change(community, n, previous, undefined, 1);
    previous = n;
  }
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM active_members').run();
    delta.write(db);
  })();
}

/** True when member-days exist that `active_members` has never counted (a database migrated to 0010). */
export function activeMembersMissing(db: Db): boolean {
  const sqlite = db.$client;
  const counted = sqlite.prepare('SELECT 1 FROM active_members LIMIT 1').get();
  return counted === undefined && sqlite.prepare('SELECT 1 FROM member_days LIMIT 1').get() !== undefined;
}

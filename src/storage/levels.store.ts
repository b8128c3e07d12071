import type { MemberId } from '../core/ids.ts';
import type { LevelRecord, LevelWindow, LevelsStore, WindowFigures } from '../features/levels/levels.store.ts';
import type { Db } from './database.ts';

type LevelRow = [string, number, string, number, number | null, number | null];

const recordOf = ([member, rank, level, since, belowSince, congratulatedAt]: LevelRow): LevelRecord => ({
  member: member as MemberId,
  rank,
  level,
  since: new Date(since),
  belowSince: belowSince === null ? null : new Date(belowSince),
  congratulatedAt: congratulatedAt === null ? null : new Date(congratulatedAt),
});

const COLUMNS = 'member_id, rank, level, since, below_since, congratulated_at';

/** Members who are members now: never left, or joined again after leaving. */
const STILL_HERE = `NOT EXISTS (SELECT 1 FROM members m WHERE m.community_id = @community AND m.member_id = c.member_id
  AND m.left_at IS NOT NULL AND (m.joined_at IS NULL OR m.left_at >= m.joined_at))`;
const NOT_STAFF = 'c.member_id NOT IN (SELECT member_id FROM staff_members WHERE community_id = @community)';

/**
 * The levels feature's store. Active days are read from the per-member-day roll-up
 * (`member_days`: one row per member per local day with any activity, however many
 * messages), thanks from `thanks`, counting distinct givers.
 */
export function createLevelsStore({ db }: { db: Db }): LevelsStore {
  const sqlite = db.$client;
  const get = sqlite.prepare(`SELECT ${COLUMNS} FROM member_levels WHERE community_id = ? AND member_id = ?`).raw();
  const save = sqlite.prepare(
    `INSERT INTO member_levels (community_id, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (community_id, member_id) DO UPDATE SET rank = excluded.rank, level = excluded.level,
       since = excluded.since, below_since = excluded.below_since, congratulated_at = excluded.congratulated_at`,
  );
  const remove = sqlite.prepare('DELETE FROM member_levels WHERE community_id = ? AND member_id = ?');
  const candidates = sqlite
    .prepare(
      `WITH days AS (SELECT member_id, count(*) AS n FROM member_days
                     WHERE community_id = @community AND day BETWEEN @fromDay AND @toDay GROUP BY member_id),
            givers AS (SELECT receiver_id AS member_id, count(DISTINCT giver_id) AS n FROM thanks
                       WHERE community_id = @community AND at >= @since GROUP BY receiver_id),
            c AS (SELECT member_id FROM days UNION SELECT member_id FROM givers
                  UNION SELECT member_id FROM member_levels WHERE community_id = @community)
       SELECT c.member_id, coalesce((SELECT n FROM days WHERE days.member_id = c.member_id), 0),
              coalesce((SELECT n FROM givers WHERE givers.member_id = c.member_id), 0),
              coalesce((SELECT display_name FROM members m WHERE m.community_id = @community AND m.member_id = c.member_id), '')
       FROM c WHERE ${NOT_STAFF} AND ${STILL_HERE} ORDER BY c.member_id`,
    )
    .raw();
  const activeDays = sqlite
    .prepare('SELECT count(*) FROM member_days WHERE community_id = ? AND member_id = ? AND day BETWEEN ? AND ?')
    .pluck();
  const givers = sqlite
    .prepare('SELECT count(DISTINCT giver_id) FROM thanks WHERE community_id = ? AND receiver_id = ? AND at >= ?')
    .pluck();
  const staffWithLevels = sqlite
    .prepare(
      `SELECT l.member_id FROM member_levels l JOIN staff_members s
         ON s.community_id = l.community_id AND s.member_id = l.member_id WHERE l.community_id = ?`,
    )
    .pluck();
  const staff = sqlite.prepare('SELECT 1 FROM staff_members WHERE community_id = ? AND member_id = ?').pluck();
  const pending = sqlite
    .prepare(
      `SELECT ${COLUMNS} FROM member_levels
       WHERE community_id = ? AND rank > 0 AND congratulated_at IS NULL AND since >= ? ORDER BY since, member_id`,
    )
    .raw();
  const congratulated = sqlite.prepare(
    'UPDATE member_levels SET congratulated_at = ? WHERE community_id = ? AND member_id = ?',
  );
  const byRank = sqlite
    .prepare('SELECT rank, count(*) FROM member_levels WHERE community_id = ? GROUP BY rank ORDER BY rank')
    .raw();
  const windowParams = (community: string, w: LevelWindow) => ({
    community,
    fromDay: w.fromDay,
    toDay: w.toDay,
    since: w.since.getTime(),
  });
  return {
    get(community, member) {
      const row = get.get(community, member) as LevelRow | undefined;
      return row ? recordOf(row) : undefined;
    },
    save(community, r) {
      save.run(
        community,
        r.member,
        r.rank,
        r.level,
        r.since.getTime(),
        r.belowSince?.getTime() ?? null,
        r.congratulatedAt?.getTime() ?? null,
      );
    },
    remove: (community, member) => void remove.run(community, member),
    candidates: (community, w) =>
      (candidates.all(windowParams(community, w)) as [string, number, number, string][]).map(
        ([member, days, n, displayName]) => ({ member: member as MemberId, activeDays: days, givers: n, displayName }),
      ),
    figures: (community, member, w): WindowFigures => ({
      activeDays: activeDays.get(community, member, w.fromDay, w.toDay) as number,
      givers: givers.get(community, member, w.since.getTime()) as number,
    }),
    staffWithLevels: (community) => staffWithLevels.all(community) as MemberId[],
    isStaff: (community, member) => staff.get(community, member) !== undefined,
    pendingCongratulations: (community, since) => (pending.all(community, since.getTime()) as LevelRow[]).map(recordOf),
    markCongratulated: (community, member, at) => void congratulated.run(at.getTime(), community, member),
    countsByRank: (community) => new Map(byRank.all(community) as [number, number][]),
  };
}

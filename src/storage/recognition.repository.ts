import type { MemberId } from '../core/ids.ts';
import type { Contributor, RecognitionView } from '../core/recognition.ts';
import type { Db } from './database.ts';

/**
 * Core's read view of levels and thanks for one community (spotlight and inner-circle
 * candidates). Active days come from `member_days`; `dayOf` turns instants into the
 * community's local days.
 */
export function createRecognitionView({
  db,
  community,
  dayOf,
}: {
  db: Db;
  community: string;
  dayOf: (at: Date) => string;
}): RecognitionView {
  const sqlite = db.$client;
  const level = sqlite
    .prepare('SELECT rank, level, since FROM member_levels WHERE community_id = ? AND member_id = ?')
    .raw();
  const received = sqlite.prepare(
    `SELECT count(*) AS thanks, count(DISTINCT giver_id) AS givers FROM thanks
     WHERE community_id = ? AND receiver_id = ? AND at >= ? AND at < ?`,
  );
  const top = sqlite
    .prepare(
      `WITH days AS (SELECT member_id, count(*) AS n FROM member_days
                     WHERE community_id = @community AND day BETWEEN @fromDay AND @toDay GROUP BY member_id),
            t AS (SELECT receiver_id AS member_id, count(*) AS n, count(DISTINCT giver_id) AS givers FROM thanks
                  WHERE community_id = @community AND at >= @from AND at < @to GROUP BY receiver_id),
            c AS (SELECT member_id FROM days UNION SELECT member_id FROM t)
       SELECT c.member_id, coalesce(t.givers, 0) AS givers, coalesce(t.n, 0) AS thanks, coalesce(days.n, 0) AS active,
              l.rank
       FROM c LEFT JOIN t ON t.member_id = c.member_id LEFT JOIN days ON days.member_id = c.member_id
              LEFT JOIN member_levels l ON l.community_id = @community AND l.member_id = c.member_id
       WHERE c.member_id NOT IN (SELECT member_id FROM staff_members WHERE community_id = @community)
         AND NOT EXISTS (SELECT 1 FROM members m WHERE m.community_id = @community AND m.member_id = c.member_id
                         AND m.left_at IS NOT NULL AND (m.joined_at IS NULL OR m.left_at >= m.joined_at))
       ORDER BY givers DESC, thanks DESC, active DESC, coalesce(l.rank, -1) DESC, c.member_id LIMIT @limit`,
    )
    .raw();
  return {
    levelOf(member) {
      const row = level.get(community, member) as [number, string, number] | undefined;
      return row ? { rank: row[0], level: row[1], since: new Date(row[2]) } : undefined;
    },
    thanksReceived: (member, from, to) =>
      received.get(community, member, from.getTime(), to.getTime()) as { thanks: number; givers: number },
    topContributors(from, to, limit) {
      if (to.getTime() <= from.getTime()) return [];
      const rows = top.all({
        community,
        from: from.getTime(),
        to: to.getTime(),
        fromDay: dayOf(from),
        toDay: dayOf(new Date(to.getTime() - 1)),
        limit,
      }) as [string, number, number, number, number | null][];
      return rows.map(([member, givers, thanks, activeDays, rank]): Contributor => ({
        member: member as MemberId,
        givers,
        thanks,
        activeDays,
        ...(rank !== null ? { rank } : {}),
      }));
    },
  };
}

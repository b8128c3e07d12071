import type { MemberId } from '../core/ids.ts';
import type { ThanksEntry, ThanksStats, ThanksStore } from '../features/thanks/thanks.store.ts';
import type { Db } from './database.ts';

type ThanksRow = [string, string, number, 'command' | 'reaction', string | null, string | null];

const entryOf = ([giver, receiver, at, via, message, emoji]: ThanksRow): ThanksEntry => ({
  giver: giver as MemberId,
  receiver: receiver as MemberId,
  at: new Date(at),
  via,
  ...(message !== null ? { message } : {}),
  ...(emoji !== null ? { emoji } : {}),
});

/** The thanks feature's store: plain prepared SQL over `thanks`, with reads of core's message metadata and staff. */
export function createThanksStore({ db }: { db: Db }): ThanksStore {
  const sqlite = db.$client;
  const last = sqlite
    .prepare('SELECT max(at) FROM thanks WHERE community_id = ? AND giver_id = ? AND receiver_id = ?')
    .pluck();
  const insert = sqlite.prepare(
    `INSERT OR IGNORE INTO thanks (community_id, giver_id, receiver_id, at, via, message_id, emoji)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const removeReaction = sqlite.prepare(
    `DELETE FROM thanks WHERE community_id = ? AND giver_id = ? AND message_id = ? AND emoji = ? AND via = 'reaction'`,
  );
  const author = sqlite
    .prepare('SELECT member_id, at FROM message_activity WHERE community_id = ? AND message_id = ?')
    .raw();
  const staff = sqlite.prepare('SELECT 1 FROM staff_members WHERE community_id = ? AND member_id = ?').pluck();
  const totals = sqlite.prepare(
    `SELECT count(*) AS thanks, count(DISTINCT giver_id) AS givers, count(DISTINCT receiver_id) AS receivers
     FROM thanks WHERE community_id = ? AND at >= ? AND at < ?`,
  );
  const top = sqlite
    .prepare(
      `SELECT receiver_id, count(*) AS n, count(DISTINCT giver_id) AS givers FROM thanks
       WHERE community_id = @community AND at >= @from AND at < @to
         AND receiver_id NOT IN (SELECT member_id FROM staff_members WHERE community_id = @community)
       GROUP BY receiver_id ORDER BY givers DESC, n DESC, receiver_id LIMIT @limit`,
    )
    .raw();
  const ofMember = sqlite
    .prepare(
      `SELECT giver_id, receiver_id, at, via, message_id, emoji FROM thanks
       WHERE community_id = @community AND (giver_id = @member OR receiver_id = @member) ORDER BY at, id`,
    )
    .raw();
  return {
    lastBetween(community, giver, receiver) {
      const at = last.get(community, giver, receiver) as number | null;
      return at === null ? undefined : new Date(at);
    },
    add: (community, e) =>
      insert.run(community, e.giver, e.receiver, e.at.getTime(), e.via, e.message ?? null, e.emoji ?? null).changes > 0,
    removeReaction: (community, giver, message, emoji) =>
      removeReaction.run(community, giver, message, emoji).changes > 0,
    messageAuthor(community, message) {
      const row = author.get(community, message) as [string, number] | undefined;
      return row ? { author: row[0] as MemberId, at: new Date(row[1]) } : undefined;
    },
    isStaff: (community, member) => staff.get(community, member) !== undefined,
    stats(community, from, to, limit): ThanksStats {
      const sums = totals.get(community, from.getTime(), to.getTime()) as Omit<ThanksStats, 'top'>;
      const rows = top.all({ community, from: from.getTime(), to: to.getTime(), limit }) as [string, number, number][];
      return { ...sums, top: rows.map(([member, n, givers]) => ({ member: member as MemberId, thanks: n, givers })) };
    },
    ofMember: (community, member) => (ofMember.all({ community, member }) as ThanksRow[]).map(entryOf),
  };
}

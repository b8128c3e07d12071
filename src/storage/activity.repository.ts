import { dayNumber, localDayOf } from '../core/local-day.ts';
import { ActiveMembersDelta, CommunicatorsDelta, neighbourDaysOfMany, type MemberDayChange } from './active-members.ts';
import type { WriteObserver } from '../core/metrics.ts';
import type { Db } from './database.ts';
import { transaction } from './database.ts';
import { chunks, multiRowStatements } from './multi-row.ts';
import { RecentParticipants } from './recent-participants.ts';

export interface ActivityRow {
  communityId: string;
  channelId: string;
  memberId: string;
  messageId: string;
  at: Date;
  /** The community's local day of `at`; UTC's when the caller does not say. */
  day?: string;
  /** The message it replies to, by the platform's reply relation. */
  replyTo?: string;
  /** The member's first message Foyer saw: newcomers' response times start from it. */
  first?: boolean;
}

/** Activity that is not a message: it only counts in the member's day. */
export interface ActionRow {
  communityId: string;
  memberId: string;
  day: string;
  kind: 'reaction' | 'vote' | 'command';
}

/**
 * Message metadata is the hot path: rows are buffered and written in one transaction
 * per batch, with a prepared statement, instead of one transaction per message. The
 * health roll-ups are kept in the same transaction, aggregated per batch: one upsert per
 * distinct member-day and channel-day, not per message.
 */
export interface ActivityWriter {
  add(row: ActivityRow): void;
  addAction(row: ActionRow): void;
  /** Forgets a message that was removed, whether still buffered or already written (and counted). */
  remove(communityId: string, messageId: string, dayOf?: (at: Date) => string): void;
  /** Writes everything buffered; returns how many message rows it handed the database (duplicates included). */
  flush(): number;
  /** Told how long each batch took to write, whoever asked for it (the bot, or a full buffer). */
  observe(observer: WriteObserver): void;
  /** Drops what the writer remembers of a member whose records were erased (their first message). */
  forgetMember(communityId: string, memberId: string): void;
  /**
   * Counts in the roll-ups the rows a previous process wrote but had not counted when it
   * stopped (see ROLL_UP_BATCHES). The bot calls it at start; a writer that writes does it
   * with its first batch anyway. Once per writer.
   */
  recover(): void;
  readonly buffered: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const SEP = '\u0000';

interface FirstMessage {
  member: string;
  at: number;
  /** When another member first replied, as written to first_messages. */
  replyAt: number | null;
}

interface MemberDay {
  community: string;
  day: string;
  member: string;
  messages: number;
  replies: number;
  reactions: number;
  votes: number;
  commands: number;
}

interface ChannelDay {
  community: string;
  channel: string;
  day: string;
  messages: number;
  replies: number;
  /** Authors not known to be in `channel_day_members` already. */
  participants: Set<string>;
  /** Those known to be there (RecentParticipants), as the batch began. */
  known?: ReadonlySet<string> | undefined;
}

/** One community's day in a batch: its member-days and channel-days. */
interface DayGroup {
  community: string;
  day: string;
  members: Map<string, MemberDay>;
  channels: Map<string, ChannelDay>;
  known: ReadonlyMap<string, ReadonlySet<string>> | undefined;
}

/**
 * Rows buffered before a flush (besides the flush every second): under a burst, each flush
 * is one transaction, and its commit (the roll-up and index pages written to the WAL once
 * per transaction, however many rows changed them) costs more than its rows. 2,000 rather
 * than 500 made the writer about 1.6 times faster in bench/activity.ts; a crash still loses
 * at most the last second's activity counts, never a committed row.
 */
export const ACTIVITY_BATCH = 2_000;

/**
 * Written batches that wait for the roll-ups under a burst (besides the roll-up at every flush,
 * which the bot asks for each second and before every report): the roll-ups cost one write
 * per distinct member-day and channel-day, so counting eight batches at once writes each
 * busy member's day once instead of eight times. The rows themselves are committed with
 * their batch; a crash before their roll-up is made good by the next start (`recover`).
 */
export const ROLL_UP_BATCHES = 8;

export function createActivityWriter({
  db,
  batchSize = ACTIVITY_BATCH,
  dayOf = localDayOf('UTC'),
}: {
  db: Db;
  batchSize?: number;
  /** The community's local day of an instant, for rows that do not say (UTC's by default). */
  dayOf?: (at: number) => string;
}): ActivityWriter {
  let buffer: ActivityRow[] = [];
  let actions: ActionRow[] = [];
  /** Rows written to message_activity, each with its day, and actions, not yet in the roll-ups. */
  let unrolled: ActivityRow[] = [];
  let unrolledActions: ActionRow[] = [];
  /** The highest message_activity id written, and the highest the roll-ups count (the watermark). */
  let writtenUpTo = 0;
  let rolledUpTo = 0;
  let recovered = false;
  let observer: WriteObserver | undefined;
  const sqlite = db.$client;
  // Many rows per statement: each statement costs a trip into SQLite, which matters more than the rows.
  const insertRows = multiRowStatements(
    sqlite,
    (values) =>
      `INSERT OR IGNORE INTO message_activity (community_id, channel_id, member_id, message_id, at, reply_to)
       VALUES ${values} RETURNING id, community_id, message_id`,
    6,
  );
  const insertParticipants = multiRowStatements(
    sqlite,
    (values) => `INSERT OR IGNORE INTO channel_day_members (community_id, channel_id, day, member_id) VALUES ${values}`,
    4,
  );
  // One upsert per 100 member-days, new or not. A member-day row always holds some activity
  // (an emptied one is deleted), so a row whose counts after the upsert are exactly the
  // batch's own was not there before: a new active day, which changes DAU, WAU and MAU.
  const upsertMemberDays = multiRowStatements(
    sqlite,
    (values) =>
      `INSERT INTO member_days (community_id, day, member_id, messages, replies, reactions, votes, commands)
       VALUES ${values}
       ON CONFLICT (community_id, day, member_id) DO UPDATE SET messages = member_days.messages + excluded.messages,
         replies = member_days.replies + excluded.replies, reactions = member_days.reactions + excluded.reactions,
         votes = member_days.votes + excluded.votes, commands = member_days.commands + excluded.commands
       RETURNING community_id, day, member_id, messages, reactions, votes, commands`,
    8,
  );
  const neighboursOfMany = neighbourDaysOfMany(db);
  const participants = new RecentParticipants();
  // Per-day counts, gathered per batch (or per removal) and written with it.
  const active = new ActiveMembersDelta(db);
  const communicators = new CommunicatorsDelta(db);
  const upsertChannelDay = sqlite.prepare(
    `INSERT INTO channel_days (community_id, channel_id, day, messages, replies, participants) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (community_id, channel_id, day) DO UPDATE SET messages = channel_days.messages + excluded.messages,
       replies = channel_days.replies + excluded.replies, participants = channel_days.participants + excluded.participants`,
  );
  // The roll-ups' watermark: every message_activity row up to this id is counted in them.
  const readWatermark = sqlite
    .prepare(`SELECT value FROM key_value WHERE namespace = 'activity' AND key = 'rolled-up-to'`)
    .pluck();
  const writeWatermark = sqlite.prepare(
    `INSERT INTO key_value (namespace, key, value) VALUES ('activity', 'rolled-up-to', ?)
     ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value`,
  );
  const maxActivityId = sqlite.prepare('SELECT max(id) FROM message_activity').pluck();
  const rowsAbove = sqlite.prepare(
    'SELECT community_id, channel_id, member_id, message_id, at, reply_to FROM message_activity WHERE id > ? ORDER BY id',
  );
  const insertFirst = sqlite.prepare(
    'INSERT OR IGNORE INTO first_messages (community_id, member_id, message_id, channel_id, at, day) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const answerFirst = sqlite.prepare(
    'UPDATE first_messages SET first_reply_at = ? WHERE community_id = ? AND message_id = ?',
  );
  const forgetFirst = sqlite.prepare('DELETE FROM first_messages WHERE community_id = ? AND message_id = ?');
  const earliestReply = sqlite
    .prepare(
      `SELECT min(at) FROM message_activity
       WHERE community_id = ? AND at >= ? AND reply_to = ? AND member_id <> ?`,
    )
    .pluck();
  const find = sqlite.prepare(
    'SELECT channel_id AS channelId, member_id AS memberId, at, reply_to AS replyTo FROM message_activity WHERE community_id = ? AND message_id = ?',
  );
  const erase = sqlite.prepare('DELETE FROM message_activity WHERE community_id = ? AND message_id = ?');
  const undoMemberDay = sqlite
    .prepare(
      `UPDATE member_days SET messages = messages - 1, replies = replies - ?
       WHERE community_id = ? AND day = ? AND member_id = ? RETURNING messages`,
    )
    .pluck();
  const dropEmptyMemberDay = sqlite.prepare(
    'DELETE FROM member_days WHERE community_id = ? AND day = ? AND member_id = ? AND messages + reactions + votes + commands = 0',
  );
  const undoChannelDay = sqlite.prepare(
    `UPDATE channel_days SET messages = messages - 1, replies = replies - ?, participants = participants - ?
     WHERE community_id = ? AND channel_id = ? AND day = ?`,
  );
  const dropEmptyChannelDay = sqlite.prepare(
    'DELETE FROM channel_days WHERE community_id = ? AND channel_id = ? AND day = ? AND messages = 0',
  );
  const dropParticipant = sqlite.prepare(
    'DELETE FROM channel_day_members WHERE community_id = ? AND channel_id = ? AND day = ? AND member_id = ?',
  );
  // A day lasts at most 25 hours, so the member's other messages that day are within that of this one.
  const nearbyPosts = sqlite
    .prepare(
      `SELECT at FROM message_activity
       WHERE community_id = ? AND member_id = ? AND at > ? AND at < ? AND channel_id = ?`,
    )
    .pluck();

  /**
   * First messages by message id, so a reply costs a map lookup rather than a statement.
   * Loaded once; this writer is the only one that writes first messages.
   */
  let firstMessages: Map<string, FirstMessage> | undefined;
  const firstMessagesById = (): Map<string, FirstMessage> =>
    (firstMessages ??= new Map(
      (
        sqlite
          .prepare('SELECT community_id, message_id, member_id, at, first_reply_at FROM first_messages')
          .raw()
          .all() as [string, string, string, number, number | null][]
      ).map(([community, message, member, at, replyAt]) => [community + SEP + message, { member, at, replyAt }]),
    ));

  /** The earliest reply by another member, at or after the first message, is its answer. */
  const answer = (community: string, replyTo: string, author: string, at: number) => {
    const first = firstMessagesById().get(community + SEP + replyTo);
    if (first === undefined || first.member === author || at < first.at) return;
    if (first.replyAt !== null && first.replyAt <= at) return;
    first.replyAt = at;
    answerFirst.run(at, community, replyTo);
  };

  /**
   * Inserts a batch's rows (a redelivered message is ignored by the unique index) and keeps
   * the ones it inserted for the roll-ups; first messages and their answers are written at
   * once. Runs inside the caller's transaction.
   */
  const writeRows = (rows: readonly ActivityRow[]) => {
    const firsts = firstMessagesById();
    const returned: [number | string, string, string][][] = [];
    let written = 0;
    for (const chunk of chunks(rows)) {
      const inserted = insertRows(chunk.length)
        .raw()
        .all(
          chunk.flatMap((r) => [
            r.communityId,
            r.channelId,
            r.memberId,
            r.messageId,
            r.at.getTime(),
            r.replyTo ?? null,
          ]),
        ) as [number | string, string, string][];
      returned.push(inserted);
      written += inserted.length;
      // PostgreSQL's bigint identity arrives as a string.
      for (const [id] of inserted) if (Number(id) > writtenUpTo) writtenUpTo = Number(id);
    }
    // Every row was inserted (the usual case): none was there already nor twice in the batch.
    // Otherwise a redelivered message, ignored by the unique index, must be by the roll-ups too.
    const allNew = written === rows.length;
    const inserted = allNew
      ? undefined
      : new Set(returned.flatMap((chunk) => chunk.map(([, community, message]) => community + SEP + message)));
    for (const row of rows) {
      // Taken once: the same message twice in one batch is inserted, and counted, once.
      if (inserted && !inserted.delete(row.communityId + SEP + row.messageId)) continue;
      const at = row.at.getTime();
      const day = row.day ?? dayOf(at);
      unrolled.push(row.day === undefined ? { ...row, day } : row);
      if (row.first && insertFirst.run(row.communityId, row.memberId, row.messageId, row.channelId, at, day).changes)
        firsts.set(row.communityId + SEP + row.messageId, { member: row.memberId, at, replyAt: null });
      // Only another member's reply answers a newcomer: not their own follow-up.
      if (row.replyTo !== undefined) answer(row.communityId, row.replyTo, row.memberId, at);
    }
  };

  /**
   * Counts every written row and action not yet counted in the roll-ups, and moves the
   * watermark past them, in the caller's transaction. Returns the channel-days whose new
   * participants are to be remembered once that transaction has committed.
   */
  const rollUp = (): ChannelDay[] => {
    const joined: ChannelDay[] = [];
    if (unrolled.length === 0 && unrolledActions.length === 0) return joined;
    active.clear();
    communicators.clear();
    const memberDays: MemberDay[] = [];
    const channelDays: ChannelDay[] = [];
    // The batch's counts grouped by community and day, then by member and by channel: a
    // batch mostly holds one community's one or two days, so each row costs a lookup by
    // member and one by channel, and builds no composite key.
    const groups = new Map<string, DayGroup>();
    let group: DayGroup | undefined;
    const groupOf = (community: string, day: string): DayGroup => {
      if (group?.community === community && group.day === day) return group;
      const key = community + SEP + day;
      group = groups.get(key);
      if (!group)
        groups.set(
          key,
          (group = {
            community,
            day,
            members: new Map(),
            channels: new Map(),
            known: participants.ofDay(community, day),
          }),
        );
      return group;
    };
    const tally = (of: DayGroup, member: string): MemberDay => {
      let totals = of.members.get(member);
      if (!totals) {
        totals = {
          community: of.community,
          day: of.day,
          member,
          messages: 0,
          replies: 0,
          reactions: 0,
          votes: 0,
          commands: 0,
        };
        of.members.set(member, totals);
        memberDays.push(totals);
      }
      return totals;
    };
    for (const row of unrolled) {
      const reply = row.replyTo !== undefined ? 1 : 0;
      const day = row.day!;
      const of = groupOf(row.communityId, day);
      const totals = tally(of, row.memberId);
      totals.messages++;
      totals.replies += reply;
      let channel = of.channels.get(row.channelId);
      if (!channel) {
        channel = {
          community: row.communityId,
          channel: row.channelId,
          day,
          messages: 0,
          replies: 0,
          participants: new Set(),
          known: of.known?.get(row.channelId),
        };
        of.channels.set(row.channelId, channel);
        channelDays.push(channel);
      }
      channel.messages++;
      channel.replies += reply;
      if (!channel.known?.has(row.memberId)) channel.participants.add(row.memberId);
    }
    for (const action of unrolledActions) {
      const totals = tally(groupOf(action.communityId, action.day), action.memberId);
      if (action.kind === 'reaction') totals.reactions++;
      else if (action.kind === 'vote') totals.votes++;
      else totals.commands++;
    }
    // A member with several days in the batch (it spans midnight) has them written one at
    // a time, in order: each day's communicator change reads the member's other days as
    // they stand. Anyone else's one day reads nothing this batch changes, so those go in bulk.
    const daysInBatch = new Map<string, number>();
    for (const t of memberDays) {
      const member = t.community + SEP + t.member;
      daysInBatch.set(member, (daysInBatch.get(member) ?? 0) + 1);
    }
    const alone: MemberDay[] = [];
    const spanning: MemberDay[] = [];
    for (const t of memberDays) (daysInBatch.get(t.community + SEP + t.member) === 1 ? alone : spanning).push(t);
    const upserted = (chunk: readonly MemberDay[]) => {
      const after = upsertMemberDays(chunk.length)
        .raw()
        .all(
          chunk.flatMap((t) => [t.community, t.day, t.member, t.messages, t.replies, t.reactions, t.votes, t.commands]),
        ) as [string, string, string, number, number, number, number][];
      // RETURNING's order is the statement's own on PostgreSQL: matched by key, not position.
      const byKey = new Map(chunk.map((t) => [t.community + SEP + t.day + SEP + t.member, t]));
      // What the roll-ups must read next, per community, read in bulk: in a chunk each
      // member has one day, so no read depends on another's change.
      const reads = new Map<string, { fresh: { member: string; day: string }[]; changes: MemberDayChange[] }>();
      for (const [community, day, member, messages, reactions, votes, commands] of after) {
        const t = byKey.get(community + SEP + day + SEP + member)!;
        const isNew =
          messages === t.messages && reactions === t.reactions && votes === t.votes && commands === t.commands;
        let of = reads.get(community);
        if (!of) reads.set(community, (of = { fresh: [], changes: [] }));
        if (isNew) of.fresh.push({ member, day });
        of.changes.push({ member, day: dayNumber(day), by: t.messages, messagesNow: messages });
      }
      for (const [community, { fresh, changes }] of reads) {
        const around = neighboursOfMany(community, fresh);
        for (const { member, day } of fresh)
          active.change(community, dayNumber(day), ...around.get(member + SEP + day)!, 1);
        communicators.changeMany(community, changes);
      }
    };
    for (const chunk of chunks(alone)) upserted(chunk);
    for (const t of spanning) upserted([t]);
    active.write();
    communicators.write();
    for (const c of channelDays) {
      let fresh = 0;
      for (const members of chunks([...c.participants]))
        fresh += insertParticipants(members.length).run(
          members.flatMap((member) => [c.community, c.channel, c.day, member]),
        ).changes;
      upsertChannelDay.run(c.community, c.channel, c.day, c.messages, c.replies, fresh);
      joined.push(c);
    }
    if (writtenUpTo > rolledUpTo) writeWatermark.run(String(writtenUpTo));
    return joined;
  };

  /** After the transaction that rolled up committed: what it counted is no longer pending. */
  const rolledUpCommitted = (joined: readonly ChannelDay[]) => {
    unrolled = [];
    unrolledActions = [];
    rolledUpTo = writtenUpTo;
    for (const c of joined) participants.add(c.community, c.channel, c.day, c.participants);
  };

  /**
   * Once per writer, in its first transaction: rows a previous process wrote but had not
   * rolled up when it stopped (a crash between a batch and its roll-up) are read back above
   * the watermark and counted with the next roll-up. A database without a watermark was
   * written by a writer that rolled up every batch, so all its rows are counted.
   */
  const recover = () => {
    if (recovered) return;
    const mark = readWatermark.get() as string | undefined;
    const top = Number((maxActivityId.get() as number | string | null) ?? 0);
    if (mark === undefined) {
      writeWatermark.run(String(top));
      rolledUpTo = writtenUpTo = top;
    } else {
      rolledUpTo = Number(mark);
      writtenUpTo = Math.max(rolledUpTo, top);
      for (const [communityId, channelId, memberId, messageId, at, replyTo] of rowsAbove
        .raw()
        .iterate(Number(mark)) as Iterable<[string, string, string, string, number | string, string | null]>) {
        const when = new Date(Number(at));
        unrolled.push({
          communityId,
          channelId,
          memberId,
          messageId,
          at: when,
          day: dayOf(when.getTime()),
          ...(replyTo !== null && { replyTo }),
        });
      }
    }
    recovered = true;
  };

  /**
   * Writes the buffered rows in one transaction; with `rollUpNow`, or once enough rows wait,
   * the roll-ups too. On failure nothing of it was committed (the database was unreachable, a
   * restart): its rows go back ahead of what came since, the pending roll-ups are as they
   * were, and the first-message cache, which the failed transaction may have changed, is
   * forgotten.
   */
  const write = (rollUpNow: boolean, force = false): number => {
    const pending = unrolled.length > 0 || unrolledActions.length > 0;
    // Nothing to write: no transaction, and no recovery either, so a process that writes no
    // activity (a script beside the running bot) never counts the bot's pending rows itself.
    if (!force && buffer.length === 0 && actions.length === 0 && (!rollUpNow || !pending)) return 0;
    const rows = buffer;
    const done = actions;
    buffer = [];
    actions = [];
    const started = performance.now();
    const before = { unrolled: unrolled.length, actions: unrolledActions.length, writtenUpTo, recovered };
    let joined: ChannelDay[] | undefined;
    let counted = 0;
    try {
      transaction(db, () => {
        recover();
        writeRows(rows);
        unrolledActions.push(...done);
        if (rollUpNow || unrolled.length >= ROLL_UP_BATCHES * batchSize || unrolledActions.length >= batchSize) {
          counted = unrolled.length + unrolledActions.length;
          joined = rollUp();
        }
      });
    } catch (error) {
      buffer = rows.concat(buffer);
      actions = done.concat(actions);
      recovered = before.recovered;
      unrolled.length = before.unrolled;
      unrolledActions.length = before.actions;
      writtenUpTo = before.writtenUpTo;
      firstMessages = undefined;
      throw error;
    }
    if (joined) rolledUpCommitted(joined);
    // A recovery that found nothing wrote nothing: no batch to report.
    if (rows.length > 0 || counted > 0) observer?.batchWritten((performance.now() - started) / 1000, rows.length);
    return rows.length;
  };
  const flush = (): number => write(true);

  /** Takes a written message out of the raw rows and every roll-up it was counted in. */
  const forgetWritten = (community: string, message: string, dayOf: (at: Date) => string) => {
    const row = find.get(community, message) as
      { channelId: string; memberId: string; at: number; replyTo: string | null } | undefined;
    if (!row) return;
    erase.run(community, message);
    const day = dayOf(new Date(row.at));
    const reply = row.replyTo !== null ? 1 : 0;
    const messagesNow = undoMemberDay.get(reply, community, day, row.memberId) as number | undefined;
    active.clear();
    communicators.clear();
    if (messagesNow !== undefined) communicators.change(community, row.memberId, dayNumber(day), -1, messagesNow);
    if (dropEmptyMemberDay.run(community, day, row.memberId).changes === 1) {
      const around = neighboursOfMany(community, [{ member: row.memberId, day }]);
      active.change(community, dayNumber(day), ...around.get(row.memberId + SEP + day)!, -1);
    }
    active.write();
    communicators.write();
    const stillPosted = (
      nearbyPosts.all(
        community,
        row.memberId,
        row.at - DAY_MS - HOUR_MS,
        row.at + DAY_MS + HOUR_MS,
        row.channelId,
      ) as number[]
    ).some((at) => dayOf(new Date(at)) === day);
    if (!stillPosted) {
      dropParticipant.run(community, row.channelId, day, row.memberId);
      participants.forget(community, row.channelId, day, row.memberId);
    }
    undoChannelDay.run(reply, stillPosted ? 0 : 1, community, row.channelId, day);
    dropEmptyChannelDay.run(community, row.channelId, day);
    // A removed first message cannot be answered: the newcomer has no first message to time.
    const firsts = firstMessagesById();
    if (firsts.delete(community + SEP + message)) forgetFirst.run(community, message);
    if (row.replyTo !== null) reconsiderAnswer(community, row.replyTo, row.at);
  };

  /** When the reply that answered a first message is removed, the next earliest one answers it. */
  const reconsiderAnswer = (community: string, replyTo: string, removedAt: number) => {
    const first = firstMessagesById().get(community + SEP + replyTo);
    if (first === undefined || first.replyAt !== removedAt) return;
    first.replyAt = (earliestReply.get(community, first.at, replyTo, first.member) as number | null) ?? null;
    answerFirst.run(first.replyAt, community, replyTo);
  };

  return {
    add(row) {
      buffer.push(row);
      if (buffer.length >= batchSize) write(false);
    },
    addAction(row) {
      actions.push(row);
      if (actions.length >= batchSize) write(false);
    },
    remove(communityId, messageId, dayOfRemoved = (at) => dayOf(at.getTime())) {
      buffer = buffer.filter((row) => row.communityId !== communityId || row.messageId !== messageId);
      // Even when a copy was still buffered, a redelivered one may already be written: counted
      // first (with everything else pending), so the removal takes it out of counts that hold it.
      flush();
      transaction(db, () => forgetWritten(communityId, messageId, dayOfRemoved));
    },
    flush,
    recover() {
      if (!recovered) write(true, true);
    },
    observe(next) {
      observer = next;
    },
    forgetMember(communityId, memberId) {
      participants.forgetMember(communityId, memberId);
      for (const [key, first] of firstMessages ?? [])
        if (first.member === memberId && key.startsWith(communityId + SEP)) firstMessages!.delete(key);
    },
    get buffered() {
      return buffer.length + actions.length + unrolledActions.length;
    },
  };
}

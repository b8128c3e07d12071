import type { Db } from './database.ts';
import { transaction } from './database.ts';

export interface ActivityRow {
  communityId: string;
  channelId: string;
  memberId: string;
  messageId: string;
  at: Date;
}

/**
 * Message metadata is the hot path: rows are buffered and written in one transaction
 * per batch, with a prepared statement, instead of one transaction per message.
 */
export interface ActivityWriter {
  add(row: ActivityRow): void;
  /** Forgets a message that was removed, whether still buffered or already written. */
  remove(communityId: string, messageId: string): void;
  /** Writes everything buffered; returns how many rows were committed. */
  flush(): number;
  readonly buffered: number;
}

export function createActivityWriter({ db, batchSize = 500 }: { db: Db; batchSize?: number }): ActivityWriter {
  let buffer: ActivityRow[] = [];
  const insert = db.$client.prepare(
    'INSERT OR IGNORE INTO message_activity (community_id, channel_id, member_id, message_id, at) VALUES (?, ?, ?, ?, ?)',
  );
  const erase = db.$client.prepare('DELETE FROM message_activity WHERE community_id = ? AND message_id = ?');
  const flush = (): number => {
    if (buffer.length === 0) return 0;
    const rows = buffer;
    buffer = [];
    transaction(db, () => {
      for (const row of rows) insert.run(row.communityId, row.channelId, row.memberId, row.messageId, row.at.getTime());
    });
    return rows.length;
  };
  return {
    add(row) {
      buffer.push(row);
      if (buffer.length >= batchSize) flush();
    },
    remove(communityId, messageId) {
      buffer = buffer.filter((row) => row.communityId !== communityId || row.messageId !== messageId);
      erase.run(communityId, messageId);
    },
    flush,
    get buffered() {
      return buffer.length;
    },
  };
}

// Tables of the thanks feature (see schema.ts, which re-exports them).
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * One thanks from one member to another: who, to whom, when, and how. No "for what":
 * that text is shown once in the thanks message and never stored. For a reaction, the
 * message and emoji, so taking the reaction back takes the thanks back.
 */
export const thanks = sqliteTable(
  'thanks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id').notNull(),
    giverId: text('giver_id').notNull(),
    receiverId: text('receiver_id').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    via: text('via', { enum: ['command', 'reaction'] }).notNull(),
    messageId: text('message_id'),
    emoji: text('emoji'),
  },
  (t) => [
    index('thanks_by_receiver').on(t.communityId, t.receiverId, t.at),
    index('thanks_by_pair').on(t.communityId, t.giverId, t.receiverId, t.at),
    index('thanks_by_time').on(t.communityId, t.at),
    uniqueIndex('thanks_reaction').on(t.communityId, t.messageId, t.giverId, t.emoji),
  ],
);

// Tables of the spotlight feature (see schema.ts, which re-exports them).
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });

/** Members who asked never to be suggested for a spotlight (`/spotlight optout`). */
export const spotlightOptouts = sqliteTable(
  'spotlight_optouts',
  {
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.memberId] })],
);

/**
 * One spotlight: a moderator's pick, the member's answer and their own words. The post
 * goes out only once `consent_at` and `story` are both set, while the row is still open.
 */
export const spotlights = sqliteTable(
  'spotlights',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    pickedBy: text('picked_by').notNull(),
    pickedAt: ms('picked_at').notNull(),
    status: text('status', { enum: ['asking', 'posted', 'declined', 'expired', 'unreachable'] }).notNull(),
    expiresAt: ms('expires_at').notNull(),
    consentAt: ms('consent_at'),
    story: text('story'),
    storyAt: ms('story_at'),
    closedAt: ms('closed_at'),
  },
  (t) => [index('spotlights_by_member').on(t.communityId, t.memberId, t.pickedAt)],
);

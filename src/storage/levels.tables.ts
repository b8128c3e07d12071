// Tables of the levels feature (see schema.ts, which re-exports them).
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Each member's level now (one row per member, so it never grows past the membership).
 * `below_since`: since when the member's figures have been under their level's
 * thresholds, for the grace period before a monthly review drops them one level.
 * `congratulated_at`: when the promotion to `rank` was announced, so it is announced once.
 */
export const memberLevels = sqliteTable(
  'member_levels',
  {
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    rank: integer('rank').notNull(),
    level: text('level').notNull(),
    since: integer('since', { mode: 'timestamp_ms' }).notNull(),
    belowSince: integer('below_since', { mode: 'timestamp_ms' }),
    congratulatedAt: integer('congratulated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.memberId] })],
);

// Tables of the circle feature (see schema.ts, which re-exports them).
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The inner circle: members moderators confirmed (`/circle add`). */
export const circleMembers = sqliteTable(
  'circle_members',
  {
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: integer('added_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.memberId] })],
);

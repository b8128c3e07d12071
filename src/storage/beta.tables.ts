// Tables of the beta feature (see schema.ts, which re-exports them).
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });

/** The beta group: members who joined (`/beta join`), or were invited and have not answered yet. */
export const betaMembers = sqliteTable(
  'beta_members',
  {
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    status: text('status', { enum: ['invited', 'member'] }).notNull(),
    invitedBy: text('invited_by'),
    invitedAt: ms('invited_at'),
    joinedAt: ms('joined_at'),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.memberId] })],
);

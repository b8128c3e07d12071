// Tables of the digest feature (see schema.ts, which re-exports them).
import { integer, primaryKey, sqliteTable, text, index } from 'drizzle-orm/sqlite-core';

const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });

/**
 * One row per digest period: the durable record that makes each issue go out once. The
 * row moves to `posted` in the same transaction that claims it, before the post is sent.
 */
export const digestIssues = sqliteTable(
  'digest_issues',
  {
    communityId: text('community_id').notNull(),
    /** The slot the issue is due at: the end of the period it covers. */
    periodEnd: ms('period_end').notNull(),
    periodStart: ms('period_start').notNull(),
    status: text('status', { enum: ['awaiting', 'posted', 'missed', 'expired'] }).notNull(),
    openedAt: ms('opened_at').notNull(),
    approvedBy: text('approved_by'),
    approvedAt: ms('approved_at'),
    remindedAt: ms('reminded_at'),
    postedAt: ms('posted_at'),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.periodEnd] })],
);

/** A moderator's note for the next issue; `issue_end` says which issue carried it. */
export const digestNotes = sqliteTable(
  'digest_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id').notNull(),
    authorId: text('author_id').notNull(),
    text: text('text').notNull(),
    createdAt: ms('created_at').notNull(),
    issueEnd: ms('issue_end'),
  },
  (t) => [index('digest_notes_pending').on(t.communityId, t.issueEnd)],
);

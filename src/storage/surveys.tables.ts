// Tables of the surveys feature (see schema.ts, which re-exports them).
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** One survey a moderator started: its kind, its question, its sample and when it closes. */
export const surveys = sqliteTable(
  'surveys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id').notNull(),
    kind: text('kind', { enum: ['satisfaction', 'recommendation'] }).notNull(),
    /** The moderator's own wording, or null for the built-in question in each member's language. */
    question: text('question'),
    startedBy: text('started_by').notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    closesAt: integer('closes_at', { mode: 'timestamp_ms' }).notNull(),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    /** The anonymity threshold in force when the survey started: no figure at all below it. */
    minResponses: integer('min_responses').notNull(),
    /** How many members were asked (the invitations themselves are deleted when the survey closes). */
    asked: integer('asked').notNull().default(0),
  },
  (t) => [index('surveys_by_community').on(t.communityId, t.startedAt)],
);

/** Who was asked, while the survey is open: only they may answer. Deleted when the survey closes. */
export const surveyInvites = sqliteTable(
  'survey_invites',
  {
    surveyId: integer('survey_id').notNull(),
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    invitedAt: integer('invited_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.memberId] })],
);

/**
 * One answer. `member_id` links it to its author while the survey is open (so they can
 * see, change or erase it); it is set to null, with `answered_at`, when the survey closes.
 */
export const surveyAnswers = sqliteTable(
  'survey_answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    surveyId: integer('survey_id').notNull(),
    communityId: text('community_id').notNull(),
    memberId: text('member_id'),
    score: integer('score').notNull(),
    comment: text('comment'),
    answeredAt: integer('answered_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('survey_answers_by_survey').on(t.surveyId),
    index('survey_answers_by_member').on(t.communityId, t.memberId),
  ],
);

import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { CRISIS_MODES, REPORT_STATUSES, SEVERITIES } from '../features/triage/triage.store.ts';

const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const communities = sqliteTable('communities', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: ms('created_at').notNull(),
});

/** One row per member per community. No message bodies: only when things happened. */
export const members = sqliteTable(
  'members',
  {
    communityId: text('community_id')
      .notNull()
      .references(() => communities.id),
    memberId: text('member_id').notNull(),
    displayName: text('display_name').notNull(),
    joinedAt: ms('joined_at'),
    leftAt: ms('left_at'),
    firstMessageAt: ms('first_message_at'),
    hasPhoto: integer('has_photo', { mode: 'boolean' }).notNull().default(false),
    photoSetAt: ms('photo_set_at'),
    onboardingCompletedAt: ms('onboarding_completed_at'),
    locale: text('locale'),
    /** Set when the member asked Foyer not to send them direct messages (/optout). */
    dmOptOutAt: ms('dm_opt_out_at'),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.memberId] }), index('members_joined').on(t.communityId, t.joinedAt)],
);

/** Checklist progress: one row per step a member has done. */
export const onboardingSteps = sqliteTable(
  'onboarding_steps',
  {
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    step: text('step').notNull(),
    doneAt: ms('done_at').notNull(),
    detail: text('detail'),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.memberId, t.step] })],
);

/** Message metadata only — channel, author, time — never the body. */
export const messageActivity = sqliteTable(
  'message_activity',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id').notNull(),
    channelId: text('channel_id').notNull(),
    memberId: text('member_id').notNull(),
    /** The platform message id: a redelivered message is ignored, so this table is its own dedup ledger. */
    messageId: text('message_id').notNull(),
    at: ms('at').notNull(),
    /** The message it replies to, by the platform's reply relation: roll-ups undo a removed reply with it. */
    replyTo: text('reply_to'),
  },
  (t) => [
    uniqueIndex('activity_message').on(t.communityId, t.messageId),
    index('activity_by_time').on(t.communityId, t.at),
    index('activity_by_member').on(t.communityId, t.memberId, t.at),
  ],
);

/**
 * Every contact Foyer starts with a member: who, when, why, what happened. The effect
 * key ("welcome:community:member:joinedAt") makes each contact happen at most once.
 */
export const outreachLog = sqliteTable(
  'outreach_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    effectKey: text('effect_key').notNull(),
    feature: text('feature').notNull(),
    reason: text('reason').notNull(),
    via: text('via', { enum: ['dm', 'channel'] }).notNull(),
    at: ms('at').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'unknown', 'skipped'] }).notNull(),
    outcome: text('outcome'),
    outcomeAt: ms('outcome_at'),
  },
  (t) => [uniqueIndex('outreach_effect').on(t.effectKey), index('outreach_member').on(t.communityId, t.memberId, t.at)],
);

/** Newcomers waiting for a grouped welcome during a join burst. */
export const welcomeQueue = sqliteTable(
  'welcome_queue',
  {
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    joinedAt: ms('joined_at').notNull(),
    displayName: text('display_name').notNull(),
    welcomedAt: ms('welcomed_at'),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.memberId, t.joinedAt] })],
);

/** Dedup ledger: platform event ids already handled. */
export const processedEvents = sqliteTable('processed_events', {
  eventId: text('event_id').primaryKey(),
  handledAt: ms('handled_at').notNull(),
});

/** One row per job slot; the primary key is the claim that makes a slot run once. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    jobId: text('job_id').notNull(),
    slot: ms('slot').notNull(),
    status: text('status', { enum: ['running', 'done', 'failed', 'missed'] }).notNull(),
    startedAt: ms('started_at').notNull(),
    finishedAt: ms('finished_at'),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.slot] })],
);

export const jobState = sqliteTable('job_state', {
  jobId: text('job_id').primaryKey(),
  checkedUntil: ms('checked_until').notNull(),
});

/** Durable one-off work with a due time (a burst welcome to flush, a poll to close). */
export const scheduledTasks = sqliteTable(
  'scheduled_tasks',
  {
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    dueAt: ms('due_at').notNull(),
    payload: text('payload', { mode: 'json' }),
    status: text('status', { enum: ['pending', 'running', 'done', 'failed', 'missed', 'cancelled'] }).notNull(),
    claimedAt: ms('claimed_at'),
    finishedAt: ms('finished_at'),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key] }), index('tasks_due').on(t.status, t.dueAt)],
);

/** Small durable state for adapters (sync position, members whose DMs are closed). */
export const keyValue = sqliteTable(
  'key_value',
  {
    namespace: text('namespace').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    updatedAt: integer('updated_at')
      .notNull()
      .default(sql`(unixepoch())`),
  },
  (t) => [primaryKey({ columns: [t.namespace, t.key] })],
);

/** One row per nudged join: when nudges went out and whether (and when) a photo followed. */
export const photoNudges = sqliteTable(
  'photo_nudges',
  {
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    joinedAt: ms('joined_at').notNull(),
    messagesSeen: integer('messages_seen').notNull().default(0),
    nudgesSent: integer('nudges_sent').notNull().default(0),
    firstNudgeAt: ms('first_nudge_at'),
    lastNudgeAt: ms('last_nudge_at'),
    photoSetAt: ms('photo_set_at'),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.memberId, t.joinedAt] })],
);

/** Watched channels: when a member last spoke, and whether Foyer spoke last. */
export const quietChannels = sqliteTable(
  'quiet_channels',
  {
    communityId: text('community_id').notNull(),
    channelId: text('channel_id').notNull(),
    lastMemberAt: ms('last_member_at'),
    lastWasOurs: integer('last_was_ours', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.channelId] })],
);

/** Each question Foyer asked a quiet channel, and whether members replied in time. */
export const quietQuestions = sqliteTable(
  'quiet_questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id').notNull(),
    channelId: text('channel_id').notNull(),
    question: text('question').notNull(),
    postedAt: ms('posted_at').notNull(),
    replies: integer('replies').notNull().default(0),
    revived: integer('revived', { mode: 'boolean' }),
  },
  (t) => [index('quiet_questions_channel').on(t.communityId, t.channelId, t.postedAt)],
);

/** Polls Foyer runs: where, how (native, buttons or typed votes), until when. */
export const polls = sqliteTable('polls', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  communityId: text('community_id').notNull(),
  channelId: text('channel_id').notNull(),
  messageId: text('message_id'),
  mode: text('mode', { enum: ['native', 'buttons', 'text'] }).notNull(),
  question: text('question').notNull(),
  options: text('options', { mode: 'json' }).$type<string[]>().notNull(),
  multiple: integer('multiple', { mode: 'boolean' }).notNull(),
  anonymous: integer('anonymous', { mode: 'boolean' }).notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: ms('created_at').notNull(),
  closesAt: ms('closes_at').notNull(),
  closedAt: ms('closed_at'),
  /** Who may vote: everyone, or only the beta group (migration 0017). */
  audience: text('audience', { enum: ['everyone', 'beta'] })
    .notNull()
    .default('everyone'),
  /** When a poll previewed to the inner circle opens to everyone; null when it opened at once. */
  opensAt: ms('opens_at'),
});

/** One ballot per member per poll (changeable until the poll closes). */
export const ballots = sqliteTable(
  'ballots',
  {
    pollId: integer('poll_id')
      .notNull()
      .references(() => polls.id),
    memberId: text('member_id').notNull(),
    choices: text('choices', { mode: 'json' }).$type<number[]>().notNull(),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.memberId] })],
);

/** Editorial calendar entries, from YAML or /calendar add: draft → approved → published. */
export const calendarEntries = sqliteTable('calendar_entries', {
  id: text('id').primaryKey(),
  communityId: text('community_id').notNull(),
  source: text('source', { enum: ['yaml', 'command'] }).notNull(),
  text: text('text'),
  file: text('file'),
  channel: text('channel').notNull(),
  at: ms('at'),
  cron: text('cron'),
  timezone: text('timezone').notNull(),
  status: text('status', { enum: ['draft', 'approved', 'published', 'cancelled', 'missed'] }).notNull(),
  author: text('author').notNull(),
  approvedBy: text('approved_by'),
  approvedAt: ms('approved_at'),
  createdAt: ms('created_at').notNull(),
  /** Who the post is for: everyone (its channel) or the beta group (migration 0017). */
  audience: text('audience', { enum: ['everyone', 'beta'] })
    .notNull()
    .default('everyone'),
});

/** One row per publication slot: the claim that makes each entry go out once. */
export const calendarPosts = sqliteTable(
  'calendar_posts',
  {
    entryId: text('entry_id').notNull(),
    slot: ms('slot').notNull(),
    status: text('status', { enum: ['posted', 'missed'] }).notNull(),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.slot] })],
);

/** Member reports and their triage state. The reporter is never shown to the reported member. */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id').notNull(),
    reporterId: text('reporter_id').notNull(),
    channelId: text('channel_id').notNull(),
    targetMessageId: text('target_message_id'),
    /** Evidence snapshot of the reported message (a feature that truly needs a body: kept with the report). */
    evidenceText: text('evidence_text'),
    evidenceAuthor: text('evidence_author'),
    evidenceAt: ms('evidence_at'),
    evidenceLink: text('evidence_link'),
    reason: text('reason').notNull(),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    status: text('status', { enum: REPORT_STATUSES }).notNull(),
    assignee: text('assignee'),
    escalationLevel: integer('escalation_level').notNull().default(0),
    outcome: text('outcome'),
    upheld: integer('upheld', { mode: 'boolean' }),
    createdAt: ms('created_at').notNull(),
    acknowledgedAt: ms('acknowledged_at'),
    resolvedAt: ms('resolved_at'),
  },
  (t) => [
    index('reports_open').on(t.communityId, t.status),
    index('reports_reporter').on(t.communityId, t.reporterId, t.createdAt),
  ],
);

/** Every transition of a report: who, when, what, and a note. */
export const reportEvents = sqliteTable('report_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  reportId: integer('report_id')
    .notNull()
    .references(() => reports.id),
  at: ms('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  note: text('note'),
});

/** Crisis mode per channel: what Foyer changed and what to restore. */
export const crisisState = sqliteTable(
  'crisis_state',
  {
    communityId: text('community_id').notNull(),
    channelId: text('channel_id').notNull(),
    mode: text('mode', { enum: CRISIS_MODES }).notNull(),
    snapshot: text('snapshot', { mode: 'json' }).$type<Record<string, unknown>>(),
    startedAt: ms('started_at').notNull(),
    startedBy: text('started_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.channelId] })],
);

/**
 * Health roll-ups, maintained by the activity writer in the same transaction as message
 * metadata, so reports never scan raw rows and raw rows can be pruned. `day` is the
 * community's local day, `YYYY-MM-DD`.
 */
export const memberDays = sqliteTable(
  'member_days',
  {
    communityId: text('community_id').notNull(),
    day: text('day').notNull(),
    memberId: text('member_id').notNull(),
    messages: integer('messages').notNull().default(0),
    replies: integer('replies').notNull().default(0),
    reactions: integer('reactions').notNull().default(0),
    votes: integer('votes').notNull().default(0),
    commands: integer('commands').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.day, t.memberId] }),
    index('member_days_by_member').on(t.communityId, t.memberId, t.day),
  ],
);

export const channelDays = sqliteTable(
  'channel_days',
  {
    communityId: text('community_id').notNull(),
    channelId: text('channel_id').notNull(),
    day: text('day').notNull(),
    messages: integer('messages').notNull().default(0),
    replies: integer('replies').notNull().default(0),
    /** Distinct members who posted there that day (kept from `channel_day_members`). */
    participants: integer('participants').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.channelId, t.day] })],
);

/** Who posted in a channel on a day: what makes `channel_days.participants` distinct. */
export const channelDayMembers = sqliteTable(
  'channel_day_members',
  {
    communityId: text('community_id').notNull(),
    channelId: text('channel_id').notNull(),
    day: text('day').notNull(),
    memberId: text('member_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.channelId, t.day, t.memberId] })],
);

/** Every join and leave (the members table keeps only the latest): acquisition and membership retention. */
export const membershipEvents = sqliteTable(
  'membership_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    kind: text('kind', { enum: ['join', 'leave'] }).notNull(),
    at: ms('at').notNull(),
    day: text('day').notNull(),
    invitedBy: text('invited_by'),
    /**
     * How this event changed the member count: +1 a join of a non-member, -1 a leave of a
     * member, 0 otherwise (in (at, id) order per member). Summed up to an instant, it is
     * the number of members then, without grouping every member's history.
     */
    memberDelta: integer('member_delta').notNull().default(0),
  },
  (t) => [
    index('membership_by_day').on(t.communityId, t.day),
    index('membership_by_member').on(t.communityId, t.memberId, t.at),
    index('membership_by_time').on(t.communityId, t.at, t.memberDelta),
  ],
);

/** Each member's first message Foyer saw, and when another member first replied to it. */
export const firstMessages = sqliteTable(
  'first_messages',
  {
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    messageId: text('message_id').notNull(),
    channelId: text('channel_id').notNull(),
    at: ms('at').notNull(),
    day: text('day').notNull(),
    firstReplyAt: ms('first_reply_at'),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.memberId] }),
    index('first_messages_by_message').on(t.communityId, t.messageId),
    index('first_messages_by_day').on(t.communityId, t.day),
  ],
);

/** Staff (moderators and admins): excluded from community figures and counted apart. */
export const staffMembers = sqliteTable(
  'staff_members',
  {
    communityId: text('community_id').notNull(),
    memberId: text('member_id').notNull(),
    since: ms('since').notNull(),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.memberId] })],
);

/**
 * Each `/mydata erase`, without personal data: when, and how many records of each kind
 * were removed or made anonymous, so the community can show erasures happened.
 */
export const erasures = sqliteTable('erasures', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  communityId: text('community_id').notNull(),
  at: ms('at').notNull(),
  /** Counts by table: `{ removed: {…}, anonymised: {…} }` (see core/erasure.ts). */
  removed: text('removed', { mode: 'json' })
    .$type<{ removed: Record<string, number>; anonymised: Record<string, number> }>()
    .notNull(),
});

/**
 * Distinct active members over the `span` days (1, 7 or 28) ending on each day: DAU, WAU
 * and MAU kept as activity arrives, so `/health` reads a few rows per day instead of every
 * member-day. Staff are counted here; the health store subtracts them when it reads.
 */
export const activeMembers = sqliteTable(
  'active_members',
  {
    communityId: text('community_id').notNull(),
    span: integer('span').notNull(),
    day: text('day').notNull(),
    members: integer('members').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.span, t.day] })],
);

/**
 * Communicators over the 28 days ending on each day: members with 3 or more messages in
 * those days, kept as activity arrives like `active_members` (staff counted; the health
 * store takes them off when it reads).
 */
export const communicatorCounts = sqliteTable(
  'communicator_counts',
  {
    communityId: text('community_id').notNull(),
    day: text('day').notNull(),
    members: integer('members').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.day] })],
);

// Later features keep their tables in a file of their own, re-exported here so schema.ts
// stays the one list of every table.
export * from './digest.tables.ts';
export * from './missed-you.tables.ts';
export * from './surveys.tables.ts';
export * from './newsletter.tables.ts';
export * from './levels.tables.ts';
export * from './thanks.tables.ts';
export * from './spotlight.tables.ts';
export * from './circle.tables.ts';
export * from './beta.tables.ts';

// Tables of the newsletter feature (see schema.ts, which re-exports them).
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * One address on the community's list. `memberId` links it to the member who subscribed in
 * chat (null for addresses imported from another tool), so `/mydata` can show it, erasure can
 * remove it and members active in a period can be skipped. Only a hash of the confirmation
 * code is kept: the code works like a password until it is used.
 */
export const newsletterSubscribers = sqliteTable(
  'newsletter_subscribers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id').notNull(),
    address: text('address').notNull(),
    memberId: text('member_id'),
    locale: text('locale'),
    status: text('status', { enum: ['pending', 'subscribed', 'unsubscribed'] }).notNull(),
    codeHash: text('code_hash'),
    codeExpiresAt: integer('code_expires_at', { mode: 'timestamp_ms' }),
    /** Random, never expiring: the one-click unsubscribe link must work in a mail read years later. */
    unsubscribeToken: text('unsubscribe_token').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
    unsubscribedAt: integer('unsubscribed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('newsletter_subscribers_by_address').on(t.communityId, t.address),
    uniqueIndex('newsletter_subscribers_by_token').on(t.unsubscribeToken),
    index('newsletter_subscribers_by_member').on(t.communityId, t.memberId),
  ],
);

/**
 * The consent trail of one address: each request (with the exact wording shown and where),
 * confirmation, unsubscription and import, in order. Kept as long as the address is.
 */
export const newsletterConsents = sqliteTable(
  'newsletter_consents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriberId: integer('subscriber_id').notNull(),
    communityId: text('community_id').notNull(),
    kind: text('kind', { enum: ['requested', 'confirmed', 'unsubscribed', 'imported'] }).notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    /** Where: `discord:channel:…`, `web`, `chat`, `import:FILE`. */
    source: text('source').notNull(),
    address: text('address').notNull(),
    wording: text('wording'),
  },
  (t) => [index('newsletter_consents_by_subscriber').on(t.subscriberId, t.at)],
);

/** One issue of the newsletter, with the bodies rendered once, so a resumed send sends the same mail. */
export const newsletterIssues = sqliteTable(
  'newsletter_issues',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    communityId: text('community_id').notNull(),
    /** What the issue covers, e.g. `2026-03-02..2026-03-09`; one issue per period. */
    period: text('period').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('newsletter_issues_by_period').on(t.communityId, t.period)],
);

/**
 * One recipient of one issue, written for every recipient before the first mail goes out:
 * `sending` is committed just before the SMTP transaction, `sent` after the server's 250.
 */
export const newsletterDeliveries = sqliteTable(
  'newsletter_deliveries',
  {
    issueId: integer('issue_id').notNull(),
    subscriberId: integer('subscriber_id').notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    messageId: text('message_id').notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.issueId, t.subscriberId] }),
    index('newsletter_deliveries_by_status').on(t.issueId, t.status),
  ],
);

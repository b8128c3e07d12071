import { and, asc, count, desc, eq, isNull } from 'drizzle-orm';
import type {
  ConsentEntry,
  DeliveryCounts,
  DueDelivery,
  ImportSummary,
  Issue,
  NewsletterStore,
  Subscriber,
} from '../features/newsletter/newsletter.store.ts';
import { transaction, type Db } from './database.ts';
import { newsletterConsents, newsletterDeliveries, newsletterIssues, newsletterSubscribers } from './schema.ts';

type SubscriberRow = typeof newsletterSubscribers.$inferSelect;

/** Tries of one mail the server refused for now (4xx) before it counts as failed. */
const MAX_ATTEMPTS = 5;

const toSubscriber = (row: SubscriberRow): Subscriber => ({
  id: row.id,
  address: row.address,
  memberId: row.memberId,
  locale: row.locale,
  status: row.status,
  codeHash: row.codeHash,
  codeExpiresAt: row.codeExpiresAt,
  unsubscribeToken: row.unsubscribeToken,
  createdAt: row.createdAt,
  confirmedAt: row.confirmedAt,
  unsubscribedAt: row.unsubscribedAt,
});

export function createNewsletterStore({ db }: { db: Db }): NewsletterStore {
  const sqlite = db.$client;
  const s = newsletterSubscribers;
  const d = newsletterDeliveries;
  const one = (row: SubscriberRow | undefined) => (row ? toSubscriber(row) : undefined);
  const consent = (entry: typeof newsletterConsents.$inferInsert) =>
    void db.insert(newsletterConsents).values(entry).run();
  const setDelivery = (issueId: number, subscriberId: number, values: Partial<typeof d.$inferInsert>) =>
    void db
      .update(d)
      .set(values)
      .where(and(eq(d.issueId, issueId), eq(d.subscriberId, subscriberId)))
      .run();

  /*
   * One statement writes every recipient's row, so a crash leaves either all of them or the issue absent.
   * Active means they read or wrote in chat (messages, reactions, votes): a command alone, such as
   * subscribing itself, does not mean they saw the period's conversations.
   */
  const addRecipients = sqlite.prepare(`
    INSERT INTO newsletter_deliveries (issue_id, subscriber_id, status, attempts, message_id)
    SELECT @issue, s.id, 'pending', 0, '<newsletter.' || CAST(@issue AS INTEGER) || '.' || s.id || '@' || @domain || '>'
    FROM newsletter_subscribers s
    WHERE s.community_id = @community AND s.status = 'subscribed'
      AND NOT (CAST(@skipSince AS TEXT) IS NOT NULL AND s.member_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM member_days m
        WHERE m.community_id = s.community_id AND m.member_id = s.member_id AND m.day >= @skipSince
          AND (m.messages > 0 OR m.reactions > 0 OR m.votes > 0)))`);
  const dueRows = sqlite.prepare(`
    SELECT d.subscriber_id AS subscriberId, s.address, s.locale, s.status = 'subscribed' AS subscribed,
           s.unsubscribe_token AS unsubscribeToken, d.message_id AS messageId, d.status
    FROM newsletter_deliveries d JOIN newsletter_subscribers s ON s.id = d.subscriber_id
    WHERE d.issue_id = ? AND d.status IN ('pending', 'sending')
    ORDER BY d.subscriber_id LIMIT ?`);

  const sending = sqlite.prepare(
    "UPDATE newsletter_deliveries SET status = 'sending', attempts = attempts + 1 WHERE issue_id = ? AND subscriber_id = ?",
  );

  // A server that keeps refusing for a while (4xx) does not hold the issue open for ever.
  const retry = sqlite.prepare(`
    UPDATE newsletter_deliveries SET error = @error,
      status = CASE WHEN attempts >= ${MAX_ATTEMPTS} THEN 'failed' ELSE 'pending' END
    WHERE issue_id = @issue AND subscriber_id = @subscriber`);

  const toIssue = (row: typeof newsletterIssues.$inferSelect): Issue => ({
    id: row.id,
    period: row.period,
    subject: row.subject,
    textBody: row.textBody,
    htmlBody: row.htmlBody,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
  });

  return {
    byId: (id) => one(db.select().from(s).where(eq(s.id, id)).get()),
    byAddress: (communityId, address) =>
      one(
        db
          .select()
          .from(s)
          .where(and(eq(s.communityId, communityId), eq(s.address, address)))
          .get(),
      ),
    byMember: (communityId, memberId) =>
      one(
        db
          .select()
          .from(s)
          .where(and(eq(s.communityId, communityId), eq(s.memberId, memberId)))
          .orderBy(desc(s.createdAt), desc(s.id))
          .get(),
      ),
    byUnsubscribeToken: (token) => one(db.select().from(s).where(eq(s.unsubscribeToken, token)).get()),
    request: (communityId, r) =>
      transaction(db, () => {
        const existing = db
          .select()
          .from(s)
          .where(and(eq(s.communityId, communityId), eq(s.address, r.address)))
          .get();
        let id: number;
        if (existing) {
          id = existing.id;
          db.update(s)
            .set({
              memberId: r.memberId,
              locale: r.locale,
              codeHash: r.codeHash,
              codeExpiresAt: r.codeExpiresAt,
              // A re-request after a reset keeps a subscribed address subscribed; anything else waits for the new code.
              ...(existing.status === 'subscribed' ? {} : { status: 'pending' as const }),
              createdAt: r.at,
            })
            .where(eq(s.id, id))
            .run();
        } else {
          id = db
            .insert(s)
            .values({
              communityId,
              address: r.address,
              memberId: r.memberId,
              locale: r.locale,
              status: 'pending',
              codeHash: r.codeHash,
              codeExpiresAt: r.codeExpiresAt,
              unsubscribeToken: r.unsubscribeToken,
              createdAt: r.at,
            })
            .returning({ id: s.id })
            .get().id;
        }
        consent({
          subscriberId: id,
          communityId,
          kind: 'requested',
          at: r.at,
          source: r.source,
          address: r.address,
          wording: r.wording,
        });
        return toSubscriber(db.select().from(s).where(eq(s.id, id)).get()!);
      }),
    confirm: (subscriberId, at, source) =>
      transaction(db, () => {
        const row = db.select().from(s).where(eq(s.id, subscriberId)).get();
        if (!row || row.status !== 'pending') return false;
        db.update(s)
          .set({ status: 'subscribed', confirmedAt: at, codeHash: null, codeExpiresAt: null, unsubscribedAt: null })
          .where(eq(s.id, subscriberId))
          .run();
        const wording = db
          .select({ wording: newsletterConsents.wording })
          .from(newsletterConsents)
          .where(and(eq(newsletterConsents.subscriberId, subscriberId), eq(newsletterConsents.kind, 'requested')))
          .orderBy(desc(newsletterConsents.at), desc(newsletterConsents.id))
          .get()?.wording;
        consent({
          subscriberId,
          communityId: row.communityId,
          kind: 'confirmed',
          at,
          source,
          address: row.address,
          wording: wording ?? null,
        });
        return true;
      }),
    unsubscribe: (subscriberId, at, source) =>
      transaction(db, () => {
        const row = db.select().from(s).where(eq(s.id, subscriberId)).get();
        if (!row || row.status === 'unsubscribed') return false;
        db.update(s)
          .set({ status: 'unsubscribed', unsubscribedAt: at, codeHash: null, codeExpiresAt: null })
          .where(eq(s.id, subscriberId))
          .run();
        consent({
          subscriberId,
          communityId: row.communityId,
          kind: 'unsubscribed',
          at,
          source,
          address: row.address,
          wording: null,
        });
        return true;
      }),
    consents: (subscriberId) =>
      db
        .select({
          kind: newsletterConsents.kind,
          at: newsletterConsents.at,
          source: newsletterConsents.source,
          address: newsletterConsents.address,
          wording: newsletterConsents.wording,
        })
        .from(newsletterConsents)
        .where(eq(newsletterConsents.subscriberId, subscriberId))
        .orderBy(asc(newsletterConsents.at), asc(newsletterConsents.id))
        .all() satisfies ConsentEntry[],
    importList: (communityId, rows, at) =>
      transaction(db, () => {
        const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0 };
        for (const row of rows) {
          const existing = db
            .select()
            .from(s)
            .where(and(eq(s.communityId, communityId), eq(s.address, row.address)))
            .get();
          // An unsubscribe anywhere wins: an old export never re-subscribes someone who left.
          const status = existing?.status === 'unsubscribed' ? 'unsubscribed' : row.status;
          let id: number;
          if (!existing) {
            id = db
              .insert(s)
              .values({
                communityId,
                address: row.address,
                status,
                unsubscribeToken: row.unsubscribeToken,
                createdAt: row.consentAt,
                ...(status === 'subscribed' ? { confirmedAt: row.consentAt } : { unsubscribedAt: row.consentAt }),
              })
              .returning({ id: s.id })
              .get().id;
            summary.added++;
          } else if (existing.status === status) {
            summary.unchanged++;
            continue;
          } else {
            id = existing.id;
            db.update(s)
              .set(
                status === 'subscribed'
                  ? { status, confirmedAt: row.consentAt, codeHash: null, codeExpiresAt: null }
                  : { status, unsubscribedAt: row.consentAt },
              )
              .where(eq(s.id, id))
              .run();
            summary.updated++;
          }
          consent({
            subscriberId: id,
            communityId,
            kind: 'imported',
            at: row.consentAt,
            source: row.source,
            address: row.address,
            wording: row.wording,
          });
          if (status === 'unsubscribed')
            consent({
              subscriberId: id,
              communityId,
              kind: 'unsubscribed',
              at,
              source: row.source,
              address: row.address,
              wording: null,
            });
        }
        return summary;
      }),
    subscribedCount: (communityId) =>
      db
        .select({ n: count() })
        .from(s)
        .where(and(eq(s.communityId, communityId), eq(s.status, 'subscribed')))
        .get()!.n,
    issueFor: (communityId, period) => {
      const row = db
        .select()
        .from(newsletterIssues)
        .where(and(eq(newsletterIssues.communityId, communityId), eq(newsletterIssues.period, period)))
        .get();
      return row ? toIssue(row) : undefined;
    },
    createIssue: (communityId, draft) =>
      transaction(db, () => {
        const row = db
          .insert(newsletterIssues)
          .values({
            communityId,
            period: draft.period,
            subject: draft.subject,
            textBody: draft.textBody,
            htmlBody: draft.htmlBody,
            createdAt: draft.at,
          })
          .returning()
          .get();
        addRecipients.run({
          issue: row.id,
          community: communityId,
          domain: draft.messageIdDomain,
          skipSince: draft.skipActiveSince ?? null,
        });
        return toIssue(row);
      }),
    issue: (issueId) => {
      const row = db.select().from(newsletterIssues).where(eq(newsletterIssues.id, issueId)).get();
      return row ? toIssue(row) : undefined;
    },
    unfinishedIssues: (communityId) =>
      db
        .select()
        .from(newsletterIssues)
        .where(and(eq(newsletterIssues.communityId, communityId), isNull(newsletterIssues.completedAt)))
        .orderBy(asc(newsletterIssues.id))
        .all()
        .map(toIssue),
    due: (issueId, limit) =>
      (dueRows.all(issueId, limit) as (Omit<DueDelivery, 'subscribed'> & { subscribed: number })[]).map((r) => ({
        ...r,
        subscribed: r.subscribed === 1,
      })),
    markSending: (issueId, subscriberId) => void sending.run(issueId, subscriberId),
    markSent: (issueId, subscriberId, at) =>
      setDelivery(issueId, subscriberId, { status: 'sent', sentAt: at, error: null }),
    markFailed: (issueId, subscriberId, error) => setDelivery(issueId, subscriberId, { status: 'failed', error }),
    markRetry: (issueId, subscriberId, error) => void retry.run({ issue: issueId, subscriber: subscriberId, error }),
    counts: (issueId) => {
      const rows = db
        .select({ status: d.status, n: count() })
        .from(d)
        .where(eq(d.issueId, issueId))
        .groupBy(d.status)
        .all();
      const counts: DeliveryCounts = { pending: 0, sending: 0, sent: 0, failed: 0 };
      for (const row of rows) counts[row.status] = row.n;
      return counts;
    },
    complete: (issueId, at) =>
      void db.update(newsletterIssues).set({ completedAt: at }).where(eq(newsletterIssues.id, issueId)).run(),
  };
}

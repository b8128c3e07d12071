/**
 * The send loop of one issue. Every recipient's row exists before the first mail; each is
 * marked `sending` (committed) just before its SMTP transaction and `sent` right after the
 * server's 250. A run stopped anywhere resumes with the rows not `sent`: a `pending` row
 * was never handed to the server, and a `sending` row is the one mail that may or may not
 * have been accepted when the process died. That one is sent again with the same
 * Message-ID (at least once rather than perhaps never), so mail clients that group by
 * Message-ID show a single copy.
 */
import type { MailMessage, Mailer } from '../../core/ports.ts';
import type { DueDelivery, Issue, NewsletterStore } from './newsletter.store.ts';

/** Where each recipient's own part goes in an issue's bodies. */
export const PERSONAL = '{{personal}}';

/** The last marker is the footer's: member text above it that happens to hold the marker is left alone. */
export function replaceLast(body: string, marker: string, value: string): string {
  const at = body.lastIndexOf(marker);
  return at < 0 ? body : `${body.slice(0, at)}${value}${body.slice(at + marker.length)}`;
}

/** What one recipient's copy carries beyond the issue: their unsubscribe link and headers. */
export type PersonalPart = (delivery: DueDelivery) => { text: string; html: string; headers: Record<string, string> };

export interface BatchResult {
  sent: number;
  failed: number;
  retry: number;
  /** Rows still to send after this batch. */
  left: number;
}

/** Sends up to `limit` of the issue's remaining mails, one at a time, committing each outcome. */
export async function sendBatch(options: {
  store: NewsletterStore;
  mailer: Mailer;
  issue: Issue;
  limit: number;
  personal: PersonalPart;
  now: () => Date;
}): Promise<BatchResult> {
  const { store, mailer, issue } = options;
  const result: BatchResult = { sent: 0, failed: 0, retry: 0, left: 0 };
  for (const delivery of store.due(issue.id, options.limit)) {
    if (!delivery.subscribed) {
      // Unsubscribed after the issue was written: no copy.
      store.markFailed(issue.id, delivery.subscriberId, 'unsubscribed before sending');
      result.failed++;
      continue;
    }
    const part = options.personal(delivery);
    const mail: MailMessage = {
      to: delivery.address,
      subject: issue.subject,
      text: replaceLast(issue.textBody, PERSONAL, part.text),
      html: replaceLast(issue.htmlBody, PERSONAL, part.html),
      messageId: delivery.messageId,
      headers: part.headers,
    };
    store.markSending(issue.id, delivery.subscriberId);
    const outcome = await mailer.send(mail);
    if (outcome.accepted) {
      store.markSent(issue.id, delivery.subscriberId, options.now());
      result.sent++;
    } else if (outcome.permanent) {
      store.markFailed(issue.id, delivery.subscriberId, outcome.error.slice(0, 500));
      result.failed++;
    } else {
      // A temporary refusal (4xx, connection lost): the next batch tries again.
      store.markRetry(issue.id, delivery.subscriberId, outcome.error.slice(0, 500));
      result.retry++;
      break;
    }
  }
  const counts = store.counts(issue.id);
  result.left = counts.pending + counts.sending;
  if (result.left === 0) store.complete(issue.id, options.now());
  return result;
}

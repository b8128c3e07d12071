import { describe, expect, it } from 'vitest';
import type { MailMessage, MailOutcome, Mailer } from '../../src/core/ports.ts';
import { paragraph, rich, text } from '../../src/core/rich-text.ts';
import { readImport } from '../../src/features/newsletter/newsletter.import.ts';
import {
  hashCode,
  mailHtml,
  normaliseAddress,
  unsubscribeHeaders,
} from '../../src/features/newsletter/newsletter.logic.ts';
import { PERSONAL, replaceLast, sendBatch } from '../../src/features/newsletter/newsletter.send.ts';
import { openTestStorage } from '../support/postgres/database.ts';

describe('newsletter rules', () => {
  it('accepts real addresses, lower-cased, and says what is wrong with the others', () => {
    expect(normaliseAddress('  <Ana.Silva+news@Example.ORG> ')).toEqual({
      ok: true,
      address: 'ana.silva+news@example.org',
    });
    expect(normaliseAddress('ana')).toEqual({ ok: false, problem: 'no-at' });
    expect(normaliseAddress('ana@localhost')).toEqual({ ok: false, problem: 'domain' });
    expect(normaliseAddress('ana@1.2.3.4')).toEqual({ ok: false, problem: 'domain' });
    expect(normaliseAddress('a..b@example.org')).toEqual({ ok: false, problem: 'local-part' });
    expect(normaliseAddress('"a b"@example.org')).toEqual({ ok: false, problem: 'local-part' });
    expect(normaliseAddress(`${'a'.repeat(250)}@example.org`)).toEqual({ ok: false, problem: 'too-long' });
  });

  it('compares codes whatever the case, spaces or dashes', () => {
    expect(hashCode('abcd-2345')).toBe(hashCode('ABCD 2345'));
    expect(hashCode('ABCD2345')).not.toBe(hashCode('ABCD2346'));
  });

  it('builds RFC 8058 headers: one-click only with an https link', () => {
    expect(unsubscribeHeaders('https://g.test/u/k', 'leave@g.test')).toEqual({
      'List-Unsubscribe': '<https://g.test/u/k>, <mailto:leave@g.test?subject=unsubscribe>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribeHeaders(undefined, 'leave@g.test')).toEqual({
      'List-Unsubscribe': '<mailto:leave@g.test?subject=unsubscribe>',
    });
    expect(unsubscribeHeaders(undefined, undefined)).toEqual({});
  });

  it('escapes every text in the HTML part, and fills only the last personal marker', () => {
    const html = mailHtml(
      'en',
      '<t>',
      rich(paragraph(text(`<a href="x">hi</a> ' & ${PERSONAL}`)), paragraph(text(PERSONAL))),
    );
    expect(html).toContain('&lt;a href=&quot;x&quot;&gt;hi&lt;/a&gt; &#39; &amp; {{personal}}');
    expect(html).toContain('<title>&lt;t&gt;</title>');
    expect(replaceLast(`a ${PERSONAL} b ${PERSONAL}`, PERSONAL, 'X')).toBe(`a ${PERSONAL} b X`);
  });
});

/** A mailer whose answers the test decides: a real implementation of the port, no SMTP. */
function scriptedMailer(answers: MailOutcome[]): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    from: 'news@g.test',
    sent,
    async send(mail) {
      sent.push(mail);
      return answers.shift() ?? { accepted: true, response: '250 OK' };
    },
    async close() {},
  };
}

describe('the send loop', () => {
  it('marks a 5xx failed, retries a 4xx in the next batch (failed after 5 tries), and skips who unsubscribed meanwhile', async () => {
    const storage = openTestStorage();
    const store = storage.stores.newsletter;
    const csv = 'email,consent date\na@x.org,2026-01-01\nb@x.org,2026-01-01\nc@x.org,2026-01-01\nd@x.org,2026-01-01';
    const parsed = readImport(csv, 'l.csv');
    if (!parsed.ok) throw new Error('bad fixture');
    store.importList('g', parsed.rows, new Date());
    const issue = store.createIssue('g', {
      period: 'p',
      subject: 's',
      textBody: `t ${PERSONAL}`,
      htmlBody: `h ${PERSONAL}`,
      at: new Date(),
      messageIdDomain: 'g.test',
    });
    store.unsubscribe(store.byAddress('g', 'd@x.org')!.id, new Date(), 'web');
    const personal = () => ({ text: 'T', html: 'H', headers: {} });
    const mailer = scriptedMailer([
      { accepted: true, response: '250' },
      { accepted: false, permanent: true, error: '550 no such user' },
      { accepted: false, permanent: false, error: '421 busy' },
    ]);
    const first = await sendBatch({ store, mailer, issue, limit: 10, personal, now: () => new Date() });
    // The loop stops at a temporary refusal: the server asked to wait, so d waits too.
    expect(first).toEqual({ sent: 1, failed: 1, retry: 1, left: 2 });
    expect(mailer.sent.map((m) => [m.to, m.text])).toEqual([
      ['a@x.org', 't T'],
      ['b@x.org', 't T'],
      ['c@x.org', 't T'],
    ]);
    const second = await sendBatch({ store, mailer, issue, limit: 10, personal, now: () => new Date() });
    expect(second).toEqual({ sent: 1, failed: 1, retry: 0, left: 0 });
    expect(mailer.sent.map((m) => m.to)).not.toContain('d@x.org');
    expect(store.counts(issue.id)).toEqual({ pending: 0, sending: 0, sent: 2, failed: 2 });

    const busy = scriptedMailer(
      Array.from({ length: 10 }, () => ({ accepted: false, permanent: false, error: '421' }) as const),
    );
    const again = store.createIssue('g', {
      period: 'q',
      subject: 's',
      textBody: PERSONAL,
      htmlBody: PERSONAL,
      at: new Date(),
      messageIdDomain: 'g.test',
    });
    for (let i = 0; i < 5; i++)
      await sendBatch({ store, mailer: busy, issue: again, limit: 1, personal, now: () => new Date() });
    expect(store.counts(again.id).failed).toBe(1);
    storage.close();
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImport } from '../../src/features/newsletter/newsletter.import.ts';
import { openStorage } from '../../src/storage/index.ts';
import { ensureAiosmtpd } from '../support/smtp/install.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp/server.ts';

const smtp = await ensureAiosmtpd();
const CHILD = fileURLToPath(new URL('../support/smtp/send-child.ts', import.meta.url));
const RECIPIENTS = 1_000;
const COMMUNITY = 'garden';

function startSender(db: string, issue: number, port: number): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, db, String(issue), String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      if (code !== 0 && code !== null) console.error(stderr);
      resolve(code);
    }),
  );
  return { child, exited };
}

describe.skipIf('skip' in smtp && process.env['CI'] !== 'true')('an interrupted newsletter send', () => {
  let sink: SmtpSink;
  let folder: string;
  beforeAll(async () => {
    sink = await startSmtpSink((smtp as { python: string }).python);
    folder = mkdtempSync(join(tmpdir(), 'foyer-newsletter-'));
  }, 600_000);
  afterAll(async () => {
    await sink?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('killed with SIGKILL after some hundreds of 1,000 mails, resumes: nobody skipped, nobody mailed twice but the one in flight', async () => {
    const db = join(folder, 'foyer.sqlite');
    const storage = openStorage(db);
    const store = storage.stores.newsletter;
    const csv = [
      'Email Address,CONFIRM_TIME',
      ...Array.from({ length: RECIPIENTS }, (_, i) => `m${i}@example.org,2026-01-05 10:00:00`),
    ];
    const parsed = readImport(csv.join('\n'), 'list.csv');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    storage.atomically(() => store.importList(COMMUNITY, parsed.rows, new Date()));
    const issue = store.createIssue(COMMUNITY, {
      period: '2026-03-02..2026-03-09',
      subject: 'The Garden: the newsletter',
      textBody: 'Hello\n{{personal}}\n',
      htmlBody: '<p>Hello</p><p>{{personal}}</p>',
      at: new Date(),
      messageIdDomain: 'garden.test',
    });
    expect(store.counts(issue.id).pending).toBe(RECIPIENTS);
    storage.close();

    const first = startSender(db, issue.id, sink.port);
    await sink.waitForCount(300, 120_000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const atKill = sink.messages().length;
    expect(atKill).toBeGreaterThanOrEqual(300);
    expect(atKill).toBeLessThan(RECIPIENTS);

    // The one mail the dead process may have handed over without committing the server's answer.
    const check = openStorage(db);
    const inFlight = check.stores.newsletter.due(issue.id, RECIPIENTS).filter((d) => d.status === 'sending');
    const sentBefore = check.stores.newsletter.counts(issue.id).sent;
    check.close();
    expect(inFlight.length).toBeLessThanOrEqual(1);
    expect(sentBefore).toBeGreaterThanOrEqual(atKill - 1);

    const second = startSender(db, issue.id, sink.port);
    expect(await second.exited).toBe(0);

    const mails = sink.messages();
    const perRecipient = new Map<string, string[]>();
    for (const mail of mails)
      for (const to of mail.rcptTo)
        perRecipient.set(to, [...(perRecipient.get(to) ?? []), sink.header(mail, 'Message-ID')!]);
    // None skipped: every address got the issue.
    expect(perRecipient.size).toBe(RECIPIENTS);
    const twice = [...perRecipient].filter(([, ids]) => ids.length > 1);
    // Mailed twice: only the address in flight at the kill, if its mail had reached the server, and with the same Message-ID.
    expect(twice.map(([to]) => to)).toEqual(
      inFlight.filter((d) => twice.some(([to]) => to === d.address)).map((d) => d.address),
    );
    for (const [, ids] of twice) expect(new Set(ids).size).toBe(1);
    expect(mails.length).toBe(RECIPIENTS + twice.length);

    const after = openStorage(db);
    expect(after.stores.newsletter.counts(issue.id)).toEqual({ pending: 0, sending: 0, sent: RECIPIENTS, failed: 0 });
    const completedAt = after.stores.newsletter.issue(issue.id)!.completedAt!;
    // Retention: kept up to its period from the end of the send, then the issue and who got it go; the list stays.
    expect(after.retention.prune(COMMUNITY, 'sentNewsletters', { at: completedAt, day: '' })).toBe(0);
    expect(
      after.retention.prune(COMMUNITY, 'sentNewsletters', { at: new Date(completedAt.getTime() + 1), day: '' }),
    ).toBe(RECIPIENTS + 1);
    expect(after.stores.newsletter.issue(issue.id)).toBeUndefined();
    expect(after.stores.newsletter.subscribedCount(COMMUNITY)).toBe(RECIPIENTS);
    after.close();
    console.info(
      `[newsletter] killed after ${atKill} mails at the server (${sentBefore} committed sent, ${inFlight.length} in flight); ` +
        `resumed; ${mails.length} mails in all, ${twice.length} sent twice`,
    );
  }, 180_000);
});

/**
 * A separate process that sends one newsletter issue through the real send loop and SMTP
 * mailer, so a test can kill it with SIGKILL mid-send and start it again on the same
 * database: `send-child.ts DB_FILE ISSUE_ID SMTP_PORT`. Exits 0 once nothing is left.
 */
import { createMemoryLogger } from '../../../src/core/logger.ts';
import { createSmtpMailer } from '../../../src/adapters/email/smtp.mailer.ts';
import { sendBatch } from '../../../src/features/newsletter/newsletter.send.ts';
import { unsubscribeHeaders } from '../../../src/features/newsletter/newsletter.logic.ts';
import { openStorage } from '../../../src/storage/index.ts';

const [file, issueId, port] = process.argv.slice(2);
const storage = openStorage(file!);
const store = storage.stores.newsletter;
const mailer = createSmtpMailer({
  host: '127.0.0.1',
  port: Number(port),
  secure: false,
  requireTls: false,
  from: 'Garden <news@garden.test>',
  logger: createMemoryLogger(),
});
const issue = store.issue(Number(issueId))!;
for (;;) {
  const result = await sendBatch({
    store,
    mailer,
    issue,
    limit: 50,
    now: () => new Date(),
    personal: (d) => {
      const url = `https://garden.test/newsletter/unsubscribe/${d.unsubscribeToken}`;
      return { text: url, html: url, headers: unsubscribeHeaders(url, undefined) };
    },
  });
  if (result.left === 0) break;
}
await mailer.close();
storage.close();
process.stdout.write('DONE\n');

import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/adapters/email/smtp.mailer.ts';
import { FakeTime } from '../../src/core/fake-time.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { createWeb } from '../../src/web/start.ts';
import { Harness, START, testConfig } from '../support/harness.ts';
import { ensureAiosmtpd } from '../support/smtp/install.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../support/smtp/server.ts';
import { openTestStorage } from '../support/postgres/database.ts';

const smtp = await ensureAiosmtpd();

interface NewsletterBot {
  h: Harness;
  base: string;
  stop(): Promise<void>;
}

/** A test bot with the real web server on loopback and the real SMTP mailer pointed at aiosmtpd. */
async function startNewsletterBot(
  sink: SmtpSink,
  newsletter: Record<string, unknown> = {},
  locale = 'en',
): Promise<NewsletterBot> {
  const config = testConfig({
    community: { locale },
    features: {
      newsletter: {
        enabled: true,
        smtp: { host: sink.host, port: sink.port, requireTls: false, from: 'The Garden <news@garden.test>' },
        unsubscribeMailto: 'leave@garden.test',
        batchSize: 2,
        batchPause: '1m',
        ...newsletter,
      },
    },
  });
  const storage = openTestStorage();
  const time = new FakeTime(START);
  const logger = createMemoryLogger();
  const web = createWeb({
    config,
    storage,
    clock: time.clock,
    platform: 'console',
    logger,
    listen: { host: '127.0.0.1', port: 0 },
    secret: 'a-test-secret-that-is-long-enough-to-sign-links',
  });
  const base = await web.server.start();
  const mailer = createSmtpMailer({
    host: sink.host,
    port: sink.port,
    secure: false,
    requireTls: false,
    from: 'The Garden <news@garden.test>',
    logger,
  });
  const h = new Harness(config, time, storage, {
    metrics: web.metrics,
    ownPorts: { dashboardLinks: web.server.links!, webRoutes: web.server.routes!, mailer },
  });
  h.roles.set('mod', 'moderator');
  await h.boot();
  return {
    h,
    base,
    async stop() {
      await h.stop();
      await web.server.stop();
      await mailer.close();
    },
  };
}

const mailsTo = (sink: SmtpSink, address: string): ReceivedMail[] =>
  sink.messages().filter((m) => m.rcptTo.includes(address));

const linkIn = (mail: ReceivedMail, path: string): string => {
  const found = new RegExp(`https?://[^\\s"<>]+${path}/[A-Za-z0-9_.-]+`).exec(mail.text ?? '');
  if (!found) throw new Error(`no ${path} link in: ${mail.text}`);
  return found[0];
};

const codeIn = (mail: ReceivedMail): string => {
  const found = /newsletter confirm ([A-Z0-9]{8})/.exec(mail.text ?? '');
  if (!found) throw new Error(`no code in: ${mail.text}`);
  return found[1]!;
};

describe.skipIf('skip' in smtp && process.env['CI'] !== 'true')('the newsletter against a real SMTP server', () => {
  let sink: SmtpSink;
  let bot: NewsletterBot | undefined;
  beforeAll(async () => {
    sink = await startSmtpSink((smtp as { python: string }).python);
  }, 600_000);
  afterAll(() => sink?.stop());
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  it('sends a double opt-in mail whose link confirms on the real web server, with the consent recorded', async () => {
    bot = await startNewsletterBot(sink);
    const { h } = bot;
    await h.command('ana', '/newsletter subscribe Ana@Example.ORG');
    expect(h.lastReplyTo('ana')).toContain('Almost done: we sent a mail to ana@example.org.');
    expect(h.lastReplyTo('ana')).toContain(
      'I agree to receive the newsletter of The Garden by email at ana@example.org',
    );
    const [mail] = mailsTo(sink, 'ana@example.org');
    expect(mail!.mailFrom).toBe('news@garden.test');
    expect(sink.header(mail!, 'Subject')).toBe('Confirm your subscription to the The Garden newsletter');
    expect(mail!.html).toContain('<a href="http');
    const link = linkIn(mail!, '/newsletter/confirm');
    expect(link.startsWith(bot.base)).toBe(true);

    await h.command('ana', '/newsletter status');
    expect(h.lastReplyTo('ana')).toContain('Waiting for your confirmation: ana@example.org');

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('The newsletter of The Garden will come to ana@example.org.');
    await h.command('ana', '/newsletter status');
    expect(h.lastReplyTo('ana')).toMatch(/^You get the newsletter at ana@example.org \(since /);
    // Used once: the same link is refused afterwards.
    expect((await fetch(link)).status).toBe(404);

    const store = h.storage.stores.newsletter;
    const subscriber = store.byAddress(h.community, 'ana@example.org')!;
    const consents = store.consents(subscriber.id);
    expect(consents.map((c) => [c.kind, c.source])).toEqual([
      ['requested', 'chat:console:general'],
      ['confirmed', 'web'],
    ]);
    expect(consents[0]!.wording).toMatch(
      /^I agree to receive the newsletter of The Garden by email at ana@example.org/,
    );
    expect(consents[1]!.wording).toBe(consents[0]!.wording);

    await h.command('ana', '/mydata');
    const mydata = h.lastReplyTo('ana')!;
    expect(mydata).toContain('Newsletter: ana@example.org, subscribed.');
    expect(mydata).toContain('Consent, asked, on ');
    expect(mydata).toContain('from chat:console:general: I agree to receive');
    expect(mydata).toContain('Consent, confirmed, on ');
  });

  it('confirms with the code typed back in chat, refuses a wrong or expired code', async () => {
    bot = await startNewsletterBot(sink);
    const { h } = bot;
    await h.command('bea', '/newsletter subscribe bea@example.org');
    const code = codeIn(mailsTo(sink, 'bea@example.org').at(-1)!);
    await h.command('bea', '/newsletter confirm WRONG123');
    expect(h.lastReplyTo('bea')).toBe(
      'That code does not match. Check the latest confirmation mail, or ask again with /newsletter subscribe name@example.org',
    );
    await h.command('bea', `/newsletter confirm ${code.toLowerCase()}`);
    expect(h.lastReplyTo('bea')).toBe(
      'Confirmed: the newsletter will come to bea@example.org. To stop it: /newsletter unsubscribe',
    );

    await h.command('cleo', '/newsletter subscribe cleo@example.org');
    const late = codeIn(mailsTo(sink, 'cleo@example.org').at(-1)!);
    await h.advance('49h');
    await h.command('cleo', `/newsletter confirm ${late}`);
    expect(h.lastReplyTo('cleo')).toBe(
      'That code has expired. Ask for a new mail with /newsletter subscribe name@example.org',
    );
  });

  it('answers a bad address with what is wrong and a command that works as shown, in the member’s language', async () => {
    bot = await startNewsletterBot(sink);
    const { h } = bot;
    const before = sink.messages().length;
    await h.command('dan', '/newsletter subscribe dan.example.org');
    expect(h.lastReplyTo('dan')).toBe(
      '“dan.example.org” does not look like an email address (an address has one @ with a name before it and a domain after it). Type it like this: /newsletter subscribe name@example.org',
    );
    await h.command('dan', '/language fr');
    await h.command('dan', '/newsletter subscribe dan@localhost');
    expect(h.lastReplyTo('dan')).toBe(
      '« dan@localhost » ne ressemble pas à une adresse e-mail (la partie après le @ n’est pas un domaine comme exemple.fr). Tapez-la ainsi : /newsletter subscribe name@example.org',
    );
    expect(sink.messages().length).toBe(before);
  });

  it('mails an issue with RFC 8058 headers; a GET of the link unsubscribes nobody, the one-click POST does', async () => {
    bot = await startNewsletterBot(sink);
    const { h } = bot;
    for (const name of ['eva', 'finn', 'gus']) {
      await h.command(name, `/newsletter subscribe ${name}@example.org`);
      await h.command(name, `/newsletter confirm ${codeIn(mailsTo(sink, `${name}@example.org`).at(-1)!)}`);
    }
    // gus was in the chat this week: he saw it all, so he gets no copy.
    await h.post('gus', 'general', 'hello');
    await h.command('mod', '/newsletter send');
    expect(h.lastReplyTo('mod')).toMatch(/^Newsletter for .*: sending to 2 subscribers\.$/);
    await h.time.settle();
    // The batch is 2 mails: both went in the first batch.
    await h.advance('2m');
    const [issue] = mailsTo(sink, 'eva@example.org').filter((m) =>
      sink.header(m, 'Subject')?.includes('newsletter of'),
    );
    expect(issue).toBeDefined();
    expect(
      mailsTo(sink, 'gus@example.org').filter((m) => sink.header(m, 'Subject')?.includes('newsletter of')),
    ).toEqual([]);
    const token = h.storage.stores.newsletter.byAddress(h.community, 'eva@example.org')!.unsubscribeToken;
    const url = `${bot.base}/newsletter/unsubscribe/${token}`;
    expect(sink.header(issue!, 'List-Unsubscribe')).toBe(`<${url}>, <mailto:leave@garden.test?subject=unsubscribe>`);
    expect(sink.header(issue!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(issue!.text).toContain(`Unsubscribe: ${url}`);
    expect(issue!.html).toContain(`<a href="${url}">`);
    expect(sink.header(issue!, 'Message-ID')).toMatch(/^<newsletter\.1\.\d+@garden\.test>$/);

    // A scanner following the link: a page with a button, and nothing changes.
    const scanned = await fetch(url);
    expect(scanned.status).toBe(200);
    const html = await scanned.text();
    expect(html).toContain('<form method="post">');
    expect(scanned.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(h.storage.stores.newsletter.byAddress(h.community, 'eva@example.org')!.status).toBe('subscribed');

    const clicked = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(clicked.status).toBe(200);
    expect(await clicked.text()).toContain('No more newsletter mail to eva@example.org.');
    expect(h.storage.stores.newsletter.byAddress(h.community, 'eva@example.org')!.status).toBe('unsubscribed');

    // The same period again: not a second issue.
    await h.command('mod', '/newsletter send');
    expect(h.lastReplyTo('mod')).toMatch(/is already out or going out: 2 sent, 0 left\.$/);
  });

  it('sends an issue by itself on its schedule, once per period', async () => {
    bot = await startNewsletterBot(sink, { schedule: '0 9 * * 1' });
    const { h } = bot;
    await h.command('hana', '/newsletter subscribe hana@example.org');
    await h.command('hana', `/newsletter confirm ${codeIn(mailsTo(sink, 'hana@example.org').at(-1)!)}`);
    const issues = () =>
      mailsTo(sink, 'hana@example.org').filter((m) => sink.header(m, 'Subject')?.includes('newsletter of'));
    expect(issues()).toEqual([]);
    // START is Monday 09:00 UTC, past that day's 09:00 in Paris: the next slot is a week later.
    await h.advance('7d');
    await h.time.settle();
    expect(issues()).toHaveLength(1);
    // The moderator asking the same day finds the period's issue already out.
    await h.command('mod', '/newsletter send');
    expect(h.lastReplyTo('mod')).toMatch(/is already out or going out: 1 sent, 0 left\.$/);
    await h.advance('7d');
    await h.time.settle();
    expect(issues()).toHaveLength(2);
    expect(new Set(issues().map((m) => sink.header(m, 'Message-ID'))).size).toBe(2);
  });

  it('tells the period’s highlights, with a member’s hostile poll question inert in both parts', async () => {
    bot = await startNewsletterBot(sink);
    const { h } = bot;
    await h.command('iris', '/newsletter subscribe iris@example.org');
    await h.command('iris', `/newsletter confirm ${codeIn(mailsTo(sink, 'iris@example.org').at(-1)!)}`);
    await h.join('jo');
    await h.command('mod', '/poll <img src=x onerror=alert(1)> & "you"? | <b>yes</b> | <i>no</i> | for 1h');
    await h.command('jo', '/vote 1 1');
    await h.post('jo', 'general', 'first');
    await h.post('mod', 'general', 'second');
    await h.advance('2h');
    await h.command('mod', '/newsletter send');
    await h.advance('1m');
    const issue = mailsTo(sink, 'iris@example.org').find((m) => sink.header(m, 'Subject')?.includes('newsletter of'))!;
    expect(issue.text).toContain('1 new member joined: welcome!');
    expect(issue.text).toMatch(
      /Poll “<img src=x onerror=alert\(1\)> & "you"\?”: <(b>yes<\/b|i>no<\/i)> came first \(1 voter\)/,
    );
    expect(issue.text).toContain('Lively: #general, 2 messages from 2 people');
    expect(issue.html).toMatch(/Poll “&lt;img src=x onerror=alert\(1\)&gt; &amp; &quot;you&quot;\?”: &lt;(b|i)&gt;/);
    expect(issue.html).not.toMatch(/<(img|b|i)[ >]/);
    // Nobody active in the period got a copy: jo and mod are not subscribers, iris only typed commands.
    expect(h.storage.stores.newsletter.counts(1)).toEqual({ pending: 0, sending: 0, sent: 1, failed: 0 });
  });

  it('unsubscribes in chat, and erasure removes the address and its consent trail', async () => {
    bot = await startNewsletterBot(sink);
    const { h } = bot;
    await h.command('hana', '/newsletter subscribe hana@example.org');
    await h.command('hana', `/newsletter confirm ${codeIn(mailsTo(sink, 'hana@example.org').at(-1)!)}`);
    await h.command('hana', '/newsletter unsubscribe');
    expect(h.lastReplyTo('hana')).toBe('Done: no more newsletter mail to hana@example.org.');
    await h.command('hana', '/newsletter status');
    expect(h.lastReplyTo('hana')).toMatch(/^You unsubscribed hana@example.org on /);

    const summary = h.storage.erasure.eraseMember(h.community, h.member('hana'), 'hana', h.time.now());
    expect(summary.removed['newsletter_subscribers']).toBe(1);
    expect(summary.removed['newsletter_consents']).toBe(3);
    expect(h.storage.stores.newsletter.byAddress(h.community, 'hana@example.org')).toBeUndefined();
    await h.command('hana', '/newsletter status');
    expect(h.lastReplyTo('hana')).toBe(
      'You are not on the newsletter list. To subscribe: /newsletter subscribe name@example.org',
    );
  });

  it('speaks French to a French community, in chat and in the mail', async () => {
    bot = await startNewsletterBot(sink, {}, 'fr');
    const { h } = bot;
    await h.command('ines', '/newsletter subscribe ines@example.org');
    expect(h.lastReplyTo('ines')).toContain('Presque fini : un e-mail est parti vers ines@example.org.');
    const mail = mailsTo(sink, 'ines@example.org').at(-1)!;
    expect(sink.header(mail, 'Subject')).toBe('Confirmez votre abonnement à la lettre de The Garden');
    expect(mail.text).toContain('Ou tapez ceci dans la discussion : /newsletter confirm ');
    const page = await fetch(linkIn(mail, '/newsletter/confirm'));
    expect(await page.text()).toContain('La lettre d’information de The Garden arrivera à ines@example.org.');
  });
});

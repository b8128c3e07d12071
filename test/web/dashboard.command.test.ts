import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.ts';
import { startWebBot, type WebBot } from './web-harness.ts';

let bot: WebBot | undefined;
let plain: Harness | undefined;
afterEach(async () => {
  await bot?.stop();
  await plain?.stop();
  bot = plain = undefined;
});

const LINK = /http:\/\/127\.0\.0\.1:\d+\/dashboard\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

describe('/dashboard', () => {
  it('gives a moderator, privately, a link that opens the dashboard', async () => {
    bot = await startWebBot();
    bot.h.roles.set('mia', 'moderator');
    await bot.h.command('mia', '/dashboard');
    const reply = bot.h.sent.at(-1)!;
    expect(reply.kind).toBe('reply');
    expect(reply.private).toBe(true);
    expect(reply.text).toMatch(
      /^Your private link to the dashboard of The Garden: http:\/\/127\.0\.0\.1:\d+\/dashboard\/\S+ — it works until /,
    );
    expect(reply.mentions).toEqual([]);
    const link = LINK.exec(reply.text)![0];
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('<h1>The Garden: community health</h1>');
  });

  it('is refused to members, before any link is made', async () => {
    bot = await startWebBot();
    await bot.h.command('alice', '/dashboard');
    const reply = bot.h.lastReplyTo('alice') ?? '';
    expect(reply).not.toMatch(LINK);
    expect(reply).toMatch(/moderator/i);
  });

  it('says how to turn the dashboard on when there is no web server', async () => {
    plain = await Harness.start();
    plain.roles.set('mia', 'moderator');
    await plain.command('mia', '/dashboard');
    expect(plain.lastReplyTo('mia')).toBe(
      'The web dashboard is not turned on: an admin sets web.listen (and web.publicUrl) in the configuration, then restarts Foyer.',
    );
  });
});

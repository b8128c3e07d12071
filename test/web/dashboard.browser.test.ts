/**
 * The dashboard in a real headless Chromium (Debian's `chromium`, driven by playwright-core:
 * no browser is downloaded). It must show the seeded community's figures, draw every chart,
 * refuse forged, expired and other-community links, break no CSP rule, and make no request
 * that leaves loopback. The run writes screenshots under data/screenshots/.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkSigner } from '../../src/web/links.ts';
import { SEEDED, seedCommunity } from './seed.ts';
import { startWebBot, type WebBot } from './web-harness.ts';

const CHROMIUM = process.env['FOYER_CHROMIUM'] ?? '/usr/bin/chromium';
const SECRET = 'a test secret that is long enough for HMAC-SHA256!';
const SHOTS = 'data/screenshots';

let bot: WebBot;
let browser: Browser;
let link: string;

interface Visit {
  page: Page;
  status: number | undefined;
  requests: string[];
  console: string[];
}

/** Opens `url` in a fresh context that records every request and console message, and lets only loopback through. */
async function visit(url: string, locale = 'en-GB'): Promise<Visit & { context: BrowserContext }> {
  const context = await browser.newContext({ locale });
  const requests: string[] = [];
  const messages: string[] = [];
  await context.route('**/*', (route) => {
    const target = route.request().url();
    requests.push(target);
    return target.startsWith(`${bot.base}/`) ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  const response = await page.goto(url, { waitUntil: 'load' });
  return { context, page, status: response?.status(), requests, console: messages };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is needed for the dashboard test and is not at ${CHROMIUM}: install Debian's package with "apt-get install -y chromium" (.ci/run does), or set FOYER_CHROMIUM to its path`,
    );
  // A database file, as in production: the page is computed in the dashboard's worker thread.
  bot = await startWebBot({ features: { health: { enabled: true } } }, { secret: SECRET, file: true });
  await seedCommunity(bot);
  await bot.h.command('mia', '/dashboard');
  const reply = bot.h.lastReplyTo('mia') ?? '';
  link = /http:\/\/127\.0\.0\.1:\d+\/dashboard\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(reply)?.[0] ?? '';
  expect(link, reply).not.toBe('');
  // Root has no user namespace sandbox in most containers; the page runs no script anyway.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await bot?.stop();
});

describe('the dashboard in headless Chromium', () => {
  it('shows the seeded KPI numbers and draws every chart, with local assets only and no CSP violation', async () => {
    const { context, page, status, requests, console: messages } = await visit(link);
    expect(status).toBe(200);
    const tile = (metric: string) => page.locator(`.kpi[data-metric="${metric}"] .kpi-value`).textContent();
    expect(await tile('members')).toBe(SEEDED.members);
    expect(await tile('dau')).toBe(SEEDED.dau);
    expect(await tile('wau')).toBe(SEEDED.wau);
    expect(await tile('mau')).toBe(SEEDED.mau);
    expect(await page.locator('h1').textContent()).toBe('The Garden: community health');

    // Five charts, each an SVG drawn on the server with marks for its data.
    const charts = page.locator('figure.chart');
    expect(await charts.count()).toBe(5);
    for (const metric of ['funnel', 'cohorts', 'activity', 'growth', 'response']) {
      const marks = page.locator(`figure.chart[data-chart="${metric}"] svg g.role-mark > *`);
      expect(await marks.count(), metric).toBeGreaterThan(0);
      const box = await page.locator(`figure.chart[data-chart="${metric}"] svg`).boundingBox();
      expect(box!.width, metric).toBeGreaterThan(100);
    }
    // The funnel's first bar is the 5 members who joined.
    expect(await page.locator('figure.chart[data-chart="funnel"] svg').textContent()).toContain('5 · 100%');

    // Goals, baseline and the open reports (counts only).
    expect(await page.locator('table.goals tbody tr').count()).toBe(1);
    expect(await page.locator('table.goals').textContent()).toContain('Newcomers feel welcome enough to speak up');
    expect(await page.locator('#baseline + p').textContent()).toMatch(/^Taken on /);
    const reportRow = (severity: string) =>
      page.locator(`table.reports tr[data-severity="${severity}"] td`).allTextContents();
    expect(await reportRow('high')).toEqual(['0', '0', '0', '1', '1']);
    expect(await reportRow('medium')).toEqual(['0', '1', '0', '0', '1']);

    // Aggregates only: no member's name anywhere on the page.
    const text = (await page.locator('body').textContent()) ?? '';
    for (const name of ['alice', 'bruno', 'chloe', 'david', 'emma', 'mia']) expect(text).not.toContain(name);

    // The style sheet is applied (so it was served and allowed), and nothing was refused.
    expect(await page.evaluate("getComputedStyle(document.querySelector('.kpi')).backgroundColor")).toBe(
      'rgb(255, 255, 255)',
    );
    expect(messages.filter((m) => /Content Security Policy|Refused to/i.test(m))).toEqual([]);
    expect(messages.filter((m) => m.startsWith('error') || m.startsWith('pageerror'))).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.filter((r) => !r.startsWith(`${bot.base}/`))).toEqual([]);

    const shot = `${SHOTS}/dashboard-en.png`;
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    await context.close();
  }, 60_000);

  it('speaks the viewer’s language: French from Accept-Language', async () => {
    const { context, page, status } = await visit(link, 'fr-FR');
    expect(status).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe('The Garden : santé de la communauté');
    expect(await page.locator('.kpi[data-metric="members"] .kpi-label').textContent()).not.toBe('');
    expect(await page.locator('figure.chart[data-chart="funnel"] figcaption').textContent()).toMatch(/activation/i);
    await page.screenshot({ path: `${SHOTS}/dashboard-fr.png`, fullPage: true });
    await context.close();
  }, 60_000);

  it('refuses a forged link, another community’s link and an expired link with 403', async () => {
    const [payload, mac] = link.split('/dashboard/')[1]!.split('.') as [string, string];
    const flipped = `${mac.slice(0, -2)}${mac.at(-2) === 'A' ? 'B' : 'A'}${mac.at(-1)}`;
    const forged = await visit(`${bot.base}/dashboard/${payload}.${flipped}`);
    expect(forged.status).toBe(403);
    expect(await forged.page.locator('body').textContent()).toContain('The link is not one Foyer signed');
    expect(await forged.page.locator('.kpi').count()).toBe(0);
    await forged.context.close();

    // Signed with the right secret, but for another community.
    const other = new LinkSigner(Buffer.from(SECRET), bot.h.time.clock).sign('another-garden', 'en', 3_600_000);
    const elsewhere = await visit(`${bot.base}/dashboard/${other.token}`);
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.page.locator('body').textContent()).toContain('another community');
    await elsewhere.context.close();

    // The link lives 24 hours (web.linkLifetime's default).
    await bot.h.advance('24h');
    const expired = await visit(link);
    expect(expired.status).toBe(403);
    expect(await expired.page.locator('body').textContent()).toContain('The link has expired.');
    expect(await expired.page.locator('body').textContent()).toContain('/dashboard');
    await expired.context.close();
  }, 60_000);
});

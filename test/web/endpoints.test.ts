import { z } from 'zod';
import { defineCommand } from '../../src/core/commands.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { fail } from '../../src/core/result.ts';
import { defineFeature } from '../../src/features/define.ts';
import { FEATURES } from '../../src/features/index.ts';
import { parsePrometheusText, sampleValue } from './prometheus-text.ts';
import { startWebBot, type WebBot } from './web-harness.ts';

let bot: WebBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const readyz = async (b: WebBot) => {
  const response = await b.get('/readyz');
  return {
    status: response.status,
    body: (await response.json()) as { status: string; checks: { name: string; ok: boolean; reason?: string }[] },
  };
};

const scrape = async (b: WebBot) => {
  const response = await b.get('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
};

/** A feature whose message handler and command always throw: what a bug in a feature looks like. */
const broken = defineFeature({
  id: 'broken',
  description: 'throws on every message',
  needs: [] as const,
  config: () => ({}),
  setup: () => ({
    commands: [
      defineCommand({
        name: 'broken',
        description: 'command.help.description',
        args: z.object({}),
        role: 'member',
        run: async () => {
          throw new Error('a bug in a command');
        },
      }),
    ],
    on: {
      'message.posted': async () => {
        throw new Error('a bug');
      },
    },
  }),
});

describe('web endpoints over real HTTP on loopback', () => {
  it('/healthz answers alive, with the security headers on every response', async () => {
    bot = await startWebBot();
    const response = await bot.get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'alive' });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await bot.get('/no-such-page')).status).toBe(404);
  });

  it('/readyz is ready, then not ready with the reason while the database refuses writes', async () => {
    bot = await startWebBot();
    expect(await readyz(bot)).toEqual({
      status: 200,
      body: {
        status: 'ready',
        checks: [
          { name: 'platform', ok: true },
          { name: 'database', ok: true },
          { name: 'scheduler', ok: true },
        ],
      },
    });
    bot.db.$client.pragma('query_only = ON');
    const refused = await readyz(bot);
    expect(refused.status).toBe(503);
    expect(refused.body.status).toBe('not ready');
    expect(refused.body.checks.find((c) => c.name === 'database')).toEqual({
      name: 'database',
      ok: false,
      reason: 'the database refused a write (SQLITE_READONLY)',
    });
    bot.db.$client.pragma('query_only = OFF');
    expect((await readyz(bot)).status).toBe(200);
    // The probe's write was always rolled back: nothing of it is kept.
    expect(
      bot.db.$client.prepare("SELECT count(*) AS n FROM key_value WHERE namespace = 'foyer.readiness'").get(),
    ).toEqual({ n: 0 });
  });

  it('/readyz is not ready while the platform connection is down, and ready again when it is back', async () => {
    bot = await startWebBot();
    // What an adapter reports when its gateway or sync connection drops, then resumes.
    bot.web.metrics.connectionChanged('console', false, 'gateway closed (code 1006)');
    const down = await readyz(bot);
    expect(down.status).toBe(503);
    expect(down.body.checks[0]).toEqual({
      name: 'platform',
      ok: false,
      reason: 'console not connected: gateway closed (code 1006)',
    });
    bot.web.metrics.connectionChanged('console', true);
    expect((await readyz(bot)).status).toBe(200);
    // A stopped bot is disconnected too.
    await bot.h.bot.stop();
    const stopped = await readyz(bot);
    expect(stopped.status).toBe(503);
    expect(stopped.body.checks[0]!.reason).toBe('console not connected: Foyer stopped');
    const families = await scrape(bot);
    expect(sampleValue(families, 'foyer_platform_connected')).toBe(0);
  });

  it('/readyz is not ready when a due task waits longer than web.maxSchedulerLag', async () => {
    bot = await startWebBot({ web: { maxSchedulerLag: '1m' } });
    // Stopped, the scheduler no longer runs what falls due: the task below waits, as in a stall.
    await bot.h.bot.stop();
    bot.web.metrics.connectionChanged('console', true);
    bot.h.storage.scheduler.addTask({ kind: 'welcome.flush-burst', key: 'k', dueAt: bot.h.time.now(), payload: null });
    await bot.h.advance('30s');
    expect((await readyz(bot)).status).toBe(200);
    await bot.h.advance('2m');
    const late = await readyz(bot);
    expect(late.status).toBe(503);
    expect(late.body.checks[2]).toEqual({
      name: 'scheduler',
      ok: false,
      reason: 'the oldest due task has waited 150 s (more than 60 s)',
    });
    const families = await scrape(bot);
    expect(sampleValue(families, 'foyer_scheduler_lag_seconds')).toBe(150);
    expect(sampleValue(families, 'foyer_scheduler_due_tasks')).toBe(1);
  });

  it('/metrics parses as Prometheus text and its counters move as the bot handles events', async () => {
    bot = await startWebBot({}, { features: [...FEATURES, broken] });
    const before = await scrape(bot);
    for (const name of [
      'foyer_events_handled_total',
      'foyer_handler_errors_total',
      'foyer_sends_total',
      'foyer_sends_failed_total',
      'foyer_rate_limits_total',
      'foyer_scheduler_lag_seconds',
      'foyer_scheduler_due_tasks',
      'foyer_db_write_batch_seconds',
      'foyer_activity_buffered',
      'foyer_platform_connected',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(before.has(name), name).toBe(true);
    expect(before.get('foyer_db_write_batch_seconds')!.type).toBe('histogram');
    expect(sampleValue(before, 'foyer_events_handled_total', { type: 'member.joined' })).toBe(0);

    await bot.h.join('alice');
    await bot.h.join('bruno');
    await bot.h.post('alice', 'general', 'hello');
    await bot.h.post('bruno', 'general', 'hi');
    const middle = await scrape(bot);
    expect(sampleValue(middle, 'foyer_events_handled_total', { type: 'member.joined' })).toBe(2);
    expect(sampleValue(middle, 'foyer_events_handled_total', { type: 'message.posted' })).toBe(2);
    expect(sampleValue(middle, 'foyer_handler_errors_total', { feature: 'broken' })).toBe(2);
    // Every send the platform took is counted (the welcomes), and both messages still wait in the activity buffer.
    const sends = sampleValue(middle, 'foyer_sends_total', { platform: 'console' });
    expect(sends).toBeGreaterThan(0);
    expect(sends).toBe(bot.h.sent.length);
    expect(sampleValue(middle, 'foyer_activity_buffered')).toBe(2);
    expect(sampleValue(middle, 'foyer_db_write_batch_seconds_count')).toBe(0);

    bot.h.platform.failSends = fail('rate-limited', 'slow down');
    await bot.h.join('chloe');
    await bot.h.advance('1h'); // chloe's welcome goes out once the join burst window closes
    bot.h.platform.failSends = undefined;
    bot.h.roles.set('mia', 'moderator');
    await bot.h.command('mia', '/mydata'); // reads every feature's data: the buffer is written first
    const after = await scrape(bot);
    expect(sampleValue(after, 'foyer_sends_failed_total', { platform: 'console', kind: 'rate-limited' })).toBe(1);
    expect(sampleValue(after, 'foyer_rate_limits_total', { platform: 'console' })).toBe(1);
    // The refused send is counted as a send too, and the /mydata reply as one more.
    expect(sampleValue(after, 'foyer_sends_total', { platform: 'console' })).toBe(bot.h.sent.length + 1);
    expect(bot.h.sent.length).toBeGreaterThan(sends);
    expect(sampleValue(after, 'foyer_activity_buffered')).toBe(0);
    expect(sampleValue(after, 'foyer_db_write_batch_seconds_count')).toBe(1);
    expect(sampleValue(after, 'foyer_db_write_rows_total')).toBe(2);
    expect(sampleValue(after, 'foyer_events_handled_total', { type: 'command.invoked' })).toBe(1);
    await bot.h.command('alice', '/broken');
    const failed = await scrape(bot);
    expect(sampleValue(failed, 'foyer_handler_errors_total', { feature: 'broken' })).toBe(3);
  });

  it('routes mounted by a feature are served, with the same headers; none can be added once started', async () => {
    bot = await startWebBot(
      {},
      {
        routes: [
          {
            method: 'GET',
            path: '/newsletter/confirm/:token',
            handle: (request, params) =>
              new Response(`confirmed ${params['token']} via ${new URL(request.url).pathname}`),
          },
          {
            method: 'POST',
            path: '/newsletter/unsubscribe/:token',
            handle: async (request, params) => new Response(`unsubscribed ${params['token']}: ${await request.text()}`),
          },
        ],
      },
    );
    const confirm = await bot.get('/newsletter/confirm/abc');
    expect(await confirm.text()).toBe('confirmed abc via /newsletter/confirm/abc');
    expect(confirm.headers.get('referrer-policy')).toBe('no-referrer');
    const unsubscribe = await fetch(`${bot.base}/newsletter/unsubscribe/xyz`, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
    });
    expect(await unsubscribe.text()).toBe('unsubscribed xyz: List-Unsubscribe=One-Click');
    expect(() => bot!.web.server.mount({ method: 'GET', path: '/late', handle: () => new Response('late') })).toThrow(
      /after the web server started/,
    );
  });
});

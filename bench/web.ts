/**
 * The web face under load: 1,000 dashboard requests over real HTTP on loopback while
 * member events keep flowing through `bot.handle`, and the bot's event-loop delay
 * (monitorEventLoopDelay, 1 ms resolution) over that time. Baseline in the same run: the
 * same event flow with no dashboard request. Target: event-loop delay p99 under 50 ms.
 * The dashboard page is recomputed every minute of community time; the clock moves one
 * minute every 100 requests, so the load includes ten full recomputations per language.
 * Never asserted.
 *
 *   BENCH_WEB_REQUESTS     dashboard requests (default 1000)
 *   BENCH_WEB_MEMBERS      members of the seeded community (default 2000)
 *   BENCH_WEB_CONCURRENCY  requests in flight at once (default 8)
 *   BENCH_WEB_DAILY        messages a day over the 12 seeded weeks (default 300)
 *   BENCH_WEB_EVENTS_PER_TICK  messages delivered every 10 ms while measuring (default 5)
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createConsoleAdapter } from '../src/adapters/console/console.adapter.ts';
import { createBot } from '../src/bot.ts';
import { parseConfig } from '../src/config/load.ts';
import type { FoyerEvent } from '../src/core/events.ts';
import { FakeTime } from '../src/core/fake-time.ts';
import { channelId, communityId, eventId, memberId, messageId } from '../src/core/ids.ts';
import { createLogger } from '../src/core/logger.ts';
import { FEATURES } from '../src/features/index.ts';
import { openStorage } from '../src/storage/index.ts';
import { createWeb } from '../src/web/start.ts';
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { now, prng, table, tempDatabase } from './support.ts';

const TARGET_P99_MS = 50;
const PER_TICK = positiveInt(process.env.BENCH_WEB_EVENTS_PER_TICK, 5);
const DAY = 86_400_000;

function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive integer, got "${raw}"`);
  return n;
}

interface Delay {
  p50: number;
  p99: number;
  max: number;
}

function benchConfig(path: string) {
  const example = parse(readFileSync('config/community.example.yaml', 'utf8')) as Record<string, unknown>;
  const features = example['features'] as Record<string, Record<string, unknown>>;
  // Only the figures matter here: no welcome bursts or scheduled posts competing with them.
  features['quietQuestions']!['channels'] = [];
  features['calendar']!['entries'] = [];
  const loaded = parseConfig('bench.yaml', stringify({ ...example, database: { path }, templates: {} }), {});
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  return loaded.value.config;
}

export async function runWebBench(): Promise<void> {
  const requests = positiveInt(process.env.BENCH_WEB_REQUESTS, 1000);
  const members = positiveInt(process.env.BENCH_WEB_MEMBERS, 2000);
  const concurrency = positiveInt(process.env.BENCH_WEB_CONCURRENCY, 8);
  const daily = positiveInt(process.env.BENCH_WEB_DAILY, 300);
  const tmp = tempDatabase('web');
  const config = benchConfig(tmp.file);
  const storage = openStorage(tmp.file);
  const start = new Date(Date.UTC(2026, 0, 5, 9));
  const time = new FakeTime(start);
  // Errors only, and shown: a bench whose bot fails is not measuring what it says.
  const logger = createLogger(
    (r) => process.stderr.write(`${r.message} ${String(r.fields['error'] ?? '')}\n`),
    'error',
  );
  const community = communityId(config.community.id);
  const adapter = createConsoleAdapter({
    community,
    write: () => {},
    now: () => time.now(),
    advance: (ms) => time.advance(ms),
    channels: Object.keys(config.channels),
    roles: config.roles.console,
    sessionId: 'bench-web',
  });
  const web = createWeb({
    config,
    storage,
    clock: time.clock,
    platform: 'console',
    logger,
    listen: { host: '127.0.0.1', port: 0 },
  });
  await web.server.start();
  const links = web.server.links!;
  const bot = createBot({
    config,
    adapter,
    storage,
    clock: time.clock,
    waker: time,
    logger,
    features: FEATURES,
    metrics: web.metrics,
    ownPorts: { dashboardLinks: links },
  });
  await bot.start();

  let n = 0;
  const random = prng(14);
  const message = (at: Date): FoyerEvent => {
    const who = `m${Math.floor(random() * members)}`;
    n++;
    return {
      type: 'message.posted',
      id: eventId('console', `e${n}`),
      community,
      at,
      author: { id: memberId('console', who), displayName: who },
      channel: channelId('console', 'general'),
      message: messageId('console', `msg${n}`),
      text: 'hello',
    };
  };
  // Twelve weeks of a community: everyone joins over the first four, `daily` posts a day.
  const seeded = now();
  for (let i = 0; i < members; i++) {
    const at = new Date(start.getTime() + Math.floor((i / members) * 28 * DAY));
    await bot.handle({
      type: 'member.joined',
      id: eventId('console', `j${i}`),
      community,
      at,
      member: { id: memberId('console', `m${i}`), displayName: `m${i}` },
      hasPhoto: i % 3 === 0,
    });
  }
  for (let day = 0; day < 84; day++)
    for (let k = 0; k < daily; k++) await bot.handle(message(new Date(start.getTime() + day * DAY + k * 1000)));
  await time.advance(84 * DAY);
  storage.activity.flush();
  const seedMs = now() - seeded;

  /** Events keep arriving as from a busy platform: a few messages every 10 ms. */
  const flow = () => {
    let handled = 0;
    const timer = setInterval(() => {
      for (let k = 0; k < PER_TICK; k++) void bot.handle(message(time.now())).then(() => handled++);
    }, 10);
    return { stop: () => (clearInterval(timer), handled) };
  };

  const measure = async (work: () => Promise<void>): Promise<{ delay: Delay; ms: number; handled: number }> => {
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const events = flow();
    histogram.enable();
    const t0 = now();
    await work();
    const ms = now() - t0;
    histogram.disable();
    const handled = events.stop();
    const toMs = (ns: number) => ns / 1e6;
    return {
      delay: { p50: toMs(histogram.percentile(50)), p99: toMs(histogram.percentile(99)), max: toMs(histogram.max) },
      ms,
      handled,
    };
  };

  const tokens = { en: links.issue('en').url, fr: links.issue('fr').url };
  let sent = 0;
  let failed = 0;
  let bytes = 0;
  const began = now();
  const load = async () => {
    const worker = async () => {
      while (sent < requests) {
        const i = sent++;
        // Every 100 requests a minute passes: the page is computed again, as it is live.
        if (i > 0 && i % 100 === 0) await time.advance(60_000);
        const response = await fetch(i % 2 === 0 ? tokens.en : tokens.fr).catch((e: unknown) => {
          throw new Error(`request ${i} at ${(now() - began).toFixed(0)} ms: ${String((e as Error).cause)}`);
        });
        const body = await response.text();
        bytes += body.length;
        if (response.status !== 200 || !body.includes('class="kpi"')) failed++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };

  const idle = await measure(async () => {
    const until = now() + 2000;
    while (now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  });
  const loaded = await measure(load);
  await bot.stop();
  await web.server.stop();
  storage.close();
  tmp.dispose();

  const row = (label: string, r: { delay: Delay; ms: number; handled: number }) => [
    label,
    r.delay.p50.toFixed(1),
    r.delay.p99.toFixed(1),
    r.delay.max.toFixed(1),
    (r.handled / (r.ms / 1000)).toFixed(0),
  ];
  process.stdout.write(
    `\nweb: ${members.toLocaleString('en-US')} members, 12 weeks of activity (seeded in ${(seedMs / 1000).toFixed(1)} s); ` +
      `${requests} dashboard requests, ${concurrency} in flight, messages flowing at ${PER_TICK * 100}/s\n\n` +
      `${table(
        ['measurement', 'loop delay p50 ms', 'p99 ms', 'max ms', 'events/s'],
        [row('baseline: events only, no requests (2 s)', idle), row(`${requests} dashboard requests`, loaded)],
      )}\n\n` +
      `dashboard: ${(requests / (loaded.ms / 1000)).toFixed(0)} requests/s, ${failed} failed, ` +
      `${(bytes / requests / 1024).toFixed(0)} KiB per page\n` +
      `web event-loop delay p99 under load: ${loaded.delay.p99.toFixed(1)} ms  (target < ${TARGET_P99_MS} ms)\n`,
  );
}

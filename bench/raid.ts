/**
 * Under a raid, on Discord: Foyer (the real bot, real features, real discord.js adapter,
 * SQLite in a temp file) against the fake Discord (test/support/fake-discord) with
 * Discord's real REST limits modelled (5 messages per 5 s per channel, 50 requests/s
 * global, the invalid-request count). The scenario: 500 joins within 3 minutes (five
 * bursts of 50 in one second, the rest spread out), 2,000 member messages and 200 slash
 * commands from members, spread over the same minutes. It prints the figures against the
 * issue's targets; it asserts nothing about them.
 *
 * Time: by default the scenario's timeline is compressed by BENCH_RAID_COMPRESS (default
 * 6: the 3 minutes of joins, messages and commands arrive in 30 s), while Discord's limits,
 * Foyer's welcome pace (6 s) and every timer stay real, so the raid is harsher than the
 * real one and grouped welcomes drain after it. BENCH_RAID_REALTIME=1 plays it in real
 * time (3 minutes).
 *
 *   BENCH_RAID_JOINS     newcomers (default 500: 250 in five bursts of 50 within one second, 250 spread out)
 *   BENCH_RAID_MESSAGES  member messages (default 2000)
 *   BENCH_RAID_COMMANDS  slash commands (default 200)
 *   BENCH_RAID_MEMBERS   members already there (default 2000)
 *   BENCH_RAID_COMPRESS  timeline compression factor (default 6; 1 = real time)
 *   BENCH_RAID_REALTIME  1: real time, whatever BENCH_RAID_COMPRESS says
 *   BENCH_RAID_DEBUG     set: also print when each welcome message reached the fake
 *
 * Foyer and the fake share this process, so the event-loop delay and RSS include the
 * fake's own work: they are upper bounds for Foyer's.
 *
 * Run alone: `npm exec -- tsx bench/raid.ts`; `npm run bench` runs it with the others.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { Client } from 'discord.js';
import { createDiscordAdapter } from '../src/adapters/discord/discord.adapter.ts';
import { createBot } from '../src/bot.ts';
import { channelUses, discordNeeds } from '../src/config/channel-uses.ts';
import { systemClock } from '../src/core/clock.ts';
import { communityId } from '../src/core/ids.ts';
import { createLogger } from '../src/core/logger.ts';
import { createNodeCronWaker } from '../src/core/node-cron-waker.ts';
import { FEATURES } from '../src/features/index.ts';
import { openStorage } from '../src/storage/index.ts';
import {
  generateMembers,
  snowflakeAt,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedRequest,
} from '../test/support/fake-discord/index.ts';
import { testConfig } from '../test/support/harness.ts';
import { prng, table, tempDatabase } from './support.ts';

const GUILD = snowflakeAt('2021-03-04T10:00:00Z');
const GENERAL = snowflakeAt('2021-03-04T10:00:01Z');
const WELCOME = snowflakeAt('2021-03-04T10:00:02Z');
const INTRO = snowflakeAt('2021-03-04T10:00:03Z');
const MOD_ROLE = snowflakeAt('2021-03-04T10:00:04Z');
const MODERATORS = snowflakeAt('2021-03-04T10:00:05Z');
const OWNER = snowflakeAt('2020-01-01T00:00:00Z');
const MESSAGES = 'POST /channels/:channelId/messages';
const SCENARIO_MS = 180_000;
const BURST = 50;
const BURSTS = 5;
/** Foyer's default welcome pace (welcome.config.ts). */
const WELCOME_PACE_MS = 6_000;
/** The command members type during the raid, and what each one asks of Foyer. */
const COMMANDS = ['onboarding', 'help'] as const;

const TARGETS = {
  welcomesPer5s: 1,
  global429: 0,
  invalid: 0,
  ackP99Ms: 1_000,
  loopP99Ms: 50,
};

function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive integer, got "${raw}"`);
  return n;
}

type Step =
  | { at: number; kind: 'join'; name: string }
  | { at: number; kind: 'message'; channel: string }
  | { at: number; kind: 'command'; command: (typeof COMMANDS)[number] };

interface Sizes {
  joins: number;
  messages: number;
  commands: number;
  members: number;
  compress: number;
}

/**
 * The raid's timeline (scenario milliseconds): up to five bursts of 50 joins within one
 * second each, spread over the three minutes, the other joins, the messages and the
 * commands at random moments of the same minutes. Deterministic (a seeded PRNG).
 */
export function plan(sizes: Sizes): Step[] {
  const random = prng(0x4a1d);
  const steps: Step[] = [];
  const inBursts = Math.min(sizes.joins, BURST * BURSTS, Math.floor(sizes.joins / 2));
  const bursts = Math.max(1, Math.ceil(inBursts / BURST));
  let joined = 0;
  for (let b = 0; b < bursts && joined < inBursts; b++) {
    const start = ((b + 0.5) * SCENARIO_MS) / bursts - 500;
    for (let i = 0; i < BURST && joined < inBursts; i++, joined++)
      steps.push({ at: start + (i * 1_000) / BURST, kind: 'join', name: `raider${joined}` });
  }
  for (; joined < sizes.joins; joined++)
    steps.push({ at: random() * SCENARIO_MS, kind: 'join', name: `raider${joined}` });
  const channels = [GENERAL, INTRO, WELCOME];
  for (let i = 0; i < sizes.messages; i++)
    steps.push({ at: random() * SCENARIO_MS, kind: 'message', channel: channels[Math.floor(random() * 3)]! });
  for (let i = 0; i < sizes.commands; i++)
    steps.push({ at: random() * SCENARIO_MS, kind: 'command', command: COMMANDS[i % COMMANDS.length]! });
  return steps.sort((a, b) => a.at - b.at);
}

export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** The most requests within any `windowMs` (a sliding window over their arrival times). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** Who a welcome message pings: the users its allowed_mentions lets through. */
const mentionedIn = (r: RecordedRequest): string[] =>
  (r.body as { allowed_mentions?: { users?: string[] } }).allowed_mentions?.users ?? [];

async function startFoyer(discord: FakeDiscord, databaseFile: string) {
  const config = testConfig({
    channels: { general: GENERAL, welcome: WELCOME, introductions: INTRO, moderators: MODERATORS },
    roles: { discord: { moderatorRoles: [MOD_ROLE], adminRoles: [] } },
    database: { path: databaseFile },
  });
  const errors: string[] = [];
  const logger = createLogger((r) => {
    if (r.level === 'error') errors.push(`${r.message} ${JSON.stringify(r.fields)}`);
  }, 'info');
  const storage = openStorage(databaseFile);
  const waker = createNodeCronWaker((error) => errors.push(`scheduled work failed: ${String(error)}`));
  const adapter = createDiscordAdapter({
    token: discord.token,
    guildId: GUILD,
    community: communityId(config.community.id),
    roles: config.roles.discord,
    commandScope: 'guild',
    keyValue: storage.keyValue,
    logger,
    clock: systemClock,
    rest: { api: discord.restUrl },
    channels: channelUses(config),
    ...discordNeeds(config),
  });
  const bot = createBot({ config, adapter, storage, clock: systemClock, waker, logger, features: FEATURES });
  await bot.start();
  await discord.waitForRequest((r) => r.route.startsWith('PUT /applications/:applicationId/guilds/:guildId/commands'), {
    timeoutMs: 15_000,
  });
  return {
    client: (adapter as { client: Client }).client,
    errors,
    async stop() {
      await bot.stop();
      waker.stopAll();
      storage.close();
    },
  };
}

export interface RaidFigures {
  greeted: number;
  greetedTwice: number;
  joins: number;
  welcomeMessages: number;
  maxWelcomesPer5s: number;
  route429: number;
  global429: number;
  invalid: number;
  ackP50: number;
  ackP99: number;
  ackMax: number;
  timedOut: number;
  loopP99: number;
  loopMax: number;
  members: number;
  users: number;
  rss: number;
  raidMs: number;
  greetedAfterMs: number;
}

async function runRaid(sizes: Sizes): Promise<RaidFigures> {
  const discord = await startFakeDiscord({
    guild: { id: GUILD, name: 'The Garden', ownerId: OWNER },
    channels: [
      { id: GENERAL, name: 'general' },
      { id: WELCOME, name: 'welcome' },
      { id: INTRO, name: 'introductions' },
      { id: MODERATORS, name: 'moderators' },
    ],
    roles: [{ id: MOD_ROLE, name: 'Moderators' }],
    heartbeatIntervalMs: 30_000,
    replayBufferSize: 64,
    rateLimits: true,
  });
  discord.seedMembers(generateMembers(sizes.members, { withAvatarsEvery: 3 }));
  const database = tempDatabase('raid');
  const foyer = await startFoyer(discord, database.file);
  try {
    const steps = plan(sizes);
    const random = prng(0x5eed);
    const regulars = [...discord.state.members.keys()].filter((id) => id !== discord.state.bot.id);
    const newcomers: string[] = [];
    const interactions: Promise<{ createdAt: number; at?: number; timedOut: boolean }>[] = [];
    const author = () =>
      newcomers.length > 0 && random() < 0.3
        ? newcomers[Math.floor(random() * newcomers.length)]!
        : regulars[Math.floor(random() * regulars.length)]!;

    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const began = Date.now();
    for (const step of steps) {
      const wait = began + step.at / sizes.compress - Date.now();
      if (wait > 1) await sleep(wait);
      if (step.kind === 'join') newcomers.push(discord.addMember({ username: step.name }).user.id);
      else if (step.kind === 'message')
        discord.postMessage({ channelId: step.channel, authorId: author(), content: 'hello everyone' });
      else
        interactions.push(
          discord
            .interaction({ type: 'chatInput', commandName: step.command, userId: author(), channelId: GENERAL })
            .then((r) => ({ createdAt: r.createdAt, at: r.callback?.at, timedOut: r.timedOut })),
        );
    }
    const raidMs = Date.now() - began;
    // Grouped welcomes drain at one message per pace after the (compressed) raid.
    const welcomePosts = () =>
      discord.requestsTo(MESSAGES, { succeeded: true }).filter((r) => r.params['channelId'] === WELCOME);
    const everyoneGreeted = () => {
      const greeted = new Set(welcomePosts().flatMap(mentionedIn));
      return newcomers.every((id) => greeted.has(id));
    };
    const drainLimit = Date.now() + (sizes.joins / 10 + 6) * WELCOME_PACE_MS;
    while (Date.now() < drainLimit && !everyoneGreeted()) await sleep(1_000);
    const greetedAfterMs = Date.now() - began;
    loop.disable();
    const answered = await Promise.all(interactions);

    if (process.env.BENCH_RAID_DEBUG)
      process.stdout.write(
        welcomePosts()
          .map((r) => `${r.at - began} ms: ${mentionedIn(r).length} names\n`)
          .join(''),
      );
    const counts = new Map<string, number>();
    for (const r of welcomePosts()) for (const id of mentionedIn(r)) counts.set(id, (counts.get(id) ?? 0) + 1);
    const acks = answered.filter((a) => a.at !== undefined).map((a) => a.at! - a.createdAt);
    const guild = foyer.client.guilds.cache.get(GUILD);
    if (foyer.errors.length > 0)
      process.stdout.write(`warning: Foyer logged ${foyer.errors.length} errors, first: ${foyer.errors[0]}\n`);
    return {
      greeted: newcomers.filter((id) => counts.has(id)).length,
      greetedTwice: newcomers.filter((id) => (counts.get(id) ?? 0) > 1).length,
      joins: newcomers.length,
      welcomeMessages: welcomePosts().length,
      maxWelcomesPer5s: maxInWindow(
        welcomePosts().map((r) => r.at),
        5_000,
      ),
      route429: discord.rateLimitStats.route,
      global429: discord.rateLimitStats.global,
      invalid: discord.invalidRequests,
      ackP50: percentile(acks, 50),
      ackP99: percentile(acks, 99),
      ackMax: Math.max(...acks),
      timedOut: answered.filter((a) => a.timedOut).length,
      loopP99: loop.percentile(99) / 1e6,
      loopMax: loop.max / 1e6,
      members: guild?.members.cache.size ?? 0,
      users: foyer.client.users.cache.size,
      rss: process.memoryUsage().rss,
      raidMs,
      greetedAfterMs,
    };
  } finally {
    await foyer.stop();
    await discord.close();
    database.dispose();
  }
}

const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

/** Runs the raid and prints its figures against the targets. */
export async function runRaidBench(): Promise<RaidFigures> {
  const realtime = process.env.BENCH_RAID_REALTIME === '1';
  const sizes: Sizes = {
    joins: positiveInt(process.env.BENCH_RAID_JOINS, 500),
    messages: positiveInt(process.env.BENCH_RAID_MESSAGES, 2_000),
    commands: positiveInt(process.env.BENCH_RAID_COMMANDS, 200),
    members: positiveInt(process.env.BENCH_RAID_MEMBERS, 2_000),
    compress: realtime ? 1 : positiveInt(process.env.BENCH_RAID_COMPRESS, 6),
  };
  process.stdout.write(
    `\nraid (discord): ${sizes.joins} joins (bursts of up to ${BURST} in one second), ${sizes.messages} messages, ` +
      `${sizes.commands} slash commands over 3 scenario minutes, played ${sizes.compress === 1 ? 'in real time' : `${sizes.compress}x faster (${(SCENARIO_MS / sizes.compress / 1000).toFixed(0)} s)`}; ` +
      `guild of ${sizes.members} members; Discord's limits modelled by the fake (5 messages/5 s per channel, 50 requests/s); ` +
      `Foyer and the fake in one process; node ${process.version}\n`,
  );
  const f = await runRaid(sizes);
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  process.stdout.write(
    `\n${table(
      ['figure', 'measured', 'target', ''],
      [
        [
          'newcomers greeted (none twice)',
          `${f.greeted}/${f.joins} (${f.greetedTwice} twice)`,
          'all, none twice',
          verdict(f.greeted === f.joins && f.greetedTwice === 0),
        ],
        [
          'welcome messages (most in any 5 s)',
          `${f.welcomeMessages} (${f.maxWelcomesPer5s})`,
          `<= ${TARGETS.welcomesPer5s} per 5 s`,
          verdict(f.maxWelcomesPer5s <= TARGETS.welcomesPer5s),
        ],
        ['global 429s', String(f.global429), String(TARGETS.global429), verdict(f.global429 === TARGETS.global429)],
        ['route 429s', String(f.route429), '', ''],
        ['invalid requests (401/403/429)', String(f.invalid), String(TARGETS.invalid), verdict(f.invalid === 0)],
        [
          'interaction ack p50 / p99 / max',
          `${ms(f.ackP50)} / ${ms(f.ackP99)} / ${ms(f.ackMax)}`,
          `p99 <= ${TARGETS.ackP99Ms} ms`,
          verdict(f.ackP99 <= TARGETS.ackP99Ms && f.timedOut === 0),
        ],
        ['interactions timed out (3 s)', String(f.timedOut), '0', ''],
        [
          'event-loop delay p99 / max',
          `${f.loopP99.toFixed(1)} ms / ${f.loopMax.toFixed(1)} ms`,
          `p99 < ${TARGETS.loopP99Ms} ms`,
          verdict(f.loopP99 < TARGETS.loopP99Ms),
        ],
        ['members / users in cache at the end', `${f.members} / ${f.users}`, 'bounded', ''],
        ['rss (Foyer + fake)', `${(f.rss / 1024 / 1024).toFixed(1)} MiB`, '', ''],
        [
          'raid played in / everyone greeted after',
          `${(f.raidMs / 1000).toFixed(1)} s / ${(f.greetedAfterMs / 1000).toFixed(1)} s`,
          '',
          '',
        ],
      ],
    )}\n`,
  );
  return f;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runRaidBench().catch((error: unknown) => {
    process.stderr.write(
      `raid bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}

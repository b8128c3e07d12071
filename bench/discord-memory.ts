/**
 * Discord client memory: resident memory of Foyer's discord.js client against a
 * default-configured discord.js Client, after the same stream from the fake Discord
 * (test/support/fake-discord): a large guild's member list as the gateway delivers it
 * (GUILD_MEMBERS_CHUNK of 1000 after op 8, then GUILD_MEMBER_ADD events) and many
 * MESSAGE_CREATE events. It prints the figures and the ratio; it asserts nothing about them.
 *
 * Each client runs in its own child process (bench/discord-memory-child.ts), so its RSS is
 * free of the fake server's memory; each measurement gets a fresh fake Discord. An idle
 * child (discord.js logged in to an empty guild) shows the fixed overhead.
 *
 *   BENCH_DISCORD_MEMBERS   members in the guild at the end (default 100000); 90% are there
 *                           before the client connects and come as member chunks, 10% join
 *                           while it runs (GUILD_MEMBER_ADD)
 *   BENCH_DISCORD_MESSAGES  MESSAGE_CREATE events (default 200000), over 3 channels
 *   BENCH_DISCORD_RUNS      measurements per kind, interleaved; medians are printed (default 3)
 *   BENCH_DISCORD_PRELOADS  `--import=…` preloads for every child alike (default none; see PRELOADS)
 *   BENCH_DISCORD_COMPILE_CACHE  0 to run every child without Node's compile cache (default: on for all
 *                           alike, as `npm start` runs Foyer; see COMPILE_CACHE)
 *   BENCH_DISCORD_CHILD_FLAGS  the V8 flags of every child alike (default: those `npm start` gives Foyer,
 *                           read from package.json); e.g. "" for Node's defaults, "--max-semi-space-size=8"
 *
 * Two RSS figures per client: after global.gc() twice (the headline: what the process holds
 * then), and after one more, memory-reducing collection, which also returns the free pages
 * V8 keeps pooled after a burst of allocation (what is live).
 *
 * Run alone: `npx tsx bench/discord-memory.ts`; `npm run bench` runs it after the activity bench.
 */
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  generateMembers,
  startFakeDiscord,
  type FakeDiscord,
  type FakeDispatch,
} from '../test/support/fake-discord/index.ts';
import type { ChildKind, ChildMessage, ChildSnapshot, ParentMessage } from './discord-memory-child.ts';
import { median, prng, table } from './support.ts';
import { foyerRuntimeFlags } from './runtime-flags.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const CHILD = join(HERE, 'discord-memory-child.ts');
/** What we hope for, printed next to the ratio; not asserted. */
const TARGET = 1 / 3;
const CHANNELS = ['general', 'welcome', 'introductions'];
/**
 * The V8 flags of every child, the same for all (a flag only Foyer got would measure the flag, not
 * Foyer): `npm start`'s (package.json) unless BENCH_DISCORD_CHILD_FLAGS says otherwise.
 */
const CHILD_FLAGS = (process.env.BENCH_DISCORD_CHILD_FLAGS ?? foyerRuntimeFlags().join(' '))
  .split(' ')
  .filter((f) => f !== '');

/**
 * Modules every child preloads alike (`--import=…`), none by default. `npm start` preloads
 * scripts/runtime.mjs: its compile cache spares a restart the type stripper (about 17 MiB here, for
 * every kind), but its module hook slows discord.js's own lazy `require()` calls in the default
 * client's hot paths (its stream takes about 3.5 times as long, and it then holds far less), so
 * it would measure the hook rather than the clients. Try it with
 * BENCH_DISCORD_PRELOADS=--import=./scripts/runtime.mjs.
 */
const PRELOADS = (process.env.BENCH_DISCORD_PRELOADS ?? '').split(' ').filter((f) => f !== '');
/**
 * Node's compile cache for every child alike (a folder of this run's own), as `npm start` turns it
 * on: after the warm-up child filled it, no child strips TypeScript or loads the stripper (a
 * WebAssembly module whose memory grows with the code it stripped and never shrinks), so each
 * child holds what a restarted Foyer holds rather than what a first start after an edit holds.
 * BENCH_DISCORD_COMPILE_CACHE=0 measures without it (every child strips its TypeScript afresh).
 */
const COMPILE_CACHE = process.env.BENCH_DISCORD_COMPILE_CACHE !== '0';
const CHILD_ENV: NodeJS.ProcessEnv = COMPILE_CACHE
  ? { ...process.env, NODE_COMPILE_CACHE: mkdtempSync(join(tmpdir(), 'foyer-bench-compile-cache-')) }
  : { ...process.env, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: '1' };
const EXEC_ARGV = [
  '--expose-gc',
  '--experimental-strip-types',
  '--disable-warning=ExperimentalWarning',
  ...PRELOADS,
  ...CHILD_FLAGS,
];

/** Fills the compile cache before anything is measured, as Foyer's first start does for every later one. */
async function warmCompileCache(): Promise<void> {
  if (PRELOADS.length === 0 && !COMPILE_CACHE) return;
  const child = fork(CHILD, ['warm'], {
    cwd: ROOT,
    env: CHILD_ENV,
    execArgv: EXEC_ARGV,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`warm-up child exited (${code})`)))),
  );
}

function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive integer, got "${raw}"`);
  return n;
}

interface Sizes {
  /** Members there before the client connects (delivered as member chunks). */
  seeded: number;
  /** Members who join while it runs (GUILD_MEMBER_ADD). */
  joining: number;
  messages: number;
}

interface Measurement {
  kind: ChildKind;
  fetchedMembers: number;
  afterFetch: ChildSnapshot;
  final: ChildSnapshot;
  rssReduced: number;
  seenMembers: number;
  seenMessages: number;
  /** From the first dispatch to the child seeing the last event (informational only). */
  streamMs: number;
}

function startDiscord(seeded: number): Promise<FakeDiscord> {
  return startFakeDiscord({
    guild: { name: 'Memory Bench' },
    channels: CHANNELS.map((name) => ({ name })),
    heartbeatIntervalMs: 30_000,
    memberChunkSize: 1_000,
    // No resume happens here, so the fake need not keep 5000 sent dispatches per session.
    replayBufferSize: 64,
  }).then((discord) => {
    // Accounts with an avatar now and then, joined over three years; none has a role or nickname.
    if (seeded > 0) discord.seedMembers(generateMembers(seeded, { withAvatarsEvery: 4 }));
    return discord;
  });
}

/** GUILD_MEMBER_ADD for each newcomer, added to the fake's state as it goes (as `addMember` does). */
function* memberAdds(discord: FakeDiscord, count: number): Generator<FakeDispatch> {
  const newcomers = generateMembers(count, { prefix: 'newcomer', overDays: 1, endAt: Date.now(), withAvatarsEvery: 4 });
  for (const m of newcomers) {
    const record = discord.state.addMemberRecord(m);
    yield { t: 'GUILD_MEMBER_ADD', d: { ...discord.state.memberPayload(record), guild_id: discord.guildId } };
  }
}

/**
 * MESSAGE_CREATE payloads as Discord sends them to a bot (author, the author's member,
 * guild_id), by members chosen at random with a skew toward a core of regulars, over the
 * three channels. Built lazily: the parent never holds the whole stream.
 */
function* messages(discord: FakeDiscord, count: number): Generator<FakeDispatch> {
  const authors = [...discord.state.members.keys()].filter((id) => id !== discord.state.bot.id);
  const channels = CHANNELS.map((name) => discord.channelId(name));
  const random = prng(0xd15c);
  for (let i = 0; i < count; i++) {
    // Half the messages from the first 2% of members (regulars), half from anyone.
    const pool = random() < 0.5 ? Math.max(1, Math.floor(authors.length / 50)) : authors.length;
    const authorId = authors[Math.floor(random() * pool)]!;
    const channelId = channels[Math.floor(random() * channels.length)]!;
    yield {
      t: 'MESSAGE_CREATE',
      d: discord.messagePayload({ channelId, authorId, content: `message ${i} from ${authorId}` }),
    };
  }
}

async function measure(kind: ChildKind, sizes: Sizes): Promise<Measurement> {
  const idle = kind === 'idle';
  const discord = await startDiscord(idle ? 0 : sizes.seeded);
  const child = fork(CHILD, [kind, discord.restUrl, discord.token, discord.guildId], {
    cwd: ROOT,
    env: CHILD_ENV,
    // Node's own type stripping, as `npm start` runs Foyer, and the same V8 flags for every kind.
    execArgv: EXEC_ARGV,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: ChildMessage[] = [];
  let wake: (() => void) | undefined;
  let exited: string | undefined;
  child.on('message', (m: ChildMessage) => {
    inbox.push(m);
    wake?.();
  });
  child.on('exit', (code, signal) => {
    exited = `child ${kind} exited (${signal ?? code})`;
    wake?.();
  });
  const receive = async <T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> => {
    for (;;) {
      const m = inbox.shift();
      if (m?.type === 'error') throw new Error(`child ${kind}: ${m.message}`);
      if (m?.type === type) return m as Extract<ChildMessage, { type: T }>;
      if (m) throw new Error(`child ${kind}: expected ${type}, got ${m.type}`);
      if (exited) throw new Error(`${exited} while waiting for ${type}`);
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const tell = (m: ParentMessage) => child.send(m);

  try {
    const fetched = await receive('fetched');
    const joining = idle ? 0 : sizes.joining;
    const count = idle ? 0 : sizes.messages;
    const began = Date.now();
    // Members first (they are then known authors too), then the messages. The fake waits for
    // the socket to drain above 1 MiB queued, so the client sets the pace.
    if (joining > 0) await discord.dispatchMany(memberAdds(discord, joining), { remember: false });
    if (count > 0) await discord.dispatchMany(messages(discord, count), { remember: false });
    tell({ type: 'expect', members: joining, messages: count });
    const report = await receive('report');
    tell({ type: 'exit' });
    await new Promise<void>((resolve) => (exited ? resolve() : child.once('exit', () => resolve())));
    return {
      kind,
      fetchedMembers: fetched.fetchedMembers,
      afterFetch: fetched.snapshot,
      final: report.snapshot,
      rssReduced: report.rssReduced,
      seenMembers: report.seenMembers,
      seenMessages: report.seenMessages,
      streamMs: report.seenAt - began,
    };
  } finally {
    if (!exited) child.kill();
    await discord.close();
  }
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const count = (n: number) => n.toLocaleString('en-US');
const medianOf = <T>(items: readonly T[], f: (item: T) => number): number => median(items.map(f));

const LABEL: Record<ChildKind, string> = {
  idle: 'idle: discord.js logged in, empty guild',
  foyer: "foyer: Foyer's adapter (its cache options)",
  default: 'default: discord.js Client, default caches',
};

/** Runs the measurements and prints the table and the ratio. Returns the ratio (medians of RSS). */
export async function runDiscordMemoryBench(): Promise<number> {
  const began = performance.now();
  const total = positiveInt(process.env.BENCH_DISCORD_MEMBERS, 100_000);
  const runs = positiveInt(process.env.BENCH_DISCORD_RUNS, 3);
  const joining = Math.max(total >= 10 ? 1 : 0, Math.round(total / 10));
  const sizes: Sizes = {
    seeded: total - joining,
    joining,
    messages: positiveInt(process.env.BENCH_DISCORD_MESSAGES, 200_000),
  };
  process.stdout.write(
    `\ndiscord memory: guild of ${count(sizes.seeded + joining)} members (${count(sizes.seeded)} fetched as GUILD_MEMBERS_CHUNKs of 1000 after op 8, ` +
      `${count(joining)} GUILD_MEMBER_ADD), then ${count(sizes.messages)} MESSAGE_CREATE over ${CHANNELS.length} channels; ` +
      `each client in its own process (node --expose-gc with type stripping${PRELOADS.length ? `, ${PRELOADS.join(' ')} as npm start` : ''}; ` +
      `V8 flags for all alike: ${CHILD_FLAGS.length ? CHILD_FLAGS.join(' ') : "none, Node's defaults"}), fresh fake Discord each; ` +
      `median of ${runs} interleaved runs; node ${process.version}\n`,
  );

  const results: Measurement[] = [];
  // Interleaved, so drift (other load) hits every kind alike.
  await warmCompileCache();
  for (let run = 0; run < runs; run++)
    for (const kind of ['idle', 'foyer', 'default'] as const) results.push(await measure(kind, sizes));
  const of = (kind: ChildKind) => results.filter((r) => r.kind === kind);

  const rows = (['idle', 'foyer', 'default'] as const).map((kind) => {
    const rs = of(kind);
    const rss = rs.map((r) => r.final.rss);
    return [
      LABEL[kind],
      mib(median(rss)),
      rs.length > 1 ? `${mib(Math.min(...rss))}–${mib(Math.max(...rss))}` : '',
      mib(medianOf(rs, (r) => r.final.heapUsed)),
      mib(medianOf(rs, (r) => r.final.external)),
      mib(medianOf(rs, (r) => r.rssReduced)),
      mib(medianOf(rs, (r) => r.afterFetch.rss)),
      mib(medianOf(rs, (r) => r.final.maxRss)),
      count(medianOf(rs, (r) => r.final.membersInCache)),
      count(medianOf(rs, (r) => r.final.usersInCache)),
      count(medianOf(rs, (r) => r.final.messagesInCache)),
      `${count(medianOf(rs, (r) => r.seenMembers))} + ${count(medianOf(rs, (r) => r.seenMessages))}`,
      (medianOf(rs, (r) => r.streamMs) / 1000).toFixed(1),
    ];
  });
  process.stdout.write(
    `\n${table(
      [
        'kind',
        'rss MiB',
        'rss range',
        'heapUsed MiB',
        'external MiB',
        'rss reduced',
        'rss after fetch',
        'peak rss',
        'members in cache',
        'users in cache',
        'messages in cache',
        'events seen',
        'stream s',
      ],
      rows,
    )}\n\n` +
      `rss: after global.gc() twice; rss reduced: after one more, memory-reducing GC (drops the free pages V8 keeps pooled);\n` +
      `rss after fetch: once the member list was in, before the stream; peak rss: the process's maximum.\n\n`,
  );
  for (const r of results) {
    if (r.kind !== 'idle' && r.fetchedMembers < sizes.seeded)
      process.stdout.write(
        `warning: ${r.kind} fetched only ${count(r.fetchedMembers)} of ${count(sizes.seeded)} members\n`,
      );
  }
  const rssOf = (kind: ChildKind) => medianOf(of(kind), (r) => r.final.rss);
  const reducedOf = (kind: ChildKind) => medianOf(of(kind), (r) => r.rssReduced);
  const ratio = rssOf('foyer') / rssOf('default');
  const reducedRatio = reducedOf('foyer') / reducedOf('default');
  const overIdle = (f: (kind: ChildKind) => number) =>
    `foyer +${mib(f('foyer') - f('idle'))} MiB, default +${mib(f('default') - f('idle'))} MiB`;
  process.stdout.write(`above the idle child: rss ${overIdle(rssOf)}; rss reduced ${overIdle(reducedOf)}\n`);
  process.stdout.write(`discord memory (rss reduced): foyer / default = ${reducedRatio.toFixed(2)}\n`);
  process.stdout.write(`discord memory bench took ${((performance.now() - began) / 1000).toFixed(1)} s\n`);
  process.stdout.write(
    `discord memory: foyer rss / default rss = ${ratio.toFixed(2)} (target <= ${TARGET.toFixed(2)})\n`,
  );
  return ratio;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runDiscordMemoryBench().catch((error: unknown) => {
    process.stderr.write(
      `discord memory bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}

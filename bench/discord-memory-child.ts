/**
 * One client of the Discord memory benchmark, in its own process so its resident memory is
 * its own (the fake Discord lives in the parent). Spawned by bench/discord-memory.ts:
 *
 *   node --expose-gc --import tsx bench/discord-memory-child.ts <kind> <restUrl> <token> <guildId>
 *   (kind "warm": only loads the modules, so the parent fills the compile cache before measuring)
 *
 * kind:
 *  - idle:    a default discord.js Client (Foyer's intents) logged in to an empty guild; nothing else.
 *  - default: a default discord.js Client (default caches and sweepers, Foyer's intents), logged in,
 *             then guild.members.fetch() (gateway op 8 → GUILD_MEMBERS_CHUNKs).
 *  - foyer:   Foyer's real Discord adapter (createDiscordAdapter: Foyer's cache limits, sweepers and
 *             event handlers, a no-op event sink). Its key-value store is seeded with a `last-seen`
 *             time an hour ago, so at ready the adapter runs its own restart reconciliation, which is
 *             the same guild.members.fetch() (op 8, query '', limit 0, the same chunks) followed by its
 *             own member-cache sweep. Nothing is mirrored: the child waits for the adapter's
 *             "reconciled members…" log line.
 * Both non-idle kinds get a listener on the gateway's packets that only counts GUILD_MEMBER_ADD and
 * MESSAGE_CREATE (Foyer reads members' messages from the packets: discord.js emits no messageCreate for them).
 *
 * Protocol (IPC): the child sends {type:'fetched', …} once the member list is in; the parent feeds
 * the stream and sends {type:'expect', members, messages}; the child waits until it has seen that
 * many GUILD_MEMBER_ADD and MESSAGE_CREATE packets, runs global.gc() twice with pauses, and sends
 * {type:'report', …} with process.memoryUsage() then, and the RSS after one more, memory-reducing
 * collection. The parent then sends {type:'exit'}.
 */
import { Client, Events, type Guild } from 'discord.js';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import { FOYER_INTENTS } from '../src/adapters/discord/discord.options.ts';

export type ChildKind = 'idle' | 'default' | 'foyer';

export interface ChildSnapshot {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** Peak resident memory of the process so far (bytes). */
  maxRss: number;
  membersInCache: number;
  usersInCache: number;
  messagesInCache: number;
}

export type ChildMessage =
  | { type: 'fetched'; fetchedMembers: number; snapshot: ChildSnapshot }
  | {
      type: 'report';
      seenMembers: number;
      seenMessages: number;
      /** Date.now() when the last expected event was seen. */
      seenAt: number;
      snapshot: ChildSnapshot;
      /** RSS after a memory-reducing full GC, which also releases V8's pooled free pages. */
      rssReduced: number;
    }
  | { type: 'error'; message: string };

export type ParentMessage = { type: 'expect'; members: number; messages: number } | { type: 'exit' };

const [kindArg, restUrl, token, guildId] = process.argv.slice(2);
const EXPECT_TIMEOUT_MS = 240_000;
const LAST_SEEN_AGO_MS = 3_600_000;

type GcOptions = { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' };
const gc = (globalThis as { gc?: (options?: GcOptions) => void }).gc;

function send(message: ChildMessage): void {
  if (!process.send) throw new Error('discord-memory-child: run by bench/discord-memory.ts (needs an IPC channel)');
  process.send(message);
}

/** Two full collections with pauses between, as a long-running process would have had by then. */
async function settle(): Promise<void> {
  if (!gc) throw new Error('discord-memory-child: start node with --expose-gc');
  gc();
  await sleep(500);
  gc();
  await sleep(500);
}

/** With BENCH_DISCORD_DIAG=1: V8's spaces and the process's mappings, on stderr (to find where memory goes). */
function diagnose(label: string): void {
  if (!process.env.BENCH_DISCORD_DIAG) return;
  const spaces = v8
    .getHeapSpaceStatistics()
    .filter((s) => s.space_size > 512 * 1024)
    .map(
      (s) =>
        `${s.space_name.replace('_space', '')} ${(s.space_size / 2 ** 20).toFixed(1)}/${(s.space_used_size / 2 ** 20).toFixed(1)}`,
    );
  const byMapping = new Map<string, number>();
  let mapping = '';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) mapping = header[1]?.split('/').pop() || `[anon ${line.split(' ')[1]}]`;
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) byMapping.set(mapping, (byMapping.get(mapping) ?? 0) + Number(rss[1]));
  }
  const top = [...byMapping]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 14)
    .map(([k, v]) => `${k} ${(v / 1024).toFixed(1)}`);
  const m = process.memoryUsage();
  process.stderr.write(
    `[${kindArg} ${label}] rss ${(m.rss / 2 ** 20).toFixed(1)} heapTotal ${(m.heapTotal / 2 ** 20).toFixed(1)} used ${(m.heapUsed / 2 ** 20).toFixed(1)} ext ${(m.external / 2 ** 20).toFixed(1)} ab ${(m.arrayBuffers / 2 ** 20).toFixed(1)}\n  spaces: ${spaces.join(', ')}\n  rss by mapping (MiB): ${top.join(', ')}\n`,
  );
}

/** With BENCH_DISCORD_DIAG=1: the largest size of each V8 space while the stream runs. */
const peaks = new Map<string, number>();
function watchPeaks(): () => void {
  if (!process.env.BENCH_DISCORD_DIAG) return () => undefined;
  const timer = setInterval(() => {
    for (const s of v8.getHeapSpaceStatistics())
      peaks.set(s.space_name, Math.max(peaks.get(s.space_name) ?? 0, s.space_size));
    peaks.set('rss', Math.max(peaks.get('rss') ?? 0, process.memoryUsage.rss()));
  }, 20);
  return () => {
    clearInterval(timer);
    const shown = [...peaks]
      .filter(([, v]) => v > 2 ** 20)
      .map(([k, v]) => `${k.replace('_space', '')} ${(v / 2 ** 20).toFixed(1)}`);
    process.stderr.write(`[${kindArg} peaks during the stream] ${shown.join(', ')}\n`);
  };
}

function snapshot(client: Client): ChildSnapshot {
  const m = process.memoryUsage();
  const guild = client.guilds.cache.get(guildId!);
  let messages = 0;
  for (const channel of client.channels.cache.values())
    if ('messages' in channel && channel.messages) messages += channel.messages.cache.size;
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    maxRss: process.resourceUsage().maxRSS * 1024,
    membersInCache: guild?.members.cache.size ?? 0,
    usersInCache: client.users.cache.size,
    messagesInCache: messages,
  };
}

function readyGuild(client: Client): Promise<Guild> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const guild = client.guilds.cache.get(guildId!);
      if (guild) resolve(guild);
      else reject(new Error(`the client is not in guild ${guildId}`));
    };
    if (client.isReady()) check();
    else client.once(Events.ClientReady, check);
  });
}

/** Starts Foyer's adapter; resolves once its restart reconciliation (the member fetch and sweep) is done. */
async function startFoyer(): Promise<{ client: Client; fetched: number; stop(): Promise<void> }> {
  // Loaded only here, so the default and idle children do not carry Foyer's modules.
  const { createDiscordAdapter } = await import('../src/adapters/discord/discord.adapter.ts');
  const { createLogger } = await import('../src/core/logger.ts');
  const { systemClock } = await import('../src/core/clock.ts');
  const { communityId } = await import('../src/core/ids.ts');
  const kv = new Map<string, string>();
  const keyValue = {
    get: (ns: string, key: string) => kv.get(`${ns}\u0000${key}`),
    set: (ns: string, key: string, value: string) => void kv.set(`${ns}\u0000${key}`, value),
    delete: (ns: string, key: string) => void kv.delete(`${ns}\u0000${key}`),
  };
  // A restart an hour after Foyer last ran: reconcile() fetches the whole member list, then sweeps.
  keyValue.set('discord', 'last-seen', String(Date.now() - LAST_SEEN_AGO_MS));
  let reconciled!: () => void;
  let failed!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => ((reconciled = resolve), (failed = reject)));
  const logger = createLogger((record) => {
    if (record.message === 'reconciled members who joined while Foyer was away') reconciled();
    else if (record.level === 'error') {
      process.stderr.write(`foyer adapter: ${record.message} ${JSON.stringify(record.fields)}\n`);
      if (
        record.message === 'member reconciliation failed' ||
        record.message === 'the bot is not in the configured guild'
      )
        failed(new Error(`${record.message}: ${JSON.stringify(record.fields)}`));
    }
  }, 'info');
  const adapter = createDiscordAdapter({
    token: token!,
    guildId: guildId!,
    community: communityId('bench'),
    roles: { moderatorRoles: [], adminRoles: [] },
    commandScope: 'guild',
    keyValue,
    logger,
    clock: systemClock,
    rest: { api: restUrl! },
  });
  await adapter.start(async () => {});
  await done;
  const guild = await readyGuild(adapter.client);
  // reconcile() keeps the fetched count to itself; the guild's member count is what the fetch asked for.
  return { client: adapter.client, fetched: guild.memberCount, stop: () => adapter.stop() };
}

async function startDefault(fetch: boolean): Promise<{ client: Client; fetched: number; stop(): Promise<void> }> {
  const client = new Client({ intents: FOYER_INTENTS, rest: { api: restUrl! } });
  await client.login(token!);
  const guild = await readyGuild(client);
  const fetched = fetch ? (await guild.members.fetch()).size : 0;
  return { client, fetched, stop: () => client.destroy() };
}

/** Loads every module the children use and exits: the parent runs it once to fill Node's compile cache. */
async function warm(): Promise<void> {
  await import('../src/adapters/discord/discord.adapter.ts');
  await import('../src/core/logger.ts');
  await import('../src/core/clock.ts');
  await import('../src/core/ids.ts');
  process.exit(0);
}

async function main(): Promise<void> {
  if (kindArg === 'warm') return warm();
  const kind = kindArg as ChildKind;
  if (!['idle', 'default', 'foyer'].includes(kind) || !restUrl || !token || !guildId) {
    throw new Error('usage: discord-memory-child.ts <idle|default|foyer> <restUrl> <token> <guildId>');
  }
  const inbox: ParentMessage[] = [];
  let wake: (() => void) | undefined;
  process.on('message', (m: ParentMessage) => {
    inbox.push(m);
    wake?.();
  });
  const next = async (): Promise<ParentMessage> => {
    while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return inbox.shift()!;
  };

  const { client, fetched, stop } = kind === 'foyer' ? await startFoyer() : await startDefault(kind === 'default');
  const counts = { members: 0, messages: 0 };
  let progress: (() => void) | undefined;
  // Listeners that only count, on both kinds alike, on the gateway's packets: Foyer reads members'
  // messages from the packets itself, so discord.js emits no messageCreate for them in Foyer's child.
  // Nothing is dispatched before 'fetched' is sent.
  client.on(Events.Raw, (packet: { t?: string }) => {
    if (packet.t === 'GUILD_MEMBER_ADD') counts.members++;
    else if (packet.t === 'MESSAGE_CREATE') counts.messages++;
    else return;
    // After discord.js (and Foyer) handled the packet, which happens right after this listener.
    if (progress) setImmediate(() => progress?.());
  });
  await settle();
  diagnose('fetched');
  send({ type: 'fetched', fetchedMembers: fetched, snapshot: snapshot(client) });

  const expect = await next();
  const stopWatching = watchPeaks();
  if (expect.type !== 'expect') throw new Error(`expected "expect", got ${expect.type}`);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `timed out: saw ${counts.members}/${expect.members} GUILD_MEMBER_ADD, ${counts.messages}/${expect.messages} MESSAGE_CREATE`,
          ),
        ),
      EXPECT_TIMEOUT_MS,
    );
    progress = () => {
      if (counts.members < expect.members || counts.messages < expect.messages) return;
      clearTimeout(timer);
      progress = undefined;
      resolve();
    };
    progress();
  });
  const seenAt = Date.now();
  stopWatching();
  await settle();
  diagnose('final');
  const final = snapshot(client);
  // What is live, without the free pages V8 keeps pooled after plain collections; V8 does this
  // itself only when its memory reducer decides the process is idle (not within 40 s here).
  gc!({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  await sleep(200);
  diagnose('reduced');
  send({
    type: 'report',
    seenMembers: counts.members,
    seenMessages: counts.messages,
    seenAt,
    snapshot: final,
    rssReduced: process.memoryUsage().rss,
  });

  while ((await next()).type !== 'exit');
  await stop();
  process.exit(0);
}

main().catch((error: unknown) => {
  try {
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } catch {
    process.stderr.write(`discord-memory-child: ${String(error)}\n`);
  }
  process.exit(1);
});

/**
 * One client of the Discord memory benchmark, in its own process so its resident memory is
 * its own (the fake Discord lives in the parent). Spawned by bench/discord-memory.ts:
 *
 *   node --expose-gc --import tsx bench/discord-memory-child.ts <kind> <restUrl> <token> <guildId>
 *
 * kind:
 *  - idle:    a default discord.js Client (Foyer's intents) logged in to an empty guild; nothing else.
 *  - default: a default discord.js Client (default caches and sweepers, Foyer's intents), logged in,
 *             listeners on guildMemberAdd and messageCreate that only count, then
 *             guild.members.fetch() (gateway op 8 → GUILD_MEMBERS_CHUNK).
 *  - foyer:   Foyer's real Discord adapter (createDiscordAdapter: Foyer's cache limits and sweepers,
 *             its own event handlers, a no-op event sink). Its key-value store is seeded with a
 *             `last-seen` time, so at ready the adapter runs its own restart reconciliation: the same
 *             guild.members.fetch() (op 8, query '', limit 0, the same chunks) and then its own
 *             member-cache sweep. Nothing is mirrored: the bench waits for the adapter's
 *             "reconciled members…" log line. Counting listeners are added to its client as for default.
 *
 * Protocol (IPC): the child sends {type:'fetched', …} once the member list is in, the parent feeds
 * the stream and sends {type:'expect', members, messages}; the child waits until it has seen that
 * many guildMemberAdd and messageCreate events, runs the GC, and sends {type:'report', …}. The
 * parent then sends {type:'exit'}.
 */
import { Client, Events, type Guild } from 'discord.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { FOYER_INTENTS } from '../src/adapters/discord/discord.options.ts';

export type ChildKind = 'idle' | 'default' | 'foyer';

export interface ChildSnapshot {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Peak resident memory of the process so far (bytes). */
  maxRss: number;
  membersInCache: number;
  usersInCache: number;
  messagesInCache: number;
}

export type ChildMessage =
  | { type: 'fetched'; fetchedMembers: number; ms: number; snapshot: ChildSnapshot }
  | { type: 'report'; seenMembers: number; seenMessages: number; /** Date.now() when the last expected event was seen. */ seenAt: number; snapshot: ChildSnapshot }
  | { type: 'error'; message: string };

export type ParentMessage = { type: 'expect'; members: number; messages: number } | { type: 'exit' };

const [kindArg, restUrl, token, guildId] = process.argv.slice(2);
const EXPECT_TIMEOUT_MS = 240_000;

function send(message: ChildMessage): void {
  if (!process.send) throw new Error('discord-memory-child: run by bench/discord-memory.ts (needs an IPC channel)');
  process.send(message);
}

const gc = (globalThis as { gc?: () => void }).gc;

async function settle(): Promise<void> {
  if (!gc) throw new Error('discord-memory-child: start node with --expose-gc');
  gc();
  await sleep(500);
  gc();
  await sleep(500);
  gc();
  if (process.env.BENCH_DISCORD_DIAG) {
    const { getHeapSpaceStatistics } = await import('node:v8');
    const { readFileSync } = await import('node:fs');
    const spaces = getHeapSpaceStatistics().map((s) => `${s.space_name}=${(s.space_size / 1048576).toFixed(1)}/${(s.space_used_size / 1048576).toFixed(1)}`).join(' ');
    process.stderr.write(`[${kindArg}] heapTotal=${(process.memoryUsage().heapTotal / 1048576).toFixed(1)} ${spaces}\n${readFileSync('/proc/self/smaps_rollup', 'utf8').split('\n').slice(1, 3).join(' ')}\n`);
    const maps: Array<[string, number]> = [];
    let head = '';
    for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
      if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) head = line;
      else if (line.startsWith('Rss:')) maps.push([head, Number(line.split(/\s+/)[1])]);
    }
    maps.sort((a, b) => b[1] - a[1]);
    for (const [h, kb] of maps.slice(0, 8)) process.stderr.write(`   ${(kb / 1024).toFixed(1)} MiB ${h}\n`);
  }
}

function snapshot(client: Client): ChildSnapshot {
  const m = process.memoryUsage();
  const guild = client.guilds.cache.get(guildId!);
  let messages = 0;
  for (const channel of client.channels.cache.values()) if ('messages' in channel && channel.messages) messages += channel.messages.cache.size;
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
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

/** Starts the client of `kind`; resolves once the member list has come in (not for idle). */
async function startClient(kind: ChildKind): Promise<{ client: Client; fetched: number; stop(): Promise<void> }> {
  if (kind === 'foyer') {
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
    // A restart an hour after Foyer last ran: reconcile() fetches the whole member list.
    keyValue.set('discord', 'last-seen', String(Date.now() - 3_600_000));
    let reconciled!: (count: number) => void;
    let failed!: (error: Error) => void;
    const done = new Promise<number>((resolve, reject) => ((reconciled = resolve), (failed = reject)));
    const logger = createLogger((record) => {
      if (record.message === 'reconciled members who joined while Foyer was away') reconciled(Number(record.fields['count'] ?? 0));
      else if (record.level === 'error') {
        process.stderr.write(`foyer adapter: ${record.message} ${JSON.stringify(record.fields)}\n`);
        if (record.message === 'member reconciliation failed') failed(new Error(`reconciliation failed: ${JSON.stringify(record.fields)}`));
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
    // Reconcile returns nothing; the guild's member count is what the fetch asked for.
    return { client: adapter.client, fetched: guild.memberCount, stop: () => adapter.stop() };
  }
  const client = new Client({ intents: FOYER_INTENTS, rest: { api: restUrl! } });
  await client.login(token!);
  const guild = await readyGuild(client);
  const fetched = kind === 'default' ? (await guild.members.fetch()).size : 0;
  return { client, fetched, stop: () => client.destroy() };
}

async function main(): Promise<void> {
  const kind = kindArg as ChildKind;
  if (!['idle', 'default', 'foyer'].includes(kind) || !restUrl || !token || !guildId) {
    throw new Error('usage: discord-memory-child.ts <idle|default|foyer> <restUrl> <token> <guildId>');
  }
  const messages: ParentMessage[] = [];
  let onMessage: (() => void) | undefined;
  process.on('message', (m: ParentMessage) => {
    messages.push(m);
    onMessage?.();
  });
  const next = async (): Promise<ParentMessage> => {
    while (messages.length === 0) await new Promise<void>((resolve) => (onMessage = resolve));
    return messages.shift()!;
  };

  const began = performance.now();
  const counts = { members: 0, messages: 0 };
  let progress: (() => void) | undefined;
  const { client, fetched, stop } = await startClient(kind);
  const fetchMs = performance.now() - began;
  // Listeners that only count, on both kinds alike. Nothing is dispatched before 'fetched' is sent.
  client.on(Events.GuildMemberAdd, () => {
    counts.members++;
    progress?.();
  });
  client.on(Events.MessageCreate, () => {
    counts.messages++;
    progress?.();
  });
  await settle();
  send({ type: 'fetched', fetchedMembers: fetched, ms: fetchMs, snapshot: snapshot(client) });

  const expect = await next();
  if (expect.type !== 'expect') throw new Error(`expected "expect", got ${expect.type}`);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out: saw ${counts.members}/${expect.members} guildMemberAdd, ${counts.messages}/${expect.messages} messageCreate`)),
      EXPECT_TIMEOUT_MS,
    );
    progress = () => {
      if (counts.members >= expect.members && counts.messages >= expect.messages) {
        clearTimeout(timer);
        progress = undefined;
        resolve();
      }
    };
    progress();
  });
  const seenAt = Date.now();
  await settle();
  send({ type: 'report', seenMembers: counts.members, seenMessages: counts.messages, seenAt, snapshot: snapshot(client) });

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

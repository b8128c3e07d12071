/**
 * Matrix welcome latency: the time from a member's join on a real Synapse to Foyer's
 * welcome arriving, beside Synapse's own round trip for a plain message send measured in
 * the same run. It prints; it never fails on speed.
 *
 * Set-up (not timed): a fresh Synapse on loopback (test/support/synapse) with every rate
 * limit off, a public room, Foyer (createMatrixAdapter + createBot, in-memory SQLite) with
 * its account in the room, an observer account and a "talker" account in the room, and N
 * member accounts registered beforehand.
 *
 * Timed, one at a time (each waits for the previous one to be visible):
 *   (a) join → welcome: t0, POST /join as a member, until the observer's long-poll /sync
 *       returns Foyer's message whose m.mentions.user_ids names that member;
 *   (b) join → join visible: the same t0, until the observer's /sync returns the join;
 *   (c) plain send → visible: t0, PUT /send of a plain message by the talker, until the
 *       observer's /sync returns it. Synapse's own round trip: the baseline.
 *   (d) join → the minimal bot's welcome (bench/matrix-minimal-bot.ts: the same SDK and
 *       options, no features): the same as (a) in a room of its own, so neither bot's send
 *       waits behind the other's in Synapse. Foyer's overhead above its SDK is (a) / (d).
 * Joins in Foyer's room, plain sends and joins in the minimal bot's room alternate, so
 * drift hits all alike; a few of each first warm up. The observer runs one /sync loop per
 * room (since tokens, timeout=30000) for the whole run; a wait ends when the response that
 * holds the event has been received and parsed.
 *
 * Foyer's side is also broken down (bench-side instrumentation only: a wrapper around the
 * fetch the adapter gives matrix-js-sdk (its `fetch` option), a RoomEvent.Timeline listener, and a wrapper
 * around the client's authedRequest, which Foyer's send queue calls; nothing in src/ is changed). While it runs, matrix-js-sdk's root
 * console logger is held to warn/error, and its never-cleared 110 s request timers are
 * unref'd at the end (see quietSdkRootLogger and collectLongTimers).
 *
 *   BENCH_MATRIX_N       measured joins and plain sends (default 60)
 *   BENCH_MATRIX_WARMUP  unmeasured joins and plain sends first (default 5)
 *
 * Run alone: `npx tsx bench/matrix-latency.ts`; `npm run bench` runs it after the others.
 * Without Python/Synapse (ensureSynapse gives a skip reason) it prints why and returns.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RoomEvent, type MatrixEvent } from 'matrix-js-sdk';
import { createMatrixAdapter } from '../src/adapters/matrix/matrix.adapter.ts';
import { nodeHttpFetch } from '../src/adapters/matrix/matrix.http.ts';
import { createBot, type Bot } from '../src/bot.ts';
import { systemClock } from '../src/core/clock.ts';
import { FakeTime } from '../src/core/fake-time.ts';
import { communityId } from '../src/core/ids.ts';
import { createMemoryLogger } from '../src/core/logger.ts';
import { FEATURES } from '../src/features/index.ts';
import { openStorage, type Storage } from '../src/storage/index.ts';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../test/support/synapse/index.ts';
import { testConfig } from '../test/support/harness.ts';
import { startMinimalWelcomeBot, type MinimalBot } from './matrix-minimal-bot.ts';
import {
  call,
  collectLongTimers,
  mentions,
  now,
  Observer,
  positiveInt,
  quietSdkRootLogger,
  type RawEvent,
} from './matrix-support.ts';
import { median, table } from './support.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Linear interpolation between closest ranks (numpy's default). With N=60, p99 sits between the two largest values. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

const ms = (v: number): string => v.toFixed(1);
/** Foyer's (fake) time between two measured joins: longer than the welcome channel's pace. */
const SPACE_BETWEEN_JOINS_MS = 10_000;

/** Timestamps from inside Foyer's process (the bot side), per member. */
interface BotTrace {
  botSyncs: number[]; // when each of the bot's /sync fetches resolved (response headers)
  timelineJoin: Map<string, number>; // matrix-js-sdk emitted the member's join (RoomEvent.Timeline, live)
  sendEventCalled: Map<string, number>; // Foyer's queue started the PUT of the member's welcome
  putStarted: Map<string, number>; // matrix-js-sdk's PUT /send for it left
  putDone: Map<string, number>; // and its response arrived
}

function urlOf(resource: Parameters<typeof fetch>[0]): string {
  return typeof resource === 'string' ? resource : resource instanceof URL ? resource.href : resource.url;
}

/** Wraps the fetch Foyer's adapter gives matrix-js-sdk (node:http) to timestamp the bot's /sync and /send requests. */
function instrumentFetch(botToken: string, trace: BotTrace): typeof globalThis.fetch {
  const original = nodeHttpFetch;
  return async (resource, init) => {
    const url = urlOf(resource);
    const auth = new Headers(init?.headers).get('authorization') ?? '';
    if (!auth.endsWith(botToken)) return original(resource, init);
    const isSync = url.includes('/sync?') || url.endsWith('/sync');
    let member: string | undefined;
    if (url.includes('/send/') && typeof init?.body === 'string') {
      try {
        member = mentions({ content: JSON.parse(init.body) as Record<string, unknown> } as RawEvent)[0];
      } catch {
        member = undefined;
      }
    }
    if (member) trace.putStarted.set(member, now());
    const response = await original(resource, init);
    if (isSync) trace.botSyncs.push(now());
    if (member) trace.putDone.set(member, now());
    return response;
  };
}

interface Sample {
  member: string;
  t0: number;
  joinReturned: number;
  joinVisible: number;
  welcomeVisible: number;
}

export async function runMatrixLatencyBench(): Promise<void> {
  const N = positiveInt(process.env.BENCH_MATRIX_N, 60);
  const WARMUP = positiveInt(process.env.BENCH_MATRIX_WARMUP, 5);
  const began = now();
  process.stdout.write(`\nmatrix welcome latency: `);
  const synapse = await ensureSynapse();
  if ('skip' in synapse) {
    process.stdout.write(`skipped, Synapse is not available: ${synapse.skip}\n`);
    return;
  }
  // testConfig reads config/community.example.yaml relative to the working directory.
  const cwd = process.cwd();
  if (!existsSync(join(cwd, 'config/community.example.yaml'))) process.chdir(ROOT);

  let server: SynapseServer | undefined;
  let bot: Bot | undefined;
  let storage: Storage | undefined;
  let observer: Observer | undefined;
  let minimal: MinimalBot | undefined;
  let minimalObserver: Observer | undefined;
  const restoreLogger = quietSdkRootLogger();
  const releaseTimers = collectLongTimers();
  const logger = createMemoryLogger();
  try {
    server = await startSynapse({ rateLimits: 'off' });
    const srv = server;
    process.stdout.write(
      `Synapse ${srv.version} on loopback (SQLite, rate limits off: every rc_* limiter raised out of reach), ` +
        `matrix-js-sdk, N=${N} joins and N plain sends after ${WARMUP} of each to warm up; node ${process.version}\n`,
    );

    // Set-up, not timed.
    const botUser = await srv.registerUser('foyer');
    const minimalUser = await srv.registerUser('minimal');
    const owner = await srv.registerUser('owner');
    const watcher = await srv.registerUser('observer');
    const talker = await srv.registerUser('talker');
    const members: RegisteredUser[] = [];
    const newcomers: RegisteredUser[] = []; // who join the minimal bot's room
    for (let i = 0; i < WARMUP + N; i++) {
      members.push(await srv.registerUser(`member${i}`));
      newcomers.push(await srv.registerUser(`newcomer${i}`));
    }
    const created = await call(srv, owner, 'POST', '/_matrix/client/v3/createRoom', {
      preset: 'public_chat',
      name: 'The Garden',
      invite: [botUser.userId],
      power_level_content_override: { users: { [botUser.userId]: 100 } },
    });
    const roomId = String(created.room_id);
    const joinPath = `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`;
    await call(srv, watcher, 'POST', joinPath, {});
    await call(srv, talker, 'POST', joinPath, {});
    // The minimal bot greets in a room of its own: two bots welcoming the same join would
    // queue one send behind the other in Synapse, and the second would pay for the first.
    const minimalRoom = String(
      (
        await call(srv, owner, 'POST', '/_matrix/client/v3/createRoom', {
          preset: 'public_chat',
          name: 'The Other Garden',
          invite: [minimalUser.userId],
        })
      ).room_id,
    );
    const minimalJoinPath = `/_matrix/client/v3/join/${encodeURIComponent(minimalRoom)}`;
    await call(srv, watcher, 'POST', minimalJoinPath, {});

    const trace: BotTrace = {
      botSyncs: [],
      timelineJoin: new Map(),
      sendEventCalled: new Map(),
      putStarted: new Map(),
      putDone: new Map(),
    };
    storage = openStorage(':memory:');
    // Threshold 1000: every join is greeted personally, never as a burst (bursts are another story).
    const config = testConfig({
      channels: { general: roomId, welcome: roomId, introductions: roomId },
      features: { welcome: { burst: { threshold: 1000 } } },
    });
    const adapter = createMatrixAdapter({
      homeserverUrl: srv.baseUrl,
      userId: botUser.userId,
      accessToken: botUser.accessToken,
      community: communityId(config.community.id),
      rooms: [roomId],
      roles: config.roles.matrix,
      keyValue: storage.keyValue,
      logger,
      clock: systemClock,
      fetch: instrumentFetch(botUser.accessToken, trace),
    });
    const client = adapter.client;
    // Before the adapter's own listener, which runs Foyer up to its send.
    client.prependListener(RoomEvent.Timeline, (event: MatrixEvent, _room, toStart, _removed, data) => {
      if (toStart || !data?.liveEvent || event.getType() !== 'm.room.member') return;
      const who = event.getStateKey();
      if (who && event.getContent()['membership'] === 'join' && !trace.timelineJoin.has(who))
        trace.timelineJoin.set(who, now());
    });
    // Foyer sends through its own queue with the client's authedRequest (PUT …/send/…).
    const authedRequest = client.http.authedRequest.bind(client.http) as (...args: unknown[]) => Promise<unknown>;
    (client.http as unknown as { authedRequest: (...args: unknown[]) => Promise<unknown> }).authedRequest = (
      ...args: unknown[]
    ) => {
      const content = args.find(
        (a): a is Record<string, unknown> => typeof a === 'object' && a !== null && 'm.mentions' in a,
      );
      const who = content ? mentions({ content } as RawEvent)[0] : undefined;
      if (who && !trace.sendEventCalled.has(who)) trace.sendEventCalled.set(who, now());
      return authedRequest(...args);
    };
    const time = new FakeTime(Date.now());
    bot = createBot({ config, adapter, storage, clock: time.clock, waker: time, logger, features: FEATURES });
    await bot.start();
    minimal = await startMinimalWelcomeBot(srv.baseUrl, minimalUser.userId, minimalUser.accessToken, minimalRoom);
    // The bot's own join must be in the room before members come (start() joins the invited room).
    observer = new Observer(srv, watcher, roomId);
    await observer.start();
    minimalObserver = new Observer(srv, watcher, minimalRoom);
    await minimalObserver.start();

    const samples: Sample[] = [];
    const plain: { t0: number; putReturned: number; visible: number }[] = [];
    let txn = 0;

    const timeJoin = async (member: RegisteredUser): Promise<Sample> => {
      // The welcome channel takes one welcome per `pace` (seconds by default) and greets sooner
      // newcomers together; these joins come a few hundred ms apart, so Foyer's clock moves
      // on first, untimed: each join is greeted personally, as spaced-out joins are.
      await time.advance(SPACE_BETWEEN_JOINS_MS);
      const joined = observer!.waitFor(
        `join of ${member.userId}`,
        (e) => e.type === 'm.room.member' && e.state_key === member.userId && e.content['membership'] === 'join',
      );
      const welcomed = observer!.waitFor(
        `welcome for ${member.userId}`,
        (e) => e.sender === botUser.userId && e.type === 'm.room.message' && mentions(e).includes(member.userId),
      );
      const t0 = now();
      await call(srv, member, 'POST', joinPath, {});
      const joinReturned = now();
      const [joinVisible, welcomeVisible] = await Promise.all([joined, welcomed]).catch((error: unknown) => {
        const tail = logger.records.filter((r) => r.level !== 'debug').slice(-10);
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}; Foyer's last log lines: ${JSON.stringify(tail)}`,
        );
      });
      return { member: member.userId, t0, joinReturned, joinVisible, welcomeVisible };
    };
    const timePlain = async (i: number) => {
      const body = `plain message ${i} ${Math.random().toString(36).slice(2)}`;
      const visible = observer!.waitFor(
        `plain message ${i}`,
        (e) => e.sender === talker.userId && e.content['body'] === body,
      );
      const t0 = now();
      await call(
        srv,
        talker,
        'PUT',
        `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/bench-${++txn}`,
        { msgtype: 'm.text', body },
      );
      const putReturned = now();
      return { t0, putReturned, visible: await visible };
    };

    /** Join → the minimal bot's welcome visible, in its own room. */
    const timeMinimal = async (member: RegisteredUser): Promise<number> => {
      const welcomed = minimalObserver!.waitFor(
        `minimal bot's welcome for ${member.userId}`,
        (e) => e.sender === minimalUser.userId && mentions(e).includes(member.userId),
      );
      const t0 = now();
      await call(srv, member, 'POST', minimalJoinPath, {});
      return (await welcomed) - t0;
    };

    for (let i = 0; i < WARMUP; i++) {
      await timeJoin(members[i]!);
      await timePlain(-1 - i);
      await timeMinimal(newcomers[i]!);
    }
    const measureStart = now();
    const minimalSamples: number[] = [];
    for (let i = 0; i < N; i++) {
      samples.push(await timeJoin(members[WARMUP + i]!));
      plain.push(await timePlain(i));
      minimalSamples.push(await timeMinimal(newcomers[WARMUP + i]!));
    }
    const measureSeconds = (now() - measureStart) / 1000;

    // Figures.
    const a = samples.map((s) => s.welcomeVisible - s.t0);
    const b = samples.map((s) => s.joinVisible - s.t0);
    const c = plain.map((p) => p.visible - p.t0);
    const d = minimalSamples;
    const row = (label: string, v: number[]) => [
      label,
      ms(median(v)),
      ms(percentile(v, 90)),
      ms(percentile(v, 99)),
      ms(Math.max(...v)),
      ms(Math.min(...v)),
    ];
    process.stdout.write(
      `\n${table(
        ["measurement (ms, as seen by the observer's /sync)", 'median', 'p90', 'p99', 'max', 'min'],
        [
          row("(a) join → Foyer's welcome visible", a),
          row('(b) join → join visible', b),
          row('(c) baseline: plain send → visible', c),
          row("(d) baseline: join → minimal bot's welcome visible", d),
        ],
      )}\n\n`,
    );
    process.stdout.write(
      `welcome/plain ratio: median ${(median(a) / median(c)).toFixed(2)}, p99 ${(percentile(a, 99) / percentile(c, 99)).toFixed(2)}  ` +
        `(p99: linear interpolation; with N=${N} it is close to the max)\n`,
    );
    process.stdout.write(
      `Foyer/minimal-bot ratio (interleaved joins, same SDK and Synapse, each bot in its own room): median ${(median(a) / median(d)).toFixed(2)}, p90 ${(percentile(a, 90) / percentile(d, 90)).toFixed(2)}  (target: median <= 1.10)\n`,
    );

    // Where Foyer's part of (a) goes: medians of each hop, per join.
    const hop = (f: (s: Sample) => number | undefined): number[] =>
      samples.map(f).filter((v): v is number => v !== undefined && Number.isFinite(v));
    const botSyncFor = (s: Sample): number | undefined => {
      const seen = trace.timelineJoin.get(s.member);
      if (seen === undefined) return undefined;
      // The bot's /sync that carried the join: the last one to resolve before the SDK emitted it.
      let last: number | undefined;
      for (const t of trace.botSyncs) if (t <= seen && t >= s.t0) last = t;
      return last;
    };
    const hops: [string, number[]][] = [
      ['POST /join answered', hop((s) => s.joinReturned - s.t0)],
      [
        "t0 → bot's /sync with the join resolved (headers)",
        hop((s) => {
          const t = botSyncFor(s);
          return t === undefined ? undefined : t - s.t0;
        }),
      ],
      [
        '  → matrix-js-sdk emits the join (body, sync processing)',
        hop((s) => {
          const t = botSyncFor(s);
          const e = trace.timelineJoin.get(s.member);
          return t === undefined || e === undefined ? undefined : e - t;
        }),
      ],
      [
        '  → Foyer starts its PUT /send (bot.handle, features, send queue)',
        hop((s) => {
          const e = trace.timelineJoin.get(s.member);
          const c2 = trace.sendEventCalled.get(s.member);
          return e === undefined || c2 === undefined ? undefined : c2 - e;
        }),
      ],
      [
        '  → matrix-js-sdk starts PUT /send',
        hop((s) => {
          const c2 = trace.sendEventCalled.get(s.member);
          const p = trace.putStarted.get(s.member);
          return c2 === undefined || p === undefined ? undefined : p - c2;
        }),
      ],
      [
        '  → PUT /send answered',
        hop((s) => {
          const p = trace.putStarted.get(s.member);
          const d = trace.putDone.get(s.member);
          return p === undefined || d === undefined ? undefined : d - p;
        }),
      ],
      [
        "  → observer's /sync returns the welcome",
        hop((s) => {
          const d = trace.putDone.get(s.member);
          return d === undefined ? undefined : s.welcomeVisible - d;
        }),
      ],
      ["baseline: talker's PUT /send answered", plain.map((p) => p.putReturned - p.t0)],
      ["baseline:   → observer's /sync returns it", plain.map((p) => p.visible - p.putReturned)],
    ];
    process.stdout.write(
      `\n${table(
        ['where the time goes (ms)', 'median', 'p90', 'max', 'n'],
        hops.map(([label, v]) =>
          v.length === 0
            ? [label, '-', '-', '-', '0']
            : [label, ms(median(v)), ms(percentile(v, 90)), ms(Math.max(...v)), String(v.length)],
        ),
      )}\n\n`,
    );
    const errors = logger.records.filter((r) => r.level === 'error' || r.level === 'warn');
    if (errors.length > 0)
      process.stdout.write(
        `warning: Foyer logged ${errors.length} warnings/errors, first: ${JSON.stringify(errors[0])}\n`,
      );
    process.stdout.write(
      `measured part took ${measureSeconds.toFixed(1)} s (observer syncs: ${observer.syncs}); bench took ${((now() - began) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await observer?.stop().catch(() => undefined);
    await minimalObserver?.stop().catch(() => undefined);
    minimal?.stop();
    await bot?.stop().catch(() => undefined);
    releaseTimers();
    restoreLogger();
    try {
      storage?.close();
    } catch {
      // already closed
    }
    await server?.stop().catch(() => undefined);
    if (process.cwd() !== cwd) process.chdir(cwd);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMatrixLatencyBench().catch((error: unknown) => {
    process.stderr.write(
      `matrix latency bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}

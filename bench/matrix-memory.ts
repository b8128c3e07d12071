/**
 * Matrix client memory: resident memory of Foyer's Matrix process against a default
 * matrix-js-sdk client, idle and after joining a large room where members then join live,
 * on a real Synapse. It prints the figures and the ratios; it asserts nothing about them.
 *
 * Set-up (not measured): a fresh Synapse on loopback (test/support/synapse) with every rate
 * limit off, and without the user directory, room statistics and presence, which nobody
 * here reads and which Synapse would update on every join; a room of BENCH_MATRIX_MEMBERS
 * members, made through Synapse's admin APIs (users created with PUT /_synapse/admin/v2/users,
 * then joined with POST /_synapse/admin/v1/join/{room}, both in parallel: that is Synapse's
 * real join path, without a login per member); then the room becomes invite-only, so
 * neither client gets in before it is invited. Synapse serialises the joins of one room, so
 * 10,000 take minutes; the bench prints its progress.
 *
 * Measured, both clients at once, each in its own process (the agent,
 * bench/matrix-memory-agent.mjs, answers measurements inside it), so one heap does not
 * pollute the other and both see exactly the same events:
 *  - foyer: src/main.ts as `npm start` runs it (the node options of its start script), on a
 *    config naming the room for every channel (welcomes in the room, burst threshold raised
 *    so each newcomer gets a personal welcome), SQLite in a temp file. Node's compile cache
 *    is in the bench's folder: a first start (cold cache: Foyer's TypeScript is stripped) is
 *    measured idle and stopped, then the measured process starts as every restart does;
 *  - default: createClient + startClient() with default options, which joins on invite, in
 *    plain JavaScript, on Foyer's runtime: the start script's V8 flags and scripts/runtime.mjs
 *    (BENCH_MATRIX_DEFAULT_RUNTIME=node: Node's defaults).
 * 1. idle: after start and first sync (Foyer has tried its room and been refused: not invited yet),
 *    first untouched for BENCH_MATRIX_IDLE_SECONDS, read from /proc as ps would, then measured;
 * 2. joined: both are invited and join the room of BENCH_MATRIX_MEMBERS members; then
 *    BENCH_MATRIX_LIVE_JOINS new members join one after another (admin join: invite + join),
 *    until Foyer has welcomed each of them (seen by an observer's /sync) and the default
 *    client has received each join live.
 * Each figure is process.memoryUsage().rss after two full collections (global.gc()) in the process.
 *
 *   BENCH_MATRIX_MEMBERS     members in the room before the clients join (default 10000)
 *   BENCH_MATRIX_LIVE_JOINS  members who join while they run (default 200)
 *   BENCH_MATRIX_IDLE_SECONDS  how long both sit untouched before the idle figures (default 30)
 *   BENCH_MATRIX_FOYER_NODE_OPTIONS  node options for Foyer instead of the start script's (to compare)
 *   BENCH_MATRIX_DEFAULT_RUNTIME     `node`: the default client with Node's defaults, not Foyer's runtime
 *
 * Run alone: `npx tsx bench/matrix-memory.ts`; `npm run bench` runs it after the latency bench.
 * Without Python/Synapse (ensureSynapse gives a skip reason) it prints why and returns.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../test/support/synapse/index.ts';
import { call, mentions, now, Observer, positiveInt } from './matrix-support.ts';
import { table } from './support.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const AGENT = join(HERE, 'matrix-memory-agent.mjs');
/** Admin API requests in flight while the room fills: Synapse overlaps their database work. */
const SETUP_CONCURRENCY = 8;
/** A big room takes the default client (every member's state, no lazy loading) a while to sync after joining. */
const STEP_TIMEOUT_MS = 120_000 + 30 * positiveInt(process.env.BENCH_MATRIX_MEMBERS, 10_000);
/** How long both processes sit untouched after their first sync before the idle figures. */
const IDLE_SECONDS = positiveInt(process.env.BENCH_MATRIX_IDLE_SECONDS, 30);
/** The idle target of issue 18; printed, not asserted. */
const IDLE_TARGET_MIB = 100;

type Kind = 'foyer' | 'default';

export interface MemorySnapshot {
  rss: number;
  heapUsed: number;
  external: number;
  /** Peak resident memory of the process so far (bytes). */
  maxRss: number;
  /** RSS after one more, memory-reducing collection, which also returns the free pages V8 keeps pooled (what is live). */
  rssReduced: number;
}

/** The IPC protocol of bench/matrix-memory-agent.mjs. */
type ChildMessage =
  | { type: 'ready' }
  | { type: 'seen' }
  | { type: 'memory'; snapshot: MemorySnapshot }
  | { type: 'error'; message: string };
type ParentMessage = { type: 'measure' } | { type: 'expect'; userIds: string[] } | { type: 'exit' };

/**
 * Foyer's process exactly as `npm start` starts it: the node options of package.json's
 * start script (its last command), then src/main.ts. Read from there, so it cannot drift.
 */
function startScriptNodeOptions(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split('&&').at(-1)!.trim().split(/\s+/);
  return words.slice(1).filter((word) => word.startsWith('--'));
}
/** BENCH_MATRIX_FOYER_NODE_OPTIONS (space-separated) replaces them, to compare options in the same set-up. */
const FOYER_NODE_OPTIONS = process.env.BENCH_MATRIX_FOYER_NODE_OPTIONS?.trim().split(/\s+/) ?? startScriptNodeOptions();

/** A forked client: its IPC messages in order, its stderr lines, its exit. */
class Child {
  readonly #inbox: ChildMessage[] = [];
  #wake: (() => void) | undefined;
  #exited: string | undefined;
  readonly stderrTail: string[] = [];
  readonly #lineWaiters = new Set<{ match: (line: string) => boolean; resolve: () => void }>();

  constructor(
    readonly kind: Kind,
    readonly process: ChildProcess,
  ) {
    process.on('message', (m: ChildMessage) => {
      this.#inbox.push(m);
      this.#wake?.();
    });
    process.on('exit', (code, signal) => {
      this.#exited = `child ${kind} exited (${signal ?? code})`;
      this.#wake?.();
    });
    createInterface({ input: process.stderr! }).on('line', (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > 20) this.stderrTail.shift();
      for (const waiter of this.#lineWaiters) {
        if (!waiter.match(line)) continue;
        this.#lineWaiters.delete(waiter);
        waiter.resolve();
      }
    });
  }

  tell(m: ParentMessage): void {
    this.process.send(m);
  }

  async receive<T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (;;) {
      const m = this.#inbox.shift();
      if (m?.type === 'error') throw new Error(`child ${this.kind}: ${m.message}`);
      if (m?.type === type) return m as Extract<ChildMessage, { type: T }>;
      if (m) throw new Error(`child ${this.kind}: expected ${type}, got ${m.type}`);
      if (this.#exited)
        throw new Error(
          `${this.#exited} while waiting for ${type}; its last stderr lines:\n${this.stderrTail.join('\n')}`,
        );
      if (Date.now() > deadline) throw new Error(`child ${this.kind}: no ${type} within ${STEP_TIMEOUT_MS} ms`);
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        setTimeout(resolve, 1_000).unref();
      });
    }
  }

  /** Resolves when a stderr line matches (Foyer's JSON log lines). */
  stderrLine(what: string, match: (line: string) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `child ${this.kind}: no log line "${what}" within ${STEP_TIMEOUT_MS} ms; last lines:\n${this.stderrTail.join('\n')}`,
            ),
          ),
        STEP_TIMEOUT_MS,
      );
      this.#lineWaiters.add({ match, resolve: () => (clearTimeout(timer), resolve()) });
      this.process.once('exit', () =>
        reject(
          new Error(
            `child ${this.kind} exited before the log line "${what}"; last lines:\n${this.stderrTail.join('\n')}`,
          ),
        ),
      );
    });
  }

  /**
   * Resident memory as `ps` or a container's monitor sees it, read from outside (Linux
   * /proc), so the process is not touched: no collection forced, no message handled.
   */
  rssFromOutside(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
      const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
      return kib === undefined ? undefined : Number(kib) * 1024;
    } catch {
      return undefined; // not Linux
    }
  }

  async measure(): Promise<MemorySnapshot> {
    this.tell({ type: 'measure' });
    return (await this.receive('memory')).snapshot;
  }

  async stop(): Promise<void> {
    if (this.#exited) return;
    const gone = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    if (this.kind === 'foyer') this.process.kill('SIGTERM');
    else this.tell({ type: 'exit' });
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }
}

/** Foyer as `npm start` runs it, with the agent preloaded to answer measurements. */
function forkFoyer(configFile: string, env: Record<string, string>): Child {
  const child = fork(join(ROOT, 'src/main.ts'), ['--config', configFile], {
    cwd: ROOT,
    execArgv: [...FOYER_NODE_OPTIONS, '--expose-gc', `--import=${pathToFileURL(AGENT).href}`],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  return new Child('foyer', child);
}

/**
 * The default client runs on Foyer's runtime: the V8 flags of the start script and the
 * preload that sets the rest (scripts/runtime.mjs), so a V8 flag never counts as Foyer's own
 * saving. BENCH_MATRIX_DEFAULT_RUNTIME=node runs it with Node's defaults instead.
 */
const DEFAULT_RUNTIME_OPTIONS =
  process.env.BENCH_MATRIX_DEFAULT_RUNTIME === 'node'
    ? []
    : [
        ...FOYER_NODE_OPTIONS.filter((option) =>
          /^--(max-semi-space-size|max-old-space-size|optimize-for-size|max-opt)/.test(option),
        ),
        `--import=${pathToFileURL(join(ROOT, 'scripts/runtime.mjs')).href}`,
      ];

/** A default matrix-js-sdk client in plain JavaScript, on Foyer's runtime (see above). */
function forkDefaultClient(args: string[]): Child {
  const child = fork(AGENT, ['default', ...args], {
    cwd: ROOT,
    execArgv: [...DEFAULT_RUNTIME_OPTIONS, '--expose-gc'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  return new Child('default', child);
}

/** Runs `task` over 0..count-1 with `concurrency` in flight. */
async function inParallel(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Calls `report` with the count done at each tenth of `total` (only for totals worth following). */
function everyTenth(total: number, report: (done: number) => void): () => void {
  let done = 0;
  const step = Math.ceil(total / 10);
  return () => {
    done++;
    if (total >= 1_000 && done % step === 0 && done < total) report(done);
  };
}

/** A room of `members` members, filled through the admin API (no login per member). */
async function fillRoom(
  srv: SynapseServer,
  admin: RegisteredUser,
  members: number,
  liveJoins: number,
): Promise<{ roomId: string; live: string[] }> {
  const roomId = String(
    (await call(srv, admin, 'POST', '/_matrix/client/v3/createRoom', { preset: 'public_chat', name: 'The Big Garden' }))
      .room_id,
  );
  const userId = (i: number) => `@member${i}:${srv.serverName}`;
  const started = now();
  await inParallel(members + liveJoins, SETUP_CONCURRENCY, (i) =>
    call(srv, admin, 'PUT', `/_synapse/admin/v2/users/${encodeURIComponent(userId(i))}`, {
      displayname: `Member ${i}`,
    }),
  );
  const usersSeconds = (now() - started) / 1000;
  const progress = everyTenth(members, (done) =>
    process.stdout.write(
      `  … ${count(done)} of ${count(members)} joined (${((now() - started) / 1000).toFixed(0)} s)\n`,
    ),
  );
  await inParallel(members, SETUP_CONCURRENCY, async (i) => {
    await adminJoin(srv, admin, roomId, userId(i));
    progress();
  });
  process.stdout.write(
    `  set-up: ${count(members + liveJoins)} users in ${usersSeconds.toFixed(1)} s, ${count(members)} joins in ${((now() - started) / 1000 - usersSeconds).toFixed(1)} s\n`,
  );
  // Invite-only from now on: the clients come in only when invited, and measure idle before.
  await call(srv, admin, 'PUT', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.join_rules/`, {
    join_rule: 'invite',
  });
  return { roomId, live: Array.from({ length: liveJoins }, (_, i) => userId(members + i)) };
}

const adminJoin = (srv: SynapseServer, admin: RegisteredUser, roomId: string, userId: string) =>
  call(srv, admin, 'POST', `/_synapse/admin/v1/join/${encodeURIComponent(roomId)}`, { user_id: userId });

/** The example configuration on Matrix: every channel is the big room, welcomes there, one each. */
function writeFoyerConfig(dir: string, srv: SynapseServer, bot: RegisteredUser, roomId: string): string {
  const config = parse(readFileSync(join(ROOT, 'config/community.example.yaml'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  config['platform'] = {
    kind: 'matrix',
    matrix: { homeserverUrl: srv.baseUrl, userId: bot.userId, accessTokenEnv: 'MATRIX_ACCESS_TOKEN' },
  };
  config['database'] = { path: join(dir, 'foyer.sqlite') };
  for (const name of Object.keys(config['channels']!)) config['channels']![name] = roomId;
  const welcome = (config['features']!['welcome'] ?? {}) as Record<string, unknown>;
  // Live joins come faster than a burst's threshold; grouped welcomes would come at the window's end, minutes later.
  config['features']!['welcome'] = {
    ...welcome,
    delivery: 'channel',
    burst: { ...(welcome['burst'] as object), threshold: 1_000 },
  };
  const file = join(dir, 'community.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

/**
 * Synapse work that no client here reads, and that makes each of 10,000 joins slower (the
 * user directory and room statistics are updated per join). Joins are still Synapse's own.
 */
const FAST_FILL = {
  user_directory: { enabled: false },
  update_user_directory_from_worker: 'no-worker',
  stats: { enabled: false },
  presence: { enabled: false },
};

/** Foyer's idle memory on its first start with an empty compile cache (its own database), then stopped. */
async function firstStartIdle(
  dir: string,
  srv: SynapseServer,
  bot: RegisteredUser,
  roomId: string,
  env: Record<string, string>,
): Promise<MemorySnapshot> {
  mkdirSync(dir);
  const foyer = forkFoyer(writeFoyerConfig(dir, srv, bot, roomId), env);
  try {
    await foyer.stderrLine('Foyer started', (line) => line.includes('"msg":"Foyer started"'));
    return await foyer.measure();
  } finally {
    await foyer.stop();
  }
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const count = (n: number) => n.toLocaleString('en-US');

export async function runMatrixMemoryBench(): Promise<void> {
  const members = positiveInt(process.env.BENCH_MATRIX_MEMBERS, 10_000);
  const liveJoins = positiveInt(process.env.BENCH_MATRIX_LIVE_JOINS, 200);
  // More joins than Foyer's largest burst threshold would be greeted in grouped messages, at the window's end.
  if (liveJoins > 1_000) throw new Error(`BENCH_MATRIX_LIVE_JOINS: at most 1000, got ${liveJoins}`);
  const began = now();
  process.stdout.write(`\nmatrix memory: `);
  const synapse = await ensureSynapse();
  if ('skip' in synapse) {
    process.stdout.write(`skipped, Synapse is not available: ${synapse.skip}\n`);
    return;
  }
  let server: SynapseServer | undefined;
  let observer: Observer | undefined;
  const children: Child[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'foyer-bench-matrix-memory-'));
  try {
    server = await startSynapse({ rateLimits: 'off', config: FAST_FILL });
    const srv = server;
    process.stdout.write(
      `Synapse ${srv.version} on loopback (SQLite, rate limits off, no user directory, stats or presence), a room of ${count(members)} members, then ${count(liveJoins)} live joins; ` +
        `each client in its own process, both at once, node ${process.version}: foyer as npm start runs it (${FOYER_NODE_OPTIONS.join(' ')} src/main.ts), ` +
        `the default client in plain JavaScript ${DEFAULT_RUNTIME_OPTIONS.length > 0 ? `on Foyer's runtime (${DEFAULT_RUNTIME_OPTIONS.join(' ')})` : "with Node's defaults"}; both with --expose-gc\n`,
    );
    const admin = await srv.registerUser('owner', { admin: true });
    const foyerUser = await srv.registerUser('foyer');
    const defaultUser = await srv.registerUser('sdk');
    const setupStarted = now();
    const { roomId, live } = await fillRoom(srv, admin, members, liveJoins);
    const setupSeconds = (now() - setupStarted) / 1000;
    // Many joins, invites and welcomes can come in one /sync: a limit this high misses none.
    observer = new Observer(srv, admin, roomId, 2 * liveJoins + 100);
    await observer.start();

    // Node's compile cache lives in the bench's folder, empty at first: the first start
    // strips Foyer's TypeScript (cold), the measured one starts as every restart does (warm).
    const foyerEnv = {
      MATRIX_ACCESS_TOKEN: foyerUser.accessToken,
      FOYER_LOG_LEVEL: 'info',
      NODE_COMPILE_CACHE: join(dir, 'compile-cache'),
    };
    const coldIdle = await firstStartIdle(join(dir, 'first-start'), srv, foyerUser, roomId, foyerEnv);
    const foyer = forkFoyer(writeFoyerConfig(dir, srv, foyerUser, roomId), foyerEnv);
    children.push(foyer);
    const foyerStarted = foyer.stderrLine('Foyer started', (line) => line.includes('"msg":"Foyer started"'));
    const sdk = forkDefaultClient([srv.baseUrl, defaultUser.userId, defaultUser.accessToken, roomId]);
    children.push(sdk);
    await Promise.all([foyerStarted, sdk.receive('ready')]);
    // Left alone, as a deployed process is between events: V8's memory reducer (8 s after the
    // last collection) gives back the free pages start-up left pooled, with no help.
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const untouched = { foyer: foyer.rssFromOutside(), default: sdk.rssFromOutside() };
    const idle = { foyer: await foyer.measure(), default: await sdk.measure() };

    const joinedBy =
      (user: RegisteredUser) => (e: { type: string; state_key?: string; content: Record<string, unknown> }) =>
        e.type === 'm.room.member' && e.state_key === user.userId && e.content['membership'] === 'join';
    const botsJoined = Promise.all([
      observer.waitFor('Foyer’s join', joinedBy(foyerUser), STEP_TIMEOUT_MS),
      observer.waitFor('the default client’s join', joinedBy(defaultUser), STEP_TIMEOUT_MS),
    ]);
    for (const bot of [foyerUser, defaultUser])
      await call(srv, admin, 'POST', `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, {
        user_id: bot.userId,
      });
    await botsJoined;

    sdk.tell({ type: 'expect', userIds: live });
    const liveStarted = now();
    const welcomed: Promise<number>[] = [];
    for (const id of live) {
      // Each wait starts with its own join, however long the joins before it took.
      const welcome = observer.waitFor(
        `Foyer’s welcome for ${id}`,
        (e) => e.sender === foyerUser.userId && mentions(e).includes(id),
        STEP_TIMEOUT_MS,
      );
      welcome.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      welcomed.push(welcome);
      await adminJoin(srv, admin, roomId, id);
    }
    await Promise.all([Promise.all(welcomed), sdk.receive('seen')]);
    const liveSeconds = (now() - liveStarted) / 1000;
    const after = { foyer: await foyer.measure(), default: await sdk.measure() };

    const row = (kind: Kind) => [
      kind === 'foyer' ? "foyer: Foyer's process (src/main.ts)" : 'default: matrix-js-sdk, default options',
      untouched[kind] === undefined ? 'n/a' : mib(untouched[kind]),
      mib(idle[kind].rss),
      mib(idle[kind].rssReduced),
      mib(after[kind].rss),
      mib(after[kind].rssReduced),
      mib(after[kind].heapUsed),
      mib(after[kind].external),
      mib(after[kind].maxRss),
    ];
    process.stdout.write(
      `\n${table(['kind', `idle ${IDLE_SECONDS} s`, 'idle rss', 'idle reduced', 'joined rss', 'joined reduced', 'joined heapUsed', 'joined external', 'peak rss'], [row('foyer'), row('default')])}\n\n` +
        `MiB. idle ${IDLE_SECONDS} s: resident memory read from /proc after ${IDLE_SECONDS} s untouched since the first sync (what ps shows); idle: then, after start and first sync; joined: in the room of ${count(members)} members, after ${count(liveJoins)} live joins (Foyer welcomed each).\n` +
        `rss: after global.gc() twice; reduced: after one more, memory-reducing GC (drops the free pages V8 keeps pooled, as its memory reducer does once a process idles).\n`,
    );
    // Foyer is started before its invite: refused joins and member reads of that room are expected.
    const expected = ['cannot join a configured room', 'cannot read a room’s members'];
    const warnings = foyer.stderrTail.filter(
      (line) => /"level":"(warn|error)"/.test(line) && !expected.some((m) => line.includes(m)),
    );
    if (warnings.length > 0)
      process.stdout.write(`warning: Foyer logged warnings or errors, last: ${warnings.at(-1)}\n`);
    const ratio = (f: (s: MemorySnapshot) => number) =>
      `${(f(idle.foyer) / f(idle.default)).toFixed(2)} idle, ${(f(after.foyer) / f(after.default)).toFixed(2)} joined`;
    process.stdout.write(
      `matrix memory: foyer idle ${untouched.foyer === undefined ? 'n/a' : mib(untouched.foyer)} MiB after ${IDLE_SECONDS} s untouched, rss ${mib(idle.foyer.rss)} MiB, reduced ${mib(idle.foyer.rssReduced)} MiB (target < ${IDLE_TARGET_MIB} MiB); ` +
        `first start (empty compile cache, TypeScript stripped) ${mib(coldIdle.rss)} MiB, reduced ${mib(coldIdle.rssReduced)} MiB\n`,
    );
    process.stdout.write(
      `matrix memory: foyer / default rss = ${ratio((s) => s.rss)}; reduced ${ratio((s) => s.rssReduced)}\n`,
    );
    process.stdout.write(
      `matrix memory: room set-up took ${setupSeconds.toFixed(1)} s, live joins ${liveSeconds.toFixed(1)} s; bench took ${((now() - began) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await observer?.stop().catch(() => undefined);
    for (const child of children) await child.stop().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMatrixMemoryBench().catch((error: unknown) => {
    process.stderr.write(
      `matrix memory bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}

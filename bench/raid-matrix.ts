/**
 * Under a raid, on Matrix: the raid of bench/raid.ts scaled to what one machine can drive
 * against a real Synapse on loopback, with Synapse's DEFAULT rate limits for everyone in
 * the room, Foyer's account included (rc_message 0.2/s with a burst of 10,
 * rc_joins_per_room 1/s with a burst of 10, …). Only the limits on registering and
 * logging in the bench's accounts are raised, because that is set-up, not the raid.
 *
 * Foyer is the real bot (createMatrixAdapter + createBot, every feature, SQLite in a temp
 * file, real time). Before it starts, BENCH_MATRIX_RAID_TALKERS members are in the room
 * already. Then, over BENCH_MATRIX_RAID_SECONDS: BENCH_MATRIX_RAID_JOINS newcomers join
 * (half in bursts of up to 20 within one second, the rest spread out; a join Synapse
 * refuses with 429 is retried when it says), the talkers post BENCH_MATRIX_RAID_MESSAGES
 * messages and type BENCH_MATRIX_RAID_COMMANDS commands (`!help`, `!onboarding`), each
 * timed until Foyer's private answer reaches the member's own /sync (Foyer answers these
 * in a direct room: the first one includes opening it and the member accepting the invite).
 *
 * It prints: newcomers greeted (and greeted twice), welcome messages and the most in any
 * 5 s, the 429s Synapse answered Foyer (counted by the adapter's metrics), command answer
 * times, the event-loop delay of this process (Foyer and the bench's own HTTP clients:
 * an upper bound for Foyer's) and how long until everyone was greeted. It asserts nothing
 * about them.
 *
 *   BENCH_MATRIX_RAID_JOINS     newcomers (default 60)
 *   BENCH_MATRIX_RAID_MESSAGES  member messages (default 150)
 *   BENCH_MATRIX_RAID_COMMANDS  commands (default 20)
 *   BENCH_MATRIX_RAID_TALKERS   members there before (default 10)
 *   BENCH_MATRIX_RAID_SECONDS   the raid's length (default 90)
 *   BENCH_MATRIX_RAID_FIFO      1: Foyer's sends in one first-in, first-out lane, as matrix-js-sdk's
 *                               scheduler had them (the baseline for command answers going first)
 *
 * Run alone: `npm exec -- tsx bench/raid-matrix.ts`; `npm run bench` runs it with the others.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMatrixAdapter } from '../src/adapters/matrix/matrix.adapter.ts';
import { createBot } from '../src/bot.ts';
import { systemClock } from '../src/core/clock.ts';
import { communityId } from '../src/core/ids.ts';
import { createLogger } from '../src/core/logger.ts';
import { noMetrics, type Metrics } from '../src/core/metrics.ts';
import { createNodeCronWaker } from '../src/core/node-cron-waker.ts';
import { FEATURES } from '../src/features/index.ts';
import { openStorage } from '../src/storage/index.ts';
import { ensureSynapse, startSynapse, type RegisteredUser, type SynapseServer } from '../test/support/synapse/index.ts';
import { testConfig } from '../test/support/harness.ts';
import {
  collectLongTimers,
  mentions,
  now,
  positiveInt,
  quietSdkRootLogger,
  rawFetch,
  type RawEvent,
} from './matrix-support.ts';
import { maxInWindow, percentile } from './raid.ts';
import { prng, table, tempDatabase } from './support.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BURST = 20;
const COMMANDS = ['help', 'onboarding'] as const;
/** Set-up only: registering and logging in the bench's accounts. */
const SETUP_LIMITS = {
  rc_registration: { per_second: 1000, burst_count: 1000 },
  rc_login: {
    address: { per_second: 1000, burst_count: 1000 },
    account: { per_second: 1000, burst_count: 1000 },
    failed_attempts: { per_second: 1000, burst_count: 1000 },
  },
};

type Step =
  | { at: number; kind: 'join'; who: number }
  | { at: number; kind: 'message'; who: number }
  | { at: number; kind: 'command'; who: number; command: (typeof COMMANDS)[number] };

interface Sizes {
  joins: number;
  messages: number;
  commands: number;
  talkers: number;
  seconds: number;
}

function plan(sizes: Sizes): Step[] {
  const random = prng(0x3a7e);
  const span = sizes.seconds * 1000;
  const steps: Step[] = [];
  const inBursts = Math.floor(sizes.joins / 2);
  const bursts = Math.max(1, Math.ceil(inBursts / BURST));
  let joined = 0;
  for (let b = 0; b < bursts && joined < inBursts; b++) {
    const start = ((b + 0.5) * span) / bursts - 500;
    for (let i = 0; i < BURST && joined < inBursts; i++, joined++)
      steps.push({ at: start + (i * 1000) / BURST, kind: 'join', who: joined });
  }
  for (; joined < sizes.joins; joined++) steps.push({ at: random() * span, kind: 'join', who: joined });
  for (let i = 0; i < sizes.messages; i++) steps.push({ at: random() * span, kind: 'message', who: i % sizes.talkers });
  for (let i = 0; i < sizes.commands; i++)
    steps.push({ at: random() * span, kind: 'command', who: i % sizes.talkers, command: COMMANDS[i % 2]! });
  return steps.sort((a, b) => a.at - b.at);
}

/** A client-server call that waits out a 429 as Synapse says, as real clients do. */
async function patiently(
  server: SynapseServer,
  user: RegisteredUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  for (;;) {
    const res = await rawFetch(`${server.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status === 429) {
      await sleep(Number(json['retry_after_ms'] ?? 1000));
      continue;
    }
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
}

type TimedEvent = RawEvent & { origin_server_ts: number };

/** Every event Foyer sent to the room, oldest first (the room's history, paginated). */
async function botEvents(server: SynapseServer, reader: RegisteredUser, roomId: string, bot: string) {
  const events: TimedEvent[] = [];
  let from = '';
  for (;;) {
    const page = await patiently(
      server,
      reader,
      'GET',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=500${from ? `&from=${encodeURIComponent(from)}` : ''}`,
    );
    const chunk = (page.chunk as TimedEvent[] | undefined) ?? [];
    events.push(...chunk.filter((e) => e.sender === bot && e.type === 'm.room.message'));
    if (chunk.length === 0 || !page.end) break;
    from = String(page.end);
  }
  return events.reverse();
}

/**
 * A member's /sync over every room: `!help` and `!onboarding` answer privately, in a
 * direct room Foyer opens and invites the member to. The inbox accepts Foyer's invites at
 * once and says when a message from Foyer, in a room other than the community's, arrived.
 */
class Inbox {
  #since = '';
  #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #waiters: ((at: number) => void)[] = [];
  constructor(
    readonly server: SynapseServer,
    readonly user: RegisteredUser,
    readonly bot: string,
    readonly communityRoom: string,
  ) {}

  async start(): Promise<void> {
    this.#since = String((await patiently(this.server, this.user, 'GET', this.#path(0))).next_batch);
    this.#loop = this.#run();
  }

  #path(timeout: number): string {
    const filter = {
      presence: { types: [] },
      account_data: { types: [] },
      room: { state: { lazy_load_members: true } },
    };
    const since = this.#since ? `&since=${encodeURIComponent(this.#since)}` : '';
    return `/_matrix/client/v3/sync?timeout=${timeout}&set_presence=offline&filter=${encodeURIComponent(JSON.stringify(filter))}${since}`;
  }

  async #run(): Promise<void> {
    while (!this.#abort.signal.aborted) {
      const res = await rawFetch(`${this.server.baseUrl}${this.#path(30_000)}`, {
        headers: { authorization: `Bearer ${this.user.accessToken}` },
        signal: this.#abort.signal,
      }).catch(() => undefined);
      if (!res) return;
      const body = (await res.json()) as {
        next_batch: string;
        rooms?: { invite?: Record<string, unknown>; join?: Record<string, { timeline?: { events?: RawEvent[] } }> };
      };
      const at = now();
      if (!res.ok) continue;
      this.#since = body.next_batch;
      for (const roomId of Object.keys(body.rooms?.invite ?? {}))
        void patiently(this.server, this.user, 'POST', `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {});
      for (const [roomId, room] of Object.entries(body.rooms?.join ?? {})) {
        if (roomId === this.communityRoom) continue;
        const fromBot = (room.timeline?.events ?? []).filter(
          (e) => e.sender === this.bot && e.type === 'm.room.message',
        );
        for (let i = 0; i < fromBot.length; i++) this.#waiters.shift()?.(at);
      }
    }
  }

  /** The next private message from Foyer (answers come in the order the commands were sent). */
  next(): Promise<number> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop?.catch(() => undefined);
  }
}

const isAnswer = (e: RawEvent): boolean =>
  (e.content['m.relates_to'] as { 'm.in_reply_to'?: unknown } | undefined)?.['m.in_reply_to'] !== undefined;

export async function runMatrixRaidBench(): Promise<void> {
  const sizes: Sizes = {
    joins: positiveInt(process.env.BENCH_MATRIX_RAID_JOINS, 60),
    messages: positiveInt(process.env.BENCH_MATRIX_RAID_MESSAGES, 150),
    commands: positiveInt(process.env.BENCH_MATRIX_RAID_COMMANDS, 20),
    talkers: positiveInt(process.env.BENCH_MATRIX_RAID_TALKERS, 10),
    seconds: positiveInt(process.env.BENCH_MATRIX_RAID_SECONDS, 90),
  };
  process.stdout.write(`\nmatrix raid: `);
  const synapse = await ensureSynapse();
  if ('skip' in synapse) {
    process.stdout.write(`skipped, Synapse is not available: ${synapse.skip}\n`);
    return;
  }
  if (!existsSync(join(process.cwd(), 'config/community.example.yaml'))) process.chdir(ROOT);
  const restoreLogger = quietSdkRootLogger();
  const releaseTimers = collectLongTimers();
  const tmp = tempDatabase('raid-matrix');
  let server: SynapseServer | undefined;
  const inboxes = new Map<RegisteredUser, Inbox>();
  let stopFoyer: (() => Promise<void>) | undefined;
  try {
    server = await startSynapse({ rateLimits: 'default', config: SETUP_LIMITS });
    const srv = server;
    process.stdout.write(
      `Synapse ${srv.version} on loopback with its default rate limits (registration and login raised for set-up), ` +
        `${sizes.joins} joins, ${sizes.messages} messages, ${sizes.commands} commands from ${sizes.talkers} members ` +
        `over ${sizes.seconds} s, real time; node ${process.version}; Foyer's sends: ${process.env.BENCH_MATRIX_RAID_FIFO === '1' ? 'one first-in, first-out lane (baseline)' : 'answers first'}\n`,
    );
    const botUser = await srv.registerUser('foyer');
    const owner = await srv.registerUser('owner');
    const watcher = await srv.registerUser('observer');
    const talkers: RegisteredUser[] = [];
    for (let i = 0; i < sizes.talkers; i++) talkers.push(await srv.registerUser(`talker${i}`));
    const newcomers: RegisteredUser[] = [];
    for (let i = 0; i < sizes.joins; i++) newcomers.push(await srv.registerUser(`raider${i}`));
    const roomId = String(
      (
        await patiently(srv, owner, 'POST', '/_matrix/client/v3/createRoom', {
          preset: 'public_chat',
          name: 'The Garden',
          invite: [botUser.userId],
          power_level_content_override: { users: { [botUser.userId]: 100 } },
        })
      ).room_id,
    );
    const joinPath = `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`;
    for (const member of [watcher, ...talkers]) await patiently(srv, member, 'POST', joinPath, {});

    const reported = { rateLimited: 0 };
    const metrics: Metrics = { ...noMetrics, rateLimited: () => void reported.rateLimited++ };
    const errors: string[] = [];
    const warnings: string[] = [];
    const logger = createLogger((r) => {
      if (r.level === 'error') errors.push(`${r.message} ${JSON.stringify(r.fields)}`);
      else if (r.level === 'warn') warnings.push(`${r.message} ${JSON.stringify(r.fields).slice(0, 300)}`);
    }, 'info');
    const config = testConfig({
      channels: { general: roomId, welcome: roomId, introductions: roomId },
      database: { path: tmp.file },
    });
    const storage = openStorage(tmp.file);
    const waker = createNodeCronWaker((error) => errors.push(`scheduled work failed: ${String(error)}`));
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
      metrics,
      answersFirst: process.env.BENCH_MATRIX_RAID_FIFO !== '1',
    });
    const bot = createBot({ config, adapter, storage, clock: systemClock, waker, logger, features: FEATURES });
    await bot.start();
    stopFoyer = async () => {
      await bot.stop();
      waker.stopAll();
      storage.close();
    };
    for (const talker of talkers) inboxes.set(talker, new Inbox(srv, talker, botUser.userId, roomId));
    for (const inbox of inboxes.values()) await inbox.start();

    const steps = plan(sizes);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const answerTimes: number[] = [];
    let unanswered = 0;
    let txn = 0;
    const started = now();
    const inFlight: Promise<void>[] = [];
    for (const step of steps) {
      const wait = started + step.at - now();
      if (wait > 0) await sleep(wait);
      if (step.kind === 'join')
        inFlight.push(patiently(srv, newcomers[step.who]!, 'POST', joinPath, {}).then(() => {}));
      else {
        const talker = talkers[step.who]!;
        const body = step.kind === 'command' ? `!${step.command}` : `a message during the raid (${txn})`;
        const send = (async () => {
          // Waiting before sending: the answer may arrive before the send returns.
          const answer = step.kind === 'command' ? inboxes.get(talker)!.next() : undefined;
          const t0 = now();
          await patiently(
            srv,
            talker,
            'PUT',
            `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/raid${txn++}`,
            { msgtype: 'm.text', body },
          );
          if (!answer) return;
          // Unref'd: once everything is answered, this timer must not hold the process for 5 minutes.
          const answered = await Promise.race([
            answer,
            sleep(300_000, undefined, { ref: false }).then(() => undefined),
          ]);
          if (answered === undefined) unanswered++;
          else answerTimes.push(answered - t0);
        })();
        inFlight.push(send);
      }
    }
    await Promise.all(inFlight);
    const raidEnded = now();
    // Everyone greeted, or five minutes more: Foyer's grouped welcomes drain at Synapse's pace.
    const everyone = new Set(newcomers.map((n) => n.userId));
    let events: TimedEvent[] = [];
    for (const deadline = now() + 300_000; now() < deadline; await sleep(2000)) {
      events = await botEvents(srv, watcher, roomId, botUser.userId);
      const greeted = new Set(events.filter((e) => !isAnswer(e)).flatMap(mentions));
      if ([...everyone].every((id) => greeted.has(id))) break;
    }
    const allGreetedAfter = (now() - started) / 1000;
    loop.disable();
    const welcomes = events.filter((e) => !isAnswer(e) && mentions(e).some((id) => everyone.has(id)));
    const times = new Map<string, number>();
    for (const e of welcomes) for (const id of mentions(e)) times.set(id, (times.get(id) ?? 0) + 1);
    const greeted = [...everyone].filter((id) => times.has(id)).length;
    const twice = [...times.values()].filter((n) => n > 1).length;
    process.stdout.write(
      `${table(
        ['figure', 'value', 'Discord target (bench/raid.ts)'],
        [
          ['newcomers greeted', `${greeted} of ${sizes.joins}`, 'everyone'],
          ['greeted twice', String(twice), '0'],
          ['welcome messages', String(welcomes.length), ''],
          [
            'most welcome messages in any 5 s',
            String(
              maxInWindow(
                welcomes.map((e) => e.origin_server_ts),
                5000,
              ),
            ),
            '1',
          ],
          ['429s Synapse answered Foyer', String(reported.rateLimited), '(Discord: 0 global)'],
          [
            'command answered privately: p50 / p99 / max ms',
            `${percentile(answerTimes, 50).toFixed(0)} / ${percentile(answerTimes, 99).toFixed(0)} / ${Math.max(...answerTimes, 0).toFixed(0)}`,
            'p99 < 1000 (an interaction ack)',
          ],
          ['commands unanswered after 5 min', String(unanswered), '0'],
          [
            'event-loop delay p99 / max ms',
            `${(loop.percentile(99) / 1e6).toFixed(1)} / ${(loop.max / 1e6).toFixed(1)}`,
            'p99 < 50',
          ],
          [
            'raid length / everyone greeted after s',
            `${((raidEnded - started) / 1000).toFixed(0)} / ${allGreetedAfter.toFixed(0)}`,
            '',
          ],
          ['errors logged', String(errors.length), '0'],
        ],
      )}\n`,
    );
    for (const error of errors.slice(0, 5)) process.stdout.write(`error: ${error}\n`);
    if (process.env.BENCH_MATRIX_RAID_DEBUG) {
      for (const warning of warnings.slice(0, 30)) process.stdout.write(`warning: ${warning}\n`);
      for (const newcomer of newcomers.filter((n) => !times.has(n.userId))) {
        const id = `matrix:${newcomer.userId}`;
        process.stdout.write(
          `not greeted: ${newcomer.userId} joined ${String(storage.members.get(config.community.id, id)?.joinedAt?.toISOString())} ` +
            `outreach ${JSON.stringify(storage.outreach.forMember(config.community.id, id).map((e) => e.status))}\n`,
        );
      }
    }
  } finally {
    for (const inbox of inboxes.values()) await inbox.stop();
    await stopFoyer?.().catch(() => undefined);
    await server?.stop();
    tmp.dispose();
    releaseTimers();
    restoreLogger();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runMatrixRaidBench();

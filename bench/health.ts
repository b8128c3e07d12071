/**
 * `/health` at scale: a community of BENCH_HEALTH_MEMBERS members (default 100,000) and
 * BENCH_HEALTH_ROWS message rows (default 10 million) over a year: joins loaded with direct
 * SQL, messages through Foyer's activity writer (raw rows and roll-ups as in production).
 * Then, in the same run:
 *  - `/health`'s figures as the feature computes them (two 28-day periods, from roll-ups),
 *  - the same headline figures by naive SQL over the raw rows,
 * both timed, with the ratio; the two must agree on the figures they share. Then the full
 * ingest path (bot.handle, roll-ups on) against the raw insert baseline of bench/activity.ts.
 * It prints; it never fails on speed.
 *
 *   BENCH_HEALTH_MEMBERS, BENCH_HEALTH_ROWS  community size
 *   BENCH_HEALTH_RUNS        timed /health runs (default 20) and BENCH_HEALTH_NAIVE_RUNS (default 3)
 *   BENCH_HEALTH_INGEST_N    events per ingest run (default 100000), BENCH_HEALTH_INGEST_RUNS (default 3)
 */
import type Database from 'better-sqlite3';
import { computeFigures, median as middle, percentile } from '../src/features/health/health.kpis.ts';
import type { HealthFigures } from '../src/features/health/health.figures.ts';
import { createActivityWriter } from '../src/storage/activity.repository.ts';
import { openDatabase, type Db } from '../src/storage/database.ts';
import { createHealthStore } from '../src/storage/health.store.ts';
import { buildWorkload, runBaseline, runFullPath, sliceWorkload } from './activity.ts';
import { collectGarbage, envPositiveInt as env, median, now, prng, table, tempDatabase } from './support.ts';

const DAY = 86_400_000;
export const COMMUNITY = 'bench-health';
const CHANNELS = ['general', 'help', 'introductions', 'events', 'random'];
/** The community's timezone is UTC here: the writer's days (UTC when not given) and the naive SQL's agree. */
export const TIMEZONE = 'UTC';
const YEAR_START = Date.UTC(2025, 0, 1);
/** "Today": the last day of the year of data. */
export const TODAY = '2025-12-31';

/** Members join over the year (a fifth were there before it); a tenth leave later. */
export function loadMembers(sqlite: Database.Database, members: number, random: () => number): Float64Array {
  const joinedAt = new Float64Array(members);
  const insert = sqlite.prepare(
    'INSERT INTO membership_events (community_id, member_id, kind, at, day, member_delta) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);
  sqlite.transaction(() => {
    for (let i = 0; i < members; i++) {
      const before = i < members / 5;
      const at = before
        ? YEAR_START - Math.floor(random() * 365 * DAY)
        : YEAR_START + ((i / members) * 365 - 73) * DAY * 1.25;
      joinedAt[i] = Math.floor(at);
      // A join then maybe a leave: +1 then -1 to the member count, as Foyer records them.
      insert.run(COMMUNITY, `member${i}`, 'join', joinedAt[i], utcDay(joinedAt[i]!), 1);
      if (random() < 0.1) {
        const left = joinedAt[i]! + Math.floor(random() * 120 * DAY);
        if (left < YEAR_START + 365 * DAY) insert.run(COMMUNITY, `member${i}`, 'leave', left, utcDay(left), -1);
      }
    }
  })();
  return joinedAt;
}

/**
 * Message rows in time order over the year, by members who had joined, skewed toward a
 * core of regulars; a tenth reply to one of the thousand messages before them. They go
 * through Foyer's own activity writer, so the raw rows and every roll-up are kept exactly
 * as in production (each member's first message flagged, as core flags it).
 */
export function loadMessages(db: Db, rows: number, joinedAt: Float64Array, random: () => number): void {
  const members = joinedAt.length;
  const writer = createActivityWriter({ db, batchSize: 5_000 });
  const posted = new Uint8Array(members);
  const step = (365 * DAY) / rows;
  for (let i = 0; i < rows; i++) {
    const at = Math.floor(YEAR_START + i * step);
    // Members are ordered by join time: those joined by `at` are the first `joined`.
    let joined = members;
    while (joined > 1 && joinedAt[joined - 1]! > at) joined = Math.max(1, Math.floor(joined * 0.9));
    const member = Math.floor(joined * random() ** 3);
    const reply = i > 0 && random() < 0.1 ? `m${Math.max(0, i - 1 - Math.floor(random() * 1000))}` : undefined;
    const first = posted[member] === 0;
    posted[member] = 1;
    writer.add({
      communityId: COMMUNITY,
      channelId: CHANNELS[i % CHANNELS.length]!,
      memberId: `member${member}`,
      messageId: `m${i}`,
      at: new Date(at),
      ...(reply !== undefined ? { replyTo: reply } : {}),
      ...(first ? { first } : {}),
    });
  }
  writer.flush();
  // What a store without roll-ups would need to find replies at all: only the naive side uses it.
  db.$client.exec('CREATE INDEX bench_replies ON message_activity (community_id, reply_to); ANALYZE;');
}

interface Headline {
  members: number;
  joins: number;
  leaves: number;
  dau: number;
  wau: number;
  mau: number;
  activeMembers: number;
  communicators: number;
  stickiness: number | undefined;
  activation: number | undefined;
  responseMedianMs: number | undefined;
  responseP90Ms: number | undefined;
}

const headlineOf = (f: HealthFigures): Headline => ({
  members: f.members,
  joins: f.joins,
  leaves: f.leaves,
  dau: f.dau,
  wau: f.wau,
  mau: f.mau,
  activeMembers: f.activeMembers,
  communicators: f.communicators,
  stickiness: f.stickiness,
  activation: f.activation,
  responseMedianMs: f.response.medianMs,
  responseP90Ms: f.response.p90Ms,
});

const startOf = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const shift = (day: string, n: number): string => new Date(startOf(day) + n * DAY).toISOString().slice(0, 10);

/** The same headline figures for the 28 days ending on `to`, by plain SQL over the raw rows only. */
export function naiveHeadline(sqlite: Database.Database, to: string): Headline {
  const from = shift(to, -27);
  const end = startOf(shift(to, 1));
  const start = startOf(from);
  const today = startOf(TODAY);
  const one = (sql: string, ...params: unknown[]): number =>
    sqlite
      .prepare(sql)
      .pluck()
      .get(COMMUNITY, ...params) as number;
  const distinctIn = (a: number, b: number) =>
    one('SELECT count(DISTINCT member_id) FROM message_activity WHERE community_id = ? AND at >= ? AND at < ?', a, b);
  const mau = distinctIn(end - 28 * DAY, end);
  const memberDays = one(
    `SELECT count(*) FROM (SELECT DISTINCT member_id, date(at / 1000, 'unixepoch') FROM message_activity
     WHERE community_id = ? AND at >= ? AND at < ?)`,
    end - 28 * DAY,
    end,
  );
  // Newcomers: first join in the period; activation counts those whose days 0–6 are over.
  const joiners = sqlite
    .prepare(
      `SELECT member_id, min(at) AS at FROM membership_events WHERE community_id = ? AND kind = 'join' AND at >= ? AND at < ?
       GROUP BY member_id`,
    )
    .all(COMMUNITY, start, end) as { member_id: string; at: number }[];
  const posted = sqlite
    .prepare(
      'SELECT EXISTS (SELECT 1 FROM message_activity WHERE community_id = ? AND member_id = ? AND at >= ? AND at < ?)',
    )
    .pluck();
  const settled = joiners.filter((j) => startOf(new Date(j.at).toISOString().slice(0, 10)) + 7 * DAY <= today);
  const activated = settled.filter((j) => {
    const day0 = startOf(new Date(j.at).toISOString().slice(0, 10));
    return posted.get(COMMUNITY, j.member_id, day0, day0 + 7 * DAY) === 1;
  }).length;
  // Time to first response: each newcomer's earliest message, if posted in the period, and the earliest other member's reply.
  const firsts = sqlite
    .prepare(
      `SELECT f.member_id, f.message_id, f.at FROM (
         SELECT member_id, message_id, min(at) AS at FROM message_activity WHERE community_id = ? GROUP BY member_id
       ) f WHERE f.at >= ? AND f.at < ?
       AND EXISTS (SELECT 1 FROM membership_events e WHERE e.community_id = ? AND e.member_id = f.member_id
                   AND e.kind = 'join' AND e.at <= f.at AND e.at >= ?)`,
    )
    .all(COMMUNITY, start, end, COMMUNITY, start - 365 * DAY) as {
    member_id: string;
    message_id: string;
    at: number;
  }[];
  const replyAt = sqlite
    .prepare(
      `SELECT min(at) FROM message_activity WHERE community_id = ? AND reply_to = ? AND member_id <> ? AND at >= ?`,
    )
    .pluck();
  const waits = firsts
    .map((f) => replyAt.get(COMMUNITY, f.message_id, f.member_id, f.at) as number | null)
    .map((at, i) => (at === null ? null : at - firsts[i]!.at))
    .filter((w): w is number => w !== null);
  return {
    members: one(
      `SELECT count(*) FROM (SELECT member_id, kind, max(at) FROM membership_events WHERE community_id = ? AND at < ?
       GROUP BY member_id) WHERE kind = 'join'`,
      end,
    ),
    joins: one(
      "SELECT count(*) FROM membership_events WHERE community_id = ? AND kind = 'join' AND at >= ? AND at < ?",
      start,
      end,
    ),
    leaves: one(
      "SELECT count(*) FROM membership_events WHERE community_id = ? AND kind = 'leave' AND at >= ? AND at < ?",
      start,
      end,
    ),
    dau: distinctIn(end - DAY, end),
    wau: distinctIn(end - 7 * DAY, end),
    mau,
    activeMembers: distinctIn(start, end),
    communicators: one(
      `SELECT count(*) FROM (SELECT member_id FROM message_activity WHERE community_id = ? AND at >= ? AND at < ?
       GROUP BY member_id HAVING count(*) >= 3)`,
      start,
      end,
    ),
    stickiness: mau === 0 ? undefined : memberDays / 28 / mau,
    activation: settled.length === 0 ? undefined : activated / settled.length,
    responseMedianMs: middle(waits),
    responseP90Ms: percentile(waits, 0.9),
  };
}

function timed<T>(work: () => T): { ms: number; value: T } {
  const t0 = now();
  const value = work();
  return { ms: now() - t0, value };
}

/** Fails the bench when the two ways disagree: a fast wrong answer is no result. */
function expectSame(roll: Headline, naive: Headline, label: string): void {
  for (const key of Object.keys(naive) as (keyof Headline)[]) {
    const [a, b] = [roll[key], naive[key]];
    const same = a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-9);
    if (!same) throw new Error(`health bench: ${label} ${key}: roll-ups say ${a}, raw rows say ${b}`);
  }
}

export async function runHealthBench(): Promise<void> {
  const members = env('BENCH_HEALTH_MEMBERS', 100_000);
  const rows = env('BENCH_HEALTH_ROWS', 10_000_000);
  const runs = env('BENCH_HEALTH_RUNS', 20);
  const naiveRuns = env('BENCH_HEALTH_NAIVE_RUNS', 3);
  const began = now();
  const tmp = tempDatabase('health');
  try {
    const db = openDatabase(tmp.file);
    const sqlite = db.$client;
    const random = prng(0x4ea1);
    const phase = (name: string, work: () => void) => {
      const t0 = now();
      work();
      if (process.env.BENCH_HEALTH_VERBOSE) process.stdout.write(`  ${name}: ${(now() - t0).toFixed(0)} ms\n`);
    };
    let joinedAt: Float64Array = new Float64Array(0);
    phase('members', () => void (joinedAt = loadMembers(sqlite, members, random)));
    phase('messages and roll-ups', () => loadMessages(db, rows, joinedAt, random));
    const loadedIn = now() - began;
    const memberDays = sqlite.prepare('SELECT count(*) FROM member_days').pluck().get() as number;
    process.stdout.write(
      `\nhealth: ${members.toLocaleString('en-US')} members, ${rows.toLocaleString('en-US')} message rows over 2025 ` +
        `(${memberDays.toLocaleString('en-US')} member-days), loaded in ${(loadedIn / 1000).toFixed(1)} s; ` +
        `/health = two 28-day periods ending ${TODAY} and a week before\n`,
    );

    const store = createHealthStore({ db });
    const lastWeek = shift(TODAY, -7);
    const health = () =>
      [TODAY, lastWeek].map((to) =>
        computeFigures(store, {
          community: COMMUNITY,
          from: shift(to, -27),
          to,
          timezone: TIMEZONE,
          now: new Date(startOf(TODAY) + DAY),
        }),
      );
    const naive = () => [TODAY, lastWeek].map((to) => naiveHeadline(sqlite, to));

    health(); // warm-up: JIT and page cache, for both alike
    const first = naive();
    const rolled = health();
    expectSame(headlineOf(rolled[0]!), first[0]!, 'this period');
    expectSame(headlineOf(rolled[1]!), first[1]!, 'last week’s period');

    const rollTimes: number[] = [];
    const naiveTimes: number[] = [];
    for (let run = 0; run < runs; run++) {
      collectGarbage();
      rollTimes.push(timed(health).ms);
      if (run < naiveRuns) naiveTimes.push(timed(naive).ms);
    }
    const p99 = percentile(rollTimes, 0.99)!;
    process.stdout.write(
      `${table(
        ['measurement', 'runs', 'p50 ms', 'p99 ms'],
        [
          ['/health from roll-ups (computeFigures ×2)', String(runs), median(rollTimes).toFixed(1), p99.toFixed(1)],
          [
            'same figures, naive SQL over raw rows',
            String(naiveTimes.length),
            median(naiveTimes).toFixed(1),
            percentile(naiveTimes, 0.99)!.toFixed(1),
          ],
        ],
      )}\n`,
    );
    process.stdout.write(
      `/health p99: ${p99.toFixed(1)} ms (target < 500); roll-ups ${(median(naiveTimes) / median(rollTimes)).toFixed(1)}× faster than naive (p50, target >= 20)\n`,
    );
    sqlite.close();
  } finally {
    tmp.dispose();
  }
  await ingestBench();
}

/** The full path (bot.handle, roll-ups maintained) against bench/activity.ts's raw insert baseline. */
async function ingestBench(): Promise<void> {
  const n = env('BENCH_HEALTH_INGEST_N', 100_000);
  const runs = env('BENCH_HEALTH_INGEST_RUNS', 3);
  const workload = buildWorkload(n);
  const warmup = sliceWorkload(workload, Math.max(1, Math.floor(n / 5)));
  runBaseline(warmup.rows);
  await runFullPath(warmup);
  const baseline: number[] = [];
  const full: number[] = [];
  let errors = 0;
  for (let run = 0; run < runs; run++) {
    collectGarbage();
    baseline.push(runBaseline(workload.rows));
    collectGarbage();
    const result = await runFullPath(workload);
    errors += result.errors.length;
    full.push(result.ms);
  }
  const ratio = median(baseline) / median(full);
  process.stdout.write(
    `health ingest: ${n.toLocaleString('en-US')} events, median of ${runs}: baseline ${median(baseline).toFixed(0)} ms, ` +
      `bot.handle with roll-ups ${median(full).toFixed(0)} ms; ratio ${ratio.toFixed(2)} (target >= 0.8, never below 0.5)\n`,
  );
  if (errors > 0)
    process.stdout.write(`warning: the full path logged ${errors} errors; its figure is not trustworthy\n`);
}

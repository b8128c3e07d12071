/**
 * Foyer on PostgreSQL, on a throwaway cluster (test/support/postgres/cluster.ts) stopped at
 * the end, also on error. Two measurements, each against a figure taken in the same run:
 *  - ingest: bench/activity.ts's message-activity workload through Foyer's activity writer
 *    on openStorage(postgres://…) (raw rows and roll-ups, as in production, over the
 *    synchronous bridge), against raw `pg` (one async client) multi-row INSERTs of the same
 *    rows, in batches of the writer's size, into the message_activity table of a freshly
 *    migrated database; events/s of each and the ratio Foyer / raw (target >= 0.5);
 *  - /health: bench/health.ts's community, built on SQLite by its own builder, copied table
 *    by table into PostgreSQL with bulk `INSERT … SELECT FROM unnest(…)` through raw `pg`;
 *    the headline computation bench/health.ts times (computeFigures for two periods) on
 *    PostgreSQL, and on the SQLite original for comparison.
 * Every run uses a fresh database; row counts are checked after each. It prints; it never
 * fails on speed.
 *
 *   BENCH_PG_N     events per ingest run (default 100000)
 *   BENCH_PG_RUNS  measured ingest runs, after one warm-up of N/5 (default 3)
 *   BENCH_PG_HEALTH_MEMBERS, BENCH_PG_HEALTH_ROWS  community size (default 100000 and 1000000)
 *   BENCH_PG_HEALTH_RUNS  timed /health runs on each database, after one warm-up (default 5)
 */
import pg from 'pg';
import { computeFigures, percentile } from '../src/features/health/health.kpis.ts';
import type { HealthFigures } from '../src/features/health/health.figures.ts';
import type { HealthStore } from '../src/features/health/health.store.ts';
import { ACTIVITY_BATCH, type ActivityRow } from '../src/storage/activity.repository.ts';
import { openDatabase, type Db } from '../src/storage/database.ts';
import { createHealthStore } from '../src/storage/health.store.ts';
import { openStorage } from '../src/storage/index.ts';
import { startCluster, type Cluster } from '../test/support/postgres/cluster.ts';
import { buildWorkload, sliceWorkload } from './activity.ts';
import { COMMUNITY, TIMEZONE, TODAY, loadMembers, loadMessages } from './health.ts';
import {
  collectGarbage,
  envPositiveInt as env,
  formatRate,
  median,
  now,
  prng,
  spread,
  table,
  tempDatabase,
} from './support.ts';

const DAY = 86_400_000;
/** createActivityWriter's default batch, which createStorage (hence openStorage) uses. */
const WRITER_BATCH = ACTIVITY_BATCH;

const print = (text: string) => void process.stdout.write(`${text}\n`);

/** Runs `work` with one raw `pg` client on `url`, ended afterwards. */
async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function countRows(url: string, tableName: string): Promise<number> {
  return withClient(url, async (client) => {
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${tableName}"`);
    return Number(result.rows[0]!.n);
  });
}

/** Throws unless message_activity holds exactly `expected` rows (read on a separate connection). */
async function expectRows(what: string, url: string, expected: number): Promise<void> {
  const actual = await countRows(url, 'message_activity');
  if (actual !== expected) throw new Error(`${what}: message_activity holds ${actual} rows, expected ${expected}`);
}

/** A new database with Foyer's committed PostgreSQL schema (migrated the way Foyer migrates it). */
async function migratedDatabase(cluster: Cluster, prefix: string): Promise<string> {
  const url = cluster.url(await cluster.createDatabase(prefix));
  openDatabase(url).$client.close();
  return url;
}

/** Baseline: raw `pg`, one client, one prepared multi-row INSERT per batch (each its own transaction). */
async function runRawPg(cluster: Cluster, rows: readonly ActivityRow[]): Promise<number> {
  const url = await migratedDatabase(cluster, 'bench_raw');
  const elapsed = await withClient(url, async (client) => {
    const t0 = now();
    for (let from = 0; from < rows.length; from += WRITER_BATCH) {
      const batch = rows.slice(from, from + WRITER_BATCH);
      const values = batch.map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`);
      await client.query({
        name: `insert_${batch.length}`,
        text: `INSERT INTO message_activity (community_id, channel_id, member_id, message_id, at) VALUES ${values.join(', ')}`,
        values: batch.flatMap((r) => [r.communityId, r.channelId, r.memberId, r.messageId, r.at.getTime()]),
      });
    }
    return now() - t0;
  });
  await expectRows('raw pg', url, rows.length);
  return elapsed;
}

/** Foyer: the storage's activity writer over the synchronous bridge, every row added, then flushed. */
async function runFoyer(cluster: Cluster, rows: readonly ActivityRow[]): Promise<number> {
  const url = cluster.url(await cluster.createDatabase('bench_foyer'));
  const storage = openStorage(url);
  let elapsed: number;
  try {
    const t0 = now();
    for (const row of rows) storage.activity.add(row);
    storage.activity.flush();
    elapsed = now() - t0;
    if (storage.activity.buffered !== 0)
      throw new Error(`foyer writer: ${storage.activity.buffered} rows still buffered after flush`);
  } finally {
    storage.close();
  }
  await expectRows('foyer writer', url, rows.length);
  return elapsed;
}

interface IngestResult {
  n: number;
  runs: number;
  raw: number[];
  foyer: number[];
}

async function ingestBench(cluster: Cluster): Promise<IngestResult> {
  const n = env('BENCH_PG_N', 100_000);
  const runs = env('BENCH_PG_RUNS', 3);
  const workload = buildWorkload(n);
  const warmup = sliceWorkload(workload, Math.max(1, Math.floor(n / 5)));
  await runRawPg(cluster, warmup.rows);
  await runFoyer(cluster, warmup.rows);
  const raw: number[] = [];
  const foyer: number[] = [];
  for (let run = 0; run < runs; run++) {
    collectGarbage();
    raw.push(await runRawPg(cluster, workload.rows));
    collectGarbage();
    foyer.push(await runFoyer(cluster, workload.rows));
  }
  return { n, runs, raw, foyer };
}

/**
 * Copies every non-empty table of the SQLite database into the same (already migrated)
 * tables on PostgreSQL, in one transaction, a column array per parameter; then ANALYZE.
 * Throws unless each PostgreSQL table ends up with the SQLite table's row count.
 */
async function copyToPostgres(sqlite: Db['$client'], url: string): Promise<{ tables: number; rows: number }> {
  const tables = (
    sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name",
      )
      .pluck()
      .all() as string[]
  ).filter((name) => (sqlite.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number) > 0);
  let copied = 0;
  await withClient(url, async (client) => {
    await client.query('BEGIN');
    await client.query('SET CONSTRAINTS ALL DEFERRED');
    for (const name of tables) {
      const columns = (sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((c) => c.name);
      const types = new Map(
        (
          await client.query<{ column_name: string; udt_name: string }>(
            'SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1',
            [name],
          )
        ).rows.map((r) => [r.column_name, r.udt_name]),
      );
      const missing = columns.filter((c) => !types.has(c));
      if (missing.length > 0) throw new Error(`copy: PostgreSQL table ${name} lacks ${missing.join(', ')}`);
      const insert =
        `INSERT INTO "${name}" (${columns.map((c) => `"${c}"`).join(', ')}) ` +
        `SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${types.get(c)}[]`).join(', ')})`;
      const chunk = 20_000;
      let arrays: unknown[][] = columns.map(() => []);
      const send = async () => {
        if (arrays[0]!.length === 0) return;
        await client.query(insert, arrays);
        arrays = columns.map(() => []);
      };
      for (const row of sqlite.prepare(`SELECT * FROM "${name}"`).raw().iterate() as Iterable<unknown[]>) {
        for (let i = 0; i < row.length; i++) arrays[i]!.push(row[i]);
        if (arrays[0]!.length >= chunk) await send();
      }
      await send();
    }
    await client.query('COMMIT');
    await client.query('ANALYZE');
    for (const name of tables) {
      const expected = sqlite.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number;
      const actual = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`)).rows[0]!.n);
      if (actual !== expected)
        throw new Error(`copy: ${name} holds ${actual} rows on PostgreSQL, ${expected} on SQLite`);
      copied += actual;
    }
  });
  return { tables: tables.length, rows: copied };
}

const startOf = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const shift = (day: string, n: number): string => new Date(startOf(day) + n * DAY).toISOString().slice(0, 10);

/** What bench/health.ts times: /health's figures for two 28-day periods, ending today and a week before. */
const healthOf = (store: HealthStore) => (): HealthFigures[] =>
  [TODAY, shift(TODAY, -7)].map((to) =>
    computeFigures(store, {
      community: COMMUNITY,
      from: shift(to, -27),
      to,
      timezone: TIMEZONE,
      now: new Date(startOf(TODAY) + DAY),
    }),
  );

/** Paths where two figure sets differ (numbers within 1e-9 agree). */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9 ? [] : [`${path}: ${a} vs ${b}`];
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object')
    return a === b ? [] : [`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) =>
    differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k),
  );
}

function timeRuns(work: () => unknown, runs: number): number[] {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    collectGarbage();
    const t0 = now();
    work();
    times.push(now() - t0);
  }
  return times;
}

async function healthBench(cluster: Cluster): Promise<void> {
  const members = env('BENCH_PG_HEALTH_MEMBERS', 100_000);
  const rows = env('BENCH_PG_HEALTH_ROWS', 1_000_000);
  const runs = env('BENCH_PG_HEALTH_RUNS', 5);
  const tmp = tempDatabase('pg-health');
  try {
    let t0 = now();
    const db = openDatabase(tmp.file);
    const random = prng(0x4ea1);
    loadMessages(db, rows, loadMembers(db.$client, members, random), random);
    const builtIn = now() - t0;
    t0 = now();
    const url = await migratedDatabase(cluster, 'bench_health');
    const copy = await copyToPostgres(db.$client, url);
    const copiedIn = now() - t0;
    print(
      `\n/health on PostgreSQL: ${members.toLocaleString('en-US')} members, ${rows.toLocaleString('en-US')} message rows ` +
        `over 2025; built on SQLite by bench/health.ts in ${(builtIn / 1000).toFixed(1)} s, copied to PostgreSQL ` +
        `(${copy.tables} tables, ${copy.rows.toLocaleString('en-US')} rows) in ${(copiedIn / 1000).toFixed(1)} s`,
    );

    const storage = openStorage(url);
    try {
      const onPg = healthOf(storage.stores.health);
      const onSqlite = healthOf(createHealthStore({ db }));
      const pgFigures = onPg(); // warm-up, for both alike
      const sqliteFigures = onSqlite();
      const differ = differences(pgFigures, sqliteFigures);
      if (differ.length > 0)
        print(`warning: /health differs between PostgreSQL and SQLite on the same data:\n  ${differ.join('\n  ')}`);
      const pgTimes = timeRuns(onPg, runs);
      const sqliteTimes = timeRuns(onSqlite, runs);
      print(
        table(
          ['measurement', 'runs', 'p50 ms', 'p99 ms'],
          [
            ['/health on PostgreSQL (computeFigures ×2)', pgTimes, true],
            ['/health on SQLite, same community', sqliteTimes, false],
          ].map(([label, times]) => [
            label as string,
            String((times as number[]).length),
            median(times as number[]).toFixed(1),
            percentile(times as number[], 0.99)!.toFixed(1),
          ]),
        ),
      );
      print(
        `/health p99 on PostgreSQL: ${percentile(pgTimes, 0.99)!.toFixed(1)} ms (target < 500); ` +
          `figures ${differ.length === 0 ? 'identical to' : 'DIFFERENT from'} SQLite's`,
      );
    } finally {
      storage.close();
      db.$client.close();
    }
  } finally {
    tmp.dispose();
  }
}

export async function runPostgresBench(): Promise<void> {
  const cluster = await startCluster();
  try {
    const { n, runs, raw, foyer } = await ingestBench(cluster);
    const rate = (ms: number) => (n / ms) * 1000;
    print(
      `\nPostgreSQL ingest: N=${n.toLocaleString('en-US')} message.posted rows, warm-up of ` +
        `${Math.max(1, Math.floor(n / 5)).toLocaleString('en-US')}, then median of ${runs}; fresh database per run; ` +
        `batches of ${WRITER_BATCH}`,
    );
    print(
      table(
        ['measurement', 'events/s', 'median ms', 'spread'],
        [
          ['baseline: raw pg, multi-row INSERT', raw],
          ['Foyer ActivityWriter (roll-ups, sync bridge)', foyer],
        ].map(([label, times]) => [
          label as string,
          formatRate(rate(median(times as number[]))),
          median(times as number[]).toFixed(0),
          `${((spread(times as number[]) * 100) | 0).toString()}%`,
        ]),
      ),
    );
    print(`ratio Foyer / raw pg: ${(median(raw) / median(foyer)).toFixed(2)} (target >= 0.5)`);
    await healthBench(cluster);
  } finally {
    await cluster.stop();
  }
}

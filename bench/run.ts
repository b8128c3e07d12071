/**
 * `npm run bench`: message-activity ingest throughput, reported as events per second and
 * as a ratio to a raw better-sqlite3 baseline measured in the same run. It prints; it
 * never fails on speed. It fails only when a database does not hold the rows it should.
 *
 *   BENCH_N     events per run (default 200000)
 *   BENCH_RUNS  measured runs per measurement, after one warm-up (default 5)
 *   BENCH_WARMUP_N  events in the warm-up run (default N/5: enough to JIT every path,
 *                   and it keeps the whole bench near 2 minutes on 2 cores)
 */
import { buildWorkload, runBaseline, runFullPath, runWriter, sliceWorkload, type Workload } from './activity.ts';
import { ACTIVITY_BATCH } from '../src/storage/activity.repository.ts';
import { runChartsBench } from './charts.ts';
import { runExportBench } from './export.ts';
import { runHealthBench } from './health.ts';
import { runWebBench } from './web.ts';
import { runDiscordMemoryBench } from './discord-memory.ts';
import { runRaidBench } from './raid.ts';
import { runMatrixRaidBench } from './raid-matrix.ts';
import { runMatrixLatencyBench } from './matrix-latency.ts';
import { runMatrixMemoryBench } from './matrix-memory.ts';
import { runMissedYouBench } from './missed-you.ts';
import { runPostgresBench } from './postgres.ts';
import { collectGarbage, formatMiB, formatRate, median, spread, table } from './support.ts';

const N = positiveInt(process.env.BENCH_N, 200_000);
const RUNS = positiveInt(process.env.BENCH_RUNS, 5);
const WARMUP_N = Math.min(N, positiveInt(process.env.BENCH_WARMUP_N, Math.max(1, Math.floor(N / 5))));
const AUTHORS = 1000;
/** What we hope for, printed next to the ratio; not asserted. */
const TARGET = 0.5;

function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive integer, got "${raw}"`);
  return n;
}

/** The baseline of earlier figures, kept beside the one with the writer's own batch. */
const SMALL_BATCH = 500;

type Name = 'baseline' | 'small' | 'writer' | 'full';
const LABEL: Record<Name, string> = {
  baseline: `baseline: raw better-sqlite3, batches of ${ACTIVITY_BATCH.toLocaleString('en-US')} (the writer's)`,
  small: `raw better-sqlite3, batches of ${SMALL_BATCH}`,
  writer: '(a) ActivityWriter (storage)',
  full: '(b) bot.handle (full event path)',
};

async function main(): Promise<void> {
  const began = performance.now();
  const workload = buildWorkload(N, AUTHORS);
  process.stdout.write(
    `activity ingest: N=${N.toLocaleString('en-US')} message.posted events, ${workload.activeAuthors} authors, ` +
      `channels ${workload.channels.map((c) => `#${c}`).join(' ')}, community "${workload.community}"; ` +
      `warm-up of ${WARMUP_N.toLocaleString('en-US')} events, then median of ${RUNS} runs, fresh temp SQLite file per run; node ${process.version}\n`,
  );

  let handlerErrors = 0;
  const measure = async (name: Name, load: Workload = workload): Promise<number> => {
    collectGarbage();
    if (name === 'baseline') return runBaseline(load.rows, ACTIVITY_BATCH);
    if (name === 'small') return runBaseline(load.rows, SMALL_BATCH);
    if (name === 'writer') return runWriter(load.rows);
    const run = await runFullPath(load);
    handlerErrors += run.errors.length;
    if (run.errors.length > 0)
      process.stderr.write(
        `full path logged ${run.errors.length} errors, first: ${run.errors[0]!.message} ${JSON.stringify(run.errors[0]!.fields)}\n`,
      );
    return run.ms;
  };

  const order: Name[] = ['baseline', 'small', 'writer', 'full'];
  const warmup = sliceWorkload(workload, WARMUP_N);
  for (const name of order) await measure(name, warmup); // warm-up: JIT, page cache, prepared-statement paths
  // Interleaved, so drift (thermal, other load) hits every measurement alike.
  const times: Record<Name, number[]> = { baseline: [], small: [], writer: [], full: [] };
  for (let run = 0; run < RUNS; run++) for (const name of order) times[name].push(await measure(name));

  const rate = (name: Name) => N / (median(times[name]) / 1000);
  const baseline = rate('baseline');
  const ratio = (name: Name) => rate(name) / baseline;
  process.stdout.write(
    `\n${table(
      ['measurement', 'events/s', 'ratio', 'median ms', 'spread'],
      order.map((name) => [
        LABEL[name],
        formatRate(rate(name)),
        ratio(name).toFixed(2),
        median(times[name]).toFixed(0),
        `${(spread(times[name]) * 100).toFixed(0)}%`,
      ]),
    )}\n\n`,
  );
  process.stdout.write(`activity ingest ratio (writer): ${ratio('writer').toFixed(2)}  (target >= ${TARGET})\n`);
  process.stdout.write(`activity ingest ratio (full path): ${ratio('full').toFixed(2)}  (target >= ${TARGET})\n`);
  const againstSmall = (name: Name) => rate(name) / rate('small');
  process.stdout.write(
    `against raw batches of ${SMALL_BATCH} (earlier figures' baseline): writer ${againstSmall('writer').toFixed(2)}, full path ${againstSmall('full').toFixed(2)}\n`,
  );
  if (handlerErrors > 0)
    process.stdout.write(`warning: the full path logged ${handlerErrors} errors; its figure is not trustworthy\n`);
  process.stdout.write(
    `rss: ${formatMiB(process.memoryUsage().rss)}; bench took ${((performance.now() - began) / 1000).toFixed(1)} s\n`,
  );
}

main()
  .then(() => runDiscordMemoryBench())
  .then(() => runRaidBench())
  .then(() => runMatrixRaidBench())
  .then(() => runMatrixLatencyBench())
  .then(() => runMatrixMemoryBench())
  .then(() => runChartsBench())
  .then(() => runHealthBench())
  .then(() => runPostgresBench())
  .then(() => runMissedYouBench())
  .then(() => runExportBench())
  .then(() => runWebBench())
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });

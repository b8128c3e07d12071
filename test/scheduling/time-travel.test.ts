import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTime } from '../../src/core/fake-time.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { SchedulerEngine, type JobDefinition, type MissedPolicy, type MissedSlots } from '../../src/core/scheduler.ts';
import { openStorage, type Storage } from '../../src/storage/index.ts';
import { Harness, testConfig } from '../support/harness.ts';

const DAY = 86_400_000;
const START = new Date('2026-03-02T08:30:00Z'); // a Monday
const dirs: string[] = [];
const opened: Storage[] = [];
afterEach(() => {
  opened.splice(0).forEach((s) => s.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** A database file, so the test can read job_runs as it is on disk. */
function fileStorage(): {
  storage: Storage;
  rows: () => { job_id: string; slot: number; status: string; note: string | null }[];
} {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-time-travel-'));
  dirs.push(dir);
  const path = join(dir, 'foyer.sqlite');
  const storage = openStorage(path);
  opened.push(storage);
  const rows = () => {
    const sqlite = new Database(path, { readonly: true });
    try {
      return sqlite.prepare('select job_id, slot, status, note from job_runs order by slot').all() as {
        job_id: string;
        slot: number;
        status: string;
        note: string | null;
      }[];
    } finally {
      sqlite.close();
    }
  };
  return { storage, rows };
}

/** Counts the slot claims a scheduler makes: the work it does per slot. */
function countingClaims(storage: Storage): { storage: Storage; claims: Map<string, number> } {
  const claims = new Map<string, number>();
  const scheduler = {
    ...storage.scheduler,
    claimSlot: (jobId: string, slot: Date, at: Date) => {
      claims.set(jobId, (claims.get(jobId) ?? 0) + 1);
      return storage.scheduler.claimSlot(jobId, slot, at);
    },
  };
  return { storage: { ...storage, scheduler }, claims };
}

function recordingJob(id: string, cron: string, missed: MissedPolicy) {
  const ran: Date[] = [];
  const missedRanges: MissedSlots[] = [];
  const job: JobDefinition = {
    id,
    cron,
    missed,
    run: async (slot) => void ran.push(slot),
    onMissed: async (range) => void missedRanges.push(range),
  };
  return { job, ran, missedRanges };
}

function boot(storage: Storage, at: Date, jobs: JobDefinition[]) {
  const time = new FakeTime(at);
  const engine = new SchedulerEngine({
    store: storage.scheduler,
    waker: time,
    clock: time.clock,
    logger: createMemoryLogger(),
    defaultTimezone: 'Europe/Paris',
  });
  jobs.forEach((j) => engine.addJob(j));
  return { time, engine };
}

describe('long time travel', () => {
  it('a 3650-day advance with the example config’s jobs claims a bounded number of slots and leaves a bounded job_runs', async () => {
    const file = fileStorage();
    const { storage, claims } = countingClaims(file.storage);
    // The example config as shipped: a watched channel and the weekly calendar post.
    const h = new Harness(testConfig({ features: { quietQuestions: {}, calendar: {} } }), new FakeTime(START), storage);
    await h.boot();
    expect(await h.advance('3650d')).toBe(true);

    // Every weekly post still goes out once, in order: durable tasks are not skipped.
    const weekly = h.sent.filter((s) => s.text.includes('New week, new faces'));
    expect(weekly.length).toBeGreaterThanOrEqual(521);
    expect(weekly.length).toBeLessThanOrEqual(522);
    // The 15-minute check runs live only over the last month (31 days × 96 slots), plus one
    // summary per simulated month stepped over; before, it claimed 350,400 slots.
    expect(claims.get('quiet-questions.check')).toBeLessThanOrEqual(31 * 96 + 125);
    expect(claims.get('core.retention')).toBeLessThanOrEqual(31 + 125);
    // Old claims are pruned: what is left is about a week of the 15-minute job.
    const rows = file.rows();
    expect(rows.length).toBeLessThan(10 * 96);
    const now = h.time.now().getTime();
    expect(Math.min(...rows.map((r) => r.slot))).toBeGreaterThan(now - 10 * DAY);
    await h.bot.stop();
    // A safety net for a loaded machine, not a measure: the assertions above are on the work done.
  }, 60_000);

  it('a skip-policy job stepped over by a long advance records one summary per simulated month, covering every slot once', async () => {
    const { storage, rows } = fileStorage();
    const quarter = recordingJob('quarter-hourly', '*/15 * * * *', { kind: 'skip' });
    const { time, engine } = boot(storage, START, [quarter.job]);
    await engine.start();
    expect(await time.advance(400 * DAY)).toBe(true);

    // The last 31 days are lived slot by slot; the 369 days before are summarised.
    expect(quarter.ran).toHaveLength(31 * 96);
    expect(quarter.missedRanges.length).toBeGreaterThanOrEqual(12);
    expect(quarter.missedRanges.length).toBeLessThanOrEqual(13);
    expect(quarter.missedRanges[0]!.first.toISOString()).toBe('2026-03-02T08:45:00.000Z');
    // The summaries and the live runs leave no gap and no overlap.
    for (let i = 1; i < quarter.missedRanges.length; i++)
      expect(quarter.missedRanges[i]!.first.getTime() - quarter.missedRanges[i - 1]!.last.getTime()).toBe(15 * 60_000);
    expect(quarter.ran[0]!.getTime() - quarter.missedRanges.at(-1)!.last.getTime()).toBe(15 * 60_000);
    const summaries = rows().filter((r) => r.status === 'missed');
    expect(summaries.length).toBeLessThanOrEqual(1); // the older ones were pruned with the other old claims
    await engine.stop();
  });

  it('a catch-up job whose run covers everything before its slot runs once per stretch stepped over; a plain catch-up job runs every slot', async () => {
    const { storage } = fileStorage();
    const sweep = recordingJob('sweep', '0 3 * * *', { kind: 'catch-up', latestOnly: true });
    const rollup = recordingJob('rollup', '0 2 * * *', { kind: 'catch-up' });
    const { time, engine } = boot(storage, START, [sweep.job, rollup.job]);
    await engine.start();
    await time.advance(400 * DAY);
    expect(rollup.ran).toHaveLength(400);
    expect(new Set(rollup.ran.map((d) => d.getTime())).size).toBe(400);
    expect(sweep.ran.length).toBeGreaterThanOrEqual(31 + 12);
    expect(sweep.ran.length).toBeLessThanOrEqual(31 + 13);
    expect(sweep.ran.at(-1)!.getTime()).toBe(rollup.ran.at(-1)!.getTime() + 3_600_000);
    await engine.stop();
  });

  it('a long downtime is settled at start-up as one summary for a skip-policy job', async () => {
    const { storage, rows } = fileStorage();
    const p1 = boot(storage, START, [recordingJob('quarter-hourly', '*/15 * * * *', { kind: 'skip' }).job]);
    await p1.engine.start();
    await p1.engine.stop();
    const after = recordingJob('quarter-hourly', '*/15 * * * *', { kind: 'skip' });
    const p2 = boot(storage, new Date(START.getTime() + 400 * DAY), [after.job]);
    await p2.engine.start();
    expect(after.ran).toEqual([]);
    expect(after.missedRanges.map((r) => [r.first.toISOString(), r.last.toISOString()])).toEqual([
      ['2026-03-02T08:45:00.000Z', '2027-04-06T08:30:00.000Z'],
    ]);
    expect(rows().filter((r) => r.job_id === 'quarter-hourly')).toHaveLength(1);
    await p2.engine.stop();
  });

  it('old claims are pruned daily, and a pruned slot never runs again', async () => {
    const { storage, rows } = fileStorage();
    const daily = recordingJob('daily', '0 9 * * *', { kind: 'catch-up' });
    const p1 = boot(storage, START, [daily.job]);
    await p1.engine.start();
    await p1.time.advance(20 * DAY);
    await p1.engine.stop();
    expect(daily.ran).toHaveLength(20);
    const kept = rows().filter((r) => r.job_id === 'daily');
    // Seven days of retention (the engine's jobs have no longer grace window), and the newest claim.
    expect(kept.length).toBeGreaterThanOrEqual(7);
    expect(kept.length).toBeLessThanOrEqual(9);
    const again = recordingJob('daily', '0 9 * * *', { kind: 'catch-up' });
    const p2 = boot(storage, p1.time.now(), [again.job]);
    await p2.engine.start();
    await p2.time.advance(3_600_000);
    expect(again.ran).toEqual([]);
    await p2.engine.stop();
  });

  it('an aborted advance stops between two pieces of work, at a consistent moment', async () => {
    const { storage } = fileStorage();
    const daily = recordingJob('daily', '0 9 * * *', { kind: 'catch-up' });
    const { time, engine } = boot(storage, START, [daily.job]);
    await engine.start();
    const stop = new AbortController();
    const progress: Date[] = [];
    const finished = await time.advance(3650 * DAY, {
      signal: stop.signal,
      onProgress: (now) => {
        progress.push(now);
        if (progress.length === 2) stop.abort();
      },
    });
    expect(finished).toBe(false);
    expect(progress).toHaveLength(2);
    // The clock stays where the work stopped: everything before it was settled, nothing after it ran.
    expect(time.now().getTime()).toBe(progress[1]!.getTime());
    expect(Math.max(...daily.ran.map((d) => d.getTime()))).toBeLessThanOrEqual(time.now().getTime());
    await engine.stop();
  });
});

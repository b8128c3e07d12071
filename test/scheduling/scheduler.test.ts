import { afterEach, describe, expect, it } from 'vitest';
import { FakeTime } from '../../src/core/fake-time.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import { SchedulerEngine, type JobDefinition, type MissedPolicy, type TaskHandler } from '../../src/core/scheduler.ts';
import type { Storage } from '../../src/storage/index.ts';
import { openTestStorage } from '../support/postgres/database.ts';

const START = new Date('2026-03-02T08:30:00Z'); // a Monday
let storage: Storage;
afterEach(() => storage?.close());

/** One "process": an engine over the shared database, with its own fake time. */
function boot(at: Date, jobs: JobDefinition[] = [], tasks: TaskHandler[] = []) {
  const time = new FakeTime(at);
  const engine = new SchedulerEngine({
    store: storage.scheduler,
    waker: time,
    clock: time.clock,
    logger: createMemoryLogger(),
    defaultTimezone: 'Europe/Paris',
  });
  jobs.forEach((j) => engine.addJob(j));
  tasks.forEach((t) => engine.addTaskHandler(t));
  return { time, engine };
}

function recordingJob(missed: MissedPolicy, cron = '0 9 * * *') {
  const ran: string[] = [];
  const missedSlots: string[] = [];
  const job: JobDefinition = {
    id: 'daily',
    cron,
    missed,
    run: async (slot) => void ran.push(slot.toISOString()),
    onMissed: async ({ first, last }) =>
      void missedSlots.push(
        first.getTime() === last.getTime() ? first.toISOString() : `${first.toISOString()}…${last.toISOString()}`,
      ),
  };
  return { job, ran, missedSlots };
}

describe('scheduler', () => {
  it('leaves a task no handler runs (its feature disabled) pending, and still runs the others on time', async () => {
    storage = openTestStorage();
    storage.scheduler.addTask({ kind: 'gone', key: 'k', dueAt: new Date(START.getTime() + 60_000), payload: null });
    const ran: string[] = [];
    const handler: TaskHandler = { kind: 'kept', missed: { kind: 'skip' }, run: async (t) => void ran.push(t.key) };
    const { time, engine } = boot(START, [], [handler]);
    await engine.start();
    engine.schedule('kept', 'later', new Date(START.getTime() + 3_600_000));
    // Before the fix, the waker fired again and again for the unhandled task: advancing never returned.
    await time.advance(2 * 3_600_000);
    expect(ran).toEqual(['later']);
    expect(storage.scheduler.dueTasks(time.now()).map((t) => t.kind)).toEqual(['gone']);
    await engine.stop();
  });

  it('runs a cron job at each slot, in the job’s timezone', async () => {
    storage = openTestStorage();
    const { job, ran } = recordingJob({ kind: 'skip' });
    const { time, engine } = boot(START, [job]);
    await engine.start();
    await time.advance(3 * 86_400_000);
    // 09:00 in Paris is 08:00 UTC in March (winter time).
    expect(ran).toEqual(['2026-03-03T08:00:00.000Z', '2026-03-04T08:00:00.000Z', '2026-03-05T08:00:00.000Z']);
    await engine.stop();
  });

  it('a slot already claimed by another process is not run again', async () => {
    storage = openTestStorage();
    const first = recordingJob({ kind: 'skip' });
    const second = recordingJob({ kind: 'skip' });
    const a = boot(START, [first.job]);
    const b = boot(START, [second.job]);
    await a.engine.start();
    await b.engine.start();
    await a.time.advance(86_400_000);
    await b.time.advance(86_400_000);
    expect(first.ran.length + second.ran.length).toBe(1);
  });

  it('runs a slot missed while stopped late, inside the grace window', async () => {
    storage = openTestStorage();
    const before = recordingJob({ kind: 'run-late', graceMs: 2 * 3_600_000 });
    const p1 = boot(START, [before.job]);
    await p1.engine.start();
    await p1.engine.stop(); // down at 08:30 UTC, the 08:00 UTC slot of the 3rd is missed…
    const after = recordingJob({ kind: 'run-late', graceMs: 2 * 3_600_000 });
    const p2 = boot(new Date('2026-03-03T09:30:00Z'), [after.job]); // …and we are back 1h30 later
    await p2.engine.start();
    expect(after.ran).toEqual(['2026-03-03T08:00:00.000Z']);
    expect(after.missedSlots).toEqual([]);
  });

  it('reports slots missed beyond the grace window instead of running them', async () => {
    storage = openTestStorage();
    const p1 = boot(START, [recordingJob({ kind: 'run-late', graceMs: 3_600_000 }).job]);
    await p1.engine.start();
    await p1.engine.stop();
    const after = recordingJob({ kind: 'run-late', graceMs: 3_600_000 });
    const p2 = boot(new Date('2026-03-05T08:30:00Z'), [after.job]);
    await p2.engine.start();
    // The 3rd and 4th are too old, reported together; the 5th (30 minutes ago) is within grace.
    expect(after.missedSlots).toEqual(['2026-03-03T08:00:00.000Z…2026-03-04T08:00:00.000Z']);
    expect(after.ran).toEqual(['2026-03-05T08:00:00.000Z']);
  });

  it('skip policy records missed slots and does not run them', async () => {
    storage = openTestStorage();
    const p1 = boot(START, [recordingJob({ kind: 'skip' }).job]);
    await p1.engine.start();
    await p1.engine.stop();
    const after = recordingJob({ kind: 'skip' });
    const p2 = boot(new Date('2026-03-03T08:00:30Z'), [after.job]);
    await p2.engine.start();
    expect(after.ran).toEqual([]);
    expect(after.missedSlots).toEqual(['2026-03-03T08:00:00.000Z']);
  });

  it('catch-up policy runs every missed slot once, and a restart does not run them again', async () => {
    storage = openTestStorage();
    const p1 = boot(START, [recordingJob({ kind: 'catch-up' }).job]);
    await p1.engine.start();
    await p1.engine.stop();
    const after = recordingJob({ kind: 'catch-up' });
    const p2 = boot(new Date('2026-03-05T12:00:00Z'), [after.job]);
    await p2.engine.start();
    expect(after.ran).toHaveLength(3);
    await p2.engine.stop();
    const again = recordingJob({ kind: 'catch-up' });
    const p3 = boot(new Date('2026-03-05T12:05:00Z'), [again.job]);
    await p3.engine.start();
    expect(again.ran).toEqual([]);
  });

  it('refuses a job whose cron expression does not parse', () => {
    storage = openTestStorage();
    const { engine } = boot(START);
    expect(() =>
      engine.addJob({ id: 'bad', cron: 'every monday', missed: { kind: 'skip' }, run: async () => {} }),
    ).toThrow(/invalid cron/);
  });

  describe('durable tasks', () => {
    const taskHandler = (missed: MissedPolicy, log: string[]): TaskHandler => ({
      kind: 'close-poll',
      missed,
      run: async (task) => void log.push(`run ${task.key}`),
      onMissed: async (task) => void log.push(`missed ${task.key}`),
    });

    it('refuses a task with no valid due time, naming it, and stores nothing', async () => {
      storage = openTestStorage();
      const log: string[] = [];
      const { time, engine } = boot(START, [], [taskHandler({ kind: 'catch-up' }, log)]);
      await engine.start();
      expect(() => engine.schedule('close-poll', 'poll-nan', new Date(START.getTime() + Number.NaN))).toThrow(
        'task close-poll poll-nan has no valid due time',
      );
      expect(storage.scheduler.dueTasks(new Date(8.64e15))).toEqual([]);
      await time.advance(86_400_000);
      expect(log).toEqual([]);
    });

    it('runs a task at its due time, once, even if scheduled twice', async () => {
      storage = openTestStorage();
      const log: string[] = [];
      const { time, engine } = boot(START, [], [taskHandler({ kind: 'catch-up' }, log)]);
      await engine.start();
      engine.schedule('close-poll', 'poll-1', new Date(START.getTime() + 3_600_000));
      engine.schedule('close-poll', 'poll-1', new Date(START.getTime() + 7_200_000));
      await time.advance(3_599_000);
      expect(log).toEqual([]);
      await time.advance(1_000);
      expect(log).toEqual(['run poll-1']);
      await time.advance(86_400_000);
      expect(log).toEqual(['run poll-1']);
    });

    it('a task due while stopped runs at start-up (catch-up)', async () => {
      storage = openTestStorage();
      const p1 = boot(START, [], [taskHandler({ kind: 'catch-up' }, [])]);
      await p1.engine.start();
      p1.engine.schedule('close-poll', 'poll-2', new Date(START.getTime() + 60_000));
      await p1.engine.stop();
      const log: string[] = [];
      const p2 = boot(new Date(START.getTime() + 86_400_000), [], [taskHandler({ kind: 'catch-up' }, log)]);
      await p2.engine.start();
      expect(log).toEqual(['run poll-2']);
    });

    it('a task due too long ago under run-late is reported missed, not run', async () => {
      storage = openTestStorage();
      const p1 = boot(START, [], [taskHandler({ kind: 'run-late', graceMs: 3_600_000 }, [])]);
      await p1.engine.start();
      p1.engine.schedule('close-poll', 'post-1', new Date(START.getTime() + 60_000));
      await p1.engine.stop();
      const log: string[] = [];
      const p2 = boot(
        new Date(START.getTime() + 86_400_000),
        [],
        [taskHandler({ kind: 'run-late', graceMs: 3_600_000 }, log)],
      );
      await p2.engine.start();
      expect(log).toEqual(['missed post-1']);
    });

    it('a task interrupted by a crash runs again on the next start', async () => {
      storage = openTestStorage();
      const p1 = boot(START, [], [taskHandler({ kind: 'catch-up' }, [])]);
      await p1.engine.start();
      p1.engine.schedule('close-poll', 'poll-3', new Date(START.getTime() + 60_000));
      // A crash right after the claim: the row is left 'running'.
      expect(storage.scheduler.claimTask('close-poll', 'poll-3', START)).toBe(true);
      const log: string[] = [];
      const p2 = boot(new Date(START.getTime() + 120_000), [], [taskHandler({ kind: 'catch-up' }, log)]);
      await p2.engine.start();
      expect(log).toEqual(['run poll-3']);
    });

    it('a cancelled task never runs', async () => {
      storage = openTestStorage();
      const log: string[] = [];
      const { time, engine } = boot(START, [], [taskHandler({ kind: 'catch-up' }, log)]);
      await engine.start();
      engine.schedule('close-poll', 'poll-4', new Date(START.getTime() + 60_000));
      engine.cancel('close-poll', 'poll-4');
      await time.advance(120_000);
      expect(log).toEqual([]);
    });
  });
});

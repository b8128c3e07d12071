import { and, asc, eq, inArray, lt, lte, min, sql } from 'drizzle-orm';
import type { ScheduledTask, SchedulerStore } from '../core/scheduler.ts';
import type { Db } from './database.ts';
import { jobRuns, jobState, scheduledTasks } from './schema.ts';

/** Implements core's SchedulerStore: slot claims, missed-slot bookkeeping and durable tasks. */
export function createSchedulerRepository({ db }: { db: Db }): SchedulerStore {
  const task = (kind: string, key: string) => and(eq(scheduledTasks.kind, kind), eq(scheduledTasks.key, key));
  // Every slot of every job goes through these three, so they are prepared once: building
  // the SQL each time cost more than running it. Insert placeholders take Dates (the
  // column maps them); `finish` binds raw placeholders, so it takes epoch milliseconds.
  const claim = db
    .insert(jobRuns)
    .values({
      jobId: sql.placeholder('jobId'),
      slot: sql.placeholder('slot'),
      status: 'running',
      startedAt: sql.placeholder('at'),
    })
    .onConflictDoNothing()
    .prepare();
  const finish = db
    .update(jobRuns)
    .set({
      status: sql`${sql.placeholder('status')}`,
      finishedAt: sql`${sql.placeholder('at')}`,
      note: sql`${sql.placeholder('note')}`,
    })
    .where(and(eq(jobRuns.jobId, sql.placeholder('jobId')), eq(jobRuns.slot, sql.placeholder('slot'))))
    .prepare();
  // Forward only: a slower process settling an older slot must not pull the mark back,
  // since pruneClaims trusts it.
  const checked = db
    .insert(jobState)
    .values({ jobId: sql.placeholder('jobId'), checkedUntil: sql.placeholder('slot') })
    .onConflictDoUpdate({
      target: jobState.jobId,
      set: { checkedUntil: sql`max(${jobState.checkedUntil}, excluded.checked_until)` },
    })
    .prepare();
  return {
    claimSlot: (jobId, slot, at) => claim.run({ jobId, slot, at }).changes === 1,
    finishSlot: (jobId, slot, status, at, note) =>
      void finish.run({ jobId, slot: slot.getTime(), status, at: at.getTime(), note: note ?? null }),
    checkedUntil: (jobId) => db.select().from(jobState).where(eq(jobState.jobId, jobId)).get()?.checkedUntil,
    setCheckedUntil: (jobId, slot) => void checked.run({ jobId, slot }),
    pruneClaims: (before) =>
      db
        .delete(jobRuns)
        .where(
          and(
            lt(jobRuns.slot, before),
            sql`${jobRuns.slot} <= (select ${jobState.checkedUntil} from ${jobState} where ${jobState.jobId} = ${jobRuns.jobId})`,
          ),
        )
        .run().changes,
    addTask: ({ kind, key, dueAt, payload }) =>
      db
        .insert(scheduledTasks)
        .values({ kind, key, dueAt, payload: payload ?? null, status: 'pending' })
        .onConflictDoNothing()
        .run().changes === 1,
    cancelTask: (kind, key) =>
      void db
        .update(scheduledTasks)
        .set({ status: 'cancelled' })
        .where(and(task(kind, key), eq(scheduledTasks.status, 'pending')))
        .run(),
    // 'running' rows at start-up are tasks a crashed process had claimed: they run again,
    // and their handlers are idempotent by effect key, so nothing is done twice or lost.
    requeueInterrupted: () =>
      db.update(scheduledTasks).set({ status: 'pending' }).where(eq(scheduledTasks.status, 'running')).run().changes,
    dueTasks: (now) =>
      db
        .select()
        .from(scheduledTasks)
        .where(and(eq(scheduledTasks.status, 'pending'), lte(scheduledTasks.dueAt, now)))
        .orderBy(asc(scheduledTasks.dueAt))
        .all()
        .map((row): ScheduledTask => ({ kind: row.kind, key: row.key, dueAt: row.dueAt, payload: row.payload })),
    nextDue: (kinds) =>
      db
        .select({ at: min(scheduledTasks.dueAt) })
        .from(scheduledTasks)
        .where(and(eq(scheduledTasks.status, 'pending'), inArray(scheduledTasks.kind, [...kinds])))
        .get()?.at ?? undefined,
    claimTask: (kind, key, at) =>
      db
        .update(scheduledTasks)
        .set({ status: 'running', claimedAt: at })
        .where(and(task(kind, key), eq(scheduledTasks.status, 'pending')))
        .run().changes === 1,
    finishTask: (kind, key, status, at, note) =>
      void db
        .update(scheduledTasks)
        .set({ status, finishedAt: at, note: note ?? null })
        .where(task(kind, key))
        .run(),
  };
}

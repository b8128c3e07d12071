import { and, asc, eq, lte, min } from 'drizzle-orm';
import type { ScheduledTask, SchedulerStore } from '../core/scheduler.ts';
import type { Db } from './database.ts';
import { jobRuns, jobState, scheduledTasks } from './schema.ts';

/** Implements core's SchedulerStore: slot claims, missed-slot bookkeeping and durable tasks. */
export function createSchedulerRepository({ db }: { db: Db }): SchedulerStore {
  const task = (kind: string, key: string) => and(eq(scheduledTasks.kind, kind), eq(scheduledTasks.key, key));
  return {
    claimSlot: (jobId, slot, at) =>
      db.insert(jobRuns).values({ jobId, slot, status: 'running', startedAt: at }).onConflictDoNothing().run().changes === 1,
    finishSlot: (jobId, slot, status, at, note) =>
      void db.update(jobRuns).set({ status, finishedAt: at, note: note ?? null })
        .where(and(eq(jobRuns.jobId, jobId), eq(jobRuns.slot, slot))).run(),
    checkedUntil: (jobId) => db.select().from(jobState).where(eq(jobState.jobId, jobId)).get()?.checkedUntil,
    setCheckedUntil: (jobId, slot) =>
      void db.insert(jobState).values({ jobId, checkedUntil: slot })
        .onConflictDoUpdate({ target: jobState.jobId, set: { checkedUntil: slot } }).run(),
    addTask: ({ kind, key, dueAt, payload }) =>
      db.insert(scheduledTasks).values({ kind, key, dueAt, payload: payload ?? null, status: 'pending' }).onConflictDoNothing().run().changes === 1,
    cancelTask: (kind, key) =>
      void db.update(scheduledTasks).set({ status: 'cancelled' }).where(and(task(kind, key), eq(scheduledTasks.status, 'pending'))).run(),
    // 'running' rows at start-up are tasks a crashed process had claimed: they run again,
    // and their handlers are idempotent by effect key, so nothing is done twice or lost.
    requeueInterrupted: () =>
      db.update(scheduledTasks).set({ status: 'pending' }).where(eq(scheduledTasks.status, 'running')).run().changes,
    dueTasks: (now) =>
      db.select().from(scheduledTasks)
        .where(and(eq(scheduledTasks.status, 'pending'), lte(scheduledTasks.dueAt, now)))
        .orderBy(asc(scheduledTasks.dueAt)).all()
        .map((row): ScheduledTask => ({ kind: row.kind, key: row.key, dueAt: row.dueAt, payload: row.payload })),
    nextDue: () => db.select({ at: min(scheduledTasks.dueAt) }).from(scheduledTasks).where(eq(scheduledTasks.status, 'pending')).get()?.at ?? undefined,
    claimTask: (kind, key, at) =>
      db.update(scheduledTasks).set({ status: 'running', claimedAt: at })
        .where(and(task(kind, key), eq(scheduledTasks.status, 'pending'))).run().changes === 1,
    finishTask: (kind, key, status, at, note) =>
      void db.update(scheduledTasks).set({ status, finishedAt: at, note: note ?? null }).where(task(kind, key)).run(),
  };
}

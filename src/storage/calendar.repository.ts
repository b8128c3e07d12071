import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Db } from './database.ts';
import { calendarEntries, calendarPosts } from './schema.ts';

export type CalendarEntry = typeof calendarEntries.$inferSelect;
export type NewCalendarEntry = typeof calendarEntries.$inferInsert;

export interface CalendarRepository {
  /** Inserts an entry unless its id exists; returns whether it was new. */
  insert(entry: NewCalendarEntry): boolean;
  get(id: string): CalendarEntry | undefined;
  live(communityId: string): CalendarEntry[];
  setStatus(id: string, status: CalendarEntry['status'], by?: string, at?: Date): void;
  /** Claims a publication slot; false when it was already posted or recorded as missed. */
  claim(entryId: string, slot: Date, status: 'posted' | 'missed', at: Date): boolean;
  countCommandEntries(communityId: string): number;
}

export function createCalendarRepository({ db }: { db: Db }): CalendarRepository {
  return {
    insert: (entry) => db.insert(calendarEntries).values(entry).onConflictDoNothing().run().changes === 1,
    get: (id) => db.select().from(calendarEntries).where(eq(calendarEntries.id, id)).get(),
    live: (communityId) =>
      db.select().from(calendarEntries)
        .where(and(eq(calendarEntries.communityId, communityId), inArray(calendarEntries.status, ['draft', 'approved'])))
        .orderBy(asc(calendarEntries.at), asc(calendarEntries.id)).all(),
    setStatus: (id, status, by, at) =>
      void db.update(calendarEntries).set({ status, ...(status === 'approved' ? { approvedBy: by ?? null, approvedAt: at ?? null } : {}) }).where(eq(calendarEntries.id, id)).run(),
    claim: (entryId, slot, status, at) => db.insert(calendarPosts).values({ entryId, slot, status, at }).onConflictDoNothing().run().changes === 1,
    countCommandEntries: (communityId) =>
      db.select({ n: count() }).from(calendarEntries).where(and(eq(calendarEntries.communityId, communityId), eq(calendarEntries.source, 'command'))).get()?.n ?? 0,
  };
}

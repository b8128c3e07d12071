import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { CalendarEntry, CalendarStatus, CalendarStore } from '../features/calendar/calendar.store.ts';
import type { Db } from './database.ts';
import { calendarEntries, calendarPosts } from './schema.ts';

// The row holds exactly the domain's fields; the annotation makes the compiler say so if either side changes.
const toEntry = (row: typeof calendarEntries.$inferSelect): CalendarEntry => row;

const LIVE: CalendarStatus[] = ['draft', 'approved'];

export function createCalendarStore({ db }: { db: Db }): CalendarStore {
  const ofCommunity = (communityId: string) => eq(calendarEntries.communityId, communityId);
  return {
    insert: (entry) => db.insert(calendarEntries).values(entry).onConflictDoNothing().run().changes === 1,
    get(id) {
      const row = db.select().from(calendarEntries).where(eq(calendarEntries.id, id)).get();
      return row && toEntry(row);
    },
    live: (communityId) =>
      db
        .select()
        .from(calendarEntries)
        .where(and(ofCommunity(communityId), inArray(calendarEntries.status, LIVE)))
        .orderBy(asc(calendarEntries.at), asc(calendarEntries.id))
        .all()
        .map(toEntry),
    setStatus(id, status, by, at) {
      const approval = status === 'approved' ? { approvedBy: by ?? null, approvedAt: at ?? null } : {};
      db.update(calendarEntries)
        .set({ status, ...approval })
        .where(eq(calendarEntries.id, id))
        .run();
    },
    claim: (entryId, slot, status, at) =>
      db.insert(calendarPosts).values({ entryId, slot, status, at }).onConflictDoNothing().run().changes === 1,
    countCommandEntries: (communityId) =>
      db
        .select({ n: count() })
        .from(calendarEntries)
        .where(and(ofCommunity(communityId), eq(calendarEntries.source, 'command')))
        .get()?.n ?? 0,
  };
}

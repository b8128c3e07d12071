import { eq, lt } from 'drizzle-orm';
import type { Db } from './database.ts';
import { processedEvents } from './schema.ts';

/** The dedup ledger: platform event ids already handled, so a redelivery is ignored. */
export interface LedgerRepository {
  seen(eventId: string): boolean;
  record(eventId: string, at: Date): void;
  /** Forgets entries older than `before`: platforms only replay recent events. */
  prune(before: Date): number;
}

export function createLedgerRepository({ db }: { db: Db }): LedgerRepository {
  return {
    seen: (eventId) =>
      db
        .select({ id: processedEvents.eventId })
        .from(processedEvents)
        .where(eq(processedEvents.eventId, eventId))
        .get() !== undefined,
    record: (eventId, at) =>
      void db.insert(processedEvents).values({ eventId, handledAt: at }).onConflictDoNothing().run(),
    prune: (before) => db.delete(processedEvents).where(lt(processedEvents.handledAt, before)).run().changes,
  };
}

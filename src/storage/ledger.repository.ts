import { eq, lt, sql } from 'drizzle-orm';
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
  // Asked for every event a platform delivers: built and prepared once, not per call.
  const seen = db
    .select({ id: processedEvents.eventId })
    .from(processedEvents)
    .where(eq(processedEvents.eventId, sql.placeholder('id')))
    .prepare();
  const record = db
    .insert(processedEvents)
    .values({ eventId: sql.placeholder('id'), handledAt: sql.placeholder('at') })
    .onConflictDoNothing()
    .prepare();
  return {
    seen: (eventId) => seen.get({ id: eventId }) !== undefined,
    record: (eventId, at) => void record.run({ id: eventId, at }),
    prune: (before) => db.delete(processedEvents).where(lt(processedEvents.handledAt, before)).run().changes,
  };
}

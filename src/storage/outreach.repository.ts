import { and, asc, desc, eq, gte } from 'drizzle-orm';
import type { Db } from './database.ts';
import type { ContactSummary } from '../core/member-data.ts';
import type { OutreachRecord } from '../core/outreach.ts';
import { outreachLog } from './schema.ts';

/** A row of the outreach log: core's record (see core/outreach.ts) with its id. */
export type OutreachEntry = OutreachRecord & { id: number };

export type NewOutreach = Pick<
  OutreachEntry,
  'communityId' | 'memberId' | 'effectKey' | 'feature' | 'reason' | 'via' | 'at'
>;

/** The outreach log. Inserting the intent first, keyed by effect, is what makes a contact happen once. */
export interface OutreachRepository {
  /** Records the intent to contact; false when this effect was already recorded (never contact twice). */
  begin(entry: NewOutreach): boolean;
  finish(effectKey: string, status: 'sent' | 'failed' | 'skipped', outcome: string, at: Date): void;
  /** Contacts left pending by a crash between commit and send: marked unknown, never retried. */
  markInterrupted(at: Date): number;
  forMember(communityId: string, memberId: string, limit?: number): OutreachEntry[];
  get(effectKey: string): OutreachEntry | undefined;
  directMessagesSince(communityId: string, memberId: string, since: Date): Date[];
  /** Every contact with the member, newest first, as the member sees it in their data. */
  contactsOf(communityId: string, memberId: string): ContactSummary[];
}

export function createOutreachRepository({ db }: { db: Db }): OutreachRepository {
  return {
    begin: (entry) =>
      db
        .insert(outreachLog)
        .values({ ...entry, status: 'pending' })
        .onConflictDoNothing()
        .run().changes === 1,
    finish: (effectKey, status, outcome, at) =>
      void db
        .update(outreachLog)
        .set({ status, outcome, outcomeAt: at })
        .where(eq(outreachLog.effectKey, effectKey))
        .run(),
    markInterrupted: (at) =>
      db
        .update(outreachLog)
        .set({ status: 'unknown', outcome: 'interrupted before the send was confirmed', outcomeAt: at })
        .where(eq(outreachLog.status, 'pending'))
        .run().changes,
    forMember: (communityId, memberId, limit = 50) =>
      db
        .select()
        .from(outreachLog)
        .where(and(eq(outreachLog.communityId, communityId), eq(outreachLog.memberId, memberId)))
        .orderBy(desc(outreachLog.at), desc(outreachLog.id))
        .limit(limit)
        .all(),
    directMessagesSince: (communityId, memberId, since) =>
      db
        .select({ at: outreachLog.at })
        .from(outreachLog)
        .where(
          and(
            eq(outreachLog.communityId, communityId),
            eq(outreachLog.memberId, memberId),
            eq(outreachLog.via, 'dm'),
            eq(outreachLog.status, 'sent'),
            gte(outreachLog.at, since),
          ),
        )
        .orderBy(asc(outreachLog.at))
        .all()
        .map((r) => r.at),
    contactsOf: (communityId, memberId) =>
      db
        .select({
          at: outreachLog.at,
          feature: outreachLog.feature,
          reason: outreachLog.reason,
          via: outreachLog.via,
          status: outreachLog.status,
          outcome: outreachLog.outcome,
        })
        .from(outreachLog)
        .where(and(eq(outreachLog.communityId, communityId), eq(outreachLog.memberId, memberId)))
        .orderBy(desc(outreachLog.at))
        .all(),
    get: (effectKey) => db.select().from(outreachLog).where(eq(outreachLog.effectKey, effectKey)).get(),
  };
}

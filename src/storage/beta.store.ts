import { and, asc, eq } from 'drizzle-orm';
import type { BetaMembership, BetaStore } from '../features/beta/beta.store.ts';
import type { Db } from './database.ts';
import { betaMembers } from './schema.ts';

const toMembership = ({
  memberId,
  status,
  invitedBy,
  invitedAt,
  joinedAt,
}: typeof betaMembers.$inferSelect): BetaMembership => ({ memberId, status, invitedBy, invitedAt, joinedAt });

export function createBetaStore({ db }: { db: Db }): BetaStore {
  const one = (communityId: string, memberId: string) =>
    and(eq(betaMembers.communityId, communityId), eq(betaMembers.memberId, memberId));
  const get = (communityId: string, memberId: string) => {
    const row = db.select().from(betaMembers).where(one(communityId, memberId)).get();
    return row && toMembership(row);
  };
  return {
    get,
    join(communityId, memberId, at) {
      if (get(communityId, memberId)?.status === 'member') return false;
      db.insert(betaMembers)
        .values({ communityId, memberId, status: 'member', joinedAt: at })
        .onConflictDoUpdate({
          target: [betaMembers.communityId, betaMembers.memberId],
          set: { status: 'member', joinedAt: at },
        })
        .run();
      return true;
    },
    invite: (communityId, memberId, invitedBy, invitedAt) =>
      db
        .insert(betaMembers)
        .values({ communityId, memberId, status: 'invited', invitedBy, invitedAt })
        .onConflictDoNothing()
        .run().changes === 1,
    leave: (communityId, memberId) => db.delete(betaMembers).where(one(communityId, memberId)).run().changes === 1,
    list: (communityId) =>
      db
        .select()
        .from(betaMembers)
        .where(eq(betaMembers.communityId, communityId))
        .orderBy(asc(betaMembers.memberId))
        .all()
        .map(toMembership),
  };
}

import { and, asc, eq } from 'drizzle-orm';
import type { CircleMember, CircleStore } from '../features/circle/circle.store.ts';
import type { Db } from './database.ts';
import { circleMembers, staffMembers } from './schema.ts';

const toMember = ({ memberId, addedBy, addedAt }: typeof circleMembers.$inferSelect): CircleMember => ({
  memberId,
  addedBy,
  addedAt,
});

export function createCircleStore({ db }: { db: Db }): CircleStore {
  const one = (communityId: string, memberId: string) =>
    and(eq(circleMembers.communityId, communityId), eq(circleMembers.memberId, memberId));
  return {
    add: (communityId, memberId, addedBy, addedAt) =>
      db.insert(circleMembers).values({ communityId, memberId, addedBy, addedAt }).onConflictDoNothing().run()
        .changes === 1,
    remove: (communityId, memberId) => db.delete(circleMembers).where(one(communityId, memberId)).run().changes === 1,
    list: (communityId) =>
      db
        .select()
        .from(circleMembers)
        .where(eq(circleMembers.communityId, communityId))
        .orderBy(asc(circleMembers.addedAt), asc(circleMembers.memberId))
        .all()
        .map(toMember),
    get(communityId, memberId) {
      const row = db.select().from(circleMembers).where(one(communityId, memberId)).get();
      return row && toMember(row);
    },
    staff: (communityId) =>
      db
        .select({ id: staffMembers.memberId })
        .from(staffMembers)
        .where(eq(staffMembers.communityId, communityId))
        .all()
        .map((r) => r.id),
  };
}

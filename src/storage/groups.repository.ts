import { and, asc, eq } from 'drizzle-orm';
import type { Group } from '../core/groups.ts';
import type { MemberId } from '../core/ids.ts';
import type { Db } from './database.ts';
import { betaMembers, circleMembers } from './schema.ts';

/** Who is in the beta group and the inner circle, for core's `GroupsView`. */
export interface GroupsRepository {
  members(communityId: string, group: Group): MemberId[];
  isIn(communityId: string, group: Group, member: string): boolean;
}

export function createGroupsRepository({ db }: { db: Db }): GroupsRepository {
  const beta = (communityId: string) => and(eq(betaMembers.communityId, communityId), eq(betaMembers.status, 'member'));
  const members = (communityId: string, group: Group): MemberId[] =>
    (group === 'beta'
      ? db
          .select({ id: betaMembers.memberId })
          .from(betaMembers)
          .where(beta(communityId))
          .orderBy(asc(betaMembers.memberId))
          .all()
      : db
          .select({ id: circleMembers.memberId })
          .from(circleMembers)
          .where(eq(circleMembers.communityId, communityId))
          .orderBy(asc(circleMembers.memberId))
          .all()
    ).map((row) => row.id as MemberId);
  return {
    members,
    isIn: (communityId, group, member) =>
      (group === 'beta'
        ? db
            .select({ id: betaMembers.memberId })
            .from(betaMembers)
            .where(and(beta(communityId), eq(betaMembers.memberId, member)))
            .get()
        : db
            .select({ id: circleMembers.memberId })
            .from(circleMembers)
            .where(and(eq(circleMembers.communityId, communityId), eq(circleMembers.memberId, member)))
            .get()) !== undefined,
  };
}

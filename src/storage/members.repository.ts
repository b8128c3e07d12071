import { and, count, eq, gte, isNull, max, min, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import type { MessageActivitySummary } from '../core/member-data.ts';
import type { Cohort, MemberRecord } from '../core/members.ts';
import { communities, members, messageActivity } from './schema.ts';

export type { MemberRecord };

/** Core's record of members: joins, leaves, photo, activation. Shared by every feature, read-only to them. */
export interface MembersRepository {
  ensureCommunity(id: string, name: string, at: Date): void;
  get(communityId: string, memberId: string): MemberRecord | undefined;
  /** Records a join; returns false when this exact join (same time) was already recorded. */
  recordJoin(communityId: string, memberId: string, displayName: string, hasPhoto: boolean, at: Date): boolean;
  recordLeave(communityId: string, memberId: string, at: Date): void;
  /** Records the profile photo state; returns true when the photo was just set. */
  recordProfile(communityId: string, memberId: string, displayName: string, hasPhoto: boolean, at: Date): boolean;
  /** Records the first message (activation); returns true only the first time. */
  recordFirstMessage(communityId: string, memberId: string, displayName: string, at: Date): boolean;
  markOnboardingComplete(communityId: string, memberId: string, at: Date): boolean;
  setLocale(communityId: string, memberId: string, displayName: string, locale: string | null): void;
  /** Records (or clears, with null) the member's opt-out from direct messages. */
  setDmOptOut(communityId: string, memberId: string, displayName: string, at: Date | null): void;
  countJoinsSince(communityId: string, since: Date): number;
  /** Of the members who joined since `since`: how many joined, posted, finished onboarding. */
  cohort(communityId: string, since: Date): Cohort;
  /** How many of the member's messages are recorded, and when the first and last were posted (as written so far). */
  messageActivity(communityId: string, memberId: string): MessageActivitySummary;
}

export function createMembersRepository({ db }: { db: Db }): MembersRepository {
  const key = (communityId: string, memberId: string) =>
    and(eq(members.communityId, communityId), eq(members.memberId, memberId));
  const ensure = (communityId: string, memberId: string, displayName: string) =>
    db.insert(members).values({ communityId, memberId, displayName }).onConflictDoNothing().run();

  // Features ask for a member on most events: built and prepared once.
  const byKey = db
    .select()
    .from(members)
    .where(and(eq(members.communityId, sql.placeholder('community')), eq(members.memberId, sql.placeholder('member'))))
    .prepare();
  const firstMessage = db.$client.prepare(
    `INSERT INTO members (community_id, member_id, display_name, first_message_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (community_id, member_id) DO UPDATE SET first_message_at = excluded.first_message_at WHERE members.first_message_at IS NULL`,
  );

  return {
    ensureCommunity: (id, name, at) =>
      void db
        .insert(communities)
        .values({ id, name, createdAt: at })
        .onConflictDoUpdate({ target: communities.id, set: { name } })
        .run(),

    get: (communityId, memberId) => byKey.get({ community: communityId, member: memberId }),

    recordJoin(communityId, memberId, displayName, hasPhoto, at) {
      const existing = this.get(communityId, memberId);
      if (existing?.joinedAt?.getTime() === at.getTime()) return false;
      db.insert(members)
        .values({ communityId, memberId, displayName, joinedAt: at, hasPhoto, photoSetAt: hasPhoto ? at : null })
        .onConflictDoUpdate({
          target: [members.communityId, members.memberId],
          set: {
            displayName,
            joinedAt: at,
            leftAt: null,
            hasPhoto,
            ...(hasPhoto && !existing?.hasPhoto ? { photoSetAt: at } : {}),
          },
        })
        .run();
      return true;
    },

    recordLeave: (communityId, memberId, at) =>
      void db.update(members).set({ leftAt: at }).where(key(communityId, memberId)).run(),

    recordProfile(communityId, memberId, displayName, hasPhoto, at) {
      ensure(communityId, memberId, displayName);
      const before = this.get(communityId, memberId)!;
      db.update(members)
        .set({ displayName, hasPhoto, ...(hasPhoto && !before.hasPhoto ? { photoSetAt: at } : {}) })
        .where(key(communityId, memberId))
        .run();
      return hasPhoto && !before.hasPhoto;
    },

    // One statement, so one commit: it runs once per member, on the message hot path.
    recordFirstMessage: (communityId, memberId, displayName, at) =>
      firstMessage.run(communityId, memberId, displayName, at.getTime()).changes === 1,

    markOnboardingComplete: (communityId, memberId, at) =>
      db
        .update(members)
        .set({ onboardingCompletedAt: at })
        .where(and(key(communityId, memberId), isNull(members.onboardingCompletedAt)))
        .run().changes === 1,

    setDmOptOut(communityId, memberId, displayName, at) {
      ensure(communityId, memberId, displayName);
      db.update(members).set({ dmOptOutAt: at }).where(key(communityId, memberId)).run();
    },

    setLocale(communityId, memberId, displayName, locale) {
      ensure(communityId, memberId, displayName);
      db.update(members).set({ locale }).where(key(communityId, memberId)).run();
    },

    cohort(communityId, since) {
      const row = db
        .select({
          joined: count(),
          activated: count(members.firstMessageAt),
          onboarded: count(members.onboardingCompletedAt),
          withPhoto: sql<number>`sum(${members.hasPhoto})`,
        })
        .from(members)
        .where(and(eq(members.communityId, communityId), gte(members.joinedAt, since)))
        .get();
      return {
        joined: row?.joined ?? 0,
        activated: row?.activated ?? 0,
        onboarded: row?.onboarded ?? 0,
        withPhoto: Number(row?.withPhoto ?? 0),
      };
    },

    messageActivity(communityId, memberId) {
      const row = db
        .select({ count: count(), first: min(messageActivity.at), last: max(messageActivity.at) })
        .from(messageActivity)
        .where(and(eq(messageActivity.communityId, communityId), eq(messageActivity.memberId, memberId)))
        .get();
      return { count: row?.count ?? 0, first: row?.first ?? null, last: row?.last ?? null };
    },

    countJoinsSince: (communityId, since) =>
      db
        .select({ n: count() })
        .from(members)
        .where(and(eq(members.communityId, communityId), gte(members.joinedAt, since)))
        .get()?.n ?? 0,
  };
}

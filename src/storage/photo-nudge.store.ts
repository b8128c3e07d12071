import { and, count, desc, eq, gte, isNotNull, isNull, sql } from 'drizzle-orm';
import type { PhotoFigures, PhotoNudgeStore } from '../features/photo-nudge/photo-nudge.store.ts';
import type { Db } from './database.ts';
import { members, messageActivity, photoNudges } from './schema.ts';

export function createPhotoNudgeStore({ db }: { db: Db }): PhotoNudgeStore {
  const ofMember = (communityId: string, memberId: string) =>
    and(eq(photoNudges.communityId, communityId), eq(photoNudges.memberId, memberId));
  const ofJoin = (communityId: string, memberId: string, joinedAt: Date) =>
    and(ofMember(communityId, memberId), eq(photoNudges.joinedAt, joinedAt));
  // Read on each member's first message: built and prepared once, not per member.
  const latestOf = db
    .select({
      memberId: photoNudges.memberId,
      joinedAt: photoNudges.joinedAt,
      messagesSeen: photoNudges.messagesSeen,
      nudgesSent: photoNudges.nudgesSent,
      firstNudgeAt: photoNudges.firstNudgeAt,
      lastNudgeAt: photoNudges.lastNudgeAt,
      photoSetAt: photoNudges.photoSetAt,
    })
    .from(photoNudges)
    .where(
      and(
        eq(photoNudges.communityId, sql.placeholder('community')),
        eq(photoNudges.memberId, sql.placeholder('member')),
      ),
    )
    .orderBy(desc(photoNudges.joinedAt))
    .prepare();
  return {
    track: (communityId, memberId, joinedAt) =>
      void db.insert(photoNudges).values({ communityId, memberId, joinedAt }).onConflictDoNothing().run(),
    latest: (communityId, memberId) => latestOf.get({ community: communityId, member: memberId }),
    countMessage(communityId, memberId, joinedAt) {
      db.update(photoNudges)
        .set({ messagesSeen: sql`${photoNudges.messagesSeen} + 1` })
        .where(ofJoin(communityId, memberId, joinedAt))
        .run();
      const counted = db
        .select({ n: photoNudges.messagesSeen })
        .from(photoNudges)
        .where(ofJoin(communityId, memberId, joinedAt));
      return counted.get()?.n ?? 0;
    },
    recordNudge: (communityId, memberId, joinedAt, at) =>
      void db
        .update(photoNudges)
        .set({
          nudgesSent: sql`${photoNudges.nudgesSent} + 1`,
          lastNudgeAt: at,
          firstNudgeAt: sql`coalesce(${photoNudges.firstNudgeAt}, ${at.getTime()})`,
        })
        .where(ofJoin(communityId, memberId, joinedAt))
        .run(),
    recordPhoto: (communityId, memberId, at) =>
      void db
        .update(photoNudges)
        .set({ photoSetAt: at })
        .where(and(ofMember(communityId, memberId), isNull(photoNudges.photoSetAt)))
        .run(),
    figures: (communityId) => photoFigures(db, communityId),
  };
}

function photoFigures(db: Db, communityId: string): PhotoFigures {
  const sameMember = and(
    eq(members.communityId, messageActivity.communityId),
    eq(members.memberId, messageActivity.memberId),
  );
  const group = (hasPhoto: boolean) => {
    const people =
      db
        .select({ n: count() })
        .from(members)
        .where(and(eq(members.communityId, communityId), eq(members.hasPhoto, hasPhoto), isNotNull(members.joinedAt)))
        .get()?.n ?? 0;
    const posts =
      db
        .select({ n: count() })
        .from(messageActivity)
        .innerJoin(members, sameMember)
        .where(and(eq(messageActivity.communityId, communityId), eq(members.hasPhoto, hasPhoto)))
        .get()?.n ?? 0;
    return { members: people, messages: posts };
  };
  const nudgedAt = and(eq(photoNudges.communityId, communityId), isNotNull(photoNudges.firstNudgeAt));
  const nudged = db.select({ n: count() }).from(photoNudges).where(nudgedAt).get()?.n ?? 0;
  const photoAfterNudge =
    db
      .select({ n: count() })
      .from(photoNudges)
      .where(and(nudgedAt, isNotNull(photoNudges.photoSetAt), gte(photoNudges.photoSetAt, photoNudges.firstNudgeAt)))
      .get()?.n ?? 0;
  return { withPhoto: group(true), withoutPhoto: group(false), nudged, photoAfterNudge };
}

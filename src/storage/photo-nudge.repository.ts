import { and, count, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { members, messageActivity, photoNudges } from './schema.ts';

export interface NudgeRecord {
  memberId: string;
  joinedAt: Date;
  messagesSeen: number;
  nudgesSent: number;
  firstNudgeAt: Date | null;
  lastNudgeAt: Date | null;
  photoSetAt: Date | null;
}

export interface PhotoFigures {
  withPhoto: { members: number; messages: number };
  withoutPhoto: { members: number; messages: number };
  nudged: number;
  photoAfterNudge: number;
}

/** Photo nudges per join, and the figures that show whether they matter. */
export interface PhotoNudgeRepository {
  track(communityId: string, memberId: string, joinedAt: Date): void;
  /** The member's latest tracked join, if any. */
  latest(communityId: string, memberId: string): NudgeRecord | undefined;
  /** Counts one more message; returns the new count. */
  countMessage(communityId: string, memberId: string, joinedAt: Date): number;
  recordNudge(communityId: string, memberId: string, joinedAt: Date, at: Date): void;
  recordPhoto(communityId: string, memberId: string, at: Date): void;
  figures(communityId: string): PhotoFigures;
}

export function createPhotoNudgeRepository({ db }: { db: Db }): PhotoNudgeRepository {
  const row = (c: string, m: string, j: Date) => and(eq(photoNudges.communityId, c), eq(photoNudges.memberId, m), eq(photoNudges.joinedAt, j));
  return {
    track: (communityId, memberId, joinedAt) => void db.insert(photoNudges).values({ communityId, memberId, joinedAt }).onConflictDoNothing().run(),
    latest: (communityId, memberId) =>
      db.select({ memberId: photoNudges.memberId, joinedAt: photoNudges.joinedAt, messagesSeen: photoNudges.messagesSeen, nudgesSent: photoNudges.nudgesSent, firstNudgeAt: photoNudges.firstNudgeAt, lastNudgeAt: photoNudges.lastNudgeAt, photoSetAt: photoNudges.photoSetAt })
        .from(photoNudges).where(and(eq(photoNudges.communityId, communityId), eq(photoNudges.memberId, memberId))).orderBy(desc(photoNudges.joinedAt)).get(),
    countMessage(communityId, memberId, joinedAt) {
      db.update(photoNudges).set({ messagesSeen: sql`${photoNudges.messagesSeen} + 1` }).where(row(communityId, memberId, joinedAt)).run();
      return db.select({ n: photoNudges.messagesSeen }).from(photoNudges).where(row(communityId, memberId, joinedAt)).get()?.n ?? 0;
    },
    recordNudge: (communityId, memberId, joinedAt, at) =>
      void db.update(photoNudges).set({ nudgesSent: sql`${photoNudges.nudgesSent} + 1`, lastNudgeAt: at, firstNudgeAt: sql`coalesce(${photoNudges.firstNudgeAt}, ${at.getTime()})` }).where(row(communityId, memberId, joinedAt)).run(),
    recordPhoto: (communityId, memberId, at) =>
      void db.update(photoNudges).set({ photoSetAt: at }).where(and(eq(photoNudges.communityId, communityId), eq(photoNudges.memberId, memberId), isNull(photoNudges.photoSetAt))).run(),
    figures(communityId) {
      const group = (hasPhoto: boolean) => {
        const people = db.select({ n: count() }).from(members).where(and(eq(members.communityId, communityId), eq(members.hasPhoto, hasPhoto), isNotNull(members.joinedAt))).get()?.n ?? 0;
        const posts = db.select({ n: count() }).from(messageActivity)
          .innerJoin(members, and(eq(members.communityId, messageActivity.communityId), eq(members.memberId, messageActivity.memberId)))
          .where(and(eq(messageActivity.communityId, communityId), eq(members.hasPhoto, hasPhoto))).get()?.n ?? 0;
        return { members: people, messages: posts };
      };
      const nudged = db.select({ n: count() }).from(photoNudges).where(and(eq(photoNudges.communityId, communityId), isNotNull(photoNudges.firstNudgeAt))).get()?.n ?? 0;
      const after = db.select({ n: count() }).from(photoNudges)
        .where(and(eq(photoNudges.communityId, communityId), isNotNull(photoNudges.firstNudgeAt), isNotNull(photoNudges.photoSetAt), sql`${photoNudges.photoSetAt} >= ${photoNudges.firstNudgeAt}`)).get()?.n ?? 0;
      return { withPhoto: group(true), withoutPhoto: group(false), nudged, photoAfterNudge: after };
    },
  };
}

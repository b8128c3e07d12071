import { and, asc, desc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from './database.ts';
import { quietChannels, quietQuestions } from './schema.ts';

export interface AskedQuestion {
  id: number;
  channelId: string;
  question: string;
  postedAt: Date;
  replies: number;
  revived: boolean | null;
}

/** State of the quiet-channel questions: channel activity and every question asked. */
export interface QuietQuestionsRepository {
  channel(communityId: string, channelId: string): { lastMemberAt: Date | null; lastWasOurs: boolean } | undefined;
  memberSpoke(communityId: string, channelId: string, at: Date): void;
  /** Counts a member's message as a reply to questions asked since `since` and not yet judged. */
  countReply(communityId: string, channelId: string, since: Date): void;
  recordQuestion(communityId: string, channelId: string, question: string, at: Date): void;
  /** Judges questions asked before `before`: revived when members replied. */
  judge(communityId: string, before: Date): number;
  asked(communityId: string, since: Date): AskedQuestion[];
  lastQuestion(communityId: string, channelId: string): AskedQuestion | undefined;
}

export function createQuietQuestionsRepository({ db }: { db: Db }): QuietQuestionsRepository {
  const channelKey = (c: string, ch: string) => and(eq(quietChannels.communityId, c), eq(quietChannels.channelId, ch));
  const upsert = (communityId: string, channelId: string, set: { lastMemberAt?: Date; lastWasOurs: boolean }) =>
    db.insert(quietChannels).values({ communityId, channelId, ...set }).onConflictDoUpdate({ target: [quietChannels.communityId, quietChannels.channelId], set }).run();
  return {
    channel: (communityId, channelId) => db.select({ lastMemberAt: quietChannels.lastMemberAt, lastWasOurs: quietChannels.lastWasOurs }).from(quietChannels).where(channelKey(communityId, channelId)).get(),
    memberSpoke: (communityId, channelId, at) => void upsert(communityId, channelId, { lastMemberAt: at, lastWasOurs: false }),
    countReply: (communityId, channelId, since) =>
      void db.update(quietQuestions).set({ replies: sql`${quietQuestions.replies} + 1` })
        .where(and(eq(quietQuestions.communityId, communityId), eq(quietQuestions.channelId, channelId), gte(quietQuestions.postedAt, since), isNull(quietQuestions.revived))).run(),
    recordQuestion(communityId, channelId, question, at) {
      db.insert(quietQuestions).values({ communityId, channelId, question, postedAt: at }).run();
      upsert(communityId, channelId, { lastWasOurs: true });
    },
    judge: (communityId, before) =>
      db.update(quietQuestions).set({ revived: sql`${quietQuestions.replies} > 0` })
        .where(and(eq(quietQuestions.communityId, communityId), isNull(quietQuestions.revived), lte(quietQuestions.postedAt, before))).run().changes,
    asked: (communityId, since) =>
      db.select().from(quietQuestions).where(and(eq(quietQuestions.communityId, communityId), gte(quietQuestions.postedAt, since))).orderBy(asc(quietQuestions.postedAt)).all(),
    lastQuestion: (communityId, channelId) =>
      db.select().from(quietQuestions).where(and(eq(quietQuestions.communityId, communityId), eq(quietQuestions.channelId, channelId))).orderBy(desc(quietQuestions.postedAt)).get(),
  };
}

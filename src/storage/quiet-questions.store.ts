import { and, asc, desc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import type { AskedQuestion, QuietQuestionsStore } from '../features/quiet-questions/quiet-questions.store.ts';
import type { Db } from './database.ts';
import { quietChannels, quietQuestions } from './schema.ts';

type QuestionRow = typeof quietQuestions.$inferSelect;
const toAsked = ({ id, channelId, question, postedAt, replies, revived }: QuestionRow): AskedQuestion => ({
  id,
  channelId,
  question,
  postedAt,
  replies,
  revived,
});

export function createQuietQuestionsStore({ db }: { db: Db }): QuietQuestionsStore {
  const channelKey = (c: string, ch: string) => and(eq(quietChannels.communityId, c), eq(quietChannels.channelId, ch));
  const ofCommunity = (communityId: string) => eq(quietQuestions.communityId, communityId);
  const upsert = (communityId: string, channelId: string, set: { lastMemberAt?: Date; lastWasOurs: boolean }) =>
    db
      .insert(quietChannels)
      .values({ communityId, channelId, ...set })
      .onConflictDoUpdate({ target: [quietChannels.communityId, quietChannels.channelId], set })
      .run();
  return {
    channel: (communityId, channelId) =>
      db
        .select({ lastMemberAt: quietChannels.lastMemberAt, lastWasOurs: quietChannels.lastWasOurs })
        .from(quietChannels)
        .where(channelKey(communityId, channelId))
        .get(),
    memberSpoke: (communityId, channelId, at) =>
      void upsert(communityId, channelId, { lastMemberAt: at, lastWasOurs: false }),
    countReply: (communityId, channelId, since) =>
      void db
        .update(quietQuestions)
        .set({ replies: sql`${quietQuestions.replies} + 1` })
        .where(
          and(
            ofCommunity(communityId),
            eq(quietQuestions.channelId, channelId),
            gte(quietQuestions.postedAt, since),
            isNull(quietQuestions.revived),
          ),
        )
        .run(),
    recordQuestion(communityId, channelId, question, at) {
      db.insert(quietQuestions).values({ communityId, channelId, question, postedAt: at }).run();
      upsert(communityId, channelId, { lastWasOurs: true });
    },
    judge: (communityId, before) =>
      db
        .update(quietQuestions)
        .set({ revived: sql`CASE WHEN ${quietQuestions.replies} > 0 THEN 1 ELSE 0 END` })
        .where(and(ofCommunity(communityId), isNull(quietQuestions.revived), lte(quietQuestions.postedAt, before)))
        .run().changes,
    asked: (communityId, since) =>
      db
        .select()
        .from(quietQuestions)
        .where(and(ofCommunity(communityId), gte(quietQuestions.postedAt, since)))
        .orderBy(asc(quietQuestions.postedAt))
        .all()
        .map(toAsked),
    lastQuestion(communityId, channelId) {
      const row = db
        .select()
        .from(quietQuestions)
        .where(and(ofCommunity(communityId), eq(quietQuestions.channelId, channelId)))
        .orderBy(desc(quietQuestions.postedAt))
        .get();
      return row && toAsked(row);
    },
  };
}

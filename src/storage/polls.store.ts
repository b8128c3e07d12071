import { and, eq, isNull } from 'drizzle-orm';
import type { Poll, PollsStore } from '../features/polls/polls.store.ts';
import type { Db } from './database.ts';
import { ballots, polls } from './schema.ts';

// The row holds exactly the domain's fields; the annotation makes the compiler say so if either side changes.
const toPoll = (row: typeof polls.$inferSelect): Poll => row;

export function createPollsStore({ db }: { db: Db }): PollsStore {
  const ballotOf = (pollId: number, memberId: string) =>
    and(eq(ballots.pollId, pollId), eq(ballots.memberId, memberId));
  const first = (row: typeof polls.$inferSelect | undefined) => row && toPoll(row);
  return {
    create: (poll) => Number(db.insert(polls).values(poll).returning({ id: polls.id }).get().id),
    setMessage: (id, messageId) => void db.update(polls).set({ messageId }).where(eq(polls.id, id)).run(),
    get: (communityId, id) =>
      first(
        db
          .select()
          .from(polls)
          .where(and(eq(polls.communityId, communityId), eq(polls.id, id)))
          .get(),
      ),
    byMessage: (communityId, messageId) =>
      first(
        db
          .select()
          .from(polls)
          .where(and(eq(polls.communityId, communityId), eq(polls.messageId, messageId)))
          .get(),
      ),
    vote(pollId, memberId, choices, at) {
      if (choices.length === 0) return void db.delete(ballots).where(ballotOf(pollId, memberId)).run();
      db.insert(ballots)
        .values({ pollId, memberId, choices, at })
        .onConflictDoUpdate({ target: [ballots.pollId, ballots.memberId], set: { choices, at } })
        .run();
    },
    ballot: (pollId, memberId) =>
      db.select({ choices: ballots.choices }).from(ballots).where(ballotOf(pollId, memberId)).get()?.choices ?? [],
    ballots: (pollId) =>
      db
        .select({ choices: ballots.choices })
        .from(ballots)
        .where(eq(ballots.pollId, pollId))
        .all()
        .map((b) => b.choices),
    close: (id, at) =>
      db
        .update(polls)
        .set({ closedAt: at })
        .where(and(eq(polls.id, id), isNull(polls.closedAt)))
        .run().changes === 1,
  };
}

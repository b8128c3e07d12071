import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from './database.ts';
import { ballots, polls } from './schema.ts';

export type PollRecord = typeof polls.$inferSelect;
export type NewPoll = Omit<typeof polls.$inferInsert, 'id' | 'closedAt' | 'messageId'>;

/** Polls and their ballots. A poll closes once: `close` reports whether this call closed it. */
export interface PollsRepository {
  create(poll: NewPoll): number;
  setMessage(id: number, messageId: string): void;
  get(communityId: string, id: number): PollRecord | undefined;
  byMessage(communityId: string, messageId: string): PollRecord | undefined;
  /** Replaces the member's ballot (empty choices withdraw it). */
  vote(pollId: number, memberId: string, choices: number[], at: Date): void;
  ballot(pollId: number, memberId: string): number[];
  tally(pollId: number): { counts: number[]; voters: number };
  close(id: number, at: Date): boolean;
}

export function createPollsRepository({ db }: { db: Db }): PollsRepository {
  return {
    create: (poll) => Number(db.insert(polls).values(poll).returning({ id: polls.id }).get().id),
    setMessage: (id, messageId) => void db.update(polls).set({ messageId }).where(eq(polls.id, id)).run(),
    get: (communityId, id) => db.select().from(polls).where(and(eq(polls.communityId, communityId), eq(polls.id, id))).get(),
    byMessage: (communityId, messageId) => db.select().from(polls).where(and(eq(polls.communityId, communityId), eq(polls.messageId, messageId))).get(),
    vote(pollId, memberId, choices, at) {
      if (choices.length === 0) return void db.delete(ballots).where(and(eq(ballots.pollId, pollId), eq(ballots.memberId, memberId))).run();
      db.insert(ballots).values({ pollId, memberId, choices, at }).onConflictDoUpdate({ target: [ballots.pollId, ballots.memberId], set: { choices, at } }).run();
    },
    ballot: (pollId, memberId) => db.select({ choices: ballots.choices }).from(ballots).where(and(eq(ballots.pollId, pollId), eq(ballots.memberId, memberId))).get()?.choices ?? [],
    tally(pollId) {
      const poll = db.select({ options: polls.options }).from(polls).where(eq(polls.id, pollId)).get();
      const counts = (poll?.options ?? []).map(() => 0);
      const rows = db.select({ choices: ballots.choices }).from(ballots).where(eq(ballots.pollId, pollId)).all();
      for (const row of rows) for (const c of row.choices) if (c >= 1 && c <= counts.length) counts[c - 1]!++;
      return { counts, voters: rows.length };
    },
    close: (id, at) => db.update(polls).set({ closedAt: at }).where(and(eq(polls.id, id), isNull(polls.closedAt))).run().changes === 1,
  };
}

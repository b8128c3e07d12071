import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from './database.ts';
import { welcomeQueue } from './schema.ts';

export interface QueuedNewcomer {
  memberId: string;
  joinedAt: Date;
  displayName: string;
}

/** Newcomers waiting for the grouped welcome of a join burst. */
export interface WelcomeRepository {
  enqueue(communityId: string, newcomer: QueuedNewcomer): boolean;
  waiting(communityId: string): QueuedNewcomer[];
  markWelcomed(communityId: string, newcomers: QueuedNewcomer[], at: Date): void;
}

export function createWelcomeRepository({ db }: { db: Db }): WelcomeRepository {
  return {
    enqueue: (communityId, n) =>
      db.insert(welcomeQueue).values({ communityId, ...n }).onConflictDoNothing().run().changes === 1,
    waiting: (communityId) =>
      db.select({ memberId: welcomeQueue.memberId, joinedAt: welcomeQueue.joinedAt, displayName: welcomeQueue.displayName })
        .from(welcomeQueue).where(and(eq(welcomeQueue.communityId, communityId), isNull(welcomeQueue.welcomedAt)))
        .orderBy(asc(welcomeQueue.joinedAt)).all(),
    markWelcomed: (communityId, newcomers, at) => {
      for (const n of newcomers)
        db.update(welcomeQueue).set({ welcomedAt: at })
          .where(and(eq(welcomeQueue.communityId, communityId), eq(welcomeQueue.memberId, n.memberId), eq(welcomeQueue.joinedAt, n.joinedAt))).run();
    },
  };
}

import { and, asc, eq, isNull } from 'drizzle-orm';
import type { WelcomeStore } from '../features/welcome/welcome.store.ts';
import type { Db } from './database.ts';
import { welcomeQueue } from './schema.ts';

export function createWelcomeStore({ db }: { db: Db }): WelcomeStore {
  const queued = (communityId: string, memberId: string, joinedAt: Date) =>
    and(
      eq(welcomeQueue.communityId, communityId),
      eq(welcomeQueue.memberId, memberId),
      eq(welcomeQueue.joinedAt, joinedAt),
    );
  return {
    enqueue: (communityId, n) =>
      db
        .insert(welcomeQueue)
        .values({ communityId, ...n })
        .onConflictDoNothing()
        .run().changes === 1,
    waiting: (communityId) =>
      db
        .select({
          memberId: welcomeQueue.memberId,
          joinedAt: welcomeQueue.joinedAt,
          displayName: welcomeQueue.displayName,
        })
        .from(welcomeQueue)
        .where(and(eq(welcomeQueue.communityId, communityId), isNull(welcomeQueue.welcomedAt)))
        .orderBy(asc(welcomeQueue.joinedAt))
        .all(),
    markWelcomed: (communityId, newcomers, at) => {
      for (const n of newcomers)
        db.update(welcomeQueue)
          .set({ welcomedAt: at })
          .where(queued(communityId, n.memberId, n.joinedAt))
          .run();
    },
  };
}

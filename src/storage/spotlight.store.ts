import { and, asc, desc, eq, gte, ne } from 'drizzle-orm';
import type { Spotlight, SpotlightStore } from '../features/spotlight/spotlight.store.ts';
import type { Db } from './database.ts';
import { spotlightOptouts, spotlights, staffMembers } from './schema.ts';

// The row holds exactly the domain's fields; the annotation makes the compiler say so if either side changes.
const toSpotlight = (row: typeof spotlights.$inferSelect): Spotlight => row;

export function createSpotlightStore({ db }: { db: Db }): SpotlightStore {
  const optout = (communityId: string, memberId: string) =>
    and(eq(spotlightOptouts.communityId, communityId), eq(spotlightOptouts.memberId, memberId));
  return {
    optOut: (communityId, memberId, at) =>
      void db.insert(spotlightOptouts).values({ communityId, memberId, at }).onConflictDoNothing().run(),
    optIn: (communityId, memberId) => void db.delete(spotlightOptouts).where(optout(communityId, memberId)).run(),
    optedOutAt: (communityId, memberId) =>
      db.select({ at: spotlightOptouts.at }).from(spotlightOptouts).where(optout(communityId, memberId)).get()?.at,
    create: (spotlight) =>
      Number(
        db
          .insert(spotlights)
          .values({ ...spotlight, status: 'asking' })
          .returning({ id: spotlights.id })
          .get().id,
      ),
    get(id) {
      const row = db.select().from(spotlights).where(eq(spotlights.id, id)).get();
      return row && toSpotlight(row);
    },
    asking(communityId, memberId) {
      const row = db
        .select()
        .from(spotlights)
        .where(
          and(
            eq(spotlights.communityId, communityId),
            eq(spotlights.memberId, memberId),
            eq(spotlights.status, 'asking'),
          ),
        )
        .orderBy(desc(spotlights.id))
        .get();
      return row && toSpotlight(row);
    },
    pickedSince: (communityId, since) =>
      db
        .selectDistinct({ id: spotlights.memberId })
        .from(spotlights)
        .where(
          and(
            eq(spotlights.communityId, communityId),
            gte(spotlights.pickedAt, since),
            // A member Foyer could not ask was never really picked: they stay a candidate.
            ne(spotlights.status, 'unreachable'),
          ),
        )
        .all()
        .map((r) => r.id),
    optedOut: (communityId) =>
      db
        .select({ id: spotlightOptouts.memberId })
        .from(spotlightOptouts)
        .where(eq(spotlightOptouts.communityId, communityId))
        .all()
        .map((r) => r.id),
    staff: (communityId) =>
      db
        .select({ id: staffMembers.memberId })
        .from(staffMembers)
        .where(eq(staffMembers.communityId, communityId))
        .all()
        .map((r) => r.id),
    consent: (id, at) => void db.update(spotlights).set({ consentAt: at }).where(eq(spotlights.id, id)).run(),
    setStory: (id, story, at) =>
      void db.update(spotlights).set({ story, storyAt: at }).where(eq(spotlights.id, id)).run(),
    finish: (id, status, at) =>
      db
        .update(spotlights)
        .set({ status, closedAt: at, ...(status === 'posted' ? {} : { story: null, storyAt: null }) })
        .where(and(eq(spotlights.id, id), eq(spotlights.status, 'asking')))
        .run().changes === 1,
    ofMember: (communityId, memberId) =>
      db
        .select()
        .from(spotlights)
        .where(and(eq(spotlights.communityId, communityId), eq(spotlights.memberId, memberId)))
        .orderBy(asc(spotlights.id))
        .all()
        .map(toSpotlight),
  };
}

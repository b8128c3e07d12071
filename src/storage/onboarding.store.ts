import { and, eq } from 'drizzle-orm';
import type { OnboardingStore } from '../features/onboarding/onboarding.store.ts';
import type { Db } from './database.ts';
import { onboardingSteps } from './schema.ts';

export function createOnboardingStore({ db }: { db: Db }): OnboardingStore {
  const forMember = (communityId: string, memberId: string) =>
    and(eq(onboardingSteps.communityId, communityId), eq(onboardingSteps.memberId, memberId));
  return {
    complete: (communityId, memberId, step, at, detail) =>
      db
        .insert(onboardingSteps)
        .values({ communityId, memberId, step, doneAt: at, detail: detail ?? null })
        .onConflictDoNothing()
        .run().changes === 1,
    setDetail: (communityId, memberId, step, detail) =>
      void db
        .update(onboardingSteps)
        .set({ detail })
        .where(and(forMember(communityId, memberId), eq(onboardingSteps.step, step)))
        .run(),
    progress: (communityId, memberId) =>
      db
        .select({ step: onboardingSteps.step, doneAt: onboardingSteps.doneAt, detail: onboardingSteps.detail })
        .from(onboardingSteps)
        .where(forMember(communityId, memberId))
        .all(),
  };
}

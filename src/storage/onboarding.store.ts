import { and, eq, sql } from 'drizzle-orm';
import type { OnboardingStore } from '../features/onboarding/onboarding.store.ts';
import type { Db } from './database.ts';
import { onboardingSteps } from './schema.ts';

export function createOnboardingStore({ db }: { db: Db }): OnboardingStore {
  const forMember = (communityId: string, memberId: string) =>
    and(eq(onboardingSteps.communityId, communityId), eq(onboardingSteps.memberId, memberId));
  // Every newcomer's steps are recorded and read: built and prepared once, not per member.
  const completeStep = db
    .insert(onboardingSteps)
    .values({
      communityId: sql.placeholder('community'),
      memberId: sql.placeholder('member'),
      step: sql.placeholder('step'),
      doneAt: sql.placeholder('at'),
      detail: sql.placeholder('detail'),
    })
    .onConflictDoNothing()
    .prepare();
  const progressOf = db
    .select({ step: onboardingSteps.step, doneAt: onboardingSteps.doneAt, detail: onboardingSteps.detail })
    .from(onboardingSteps)
    .where(
      and(
        eq(onboardingSteps.communityId, sql.placeholder('community')),
        eq(onboardingSteps.memberId, sql.placeholder('member')),
      ),
    )
    .prepare();
  return {
    complete: (communityId, memberId, step, at, detail) =>
      completeStep.run({ community: communityId, member: memberId, step, at, detail: detail ?? null }).changes === 1,
    setDetail: (communityId, memberId, step, detail) =>
      void db
        .update(onboardingSteps)
        .set({ detail })
        .where(and(forMember(communityId, memberId), eq(onboardingSteps.step, step)))
        .run(),
    progress: (communityId, memberId) => progressOf.all({ community: communityId, member: memberId }),
  };
}

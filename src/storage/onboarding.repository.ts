import { and, eq } from 'drizzle-orm';
import type { Db } from './database.ts';
import { onboardingSteps } from './schema.ts';

export interface StepRecord {
  step: string;
  doneAt: Date;
  detail: string | null;
}

/** Checklist progress per member. */
export interface OnboardingRepository {
  /** Marks a step done; false when it already was (the first completion time is kept). */
  complete(communityId: string, memberId: string, step: string, at: Date, detail?: string): boolean;
  /** Updates a step's detail (e.g. the chosen interests) without changing when it was done. */
  setDetail(communityId: string, memberId: string, step: string, detail: string): void;
  progress(communityId: string, memberId: string): StepRecord[];
}

export function createOnboardingRepository({ db }: { db: Db }): OnboardingRepository {
  const forMember = (communityId: string, memberId: string) =>
    and(eq(onboardingSteps.communityId, communityId), eq(onboardingSteps.memberId, memberId));
  return {
    complete: (communityId, memberId, step, at, detail) =>
      db.insert(onboardingSteps).values({ communityId, memberId, step, doneAt: at, detail: detail ?? null }).onConflictDoNothing().run().changes === 1,
    setDetail: (communityId, memberId, step, detail) =>
      void db.update(onboardingSteps).set({ detail }).where(and(forMember(communityId, memberId), eq(onboardingSteps.step, step))).run(),
    progress: (communityId, memberId) =>
      db.select({ step: onboardingSteps.step, doneAt: onboardingSteps.doneAt, detail: onboardingSteps.detail })
        .from(onboardingSteps).where(forMember(communityId, memberId)).all(),
  };
}

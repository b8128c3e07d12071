/** One checklist step a member has done. */
export interface StepRecord {
  step: string;
  doneAt: Date;
  /** What the member chose, for steps that carry a choice (the interests). */
  detail: string | null;
}

/** Checklist progress per member. */
export interface OnboardingStore {
  /** Marks a step done; false when it already was (the first completion time is kept). */
  complete(communityId: string, memberId: string, step: string, at: Date, detail?: string): boolean;
  /** Updates a step's detail (e.g. the chosen interests) without changing when it was done. */
  setDetail(communityId: string, memberId: string, step: string, detail: string): void;
  progress(communityId: string, memberId: string): StepRecord[];
}

declare module '../define.ts' {
  interface FeatureStores {
    onboarding: OnboardingStore;
  }
}

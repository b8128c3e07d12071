/** The onboarding checklist steps Foyer knows how to detect. */
export const ONBOARDING_STEPS = ['code-of-conduct', 'introduce', 'photo', 'interests'] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

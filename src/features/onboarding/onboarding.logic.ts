import type { OnboardingStep } from '../../core/onboarding-steps.ts';

/** Which configured steps are done, in the configured order. */
export function checklist(
  steps: readonly OnboardingStep[],
  done: ReadonlySet<string>,
): { step: OnboardingStep; done: boolean }[] {
  return steps.map((step) => ({ step, done: done.has(step) }));
}

export const isComplete = (steps: readonly OnboardingStep[], done: ReadonlySet<string>): boolean =>
  steps.every((s) => done.has(s));

/**
 * Matches what a member typed against the configured interests, forgiving case and
 * accents; returns the canonical names and anything that matched nothing.
 */
export function matchInterests(
  typed: readonly string[],
  available: readonly string[],
): { picked: string[]; unknown: string[] } {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
  const byFolded = new Map(available.map((a) => [fold(a), a]));
  const picked = new Set<string>();
  const unknown: string[] = [];
  for (const word of typed) {
    const match = byFolded.get(fold(word));
    if (match) picked.add(match);
    else if (word.trim()) unknown.push(word.trim());
  }
  return { picked: [...picked], unknown };
}

export const completionKey = (community: string, member: string): string =>
  `onboarding-complete:${community}:${member}`;

/** The part of the newcomers (0 to 1), or none when nobody joined (no share to speak of). */
export const shareOf = (part: number, joined: number): number | undefined => (joined === 0 ? undefined : part / joined);

import type { Contributor } from '../../core/recognition.ts';
import { SPOTLIGHT_DAYS } from './spotlight.config.ts';

/** The weekly suggestion's cron expression, from the day and time in the settings. */
export function suggestionCron(day: (typeof SPOTLIGHT_DAYS)[number], time: string): string {
  const [hours = '10', minutes = '0'] = time.split(':');
  // cron counts days from Sunday (0); the settings list them from Monday.
  return `${Number(minutes)} ${Number(hours)} * * ${(SPOTLIGHT_DAYS.indexOf(day) + 1) % 7}`;
}

export interface CandidateRules {
  minActiveDays: number;
  minThanksGivers: number;
  count: number;
}

/**
 * The members to suggest, best first: contributors who meet the thresholds, less anyone
 * who may not be suggested (opted out, picked recently, staff, gone).
 */
export function pickCandidates(
  contributors: readonly Contributor[],
  excluded: (member: string) => boolean,
  rules: CandidateRules,
): Contributor[] {
  return contributors
    .filter((c) => c.activeDays >= rules.minActiveDays && c.givers >= rules.minThanksGivers && !excluded(c.member))
    .slice(0, rules.count);
}

/** Which step the member's answers allow: the post needs both the yes and their words. */
export function nextStep(spotlight: {
  consentAt: Date | null;
  story: string | null;
}): 'post' | 'needYes' | 'needStory' {
  if (spotlight.consentAt && spotlight.story) return 'post';
  return spotlight.consentAt ? 'needStory' : 'needYes';
}

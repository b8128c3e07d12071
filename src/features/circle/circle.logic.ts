import type { Contributor, LevelStanding } from '../../core/recognition.ts';

export interface SustainedRules {
  minLevelRank: number;
  /** The level must have been held since at least this moment. */
  heldSince: Date;
  minThanksGivers: number;
}

/** Why a member counts as a sustained contributor, or undefined when they do not (yet). */
export type SustainedReason = { kind: 'level'; level: LevelStanding } | { kind: 'thanks'; givers: number };

export function sustainedReasons(
  contributor: Contributor,
  level: LevelStanding | undefined,
  rules: SustainedRules,
): SustainedReason[] {
  const reasons: SustainedReason[] = [];
  if (level && level.rank >= rules.minLevelRank && level.since.getTime() <= rules.heldSince.getTime())
    reasons.push({ kind: 'level', level });
  if (contributor.givers >= rules.minThanksGivers) reasons.push({ kind: 'thanks', givers: contributor.givers });
  return reasons;
}

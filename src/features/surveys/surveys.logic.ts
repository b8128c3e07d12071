import { randomInt } from 'node:crypto';
import type { SurveyKind } from './surveys.store.ts';

export const SCALE: Record<SurveyKind, { min: number; max: number }> = {
  satisfaction: { min: 1, max: 5 },
  recommendation: { min: 0, max: 10 },
};

/** "20" is 20 members, "20%" or "0.2" a share of the eligible members, rounded up; undefined when unreadable. */
export function parseSample(typed: string, eligible: number): number | undefined {
  const trimmed = typed.trim();
  const percent = /^(\d{1,3}(?:\.\d+)?)\s*%$/.exec(trimmed);
  if (percent) {
    const share = Number(percent[1]) / 100;
    return share > 0 && share <= 1 ? Math.ceil(share * eligible) : undefined;
  }
  if (/^0?\.\d+$/.test(trimmed)) return Math.ceil(Number(trimmed) * eligible);
  if (/^\d+$/.test(trimmed)) return Number(trimmed) > 0 ? Number(trimmed) : undefined;
  return undefined;
}

/** The candidates in a uniformly random order (Fisher–Yates), so any prefix is a random sample. */
export function shuffled<T>(items: readonly T[], random: (below: number) => number = randomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface Score {
  answers: number;
  /** Satisfaction: the mean score (1–5). */
  mean?: number;
  /** Recommendation: % promoters (9–10) − % detractors (0–6), from −100 to 100. */
  nps?: number;
  promoters?: number;
  passives?: number;
  detractors?: number;
  /** How many gave each score, from the lowest. */
  distribution: number[];
}

export function scoreOf(kind: SurveyKind, scores: readonly number[]): Score {
  const { min, max } = SCALE[kind];
  const distribution = Array.from({ length: max - min + 1 }, (_, i) => scores.filter((s) => s === min + i).length);
  const answers = scores.length;
  if (kind === 'satisfaction')
    return { answers, distribution, mean: answers === 0 ? undefined : scores.reduce((a, b) => a + b, 0) / answers };
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const nps = answers === 0 ? undefined : Math.round(((promoters - detractors) / answers) * 100);
  return { answers, distribution, nps, promoters, detractors, passives: answers - promoters - detractors };
}

import { z } from 'zod';
import type { FeatureSettings } from '../define.ts';

export const surveysSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** The anonymity threshold: below this many answers, results show no score and no distribution at all. */
  minResponses: z.number().int().min(3).max(1000).default(5),
  /** How many members `/survey start` asks when no sample is given. */
  sample: z.number().int().min(1).max(10_000).default(50),
  /** How many days a survey stays open when no duration is given. */
  days: z.number().int().min(1).max(60).default(7),
  /** The community's own wording of each question, instead of the built-in one in each member's language. */
  questions: z
    .strictObject({
      satisfaction: z.string().min(5).max(300).optional(),
      recommendation: z.string().min(5).max(300).optional(),
    })
    .prefault({}),
});

export type SurveysConfig = z.infer<typeof surveysSettings>;

export const surveysConfig: FeatureSettings<SurveysConfig, 'surveys'> = {
  key: 'surveys',
  schema: surveysSettings,
};

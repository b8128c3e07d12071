import { z } from 'zod';
import { duration } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';

export const circleSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /**
   * Sustained contribution, either way: a level at least this high (0 is the first level;
   * 2 is Contributing with the default levels) held for `sustainedFor`…
   */
  minLevelRank: z.number().int().min(0).max(20).default(2),
  sustainedFor: duration.prefault('90d'),
  /** …or thanks from at least `minThanksGivers` distinct members over `thanksWindow`. */
  thanksWindow: duration.prefault('180d'),
  minThanksGivers: z.number().int().min(1).max(1000).default(5),
  /** A platform role circle members get and lose with the circle: a Discord role id, or a Matrix power level. */
  role: z.string().min(1).max(40).optional(),
  /** How many candidates `/circle candidates` lists. */
  candidates: z.number().int().min(1).max(25).default(10),
});

export type CircleConfig = z.infer<typeof circleSettings>;

export const circleConfig: FeatureSettings<CircleConfig, 'circle'> = { key: 'circle', schema: circleSettings };

import { z } from 'zod';
import { channelName, duration } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';

/** The levels Foyer names in English and French itself; other ids need their names in the YAML. */
export const BUILT_IN_LEVELS = ['exploring', 'participating', 'contributing', 'leading'] as const;

const level = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'expected a short id such as contributing'),
  /** Overrides the built-in name (or names a level of your own), in each language. */
  name: z.strictObject({ en: z.string().min(1).max(40), fr: z.string().min(1).max(40) }).optional(),
  /** Days with any activity in the window (many messages on one day are one day). */
  activeDays: z.number().int().min(0).max(366),
  /** Distinct members who thanked the member in the window. */
  thanksFrom: z.number().int().min(0).max(1000),
  /** A platform role the level carries: a Discord role id, or a Matrix power level. */
  role: z.string().min(1).max(40).optional(),
});

export const levelsSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** The window the thresholds are counted over, in days ending on the day of the evaluation. */
  windowDays: z.number().int().min(7).max(365).default(28),
  levels: z
    .array(level)
    .min(2)
    .max(10)
    .default([
      { id: 'exploring', activeDays: 0, thanksFrom: 0 },
      { id: 'participating', activeDays: 4, thanksFrom: 0 },
      { id: 'contributing', activeDays: 8, thanksFrom: 2 },
      { id: 'leading', activeDays: 14, thanksFrom: 5 },
    ]),
  /** How long a member must stay below their level's thresholds before a monthly review drops them one level. */
  grace: duration.prefault('30d'),
  /** dm: a direct message; channel: a post mentioning the member in `channel`. */
  congratulate: z.enum(['dm', 'channel', 'off']).default('dm'),
  channel: channelName.optional(),
});

export type LevelsSettings = z.infer<typeof levelsSettings>;
export type LevelSetting = LevelsSettings['levels'][number];

export const levelsConfig: FeatureSettings<LevelsSettings, 'levels'> = {
  key: 'levels',
  schema: levelsSettings,
  check(settings, { at, error, needChannel }) {
    if (!settings.enabled) return;
    const seen = new Set<string>();
    settings.levels.forEach((l, i) => {
      const path = [...at, 'levels', i];
      if (seen.has(l.id)) error([...path, 'id'], `level "${l.id}" is listed twice`);
      seen.add(l.id);
      if (!l.name && !(BUILT_IN_LEVELS as readonly string[]).includes(l.id))
        error(
          [...path, 'name'],
          `level "${l.id}" needs a name in en and fr (Foyer names only ${BUILT_IN_LEVELS.join(', ')})`,
          true,
        );
      const before = settings.levels[i - 1];
      if (i === 0 && (l.activeDays !== 0 || l.thanksFrom !== 0))
        error(path, 'the first level is where every member starts: expected activeDays: 0 and thanksFrom: 0');
      if (before && (l.activeDays < before.activeDays || l.thanksFrom < before.thanksFrom))
        error(path, `expected thresholds at least those of "${before.id}", the level before`);
      if (before && l.activeDays === before.activeDays && l.thanksFrom === before.thanksFrom)
        error(path, `the same thresholds as "${before.id}": a level must ask for more`);
      if (l.activeDays > settings.windowDays)
        error([...path, 'activeDays'], `more active days than the window holds (${settings.windowDays})`);
    });
    if (settings.congratulate === 'channel')
      needChannel([...at, 'channel'], settings.channel, 'congratulations in a channel need a channel');
  },
  channelUses: (settings) => ({
    posts: settings.enabled && settings.congratulate === 'channel' ? [settings.channel] : [],
  }),
};

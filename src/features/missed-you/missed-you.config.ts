import { z } from 'zod';
import { timeOfDay } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';

export const missedYouSettings = z.strictObject({
  /** Off unless the file turns it on: it writes to members privately. */
  enabled: z.boolean().default(false),
  /** A member is missed once their last active day is this many days ago (N). */
  silentDays: z.number().int().min(3).max(180).default(14),
  /** "Active before": at least `minActiveDays` active days in the `lookbackDays` days up to their last active day. */
  lookbackDays: z.number().int().min(7).max(365).default(28),
  minActiveDays: z.number().int().min(1).max(365).default(4),
  /**
   * Members silent longer than `silentDays + catchUpDays` are not written to: after an
   * outage (or on the first start) Foyer does not wake up members who left long ago.
   */
  catchUpDays: z.number().int().min(0).max(60).default(7),
  /** The share of eligible members not contacted, so the effect can be measured (0 turns the measure off). */
  holdoutShare: z.number().min(0).max(0.5).default(0.1),
  /** When the daily look for missed members runs, in the community's timezone. */
  time: timeOfDay.default('10:00'),
});

export type MissedYouConfig = z.infer<typeof missedYouSettings>;

export const missedYouConfig: FeatureSettings<MissedYouConfig, 'missedYou'> = {
  key: 'missedYou',
  schema: missedYouSettings,
  check(settings, { at, error }) {
    if (settings.minActiveDays > settings.lookbackDays)
      error([...at, 'minActiveDays'], `cannot be more than lookbackDays (${settings.lookbackDays})`);
  },
};

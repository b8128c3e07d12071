import { z } from 'zod';
import { channelName, duration, timeOfDay } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';

export const SPOTLIGHT_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const spotlightSettings = z.strictObject({
  enabled: z.boolean().default(false),
  /** Where a spotlight is posted, once the member said yes and gave their words. */
  channel: channelName.optional(),
  /** Where candidates are suggested and moderators are told how each spotlight ended. */
  moderatorChannel: channelName.optional(),
  /** When candidates are suggested, each week (community timezone). */
  day: z.enum(SPOTLIGHT_DAYS).default('mon'),
  time: timeOfDay.default('10:00'),
  /** How many candidates each suggestion lists. */
  candidates: z.number().int().min(1).max(10).default(3),
  /** The period a candidate's thanks and active days are counted over. */
  window: duration.prefault('28d'),
  /** Candidates have been active on at least this many days of the window… */
  minActiveDays: z.number().int().min(0).max(366).default(4),
  /** …and thanked by at least this many distinct members in it. */
  minThanksGivers: z.number().int().min(0).max(1000).default(1),
  /** A member picked for a spotlight is not suggested again for this long, whatever they answered. */
  cooldown: duration.prefault('180d'),
  /** Without the member's yes and their words by then, the spotlight ends and nothing is posted. */
  answerWithin: duration.prefault('7d'),
});

export type SpotlightConfig = z.infer<typeof spotlightSettings>;

export const spotlightConfig: FeatureSettings<SpotlightConfig, 'spotlight'> = {
  key: 'spotlight',
  schema: spotlightSettings,
  check(spotlight, { at, needChannel }) {
    if (!spotlight.enabled) return;
    needChannel([...at, 'channel'], spotlight.channel, 'spotlight posts');
    needChannel([...at, 'moderatorChannel'], spotlight.moderatorChannel, 'spotlight suggestions to moderators');
  },
  channelUses: (spotlight) => (spotlight.enabled ? { posts: [spotlight.channel, spotlight.moderatorChannel] } : {}),
};

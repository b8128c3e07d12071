import { z } from 'zod';
import { channelName, duration } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';

export const welcomeSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** `channel` greets in the welcome channel; `dm` sends a direct message. */
  delivery: z.enum(['channel', 'dm']).default('channel'),
  channel: channelName.optional(),
  /** More than `threshold` joins within `window` is a burst: greet in grouped messages. */
  burst: z
    .strictObject({
      threshold: z.number().int().min(1).max(1_000).default(5),
      window: duration.prefault('2m'),
      /** At most this many names per grouped welcome message. */
      namesPerMessage: z.number().int().min(1).max(100).default(20),
    })
    .prefault({}),
  /** A member who leaves and comes back gets a quiet "welcome back" (no ping), at most once per `period`. */
  rejoin: z
    .strictObject({
      period: duration.prefault('30d'),
    })
    .prefault({}),
});

export type WelcomeConfig = z.infer<typeof welcomeSettings>;

export const welcomeConfig: FeatureSettings<WelcomeConfig, 'welcome'> = {
  key: 'welcome',
  schema: welcomeSettings,
  check(welcome, { at, needChannel }) {
    if (welcome.enabled)
      needChannel(
        [...at, 'channel'],
        welcome.channel,
        'the welcome needs a channel (grouped welcomes during a join burst are posted there)',
      );
  },
  channelUses: (welcome) => ({ posts: welcome.enabled ? [welcome.channel] : [] }),
  // Onboarding's congratulations and the photo nudge by mention fall back to it.
  sharesChannels: (welcome) => ({ welcome: welcome.channel }),
};

import { z } from 'zod';
import { channelName, duration } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';

export const welcomeSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** `channel` greets in the welcome channel; `dm` sends a direct message. */
  delivery: z.enum(['channel', 'dm']).default('channel'),
  channel: channelName.optional(),
  /**
   * At most one welcome message per `pace` in the welcome channel (Discord lets a bot post
   * 5 messages per 5 s in a channel, shared with every other message Foyer posts there):
   * newcomers who arrive sooner are greeted together in the next message. 6 s by default,
   * so at most one arrives in any 5 s at Discord, however long a send takes on the way.
   */
  pace: duration.prefault('6s'),
  /** More than `threshold` joins within `window` is a burst: greet in grouped messages, no DMs. */
  burst: z
    .strictObject({
      threshold: z.number().int().min(1).max(1_000).default(5),
      window: duration.prefault('2m'),
      /**
       * At most this many names (mentions) per grouped welcome message. 50 at most: 50
       * Discord mentions fit one 2000-character message, so a group is never split.
       */
      namesPerMessage: z.number().int().min(1).max(50).default(20),
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

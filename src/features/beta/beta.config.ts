import { z } from 'zod';
import { channelName } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';

export const betaSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /**
   * A channel only beta members can read: beta-only polls, calendar posts and questions go
   * there. Without it, each beta member gets them privately (within the outreach caps).
   */
  channel: channelName.optional(),
});

export type BetaConfig = z.infer<typeof betaSettings>;

export const betaConfig: FeatureSettings<BetaConfig, 'beta'> = {
  key: 'beta',
  schema: betaSettings,
  check(beta, { at, needChannel }) {
    if (beta.enabled && beta.channel !== undefined) needChannel([...at, 'channel'], beta.channel, 'the beta group');
  },
  channelUses: (beta) => (beta.enabled ? { posts: [beta.channel] } : {}),
  // Polls, the calendar and quiet-channel questions reach the beta group there.
  sharesChannels: (beta) => ({ beta: beta.enabled ? beta.channel : undefined }),
};

import { z } from 'zod';
import { channelName, duration } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';

export const photoNudgeSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** messages: after the member's first few messages (when they are looking); delay: some time after joining. */
  trigger: z.enum(['messages', 'delay']).default('messages'),
  afterMessages: z.number().int().min(1).max(50).default(3),
  delay: duration.prefault('24h'),
  /** dm: a direct message; mention: a friendly mention in `channel` (default: the welcome channel). */
  delivery: z.enum(['dm', 'mention']).default('dm'),
  channel: channelName.optional(),
  /** Reminders after the first nudge, each `reminderAfter` apart; none once a photo is set. */
  reminders: z.number().int().min(0).max(3).default(1),
  reminderAfter: duration.prefault('3d'),
});

export type PhotoNudgeConfig = z.infer<typeof photoNudgeSettings>;

export const photoNudgeConfig: FeatureSettings<PhotoNudgeConfig, 'photoNudge'> = {
  key: 'photoNudge',
  schema: photoNudgeSettings,
  check(nudge, { at, needChannel, error, sharedChannel }) {
    if (!nudge.enabled || nudge.delivery !== 'mention') return;
    if (nudge.channel !== undefined)
      needChannel([...at, 'channel'], nudge.channel, 'the photo nudge by mention needs a channel');
    else if (!sharedChannel('welcome'))
      error([...at, 'channel'], 'the photo nudge by mention needs a channel (or features.welcome.channel)', true);
  },
  channelUses: (nudge, { sharedChannel }) => ({
    posts: nudge.enabled && nudge.delivery === 'mention' ? [nudge.channel ?? sharedChannel('welcome')] : [],
  }),
};

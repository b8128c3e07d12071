import { z } from 'zod';
import { durationSetting } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';

export const thanksSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** Reactions that count as a thanks to the message's author (Discord custom emoji as `<:name:id>`). */
  reactions: z.array(z.string().min(1).max(100)).max(20).default(['🙏', '✅']),
  /** How long after one member thanked another before the same thanks counts again (0 for no cooldown). */
  cooldown: durationSetting({ zeroAllowed: true }).prefault('24h'),
  /** A reaction on a message older than this is not a thanks (the message's age when the reaction came). */
  maxMessageAge: durationSetting({ zeroAllowed: false }).prefault('7d'),
  /** How many members `/thanks stats` lists. */
  topCount: z.number().int().min(1).max(25).default(5),
});

export type ThanksConfig = z.infer<typeof thanksSettings>;

export const thanksConfig: FeatureSettings<ThanksConfig, 'thanks'> = {
  key: 'thanks',
  schema: thanksSettings,
};

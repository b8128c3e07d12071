import { z } from 'zod';
import { channelName, durationSetting, timeOfDay, timezone } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export const digestSettings = z.strictObject({
  /** Off unless the file turns it on: it posts to a public channel every period. */
  enabled: z.boolean().default(false),
  /** Where the digest is posted (a channel name). */
  channel: channelName.optional(),
  /** `weekly`: on `day`; `monthly`: on `monthDay` of each month. Each issue covers the time since the previous one. */
  frequency: z.enum(['weekly', 'monthly']).default('weekly'),
  day: z.enum(WEEKDAYS).default('monday'),
  /** Days past the 28th do not exist in every month, so they are refused. */
  monthDay: z.number().int().min(1).max(28).default(1),
  time: timeOfDay.default('09:00'),
  /** Defaults to the community's timezone. */
  timezone: timezone.optional(),
  /** `post`: a period with nothing to tell still gets a short issue; `skip`: it gets none. */
  whenQuiet: z.enum(['post', 'skip']).default('post'),
  /** An issue missed while Foyer was down goes out late within this window; later, moderators are told instead. */
  grace: durationSetting({ zeroAllowed: true }).prefault('1d'),
  /** Channels the digest never names (the moderators' channel, private rooms). */
  exclude: z.array(channelName).default([]),
  /** Where previews, reminders and missed issues are reported (a channel name); without it they are only logged. */
  moderatorsChannel: channelName.optional(),
  approval: z
    .strictObject({
      /** When true, an issue waits for an approver's `/digest approve` before it goes out. */
      required: z.boolean().default(false),
      /** Who approves: the same role as the calendar's approvers (`features.calendar.approveRole`) by default. */
      role: z.enum(['moderator', 'admin']).default('moderator'),
      /** One reminder this long after the slot, when nobody approved yet. */
      remindAfter: durationSetting({ zeroAllowed: false }).prefault('4h'),
    })
    .prefault({}),
});

export type DigestSettings = z.infer<typeof digestSettings>;

export const digestConfig: FeatureSettings<DigestSettings, 'digest'> = {
  key: 'digest',
  schema: digestSettings,
  check(digest, { at, needChannel, error }) {
    if (!digest.enabled) return;
    needChannel([...at, 'channel'], digest.channel, 'the digest');
    digest.exclude.forEach((name, i) => needChannel([...at, 'exclude', i], name, 'a channel the digest leaves out'));
    if (digest.moderatorsChannel !== undefined)
      needChannel([...at, 'moderatorsChannel'], digest.moderatorsChannel, 'digest previews and reports');
    else if (digest.approval.required)
      error([...at, 'moderatorsChannel'], 'is needed when approval is required (where the preview goes)', true);
  },
  channelUses: (digest) => ({
    posts: digest.enabled ? [digest.channel, digest.moderatorsChannel] : [],
  }),
};

import { z } from 'zod';
import { channelName, durationSetting, localDateTime, slug, timezone } from '../../config/settings.ts';
import { MAX_INERT_LENGTH } from '../../core/rich-text.ts';
import { checkCron } from '../../core/scheduler.ts';
import type { FeatureSettings } from '../define.ts';

/** Calendar text is published whole: never accept more than a post can carry untruncated. */
export const CALENDAR_TEXT_MAX = MAX_INERT_LENGTH;
export const calendarTextLength = (value: string): number => Array.from(value).length;
const calendarText = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    const length = calendarTextLength(value);
    if (length > CALENDAR_TEXT_MAX)
      ctx.addIssue({
        code: 'custom',
        message: `a calendar post can have at most ${CALENDAR_TEXT_MAX} characters; this text has ${length}`,
      });
  });

const calendarEntry = z.strictObject({
  /** A stable name: the entry is published once per slot under this id. */
  id: slug('weekly-digest'),
  /** A local date and time (community or entry timezone), e.g. "2026-12-01T09:00"… */
  at: localDateTime.optional(),
  /** …or a cron expression for a recurring post, e.g. "0 9 * * 1" (Mondays at 09:00). */
  cron: z.string().optional(),
  timezone: timezone.optional(),
  /** Where the post goes; a post for the beta group may leave it out (see `audience`). */
  channel: channelName.optional(),
  /**
   * `beta`: the post is for the beta group, in its channel (`features.beta.channel`) or,
   * without one, sent to each beta member privately.
   */
  audience: z.enum(['everyone', 'beta']).default('everyone'),
  text: calendarText.optional(),
  /** A file whose text is posted (read when it is published). */
  file: z.string().min(1).optional(),
  author: z.string().min(1),
  status: z.enum(['draft', 'approved']).default('draft'),
});

export const calendarSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** Who may approve entries. */
  approveRole: z.enum(['moderator', 'admin']).default('moderator'),
  /** A post missed while Foyer was down goes out late within this window, else it is reported. */
  grace: durationSetting({ zeroAllowed: true }).prefault('2h'),
  /** Where missed posts are reported (a channel name); without it they are only logged. */
  reportChannel: channelName.optional(),
  entries: z.array(calendarEntry).default([]),
  /**
   * When the inner circle gets the coming week's posts privately, before everyone (a cron
   * expression in the community's timezone, e.g. "0 17 * * 0": Sundays at 17:00); none without it.
   */
  circlePreview: z.string().optional(),
});

export type CalendarConfig = z.infer<typeof calendarSettings>;

export const calendarConfig: FeatureSettings<CalendarConfig, 'calendar'> = {
  key: 'calendar',
  schema: calendarSettings,
  check(cal, { at: here, needChannel, error, community }) {
    if (!cal.enabled) return;
    if (cal.circlePreview !== undefined) {
      const problem = checkCron(cal.circlePreview, community.timezone);
      if (problem) error([...here, 'circlePreview'], `the cron expression does not parse: ${problem}`);
    }
    if (cal.reportChannel !== undefined)
      needChannel([...here, 'reportChannel'], cal.reportChannel, 'missed-post reports');
    const ids = new Set<string>();
    cal.entries.forEach((e, i) => {
      const at = [...here, 'entries', i];
      if (ids.has(e.id)) error([...at, 'id'], `entry id "${e.id}" is used twice`);
      ids.add(e.id);
      if ((e.at === undefined) === (e.cron === undefined))
        error(at, 'give either "at" (a date and time) or "cron" (a recurring schedule)');
      if (e.cron !== undefined) {
        const problem = checkCron(e.cron, e.timezone ?? community.timezone);
        if (problem) error([...at, 'cron'], `the cron expression does not parse: ${problem}`);
      }
      if ((e.text === undefined) === (e.file === undefined)) error(at, 'give either "text" or "file"');
      if (e.audience === 'everyone' || e.channel !== undefined)
        needChannel([...at, 'channel'], e.channel, 'a calendar entry');
    });
  },
  channelUses: (cal) =>
    cal.enabled ? { posts: [...cal.entries.map((entry) => entry.channel), cal.reportChannel] } : {},
};

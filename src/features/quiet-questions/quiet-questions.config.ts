import { z } from 'zod';
import { channelName, duration, timeOfDay } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';
import { DEFAULT_QUESTIONS } from './quiet-questions.banks.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const quietQuestionsSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** Channels to watch (names from `channels:`); none means the feature stays idle. */
  channels: z.array(channelName).default([]),
  /** Quiet = no member message for this long, counted only inside active hours and days. */
  quietAfter: duration.prefault('4h'),
  activeHours: z.strictObject({ from: timeOfDay.default('09:00'), to: timeOfDay.default('21:00') }).prefault({}),
  activeDays: z
    .array(z.enum(WEEKDAYS))
    .min(1)
    .default([...WEEKDAYS]),
  maxPerDay: z.number().int().min(0).max(10).default(1),
  maxPerWeek: z.number().int().min(0).max(50).default(3),
  /** A question "revived" the channel when a member replied within this window. */
  reviveWindow: duration.prefault('2h'),
  /** After a question nobody answered, wait this many times longer before the next. */
  backoff: z.number().min(1).max(10).default(2),
  /** One bank per language; a language the file leaves out asks the built-in questions. */
  questions: z
    .strictObject({
      en: z.array(z.string().min(3).max(500)).default(() => [...DEFAULT_QUESTIONS.en]),
      fr: z.array(z.string().min(3).max(500)).default(() => [...DEFAULT_QUESTIONS.fr]),
    })
    .prefault({}),
});

export type QuietQuestionsConfig = z.infer<typeof quietQuestionsSettings>;

export const quietQuestionsConfig: FeatureSettings<QuietQuestionsConfig, 'quietQuestions'> = {
  key: 'quietQuestions',
  schema: quietQuestionsSettings,
  check(quiet, { at, needChannel, error, community }) {
    if (!quiet.enabled) return;
    quiet.channels.forEach((name, i) => needChannel([...at, 'channels', i], name, 'a watched channel'));
    if (quiet.channels.length > 0 && quiet.questions[community.locale].length === 0)
      error(
        [...at, 'questions'],
        `watching channels needs questions in the community's language (questions.${community.locale})`,
        true,
      );
  },
  channelUses: (quiet) => (quiet.enabled ? { posts: quiet.channels, reads: quiet.channels } : {}),
};

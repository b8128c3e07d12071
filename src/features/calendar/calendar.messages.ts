import type { FeatureMessages } from '../define.ts';

/** English messages of the calendar feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'calendar.textTooLong':
    'A calendar post can have at most {max} characters; this text has {length}. Shorten it and try again.',
  'calendar.impossibleDate': '{when} is not a real date and time: {problem}.',
  'calendar.past': '{when} ({timezone}) is in the past.',
  'calendar.unknownTimezone': 'Unknown timezone "{timezone}" (use a name such as Europe/Paris).',
  'calendar.unreadableWhen':
    '"{when}" is neither a date and time (2026-12-01T09:00) nor a cron expression (0 9 * * 1).',
} as const;

export type CalendarMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<CalendarMessageKey, string> = {
  'calendar.textTooLong':
    'Une publication du calendrier compte au plus {max} caractères ; ce texte en compte {length}. Raccourcissez-le et réessayez.',
  'calendar.impossibleDate': '{when} n’est pas une date et une heure qui existent : {problem}.',
  'calendar.past': '{when} ({timezone}) est déjà passé.',
  'calendar.unknownTimezone': 'Fuseau horaire inconnu « {timezone} » (utilisez un nom comme Europe/Paris).',
  'calendar.unreadableWhen':
    '« {when} » n’est ni une date et une heure (2026-12-01T09:00) ni une expression cron (0 9 * * 1).',
};

export const calendarMessages: FeatureMessages<CalendarMessageKey> = { en, fr };

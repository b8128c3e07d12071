import { z } from 'zod';
import {
  dateTimeProblemVars,
  isDurationSyntax,
  MAX_DURATION,
  parseDuration,
  parseLocalDateTime,
  parseTimeOfDay,
  type DateTimeProblem,
} from '../core/clock.ts';
import { CORE_MESSAGES, LOCALES } from '../core/i18n/translator.ts';

/*
 * The kinds of setting every part of the file uses (durations, times of day, channel
 * names, ids…), each with the words config errors quote. Features build their own
 * settings from these; the top-level schema (schema.ts) composes them.
 */

/**
 * What a setting expects, in the words of a community admin. Config errors quote it
 * instead of the validator's own wording; `secret` settings never have their value echoed.
 */
export interface FieldKind {
  expected: string;
  secret?: boolean;
}

export const fieldKinds = z.registry<FieldKind>();

export function kind<T extends z.ZodType>(schema: T, expected: string, secret = false): T {
  fieldKinds.add(schema as z.ZodType, { expected, secret });
  return schema;
}

const DURATION = 'a duration such as 10m, 2h or 7d';
const MAX_DURATION_DAYS = MAX_DURATION / 86_400_000;

/**
 * A duration such as `90s`, `15m`, `2h` or `1d`, read as milliseconds. Zero is refused
 * unless the setting says what zero means, so no timer can be due "never" or "now, forever".
 */
export const durationSetting = ({ zeroAllowed }: { zeroAllowed: boolean }) =>
  kind(
    z.string().transform((value, ctx) => {
      const ms = parseDuration(value);
      if (ms === undefined) {
        const tooLong = isDurationSyntax(value) ? ` (at most ${MAX_DURATION_DAYS}d)` : '';
        ctx.addIssue({ code: 'custom', message: `expected ${DURATION}${tooLong}, got ${JSON.stringify(value)}` });
        return z.NEVER;
      }
      if (ms === 0 && !zeroAllowed) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a duration longer than zero, such as 10m, 2h or 7d, got ${JSON.stringify(value)}`,
        });
        return z.NEVER;
      }
      return ms;
    }),
    DURATION,
  );

export const duration = durationSetting({ zeroAllowed: false });

/** How long a kind of record is kept: a duration such as `90d`, or `forever` (never pruned). */
export const retentionPeriod = kind(
  z.string().transform((value, ctx): number | 'forever' => {
    if (value.trim().toLowerCase() === 'forever') return 'forever';
    const ms = parseDuration(value);
    if (ms === undefined || ms === 0) {
      const tooLong = isDurationSyntax(value) && ms === undefined ? ` (at most ${MAX_DURATION_DAYS}d)` : '';
      ctx.addIssue({
        code: 'custom',
        message: `expected a duration longer than zero such as 90d, or forever${tooLong}, got ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    }
    return ms;
  }),
  'a duration such as 90d or 365d, or forever',
);

/** English wording of a date or time problem, from the same catalogue members read. */
function describeDateTimeProblem(problem: Exclude<DateTimeProblem, { kind: 'format' }>): string {
  const vars = dateTimeProblemVars(problem);
  return CORE_MESSAGES.en[`time.problem.${problem.kind}`].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');
}

const TIME_OF_DAY = 'a time of day such as "09:00"';
export const timeOfDay = kind(
  z.string().superRefine((value, ctx) => {
    const parsed = parseTimeOfDay(value);
    if (parsed.ok) return;
    ctx.addIssue({
      code: 'custom',
      message:
        parsed.problem.kind === 'format'
          ? `expected ${TIME_OF_DAY}, got ${JSON.stringify(value)}`
          : `${JSON.stringify(value)} is not a time of day: ${describeDateTimeProblem(parsed.problem)}`,
    });
  }),
  TIME_OF_DAY,
);

const LOCAL_DATE_TIME = 'a local date and time such as "2026-12-01T09:00"';
export const localDateTime = kind(
  z.string().superRefine((value, ctx) => {
    const parsed = parseLocalDateTime(value);
    if (parsed.ok) return;
    ctx.addIssue({
      code: 'custom',
      message:
        parsed.problem.kind === 'format'
          ? `expected ${LOCAL_DATE_TIME}, got ${JSON.stringify(value)}`
          : `${JSON.stringify(value)} is not a real date and time: ${describeDateTimeProblem(parsed.problem)}`,
    });
  }),
  LOCAL_DATE_TIME,
);

export const isTimezone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const timezone = kind(
  z.string().refine(isTimezone, {
    error: (issue) => `unknown timezone ${JSON.stringify(issue.input)} (use an IANA name such as "Europe/Paris")`,
  }),
  'a timezone name such as Europe/Paris',
);
export const envName = kind(
  z.string().regex(/^[A-Z_][A-Z0-9_]*$/),
  'the NAME of an environment variable, such as DISCORD_TOKEN, in capitals, digits and underscores (the secret itself goes in the environment, never in this file)',
  true,
);
/** A logical channel name, declared under `channels:`. */
export const channelName = kind(z.string().min(1), 'the name of a channel declared under "channels:", such as general');
export const slug = (example: string) =>
  kind(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), `an id of lowercase letters, digits and dashes, such as ${example}`);
export const webAddress = kind(z.url({ protocol: /^https?$/ }), 'a web address starting with https://');

export const communitySettings = z.strictObject({
  /** Stable id used in the database; never change it once the bot has run. */
  id: slug('my-community'),
  name: z.string().min(1).max(100),
  locale: z.enum(LOCALES).default('en'),
  timezone: timezone.default('UTC'),
  codeOfConduct: z
    .strictObject({
      url: webAddress.optional(),
      summary: z.string().max(2_000).optional(),
      /** Numbered rules that reports and resolutions can cite ("rule 2"). */
      rules: z.array(z.string().min(3).max(300)).max(30).default([]),
    })
    .prefault({}),
});

/** The `community:` section, which every feature may read. */
export type CommunitySettings = z.infer<typeof communitySettings>;

import { z } from 'zod';
import { dateTimeProblemVars, isDurationSyntax, MAX_DURATION, parseDuration, parseLocalDateTime, parseTimeOfDay, type DateTimeProblem } from '../core/clock.ts';
import { BUILT_IN, LOCALES, templateVariables, type MessageKey } from '../core/i18n/translator.ts';
import { ONBOARDING_STEPS } from '../core/onboarding-steps.ts';
import { MAX_INERT_LENGTH } from '../core/rich-text.ts';

/**
 * What a setting expects, in the words of a community admin. Config errors quote it
 * instead of the validator's own wording; `secret` settings never have their value echoed.
 */
export interface FieldKind {
  expected: string;
  secret?: boolean;
}

export const fieldKinds = z.registry<FieldKind>();

function kind<T extends z.ZodType>(schema: T, expected: string, secret = false): T {
  fieldKinds.add(schema as z.ZodType, { expected, secret });
  return schema;
}

const DURATION = 'a duration such as 10m, 2h or 7d';
const MAX_DURATION_DAYS = MAX_DURATION / 86_400_000;

/**
 * A duration such as `90s`, `15m`, `2h` or `1d`, read as milliseconds. Zero is refused
 * unless the setting says what zero means, so no timer can be due "never" or "now, forever".
 */
const durationSetting = ({ zeroAllowed }: { zeroAllowed: boolean }) =>
  kind(z.string().transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined) {
      const tooLong = isDurationSyntax(value) ? ` (at most ${MAX_DURATION_DAYS}d)` : '';
      ctx.addIssue({ code: 'custom', message: `expected ${DURATION}${tooLong}, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    if (ms === 0 && !zeroAllowed) {
      ctx.addIssue({ code: 'custom', message: `expected a duration longer than zero, such as 10m, 2h or 7d, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return ms;
  }), DURATION);

export const duration = durationSetting({ zeroAllowed: false });

/** English wording of a date or time problem, from the same catalogue members read. */
function describeDateTimeProblem(problem: Exclude<DateTimeProblem, { kind: 'format' }>): string {
  const vars = dateTimeProblemVars(problem);
  return BUILT_IN.en[`time.problem.${problem.kind}`].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');
}

const TIME_OF_DAY = 'a time of day such as "09:00"';
const timeOfDay = kind(z.string().superRefine((value, ctx) => {
  const parsed = parseTimeOfDay(value);
  if (parsed.ok) return;
  ctx.addIssue({ code: 'custom', message: parsed.problem.kind === 'format' ? `expected ${TIME_OF_DAY}, got ${JSON.stringify(value)}` : `${JSON.stringify(value)} is not a time of day: ${describeDateTimeProblem(parsed.problem)}` });
}), TIME_OF_DAY);

const LOCAL_DATE_TIME = 'a local date and time such as "2026-12-01T09:00"';
const localDateTime = kind(z.string().superRefine((value, ctx) => {
  const parsed = parseLocalDateTime(value);
  if (parsed.ok) return;
  ctx.addIssue({ code: 'custom', message: parsed.problem.kind === 'format' ? `expected ${LOCAL_DATE_TIME}, got ${JSON.stringify(value)}` : `${JSON.stringify(value)} is not a real date and time: ${describeDateTimeProblem(parsed.problem)}` });
}), LOCAL_DATE_TIME);

export const isTimezone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const timezone = kind(
  z.string().refine(isTimezone, { error: (issue) => `unknown timezone ${JSON.stringify(issue.input)} (use an IANA name such as "Europe/Paris")` }),
  'a timezone name such as Europe/Paris',
);
const envName = kind(
  z.string().regex(/^[A-Z_][A-Z0-9_]*$/),
  'the NAME of an environment variable, such as DISCORD_TOKEN, in capitals, digits and underscores (the secret itself goes in the environment, never in this file)',
  true,
);
/** A logical channel name, declared under `channels:`. */
const channelName = kind(z.string().min(1), 'the name of a channel declared under "channels:", such as general');
const slug = (example: string) => kind(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), `an id of lowercase letters, digits and dashes, such as ${example}`);
const webAddress = kind(z.url({ protocol: /^https?$/ }), 'a web address starting with https://');

/** Calendar text is published whole: never accept more than a post can carry untruncated. */
export const CALENDAR_TEXT_MAX = MAX_INERT_LENGTH;
export const calendarTextLength = (value: string): number => Array.from(value).length;
const calendarText = z.string().min(1).superRefine((value, ctx) => {
  const length = calendarTextLength(value);
  if (length > CALENDAR_TEXT_MAX) ctx.addIssue({ code: 'custom', message: `a calendar post can have at most ${CALENDAR_TEXT_MAX} characters; this text has ${length}` });
});

const community = z.strictObject({
  /** Stable id used in the database; never change it once the bot has run. */
  id: slug('my-community'),
  name: z.string().min(1).max(100),
  locale: z.enum(LOCALES).default('en'),
  timezone: timezone.default('UTC'),
  codeOfConduct: z.strictObject({
    url: webAddress.optional(),
    summary: z.string().max(2_000).optional(),
    /** Numbered rules that reports and resolutions can cite ("rule 2"). */
    rules: z.array(z.string().min(3).max(300)).max(30).default([]),
  }).prefault({}),
});

const platform = z.strictObject({
  /** `auto` picks Discord or Matrix when their credentials are in the environment, else the console. */
  kind: z.enum(['auto', 'console', 'discord', 'matrix']).default('auto'),
  discord: z.strictObject({
    tokenEnv: envName.default('DISCORD_TOKEN'),
    guildId: kind(z.string().regex(/^\d{17,20}$/), 'a Discord server id (a long number, in quotes)'),
    /** guild: slash commands appear at once in this guild; global: in every guild, after up to an hour. */
    commands: z.enum(['guild', 'global']).default('guild'),
  }).optional(),
  matrix: z.strictObject({
    homeserverUrl: webAddress,
    userId: kind(z.string().regex(/^@[^:]+:.+$/), 'a Matrix user id such as "@foyer:example.org"'),
    accessTokenEnv: envName.default('MATRIX_ACCESS_TOKEN'),
    /** Used only when no access token is set: Foyer logs in with this password. */
    passwordEnv: envName.default('MATRIX_PASSWORD'),
    /** Other bots and bridge users (user ids, `*` for any characters): Matrix cannot tell Foyer who they are. */
    otherBots: z.array(z.string().regex(/^@[^:]+:.+$/, 'expected a Matrix user id such as "@github:example.org" ("*" for any characters)')).default([]),
  }).optional(),
}).prefault({});

const roles = z.strictObject({
  /** Console members (by name) who act as moderators or admins; `:role` changes it at run time. */
  console: z.strictObject({
    moderators: z.array(z.string()).default([]),
    admins: z.array(z.string()).default([]),
  }).prefault({}),
  discord: z.strictObject({
    moderatorRoles: z.array(z.string()).default([]),
    adminRoles: z.array(z.string()).default([]),
  }).prefault({}),
  matrix: z.strictObject({
    moderatorPowerLevel: z.number().int().min(0).max(100).default(50),
    adminPowerLevel: z.number().int().min(0).max(100).default(100),
  }).prefault({}),
}).prefault({});

const welcome = z.strictObject({
  enabled: z.boolean().default(true),
  /** `channel` greets in the welcome channel; `dm` sends a direct message. */
  delivery: z.enum(['channel', 'dm']).default('channel'),
  channel: channelName.optional(),
  /** More than `threshold` joins within `window` is a burst: greet in grouped messages. */
  burst: z.strictObject({
    threshold: z.number().int().min(1).max(1_000).default(5),
    window: duration.prefault('2m'),
    /** At most this many names per grouped welcome message. */
    namesPerMessage: z.number().int().min(1).max(100).default(20),
  }).prefault({}),
  /** A member who leaves and comes back gets a quiet "welcome back" (no ping), at most once per `period`. */
  rejoin: z.strictObject({
    period: duration.prefault('30d'),
  }).prefault({}),
});

const onboarding = z.strictObject({
  enabled: z.boolean().default(true),
  steps: z.array(z.enum(ONBOARDING_STEPS)).min(1).refine((s) => new Set(s).size === s.length, 'a step is listed twice')
    .default([...ONBOARDING_STEPS]),
  introChannel: channelName.optional(),
  interests: z.array(z.string().min(1).max(40)).max(25).default([]),
  /** Where completion is congratulated: in the welcome channel, or by direct message. */
  congratulate: z.enum(['channel', 'dm']).default('channel'),
});

const photoNudge = z.strictObject({
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

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const quietQuestions = z.strictObject({
  enabled: z.boolean().default(true),
  /** Channels to watch (names from `channels:`); none means the feature stays idle. */
  channels: z.array(channelName).default([]),
  /** Quiet = no member message for this long, counted only inside active hours and days. */
  quietAfter: duration.prefault('4h'),
  activeHours: z.strictObject({ from: timeOfDay.default('09:00'), to: timeOfDay.default('21:00') }).prefault({}),
  activeDays: z.array(z.enum(WEEKDAYS)).min(1).default([...WEEKDAYS]),
  maxPerDay: z.number().int().min(0).max(10).default(1),
  maxPerWeek: z.number().int().min(0).max(50).default(3),
  /** A question "revived" the channel when a member replied within this window. */
  reviveWindow: duration.prefault('2h'),
  /** After a question nobody answered, wait this many times longer before the next. */
  backoff: z.number().min(1).max(10).default(2),
  questions: z.strictObject({ en: z.array(z.string().min(3).max(500)).default([]), fr: z.array(z.string().min(3).max(500)).default([]) }).prefault({}),
});

const calendarEntry = z.strictObject({
  /** A stable name: the entry is published once per slot under this id. */
  id: slug('weekly-digest'),
  /** A local date and time (community or entry timezone), e.g. "2026-12-01T09:00"… */
  at: localDateTime.optional(),
  /** …or a cron expression for a recurring post, e.g. "0 9 * * 1" (Mondays at 09:00). */
  cron: z.string().optional(),
  timezone: timezone.optional(),
  channel: channelName,
  text: calendarText.optional(),
  /** A file whose text is posted (read when it is published). */
  file: z.string().min(1).optional(),
  author: z.string().min(1),
  status: z.enum(['draft', 'approved']).default('draft'),
});

const calendar = z.strictObject({
  enabled: z.boolean().default(true),
  /** Who may approve entries. */
  approveRole: z.enum(['moderator', 'admin']).default('moderator'),
  /** A post missed while Foyer was down goes out late within this window, else it is reported. */
  grace: durationSetting({ zeroAllowed: true }).prefault('2h'),
  /** Where missed posts are reported (a channel name); without it they are only logged. */
  reportChannel: channelName.optional(),
  entries: z.array(calendarEntry).default([]),
});

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
const triage = z.strictObject({
  enabled: z.boolean().default(true),
  /** Where reports are sent for triage (a private moderators' channel). Without it, reports are off. */
  moderatorsChannel: channelName.optional(),
  /** Words or regular expressions (case-insensitive) that raise a report's severity. */
  rules: z.strictObject({
    critical: z.array(z.string()).default(['suicide', 'kill myself', 'self-harm', 'bomb threat']),
    high: z.array(z.string()).default(['threat', 'doxx', 'home address', 'phone number', 'harass']),
    medium: z.array(z.string()).default(['insult', 'slur', 'spam']),
  }).prefault({}),
  /** Time to acknowledge, per severity, before the report escalates one step. */
  acknowledgeWithin: z.strictObject({
    critical: duration.prefault('15m'),
    high: duration.prefault('1h'),
    medium: duration.prefault('4h'),
    low: duration.prefault('24h'),
  }).prefault({}),
  /** The escalation chain after the moderators' channel: admins (mentioned there), then on-call members by direct message. */
  admins: z.array(z.string()).default([]),
  onCall: z.array(z.string()).default([]),
  /** At most this many reports per member per day (more are refused politely). */
  maxReportsPerDay: z.number().int().min(1).max(100).default(5),
  /** Crisis mode: `reports` high-or-critical reports within `within` for one channel turn it on. */
  crisis: z.strictObject({
    reports: z.number().int().min(2).max(100).default(3),
    within: duration.prefault('10m'),
    /** lock: members cannot post; slowmode: one message per member every `slowmodeSeconds`. */
    action: z.enum(['lock', 'slowmode']).default('slowmode'),
    slowmodeSeconds: z.number().int().min(1).max(21_600).default(60),
    notice: z.string().min(3).max(1_000).default('This channel is in crisis mode while the moderators look into what happened. Please be patient and kind; the code of conduct applies.'),
  }).prefault({}),
});

type Overrides = Partial<Record<MessageKey, string>>;
const localeTemplates = z.record(z.string(), z.string().max(2_000)).superRefine((entries, ctx) => {
  for (const [key, template] of Object.entries(entries)) {
    const builtIn = (BUILT_IN.en as Record<string, string>)[key];
    if (builtIn === undefined) {
      ctx.addIssue({ code: 'unrecognized_keys', keys: [key], path: [], message: `unknown message "${key}"`, input: entries });
      continue;
    }
    const allowed = new Set(templateVariables(builtIn));
    for (const variable of templateVariables(template))
      if (!allowed.has(variable))
        ctx.addIssue({ code: 'custom', path: [key], message: `unknown variable {${variable}}; this message can use ${[...allowed].map((v) => `{${v}}`).join(', ') || 'no variables'}` });
  }
}).transform((entries) => entries as Overrides);

const outreach = z.strictObject({
  /** Caps on direct messages Foyer starts with one member, enforced in one place for every feature. */
  directMessages: z.strictObject({
    perDay: z.number().int().min(0).max(20).default(1),
    perWeek: z.number().int().min(0).max(50).default(3),
  }).prefault({}),
});

export const configSchema = z.strictObject({
  community,
  platform,
  database: z.strictObject({ path: z.string().min(1).default('data/foyer.sqlite') }).prefault({}),
  /** Logical channel names used by features, mapped to the platform's channel ids (console: any name). */
  channels: z.record(kind(z.string().regex(/^[a-z0-9][a-z0-9-]*$/), 'a channel name in lowercase letters, digits and dashes, such as general'), z.string().min(1)).default({}),
  roles,
  features: z.strictObject({
    welcome: welcome.prefault({}),
    onboarding: onboarding.prefault({}),
    photoNudge: photoNudge.prefault({}),
    quietQuestions: quietQuestions.prefault({}),
    calendar: calendar.prefault({}),
    triage: triage.prefault({}),
  }).prefault({}),
  outreach: outreach.prefault({}),
  /** Per-locale overrides of any built-in message. */
  templates: z.strictObject({ en: localeTemplates.optional(), fr: localeTemplates.optional() }).prefault({}),
  logging: z.strictObject({ level: z.enum(['debug', 'info', 'warn', 'error']).default('info') }).prefault({}),
});

export type FoyerConfig = z.infer<typeof configSchema>;
export type WelcomeConfig = FoyerConfig['features']['welcome'];
export type OnboardingConfig = FoyerConfig['features']['onboarding'];
export type PhotoNudgeConfig = FoyerConfig['features']['photoNudge'];
export type QuietQuestionsConfig = FoyerConfig['features']['quietQuestions'];
export type CalendarConfig = FoyerConfig['features']['calendar'];
export type TriageConfig = FoyerConfig['features']['triage'];
export { SEVERITIES };

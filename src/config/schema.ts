import { z } from 'zod';
import { templateVariables } from '../core/i18n/translator.ts';
import type { SettingsByKey } from '../features/define.ts';
import { BUILT_IN, type MessageKey } from '../features/catalogue.ts';
import { FEATURES } from '../features/index.ts';
import { webSettings } from '../web/web.config.ts';
import { RETENTION_DEFAULTS, type RetentionKind, type RetentionPeriod } from '../core/retention.ts';
import { communitySettings, envName, kind, retentionPeriod, webAddress } from './settings.ts';

export { fieldKinds, isTimezone, type FieldKind } from './settings.ts';

const platform = z
  .strictObject({
    /** `auto` picks Discord or Matrix when their credentials are in the environment, else the console. */
    kind: z.enum(['auto', 'console', 'discord', 'matrix']).default('auto'),
    discord: z
      .strictObject({
        tokenEnv: envName.default('DISCORD_TOKEN'),
        guildId: kind(z.string().regex(/^\d{17,20}$/), 'a Discord server id (a long number, in quotes)'),
        /** guild: slash commands appear at once in this guild; global: in every guild, after up to an hour. */
        commands: z.enum(['guild', 'global']).default('guild'),
        /**
         * Discord's REST API through another address: an HTTP proxy that shares one rate limit between
         * several processes (such as nirn-proxy), or a test double. Default: Discord's own.
         */
        apiUrl: webAddress.optional(),
      })
      .optional(),
    matrix: z
      .strictObject({
        homeserverUrl: webAddress,
        userId: kind(z.string().regex(/^@[^:]+:.+$/), 'a Matrix user id such as "@foyer:example.org"'),
        accessTokenEnv: envName.default('MATRIX_ACCESS_TOKEN'),
        /** Used only when no access token is set: Foyer logs in with this password. */
        passwordEnv: envName.default('MATRIX_PASSWORD'),
        /** Other bots and bridge users (user ids, `*` for any characters): Matrix cannot tell Foyer who they are. */
        otherBots: z
          .array(
            z
              .string()
              .regex(/^@[^:]+:.+$/, 'expected a Matrix user id such as "@github:example.org" ("*" for any characters)'),
          )
          .default([]),
      })
      .optional(),
  })
  .prefault({});

const roles = z
  .strictObject({
    /** Console members (by name) who act as moderators or admins; `:role` changes it at run time. */
    console: z
      .strictObject({
        moderators: z.array(z.string()).default([]),
        admins: z.array(z.string()).default([]),
      })
      .prefault({}),
    discord: z
      .strictObject({
        moderatorRoles: z.array(z.string()).default([]),
        adminRoles: z.array(z.string()).default([]),
      })
      .prefault({}),
    matrix: z
      .strictObject({
        moderatorPowerLevel: z.number().int().min(0).max(100).default(50),
        adminPowerLevel: z.number().int().min(0).max(100).default(100),
      })
      .prefault({}),
  })
  .prefault({});

type Overrides = Partial<Record<MessageKey, string>>;
const localeTemplates = z
  .record(z.string(), z.string().max(2_000))
  .superRefine((entries, ctx) => {
    for (const [key, template] of Object.entries(entries)) {
      const builtIn = (BUILT_IN.en as Record<string, string>)[key];
      if (builtIn === undefined) {
        ctx.addIssue({
          code: 'unrecognized_keys',
          keys: [key],
          path: [],
          message: `unknown message "${key}"`,
          input: entries,
        });
        continue;
      }
      const allowed = new Set(templateVariables(builtIn));
      for (const variable of templateVariables(template))
        if (!allowed.has(variable))
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `unknown variable {${variable}}; this message can use ${[...allowed].map((v) => `{${v}}`).join(', ') || 'no variables'}`,
          });
    }
  })
  .transform((entries) => entries as Overrides);

const outreach = z.strictObject({
  /** Caps on direct messages Foyer starts with one member, enforced in one place for every feature. */
  directMessages: z
    .strictObject({
      perDay: z.number().int().min(0).max(20).default(1),
      perWeek: z.number().int().min(0).max(50).default(3),
    })
    .prefault({}),
});

/** How long each kind of record is kept (see core/retention.ts for the defaults and why). */
const period = (k: RetentionKind) => retentionPeriod.prefault(RETENTION_DEFAULTS[k]);
const retention = z.strictObject({
  // Undoing a removed message and distinct participants read the day around it from raw rows.
  messageActivity: retentionPeriod
    .refine((p) => p === 'forever' || p >= 2 * 86_400_000, {
      message: 'expected at least 2d: the roll-ups read the day around a message from raw rows',
    })
    .prefault(RETENTION_DEFAULTS.messageActivity),
  outreachLog: period('outreachLog'),
  resolvedReports: period('resolvedReports'),
  dedupLedger: period('dedupLedger'),
  finishedTasks: period('finishedTasks'),
  closedPolls: period('closedPolls'),
  rollups: period('rollups'),
  thanks: period('thanks'),
  finishedSpotlights: period('finishedSpotlights'),
  missedYouAbsences: period('missedYouAbsences'),
  closedSurveys: period('closedSurveys'),
  sentNewsletters: period('sentNewsletters'),
  digestIssues: period('digestIssues'),
}) satisfies z.ZodType<Record<RetentionKind, RetentionPeriod>, unknown>;

export const configSchema = z.strictObject({
  community: communitySettings,
  platform,
  database: z
    .strictObject({
      /** The SQLite file (the default database); ignored when `url` is set. */
      path: z.string().min(1).default('data/foyer.sqlite'),
      /** A PostgreSQL server instead: postgres://user@host:port/database, without its password. */
      url: z.string().min(1).optional(),
      /** The environment variable holding the PostgreSQL password (never written in this file). */
      passwordEnv: z.string().min(1).default('FOYER_DATABASE_PASSWORD'),
    })
    .prefault({}),
  /** Logical channel names used by features, mapped to the platform's channel ids (console: any name). */
  channels: z
    .record(
      kind(
        z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
        'a channel name in lowercase letters, digits and dashes, such as general',
      ),
      z.string().min(1),
    )
    .default({}),
  roles,
  features: featuresSchema(),
  outreach: outreach.prefault({}),
  retention: retention.prefault({}),
  /** Per-locale overrides of any built-in message. */
  templates: z.strictObject({ en: localeTemplates.optional(), fr: localeTemplates.optional() }).prefault({}),
  logging: z.strictObject({ level: z.enum(['debug', 'info', 'warn', 'error']).default('info') }).prefault({}),
  /** The web server: health, readiness, metrics and the dashboard (off unless `web.listen` is set). */
  web: webSettings,
});

/** Every feature's settings under its key; a section left out gets its defaults. */
function featuresSchema() {
  const shape: Record<string, z.ZodType> = {};
  for (const { settings } of FEATURES) if (settings) shape[settings.key] = (settings.schema as z.ZodType).prefault({});
  return z.strictObject(shape).prefault({}) as unknown as z.ZodType<SettingsByKey<(typeof FEATURES)[number]>, unknown>;
}

export type FoyerConfig = z.infer<typeof configSchema>;

import { z } from 'zod';
import { channelName, duration } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';
import { RULED_SEVERITIES, type RuledSeverity } from './triage.logic.ts';
import { CRISIS_MODES, type Severity } from './triage.store.ts';

/**
 * The default severity rules, by language. French patterns cover accents and word forms
 * ("harcèle", "harceler", "harcèlement"; "numéro de tél", "numero de telephone").
 */
export const DEFAULT_RULES = {
  en: {
    critical: ['suicide', 'kill myself', 'self-harm', 'bomb threat'],
    high: ['threat', 'doxx', 'home address', 'phone number', 'harass'],
    medium: ['insult', 'slur', 'spam'],
  },
  fr: {
    critical: ['me suicider', 'suicidaire', 'me tuer', 'auto-?mutil', 'me scarifier', 'alerte [àa] la bombe'],
    high: ['menac', 'harc[eèé]l', 'dox', 'adresse', 'num[ée]ro de t[ée]l'],
    medium: ['insulte', 'injur'],
  },
} as const satisfies Record<string, Record<RuledSeverity, readonly string[]>>;

export const triageSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** Where reports are sent for triage (a private moderators' channel). Without it, reports are off. */
  moderatorsChannel: channelName.optional(),
  /**
   * Words or regular expressions (case-insensitive) that raise a report's severity. The
   * defaults know English and French, so a report gets its severity whatever the language
   * its reporter writes in.
   */
  rules: z
    .strictObject({
      critical: z.array(z.string()).default([...DEFAULT_RULES.en.critical, ...DEFAULT_RULES.fr.critical]),
      high: z.array(z.string()).default([...DEFAULT_RULES.en.high, ...DEFAULT_RULES.fr.high]),
      medium: z.array(z.string()).default([...DEFAULT_RULES.en.medium, ...DEFAULT_RULES.fr.medium]),
    } satisfies Record<RuledSeverity, unknown>)
    .prefault({}),
  /** Time to acknowledge, per severity, before the report escalates one step. */
  acknowledgeWithin: z
    .strictObject({
      critical: duration.prefault('15m'),
      high: duration.prefault('1h'),
      medium: duration.prefault('4h'),
      low: duration.prefault('24h'),
    } satisfies Record<Severity, unknown>)
    .prefault({}),
  /**
   * The escalation chain after the moderators' channel: admins (mentioned there), then on-call members by direct
   * message.
   */
  admins: z.array(z.string()).default([]),
  onCall: z.array(z.string()).default([]),
  /** At most this many reports per member per day (more are refused politely). */
  maxReportsPerDay: z.number().int().min(1).max(100).default(5),
  /** Crisis mode: `reports` high-or-critical reports within `within` for one channel turn it on. */
  crisis: z
    .strictObject({
      reports: z.number().int().min(2).max(100).default(3),
      within: duration.prefault('10m'),
      /** lock: members cannot post; slowmode: one message per member every `slowmodeSeconds`. */
      action: z.enum(CRISIS_MODES).default('slowmode'),
      slowmodeSeconds: z.number().int().min(1).max(21_600).default(60),
      /**
       * Posted in the channel as written; without it, the message `triage.crisis.notice` in the community's language.
       */
      notice: z.string().min(3).max(1_000).optional(),
    })
    .prefault({}),
});

export type TriageConfig = z.infer<typeof triageSettings>;

export const triageConfig: FeatureSettings<TriageConfig, 'triage'> = {
  key: 'triage',
  schema: triageSettings,
  check(tri, { at, needChannel, error }) {
    if (!tri.enabled) return;
    if (tri.moderatorsChannel !== undefined)
      needChannel([...at, 'moderatorsChannel'], tri.moderatorsChannel, 'reports');
    for (const level of RULED_SEVERITIES)
      tri.rules[level].forEach((rule, i) => {
        try {
          new RegExp(rule, 'i');
        } catch (problem) {
          error([...at, 'rules', level, i], `not a valid pattern: ${(problem as Error).message}`);
        }
      });
  },
  channelUses: (tri) => ({ posts: tri.enabled ? [tri.moderatorsChannel] : [] }),
  // Setup problems go to the moderators, where reports go.
  platformNeeds: (tri) => ({
    ...(tri.moderatorsChannel ? { alertChannel: tri.moderatorsChannel } : {}),
    ...(tri.enabled && tri.moderatorsChannel ? { channelModeration: tri.crisis.action } : {}),
  }),
};

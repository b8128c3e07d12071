import { z } from 'zod';
import { channelName, duration } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';
import { RULED_SEVERITIES, type RuledSeverity } from './triage.logic.ts';
import { CRISIS_MODES, type Severity } from './triage.store.ts';

export const triageSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** Where reports are sent for triage (a private moderators' channel). Without it, reports are off. */
  moderatorsChannel: channelName.optional(),
  /** Words or regular expressions (case-insensitive) that raise a report's severity. */
  rules: z
    .strictObject({
      critical: z.array(z.string()).default(['suicide', 'kill myself', 'self-harm', 'bomb threat']),
      high: z.array(z.string()).default(['threat', 'doxx', 'home address', 'phone number', 'harass']),
      medium: z.array(z.string()).default(['insult', 'slur', 'spam']),
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
  /** The escalation chain after the moderators' channel: admins (mentioned there), then on-call members by direct message. */
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
      notice: z
        .string()
        .min(3)
        .max(1_000)
        .default(
          'This channel is in crisis mode while the moderators look into what happened. Please be patient and kind; the code of conduct applies.',
        ),
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

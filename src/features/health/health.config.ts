import { z } from 'zod';
import { channelName, kind, timeOfDay } from '../../config/settings.ts';
import type { FeatureSettings } from '../define.ts';
import { METRICS } from './health.figures.ts';
import { METRIC_KIND, parseTarget } from './health.goals.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const TARGET = 'a number, a share such as 0.4 or "40%", or a duration such as "2h"';
/** A goal's or expectation's target as written; `check` reads it against its metric. */
const target = kind(z.union([z.number(), z.string().min(1)]), TARGET);

const DATE = 'a date such as "2027-06-01"';
const calendarDate = kind(
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
      error: (issue) => `${JSON.stringify(issue.input)} is not a real date`,
    }),
  DATE,
);

const goal = z.strictObject({
  /** One of the metrics the README lists under "Community health". */
  metric: z.enum(METRICS),
  target,
  /** The day the target should be reached by. */
  by: calendarDate,
  /** The business objective this goal serves, in the community's words. */
  objective: z.string().min(3).max(300),
});

/** Targets per metric for one week, month or year: small milestones on the way to the goals. */
const milestones = z.partialRecord(z.enum(METRICS), target);

export const healthSettings = z.strictObject({
  /** Off unless the file turns it on: its reports need a moderators' channel, which a minimal file does not name. */
  enabled: z.boolean().default(false),
  /** The moderators' channel (a name from `channels:`) for the weekly summary and the health check. */
  channel: channelName.optional(),
  /** Member names or ids counted as staff besides moderators and admins: shown apart, never in community figures. */
  staff: z.array(z.string().min(1)).default([]),
  goals: z.array(goal).max(20).default([]),
  expectations: z
    .strictObject({ week: milestones.optional(), month: milestones.optional(), year: milestones.optional() })
    .prefault({}),
  /** When the weekly summary is posted, in the community's timezone; `enabled: false` turns it off. */
  weeklySummary: z
    .strictObject({
      enabled: z.boolean().default(true),
      day: z.enum(WEEKDAYS).default('mon'),
      time: timeOfDay.default('09:00'),
    })
    .prefault({}),
  /** A full health check every this many months after the baseline; 0 turns it off. */
  checkEveryMonths: z.number().int().min(0).max(24).default(6),
});

export type HealthSettings = z.infer<typeof healthSettings>;

/** Whether anything is posted to the moderators' channel on a schedule. */
export const postsReports = (health: HealthSettings): boolean =>
  health.weeklySummary.enabled || health.checkEveryMonths > 0;

export const healthConfig: FeatureSettings<HealthSettings, 'health'> = {
  key: 'health',
  schema: healthSettings,
  check(health, { at, needChannel, error }) {
    if (!health.enabled) return;
    if (postsReports(health))
      needChannel(
        [...at, 'channel'],
        health.channel,
        'the weekly summary and the health check (or set weeklySummary.enabled: false and checkEveryMonths: 0)',
      );
    health.goals.forEach((g, i) => {
      const problem = parseTarget(g.metric, g.target).problem;
      if (problem) error([...at, 'goals', i, 'target'], `${problem} for ${g.metric} (${METRIC_KIND[g.metric]})`);
    });
    for (const period of ['week', 'month', 'year'] as const)
      for (const [metric, value] of Object.entries(health.expectations[period] ?? {})) {
        const problem = parseTarget(metric as (typeof METRICS)[number], value!).problem;
        if (problem) error([...at, 'expectations', period, metric], `${problem} for ${metric}`);
      }
  },
  channelUses: (health) => (health.enabled && postsReports(health) ? { posts: [health.channel] } : {}),
};

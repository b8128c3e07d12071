import { parseDuration } from '../../core/clock.ts';
import { addDays, dayNumber } from '../../core/local-day.ts';
import type { Cohort, Day, HealthFigures, Metric } from './health.figures.ts';

/*
 * Goals, baselines and expectations: pure rules over HealthFigures, so every report
 * (the /health answer, the weekly summary, the health check) compares the same way.
 */

/** How a metric is written and read: a share (0–1), a duration in milliseconds, or a count. */
export type MetricKind = 'share' | 'duration' | 'count';

export const METRIC_KIND: Record<Metric, MetricKind> = {
  members: 'count',
  joins: 'count',
  netGrowth: 'count',
  dau: 'count',
  wau: 'count',
  mau: 'count',
  stickiness: 'share',
  activeMembers: 'count',
  communicators: 'count',
  activation: 'share',
  communicatorActivation: 'share',
  medianTimeToFirstMessageMs: 'duration',
  responseMedianMs: 'duration',
  unansweredAfter24h: 'share',
  membershipD7: 'share',
  membershipD30: 'share',
  activeD7: 'share',
  activeD30: 'share',
  satisfaction: 'count',
  nps: 'count',
};

/** Metrics where less is better: waiting times and unanswered newcomers. */
export const LOWER_IS_BETTER: ReadonlySet<Metric> = new Set([
  'medianTimeToFirstMessageMs',
  'responseMedianMs',
  'unansweredAfter24h',
]);

/** The headline metrics, in the order reports show them. */
export const HEADLINE: readonly Metric[] = [
  'members',
  'netGrowth',
  'activation',
  'communicatorActivation',
  'wau',
  'stickiness',
  'responseMedianMs',
  'unansweredAfter24h',
  'activeD7',
];

/** A target as written in the YAML, read against its metric: a share as 0.4 or "40%", a duration as "2h". */
export function parseTarget(metric: Metric, raw: number | string): { value?: number; problem?: string } {
  const kind = METRIC_KIND[metric];
  if (kind === 'share') {
    const percent = typeof raw === 'string' ? /^(\d+(?:\.\d+)?)\s*%$/.exec(raw.trim()) : null;
    const value = percent ? Number(percent[1]) / 100 : typeof raw === 'number' ? raw : Number.NaN;
    return value >= 0 && value <= 1 ? { value } : { problem: 'expected a share such as 0.4 or "40%"' };
  }
  if (kind === 'duration') {
    const value = typeof raw === 'number' ? raw : parseDuration(raw);
    return value !== undefined && value >= 0
      ? { value }
      : { problem: 'expected a duration such as "2h" or milliseconds' };
  }
  return typeof raw === 'number' && Number.isFinite(raw) ? { value: raw } : { problem: 'expected a number' };
}

type CohortShare = 'membershipD7' | 'membershipD30' | 'activeD7' | 'activeD30';

/** A cohort share over several cohorts: weighted by cohort size, counting only cohorts whose day has come. */
export function pooledShare(cohorts: readonly Cohort[], field: CohortShare): number | undefined {
  let members = 0;
  let weighted = 0;
  for (const cohort of cohorts) {
    const share = cohort[field];
    if (share === undefined || cohort.size === 0) continue;
    members += cohort.size;
    weighted += share * cohort.size;
  }
  return members === 0 ? undefined : weighted / members;
}

/** A metric's value in a period's figures; undefined when nobody was in the group it is a share of. */
export function metricValue(figures: HealthFigures, metric: Metric): number | undefined {
  switch (metric) {
    case 'responseMedianMs':
      return figures.response.medianMs;
    case 'unansweredAfter24h':
      return figures.response.unansweredAfter24h;
    case 'membershipD7':
    case 'membershipD30':
    case 'activeD7':
    case 'activeD30':
      return pooledShare(figures.cohorts, metric);
    // The latest survey of the kind with enough answers (undefined without one): see README, "Community health".
    case 'satisfaction':
      return figures.research?.surveys.find((s) => s.kind === 'satisfaction')?.mean;
    case 'nps':
      return figures.research?.surveys.find((s) => s.kind === 'recommendation')?.nps;
    default:
      return figures[metric];
  }
}

export interface Goal {
  metric: Metric;
  target: number | string;
  by: Day;
  objective: string;
}

export interface GoalProgress {
  metric: Metric;
  target: number;
  by: Day;
  objective: string;
  current: number | undefined;
  /** How far from the baseline to the target the current value has come (1 = reached; may be below 0). */
  progress: number | undefined;
  reached: boolean;
  /** Days left until `by` (negative once past). */
  daysLeft: number;
}

/**
 * Progress toward a goal, measured from the baseline: "84 % of the way" means the metric
 * covered 84 % of the distance from its baseline value to the target. Without a baseline
 * value the way starts from zero.
 */
export function goalProgress(
  goal: Goal,
  current: HealthFigures,
  baseline: HealthFigures | undefined,
  today: Day,
): GoalProgress {
  const target = parseTarget(goal.metric, goal.target).value ?? 0;
  const now = metricValue(current, goal.metric);
  const start = (baseline && metricValue(baseline, goal.metric)) ?? 0;
  const lower = LOWER_IS_BETTER.has(goal.metric);
  const reached = now !== undefined && (lower ? now <= target : now >= target);
  const distance = target - start;
  const progress = now === undefined ? undefined : reached ? 1 : distance === 0 ? 0 : (now - start) / distance;
  return {
    metric: goal.metric,
    target,
    by: goal.by,
    objective: goal.objective,
    current: now,
    progress,
    reached,
    daysLeft: daysBetween(today, goal.by),
  };
}

export interface Change {
  metric: Metric;
  before: number;
  after: number;
  /** after − before, in the metric's own unit. */
  delta: number;
  /** delta / |before|; for shares the change in points instead, so 30 % → 40 % reads as +10 points. */
  size: number;
  /** Whether the change is for the better (more members, less waiting). */
  better: boolean;
}

/** How each metric moved between two periods, biggest move first; metrics undefined on either side are left out. */
export function changes(before: HealthFigures, after: HealthFigures, metrics: readonly Metric[]): Change[] {
  const moved: Change[] = [];
  for (const metric of metrics) {
    const a = metricValue(before, metric);
    const b = metricValue(after, metric);
    if (a === undefined || b === undefined || a === b) continue;
    const delta = b - a;
    const size = METRIC_KIND[metric] === 'share' ? Math.abs(delta) : a === 0 ? 1 : Math.abs(delta / a);
    moved.push({
      metric,
      before: a,
      after: b,
      delta,
      size,
      better: LOWER_IS_BETTER.has(metric) ? delta < 0 : delta > 0,
    });
  }
  return moved.sort((x, y) => y.size - x.size);
}

export type ExpectationPeriod = 'week' | 'month' | 'year';

export interface ExpectationResult {
  metric: Metric;
  target: number;
  actual: number | undefined;
  met: boolean;
}

/** Each expectation of one period against that period's figures. */
export function checkExpectations(
  expectations: Partial<Record<Metric, number | string>> | undefined,
  figures: HealthFigures,
): ExpectationResult[] {
  return Object.entries(expectations ?? {}).map(([name, raw]) => {
    const metric = name as Metric;
    const target = parseTarget(metric, raw!).value ?? 0;
    const actual = metricValue(figures, metric);
    const met = actual !== undefined && (LOWER_IS_BETTER.has(metric) ? actual <= target : actual >= target);
    return { metric, target, actual, met };
  });
}

/** The day `date` falls on in `timezone`, as `YYYY-MM-DD`. */
export function dayIn(date: Date, timezone: string): Day {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(date)
    .slice(0, 10);
}

export { addDays };

export const daysBetween = (from: Day, to: Day): number => dayNumber(to) - dayNumber(from);

/** The `days`-day period ending on `to` (inclusive). */
export const periodEnding = (to: Day, days: number): { from: Day; to: Day } => ({ from: addDays(to, 1 - days), to });

/**
 * Whether the monthly slot on `slotDay` is a health-check month: a whole number of
 * `everyMonths` after the baseline's month (and not the baseline's month itself).
 */
export function isCheckMonth(baselineDay: Day, slotDay: Day, everyMonths: number): boolean {
  if (everyMonths <= 0) return false;
  const months = monthIndex(slotDay) - monthIndex(baselineDay);
  return months > 0 && months % everyMonths === 0;
}

const monthIndex = (day: Day): number => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

/**
 * The figures later ones are compared with: taken on first start, retaken by an admin.
 * Two periods, so a week is compared with a week and a 28-day check with 28 days.
 */
export interface Baseline {
  /** The last day of both periods. */
  day: Day;
  takenAt: Date;
  /** The 7 days to `day`, for /health and the weekly summary. */
  week: HealthFigures;
  /** The 28 days to `day`, for the health check. */
  month: HealthFigures;
}

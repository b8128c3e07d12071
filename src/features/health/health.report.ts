import { DAY, HOUR, MINUTE } from '../../core/clock.ts';
import type { CoreMessageKey, Translator } from '../../core/i18n/translator.ts';
import { list, paragraph, rich, text, type Block, type Inline, type RichText } from '../../core/rich-text.ts';
import type { Cohort, Day, HealthFigures, Metric } from './health.figures.ts';
import {
  changes,
  checkExpectations,
  goalProgress,
  HEADLINE,
  METRIC_KIND,
  metricValue,
  type Baseline,
  type ExpectationPeriod,
  type Goal,
  type GoalProgress,
} from './health.goals.ts';
import type { HealthMessageKey } from './health.messages.ts';

/*
 * The words of every health report: the /health answer, the cohort table, the weekly
 * summary and the health check. Figures in, rich text out, nothing else: aggregates only,
 * no member is ever named.
 */

type T = Translator<HealthMessageKey | CoreMessageKey>;

export const COHORT_WEEKS = [1, 2, 4, 8, 12] as const;

export const metricName = (t: T, metric: Metric): Inline[] => t.t(`health.metric.${metric}` as HealthMessageKey);

/** A day of the community's calendar, written by the translator ("Jun 1, 2027", "1 juin 2027"). */
export const dayLabel = (t: T, day: Day): string => t.date(new Date(`${day}T12:00:00Z`));

const percent = (t: T, share: number): string => t.number(share, { style: 'percent', maximumFractionDigits: 0 });

/** A duration the way people say it: minutes under two hours, hours under two days, then days. */
export function durationLabel(t: T, ms: number): string {
  const unit = (value: number, name: 'minute' | 'hour' | 'day') =>
    t.number(value, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: 1 });
  if (ms < 2 * HOUR) return unit(Math.round(ms / MINUTE), 'minute');
  if (ms < 2 * DAY) return unit(ms / HOUR, 'hour');
  return unit(ms / DAY, 'day');
}

/** A metric's value in its own unit; "n/a" when nobody was in the group it measures. */
export function valueLabel(t: T, metric: Metric, value: number | undefined): Inline[] {
  if (value === undefined) return t.t('health.none');
  const kind = METRIC_KIND[metric];
  if (kind === 'share') return [text(percent(t, value))];
  if (kind === 'duration') return [text(durationLabel(t, value))];
  return [text(t.number(value, { maximumFractionDigits: 1 }))];
}

/** How much a metric moved: points for shares (30 % → 40 % is +10 points), its unit otherwise. */
export function deltaLabel(t: T, metric: Metric, delta: number): Inline[] {
  const kind = METRIC_KIND[metric];
  if (kind === 'share') {
    const points = Math.round(delta * 100);
    return t.plural('health.delta.points', Math.abs(points), { signed: t.number(points, { signDisplay: 'always' }) });
  }
  if (kind === 'duration') return [text(`${delta < 0 ? '−' : '+'}${durationLabel(t, Math.abs(delta))}`)];
  return [text(t.number(delta, { signDisplay: 'always', maximumFractionDigits: 1 }))];
}

function progressLabel(t: T, progress: GoalProgress): Inline[] {
  if (progress.reached) return t.t('health.progress.reached');
  if (progress.progress === undefined) return t.t('health.progress.none');
  return t.t('health.progress', { share: percent(t, Math.max(0, progress.progress)) });
}

/** A KPI line: the value, what it is compared with and, when a goal names the metric, the way to the goal. */
function kpiLine(
  t: T,
  metric: Metric,
  figures: { now: HealthFigures; before: HealthFigures; baseline: HealthFigures | undefined },
  goals: readonly GoalProgress[],
  keys: { plain: HealthMessageKey; goal: HealthMessageKey },
): Inline[] {
  const vars = {
    metric: metricName(t, metric),
    value: valueLabel(t, metric, metricValue(figures.now, metric)),
    last: valueLabel(t, metric, metricValue(figures.before, metric)),
    before: valueLabel(t, metric, metricValue(figures.before, metric)),
    baseline: figures.baseline ? valueLabel(t, metric, metricValue(figures.baseline, metric)) : t.t('health.none'),
  };
  const goal = goals.find((g) => g.metric === metric);
  if (!goal) return t.t(keys.plain, vars);
  return t.t(keys.goal, {
    ...vars,
    target: valueLabel(t, metric, goal.target),
    by: dayLabel(t, goal.by),
    progress: progressLabel(t, goal),
  });
}

function goalLine(t: T, goal: GoalProgress): Inline[] {
  const left = goal.daysLeft >= 0 ? t.plural('health.goal.left', goal.daysLeft) : t.t('health.goal.past');
  return t.t('health.goal', {
    objective: goal.objective,
    metric: metricName(t, goal.metric),
    target: valueLabel(t, goal.metric, goal.target),
    by: dayLabel(t, goal.by),
    progress: progressLabel(t, goal),
    left,
  });
}

function goalBlocks(t: T, goals: readonly GoalProgress[]): Block[] {
  if (goals.length === 0) return [paragraph(...t.t('health.goals.none'))];
  return [paragraph(...t.t('health.goals.title')), list(goals.map((g) => goalLine(t, g)))];
}

function expectationBlocks(
  t: T,
  period: ExpectationPeriod,
  expectations: Partial<Record<Metric, number | string>> | undefined,
  figures: HealthFigures,
): Block[] {
  const results = checkExpectations(expectations, figures);
  if (results.length === 0) return [];
  const lines = results.map((r) =>
    t.t(r.met ? 'health.expectation.met' : 'health.expectation.missed', {
      metric: metricName(t, r.metric),
      actual: valueLabel(t, r.metric, r.actual),
      target: valueLabel(t, r.metric, r.target),
    }),
  );
  const periodName = t.t(`health.expectations.${period}` as HealthMessageKey);
  return [paragraph(...t.t('health.expectations.title', { period: periodName })), list(lines)];
}

function staffLine(t: T, figures: HealthFigures): Block {
  const { members, activeMembers, messages } = figures.staff;
  return paragraph(
    ...t.plural('health.staff', members, { active: t.number(activeMembers), messages: t.number(messages) }),
  );
}

/** "We missed you" and member surveys, when there is anything to show (README, "Community health"). */
function researchBlocks(t: T, figures: HealthFigures): Block[] {
  const research = figures.research;
  if (!research) return [];
  const lines: Inline[][] = [];
  const { contacted, holdout } = research.missedYou;
  if (contacted.absences + holdout.absences > 0) {
    const group = (g: { absences: number; returned: number }) =>
      t.t('health.missedYou.group', {
        returned: t.number(g.returned),
        absences: t.number(g.absences),
        share: g.absences === 0 ? t.t('health.none') : percent(t, g.returned / g.absences),
      });
    lines.push(t.t('health.missedYou', { contacted: group(contacted), holdout: group(holdout) }));
  }
  for (const s of research.surveys) {
    const vars = {
      id: s.survey,
      answers: t.plural('health.survey.answers', s.answers, { count: t.number(s.answers) }),
    };
    lines.push(
      s.kind === 'satisfaction'
        ? t.t('health.survey.satisfaction', { ...vars, mean: t.number(s.mean, { maximumFractionDigits: 1 }) })
        : t.t('health.survey.recommendation', { ...vars, nps: t.number(s.nps, { signDisplay: 'exceptZero' }) }),
    );
  }
  return lines.length === 0 ? [] : [list(lines)];
}

export interface Reading {
  community: string;
  t: T;
  today: Day;
  /** The period reported on, and the one of the same length just before it. */
  now: HealthFigures;
  before: HealthFigures;
  baseline: Baseline | undefined;
  /** Which of the baseline's periods matches `now`. */
  span: 'week' | 'month';
  goals: readonly Goal[];
}

const progressOf = (r: Reading): GoalProgress[] =>
  r.goals.map((g) => goalProgress(g, r.now, r.baseline?.[r.span], r.today));

/** The goals' metrics after the headline ones, so every goal's progress shows next to its figure. */
const reportedMetrics = (goals: readonly Goal[]): Metric[] => [
  ...new Set([...HEADLINE, ...goals.map((g) => g.metric)]),
];

/** A week's expectations and the figures of the 7 days they are checked on (not the 28 days reported). */
export interface WeekCheck {
  targets: Partial<Record<Metric, number | string>> | undefined;
  figures: HealthFigures;
}

/** `/health`: the headline KPIs now, last week, the baseline, each goal, in words. */
export function healthAnswer(
  r: Reading,
  extra: {
    week: WeekCheck;
    baselineCommand: string;
    cohortsCommand: string;
    chartCommand: string;
  },
): RichText {
  const { t } = r;
  const goals = progressOf(r);
  const figures = { now: r.now, before: r.before, baseline: r.baseline?.[r.span] };
  const keys = { plain: 'health.line', goal: 'health.line.goal' } as const;
  const baselineLine = r.baseline
    ? t.t('health.baseline.since', { day: dayLabel(t, r.baseline.day) })
    : t.t('health.baseline.none', { command: extra.baselineCommand });
  return rich(
    paragraph(...t.t('health.title', { community: r.community, day: dayLabel(t, r.today) })),
    list(reportedMetrics(r.goals).map((m) => kpiLine(t, m, figures, goals, keys))),
    ...goalBlocks(t, goals),
    ...expectationBlocks(t, 'week', extra.week.targets, extra.week.figures),
    ...researchBlocks(t, r.now),
    staffLine(t, r.now),
    paragraph(...baselineLine),
    paragraph(...t.t('health.more', { cohorts: extra.cohortsCommand, chart: extra.chartCommand })),
  );
}

function cohortRow(t: T, cohort: Cohort): Inline[] {
  const cells = COHORT_WEEKS.map((n) => {
    const share = cohort.activeInWeek[n];
    return t.t('health.cohorts.cell', { n, share: share === undefined ? t.t('health.none') : percent(t, share) });
  });
  const weeks = cells.flatMap((cell, i) => (i === 0 ? cell : [text(' · '), ...cell]));
  return t.plural('health.cohorts.row', cohort.size, { week: dayLabel(t, cohort.week), weeks });
}

/** `/health cohorts`: each join-week cohort, newest first, and the share of it active in weeks 1, 2, 4, 8, 12. */
export function cohortTable(t: T, cohorts: readonly Cohort[]): RichText {
  const shown = cohorts.filter((c) => c.size > 0).sort((a, b) => b.week.localeCompare(a.week));
  if (shown.length === 0) return rich(paragraph(...t.t('health.cohorts.none')));
  return rich(paragraph(...t.t('health.cohorts.title')), list(shown.map((c) => cohortRow(t, c))));
}

function movedLines(t: T, before: HealthFigures, after: HealthFigures, metrics: readonly Metric[]): Inline[][] {
  return changes(before, after, metrics).map((c) =>
    t.t('health.summary.moved', {
      metric: metricName(t, c.metric),
      before: valueLabel(t, c.metric, c.before),
      after: valueLabel(t, c.metric, c.after),
      delta: deltaLabel(t, c.metric, c.delta),
    }),
  );
}

/** The weekly summary: what moved since the week before and by how much, biggest move first, then the goals. */
export function weeklySummary(r: Reading, week: WeekCheck): RichText {
  const { t } = r;
  const moved = movedLines(t, r.before, r.now, reportedMetrics(r.goals));
  return rich(
    paragraph(...t.t('health.summary.title', { community: r.community, day: dayLabel(t, r.today) })),
    ...(moved.length === 0
      ? [paragraph(...t.t('health.summary.still'))]
      : [paragraph(...t.t('health.summary.moved.title')), list(moved)]),
    ...goalBlocks(t, progressOf(r)),
    ...expectationBlocks(t, 'week', week.targets, week.figures),
  );
}

function outcomeLines(t: T, figures: HealthFigures): Inline[][] {
  const o = figures.outcomes;
  const share = (value: number | undefined) => (value === undefined ? t.t('health.none') : [text(percent(t, value))]);
  const rate = (value: number | undefined) =>
    value === undefined ? t.t('health.none') : [text(t.number(value, { maximumFractionDigits: 1 }))];
  const time = (ms: number | undefined) => (ms === undefined ? t.t('health.none') : [text(durationLabel(t, ms))]);
  return [
    t.t('health.outcome.welcome', { share: share(o.welcomeToActivation) }),
    t.t('health.outcome.onboarding', { share: share(o.onboardingCompletion) }),
    t.t('health.outcome.photo', {
      share: share(o.photoNudgeConversion),
      with: rate(o.postRateWithPhoto),
      without: rate(o.postRateWithoutPhoto),
    }),
    t.t('health.outcome.questions', { asked: t.number(o.questionsAsked), revived: t.number(o.questionsThatRevived) }),
    t.t('health.outcome.polls', { share: share(o.pollParticipation) }),
    t.t('health.outcome.calendar', {
      onTime: t.number(o.calendarPostsOnTime),
      missed: t.number(o.calendarPostsMissed),
    }),
    t.t('health.outcome.triage', {
      acknowledge: time(o.triageMedianAcknowledgeMs),
      resolve: time(o.triageMedianResolveMs),
    }),
  ];
}

function mostChanged(t: T, baseline: Baseline | undefined, now: HealthFigures, metrics: readonly Metric[]): Block {
  const top = baseline ? changes(baseline.month, now, metrics)[0] : undefined;
  if (!top) return paragraph(...t.t('health.check.mostNone'));
  return paragraph(
    ...t.t('health.check.most', {
      metric: metricName(t, top.metric),
      before: valueLabel(t, top.metric, top.before),
      after: valueLabel(t, top.metric, top.after),
      delta: deltaLabel(t, top.metric, top.delta),
    }),
  );
}

/**
 * The health check: every KPI now (28 days) vs the 28 days before vs the baseline vs its
 * goal, what changed most since the baseline, the expectations of the month and year, and
 * the outcomes of Foyer's own features.
 */
export function healthCheck(
  r: Reading,
  extra: {
    everyMonths: number;
    metrics: readonly Metric[];
    expectations: Partial<Record<ExpectationPeriod, Partial<Record<Metric, number | string>>>>;
    year: HealthFigures;
  },
): RichText {
  const { t } = r;
  const goals = progressOf(r);
  const figures = { now: r.now, before: r.before, baseline: r.baseline?.[r.span] };
  const keys = { plain: 'health.check.kpi', goal: 'health.check.kpi.goal' } as const;
  const title = { community: r.community, day: dayLabel(t, r.today), months: extra.everyMonths };
  return rich(
    paragraph(...t.t('health.check.title', title)),
    paragraph(...t.t('health.check.kpis')),
    list(extra.metrics.map((m) => kpiLine(t, m, figures, goals, keys))),
    mostChanged(t, r.baseline, r.now, extra.metrics),
    ...goalBlocks(t, goals),
    ...expectationBlocks(t, 'month', extra.expectations.month, r.now),
    ...expectationBlocks(t, 'year', extra.expectations.year, extra.year),
    ...researchBlocks(t, r.now),
    staffLine(t, r.now),
    paragraph(...t.t('health.check.outcomes')),
    list(outcomeLines(t, r.now)),
  );
}

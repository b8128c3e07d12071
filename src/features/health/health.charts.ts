/**
 * The five health charts, each a Vega-Lite spec built from a period's `HealthFigures`,
 * with its words in the reader's language, and the same data as CSV. Charts show
 * aggregates only: counts and shares, never a member.
 */
import type { Locale, Translator } from '../../core/i18n/translator.ts';
import { paragraph, rich, toPlainText } from '../../core/rich-text.ts';
import type { TemplateValue } from '../../core/i18n/translator.ts';
import { chartConfig, renderChart, type ChartSpec } from '../../render/chart.ts';
import { toCsv, type CsvCell } from '../../render/csv.ts';
import type { Cohort, Day, HealthFigures, Share, WeeklyResponseTimes } from './health.figures.ts';
import type { ChartMessageKey } from './health.charts.messages.ts';

export const CHART_METRICS = ['funnel', 'cohorts', 'activity', 'growth', 'response'] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

export const isChartMetric = (name: string): name is ChartMetric => (CHART_METRICS as readonly string[]).includes(name);

export type ChartTranslator = Translator<ChartMessageKey>;

/** A chart before rendering: its spec, its data as CSV and its title. */
export interface HealthChart {
  metric: ChartMetric;
  title: string;
  spec: ChartSpec;
  csv: string;
}

export interface HealthChartFile {
  title: string;
  png: Uint8Array;
  width: number;
  height: number;
  csv: string;
  /** `foyer-health-METRIC-FROM-TO.png`; the CSV's name is the same with `.csv`. */
  fileName: string;
  csvFileName: string;
}

const WIDTH = 640;
const HEIGHT = 320;
/** Beyond eight weeks, joins and leaves per day are too thin to read: they are summed per week. */
const MAX_DAILY_BARS = 56;
/** Below two hours, response times read better in minutes. */
const MINUTES_UNTIL_MS = 2 * 60 * 60 * 1000;
const COHORT_WEEKS = [1, 2, 4, 8, 12] as const;
const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#e45756'];

/** The number formats Vega uses on axes, so a French chart reads "0,5" and "1 234". */
const NUMBER_LOCALES: Record<
  Locale,
  { decimal: string; thousands: string; grouping: number[]; currency: [string, string] }
> = {
  en: { decimal: '.', thousands: ',', grouping: [3], currency: ['$', ''] },
  fr: { decimal: ',', thousands: '\u202f', grouping: [3], currency: ['', '\u00a0€'] },
};

export function healthChart(metric: ChartMetric, figures: HealthFigures, t: ChartTranslator): HealthChart {
  return CHARTS[metric](figures, t);
}

/** The chart as a PNG, with its CSV: what `/health chart METRIC [period]` replies with. */
export async function renderHealthChart(
  metric: ChartMetric,
  figures: HealthFigures,
  t: ChartTranslator,
): Promise<HealthChartFile> {
  const chart = healthChart(metric, figures, t);
  const { png, width, height } = await renderChart(chart.spec);
  const base = `foyer-health-${metric}-${figures.from}-${figures.to}`;
  return {
    title: chart.title,
    png,
    width,
    height,
    csv: chart.csv,
    fileName: `${base}.png`,
    csvFileName: `${base}.csv`,
  };
}

const CHARTS: Record<ChartMetric, (figures: HealthFigures, t: ChartTranslator) => HealthChart> = {
  funnel: funnelChart,
  cohorts: cohortChart,
  activity: activityChart,
  growth: growthChart,
  response: responseChart,
};

// ——— words and numbers ———

function say(t: ChartTranslator, key: ChartMessageKey, vars?: Record<string, TemplateValue>): string {
  return toPlainText(rich(paragraph(...t.t(key, vars))));
}

function sayCount(
  t: ChartTranslator,
  key: 'health.chart.cohorts.row' | 'health.chart.response.subtitle',
  count: number,
  vars: Record<string, TemplateValue>,
): string {
  return toPlainText(rich(paragraph(...t.plural(key, count, vars))));
}

function percent(t: ChartTranslator, share: Share): string {
  return share === undefined
    ? say(t, 'health.chart.none')
    : t.number(share, { style: 'percent', maximumFractionDigits: 0 });
}

/** A `YYYY-MM-DD` day as the reader writes it ("2 Mar", "2 mars"); days are calendar days, so no timezone applies. */
function dayLabel(t: ChartTranslator, day: Day): string {
  return new Intl.DateTimeFormat(t.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

function spanOf(t: ChartTranslator, figures: HealthFigures): string {
  const long = new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const format = (day: Day) => long.format(new Date(`${day}T00:00:00Z`));
  return say(t, 'health.chart.span', { from: format(figures.from), to: format(figures.to) });
}

/** A share's member count back from the share of a cohort's size (shares are exact k / size). */
const membersOf = (share: Share, size: number): number => (share === undefined ? 0 : Math.round(share * size));
const shareOf = (part: number, whole: number): Share => (whole === 0 ? undefined : part / whole);
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
/** Four decimals in the CSV: enough for a share, and stable across machines. */
const rounded = (value: number | undefined): number | undefined =>
  value === undefined ? undefined : Math.round(value * 10_000) / 10_000;

/** The Monday starting the week of a day. */
function mondayOf(day: Day): Day {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

// ——— the shared frame of every chart ———

function frame(t: ChartTranslator, title: string, subtitle: string) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle },
    width: WIDTH,
    height: HEIGHT,
    config: {
      ...chartConfig,
      locale: { number: NUMBER_LOCALES[t.locale] },
      axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
      legend: { labelLimit: 260 },
    },
  } as const;
}

/**
 * Axis labels drawn at most. Beyond that they would overlap; Vega would hide them, but a
 * hidden label is still in the SVG and still costs the rasteriser its text layout (a
 * year of days is 365 of them), so every k-th label is kept, the first always.
 */
const MAX_AXIS_LABELS = 16;

/** An ordinal x axis of labels we formatted ourselves, in data order, thinned where they would overlap. */
function labelAxis(field: string, title: string, labels: readonly string[]) {
  const axis = { labelAngle: -45, labelOverlap: 'greedy', ...thinned(labels) } as const;
  return { field, type: 'ordinal', sort: null, title, axis } as const;
}

/** The axis `values` to draw when there are more labels than MAX_AXIS_LABELS: every k-th, the first always. */
function thinned(labels: readonly string[]): { values?: string[] } {
  const step = Math.ceil(labels.length / MAX_AXIS_LABELS);
  return step > 1 ? { values: labels.filter((_, i) => i % step === 0) } : {};
}

/** Above this many join weeks, a heatmap row is too thin for its percentage: colour and the CSV tell it. */
const MAX_LABELLED_COHORTS = 16;
/** A cohort cell wide enough for "100 %" and for "Semaine 12" above it. */
const COHORT_CELL_WIDTH = 84;

const shareAxis = (title: string) => ({ title, format: '.0%' }) as const;

// ——— activation funnel ———

interface FunnelRow {
  step: string;
  members: number;
  share: Share;
  label: string;
}

function funnelRows(figures: HealthFigures, t: ChartTranslator): { rows: FunnelRow[]; someImmature: boolean } {
  const cohorts = figures.cohorts;
  const joined = sum(cohorts.map((c) => c.size));
  const mature = cohorts.filter((c) => c.membershipD30 !== undefined);
  const matureJoined = sum(mature.map((c) => c.size));
  const steps: [ChartMessageKey, number, number][] = [
    ['health.chart.funnel.joined', joined, joined],
    ['health.chart.funnel.posted', sum(cohorts.map((c) => membersOf(c.activated, c.size))), joined],
    ['health.chart.funnel.communicator', sum(cohorts.map((c) => membersOf(c.communicators, c.size))), joined],
    ['health.chart.funnel.retainedD30', sum(mature.map((c) => membersOf(c.membershipD30, c.size))), matureJoined],
  ];
  const rows = steps.map(([key, members, base]) => {
    const share = shareOf(members, base);
    return { step: say(t, key), members, share, label: `${t.number(members)} · ${percent(t, share)}` };
  });
  return { rows, someImmature: mature.length < cohorts.filter((c) => c.size > 0).length };
}

function funnelChart(figures: HealthFigures, t: ChartTranslator): HealthChart {
  const { rows, someImmature } = funnelRows(figures, t);
  const title = say(t, 'health.chart.funnel.title');
  const span = spanOf(t, figures);
  const subtitle =
    rows[0]!.members === 0
      ? [span, say(t, 'health.chart.noData')]
      : someImmature
        ? [span, say(t, 'health.chart.funnel.matureOnly')]
        : [span];
  const members = say(t, 'health.chart.axis.members');
  const spec = {
    ...frame(t, title, subtitle.join(' — ')),
    data: { values: rows },
    encoding: {
      y: { field: 'step', type: 'nominal', sort: null, title: null },
      x: { field: 'members', type: 'quantitative', title: members, axis: { tickMinStep: 1 } },
    },
    layer: [
      { mark: { type: 'bar', color: PALETTE[0] } },
      { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { text: { field: 'label' } } },
    ],
  } satisfies ChartSpec;
  const csv = toCsv(
    ['step', 'members', 'share'],
    rows.map((r) => ({ step: r.step, members: r.members, share: rounded(r.share) })),
    { step: say(t, 'health.chart.funnel.step'), members, share: say(t, 'health.chart.axis.share') },
  );
  return { metric: 'funnel', title, spec, csv };
}

// ——— cohort heatmap ———

interface CohortCell {
  cohort: string;
  week: string;
  share: number;
  label: string;
}

function cohortCells(cohorts: readonly Cohort[], t: ChartTranslator): CohortCell[] {
  return cohorts.flatMap((c) => {
    const cohort = sayCount(t, 'health.chart.cohorts.row', c.size, { week: dayLabel(t, c.week) });
    return COHORT_WEEKS.flatMap((n) => {
      const share = c.activeInWeek[n];
      if (share === undefined) return [];
      return [{ cohort, week: say(t, 'health.chart.cohorts.afterWeek', { week: n }), share, label: percent(t, share) }];
    });
  });
}

function cohortChart(figures: HealthFigures, t: ChartTranslator): HealthChart {
  const cohorts = figures.cohorts.filter((c) => c.size > 0);
  const cells = cohortCells(cohorts, t);
  const title = say(t, 'health.chart.cohorts.title');
  const span = spanOf(t, figures);
  const weeks = COHORT_WEEKS.map((n) => say(t, 'health.chart.cohorts.afterWeek', { week: n }));
  const share = say(t, 'health.chart.axis.share');
  const spec = {
    ...frame(t, title, cells.length === 0 ? `${span} — ${say(t, 'health.chart.noData')}` : span),
    // Five columns need no more than this; and rows stop growing past 16 cohorts: a bigger
    // image costs more to draw than it shows.
    width: COHORT_CELL_WIDTH * COHORT_WEEKS.length,
    height: Math.max(HEIGHT / 4, Math.min(28 * MAX_LABELLED_COHORTS, 28 * cohorts.length)),
    data: { values: cells },
    encoding: {
      x: {
        field: 'week',
        type: 'ordinal',
        sort: weeks,
        scale: { domain: weeks },
        title: say(t, 'health.chart.cohorts.weekAfter'),
        axis: { labelAngle: 0, orient: 'top' },
      },
      y: {
        field: 'cohort',
        type: 'ordinal',
        sort: null,
        title: say(t, 'health.chart.cohorts.joinWeek'),
        axis: thinned([...new Set(cells.map((c) => c.cohort))]),
      },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: 'share',
            type: 'quantitative',
            scale: { domain: [0, 1], scheme: 'blues' },
            legend: shareAxis(share),
          },
        },
      },
      ...(cohorts.length <= MAX_LABELLED_COHORTS
        ? [
            {
              mark: { type: 'text' },
              encoding: {
                text: { field: 'label' },
                color: { condition: { test: 'datum.share > 0.5', value: 'white' }, value: 'black' },
              },
            } as const,
          ]
        : []),
    ],
  } satisfies ChartSpec;
  const columns = ['week', 'size', ...COHORT_WEEKS.map((n) => `week${n}` as const)] as const;
  const headers = Object.fromEntries([
    ['week', say(t, 'health.chart.cohorts.joinWeek')],
    ['size', say(t, 'health.chart.cohorts.size')],
    ...COHORT_WEEKS.map((n, i) => [`week${n}`, weeks[i]!]),
  ]) as Record<(typeof columns)[number], string>;
  const csv = toCsv(
    columns,
    cohorts.map((c) => ({
      week: c.week,
      size: c.size,
      ...Object.fromEntries(COHORT_WEEKS.map((n) => [`week${n}`, rounded(c.activeInWeek[n])])),
    })),
    headers,
  );
  return { metric: 'cohorts', title, spec, csv };
}

// ——— DAU / WAU / MAU and stickiness ———

function activityChart(figures: HealthFigures, t: ChartTranslator): HealthChart {
  const series = {
    dau: say(t, 'health.chart.activity.dau'),
    wau: say(t, 'health.chart.activity.wau'),
    mau: say(t, 'health.chart.activity.mau'),
  };
  const stickiness = say(t, 'health.chart.activity.stickiness');
  const days = figures.daily.map((p) => ({ ...p, label: dayLabel(t, p.day), stickiness: shareOf(p.dau, p.mau) }));
  const lines = days.flatMap((p) =>
    (['dau', 'wau', 'mau'] as const).map((k) => ({ label: p.label, series: series[k], value: p[k] })),
  );
  const sticky = days
    .filter((p) => p.stickiness !== undefined)
    .map((p) => ({ label: p.label, series: stickiness, stickiness: p.stickiness }));
  const title = say(t, 'health.chart.activity.title');
  const subtitle = [
    spanOf(t, figures),
    say(t, 'health.chart.activity.subtitle', { share: percent(t, figures.stickiness) }),
  ];
  const colorScale = { domain: [series.dau, series.wau, series.mau, stickiness], range: PALETTE };
  const x = labelAxis(
    'label',
    say(t, 'health.chart.axis.day'),
    days.map((p) => p.label),
  );
  const spec = {
    ...frame(t, title, subtitle.join(' — ')),
    layer: [
      {
        data: { values: lines },
        mark: { type: 'line', point: days.length <= 31 },
        encoding: {
          x,
          y: {
            field: 'value',
            type: 'quantitative',
            title: say(t, 'health.chart.activity.series'),
            axis: { tickMinStep: 1 },
          },
          color: { field: 'series', type: 'nominal', scale: colorScale, title: null },
        },
      },
      {
        data: { values: sticky },
        mark: { type: 'line', strokeDash: [6, 3] },
        encoding: {
          x,
          y: {
            field: 'stickiness',
            type: 'quantitative',
            scale: { domain: [0, 1] },
            axis: { ...shareAxis(stickiness), orient: 'right' },
          },
          color: { field: 'series', type: 'nominal', scale: colorScale, title: null },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  } satisfies ChartSpec;
  const csv = toCsv(
    ['day', 'dau', 'wau', 'mau', 'stickiness'],
    days.map((p) => ({ day: p.day, dau: p.dau, wau: p.wau, mau: p.mau, stickiness: rounded(p.stickiness) })),
    { day: say(t, 'health.chart.axis.day'), ...series, stickiness },
  );
  return { metric: 'activity', title, spec, csv };
}

// ——— joins and leaves ———

interface Movement {
  start: Day;
  joins: number;
  leaves: number;
}

/** Per day, or per week (from each Monday) when the period is too long for daily bars. */
function movements(figures: HealthFigures): { perWeek: boolean; rows: Movement[] } {
  const perWeek = figures.daily.length > MAX_DAILY_BARS;
  const rows = new Map<Day, Movement>();
  for (const p of figures.daily) {
    const start = perWeek ? mondayOf(p.day) : p.day;
    const row = rows.get(start) ?? { start, joins: 0, leaves: 0 };
    row.joins += p.joins;
    row.leaves += p.leaves;
    rows.set(start, row);
  }
  return { perWeek, rows: [...rows.values()] };
}

function growthChart(figures: HealthFigures, t: ChartTranslator): HealthChart {
  const { perWeek, rows } = movements(figures);
  const names = {
    joins: say(t, 'health.chart.growth.joins'),
    leaves: say(t, 'health.chart.growth.leaves'),
    net: say(t, 'health.chart.growth.net'),
  };
  const labelled = rows.map((r) => ({ ...r, label: dayLabel(t, r.start), net: r.joins - r.leaves }));
  // Leaves are drawn below zero, so growth and loss read at a glance.
  const bars = labelled.flatMap((r) => [
    { label: r.label, kind: names.joins, value: r.joins },
    { label: r.label, kind: names.leaves, value: -r.leaves },
  ]);
  const title = say(t, 'health.chart.growth.title');
  const span = spanOf(t, figures);
  const subtitle = say(t, perWeek ? 'health.chart.growth.perWeek' : 'health.chart.growth.perDay', { span });
  const colorScale = { domain: [names.joins, names.leaves, names.net], range: [PALETTE[2]!, PALETTE[3]!, '#333333'] };
  const x = labelAxis(
    'label',
    say(t, perWeek ? 'health.chart.axis.week' : 'health.chart.axis.day'),
    labelled.map((r) => r.label),
  );
  const spec = {
    ...frame(t, title, subtitle),
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar' },
        encoding: {
          x,
          y: {
            field: 'value',
            type: 'quantitative',
            title: say(t, 'health.chart.axis.members'),
            axis: { tickMinStep: 1 },
          },
          color: { field: 'kind', type: 'nominal', scale: colorScale, title: null },
        },
      },
      {
        data: { values: labelled.map((r) => ({ label: r.label, kind: names.net, net: r.net })) },
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: { field: 'net', type: 'quantitative' },
          color: { field: 'kind', type: 'nominal', scale: colorScale, title: null },
        },
      },
    ],
  } satisfies ChartSpec;
  const csv = toCsv(
    ['start', 'joins', 'leaves', 'net'],
    labelled.map((r) => ({ start: r.start, joins: r.joins, leaves: r.leaves, net: r.net })),
    { start: say(t, perWeek ? 'health.chart.axis.week' : 'health.chart.axis.day'), ...names },
  );
  return { metric: 'growth', title, spec, csv };
}

// ——— time to first response ———

function responseWeeks(figures: HealthFigures): WeeklyResponseTimes[] {
  return figures.responseByWeek ?? [{ week: figures.from, ...figures.response }];
}

function responseChart(figures: HealthFigures, t: ChartTranslator): HealthChart {
  const weeks = responseWeeks(figures);
  const slowest = Math.max(0, ...weeks.map((w) => w.p90Ms ?? w.medianMs ?? 0));
  const inMinutes = slowest < MINUTES_UNTIL_MS;
  const unit = inMinutes ? 60_000 : 3_600_000;
  const names = {
    median: say(t, 'health.chart.response.median'),
    p90: say(t, 'health.chart.response.p90'),
    unanswered: say(t, 'health.chart.response.unanswered'),
  };
  const labelled = weeks.map((w) => ({ ...w, label: dayLabel(t, w.week) }));
  const times = labelled.flatMap((w) =>
    (['median', 'p90'] as const).flatMap((k) => {
      const ms = k === 'median' ? w.medianMs : w.p90Ms;
      return ms === undefined ? [] : [{ label: w.label, measure: names[k], value: ms / unit }];
    }),
  );
  const unanswered = labelled
    .filter((w) => w.unansweredAfter24h !== undefined)
    .map((w) => ({ label: w.label, measure: names.unanswered, share: w.unansweredAfter24h }));
  const title = say(t, 'health.chart.response.title');
  const subtitle = sayCount(t, 'health.chart.response.subtitle', figures.response.firstMessages, {
    span: spanOf(t, figures),
    share: percent(t, figures.response.unansweredAfter24h),
  });
  const colorScale = {
    domain: [names.median, names.p90, names.unanswered],
    range: [PALETTE[0]!, PALETTE[1]!, '#c7c7c7'],
  };
  const x = labelAxis(
    'label',
    say(t, 'health.chart.axis.week'),
    labelled.map((w) => w.label),
  );
  const spec = {
    ...frame(t, title, subtitle),
    layer: [
      {
        data: { values: unanswered },
        mark: { type: 'bar', opacity: 0.6 },
        encoding: {
          x,
          y: {
            field: 'share',
            type: 'quantitative',
            scale: { domain: [0, 1] },
            axis: { ...shareAxis(names.unanswered), orient: 'right' },
          },
          color: { field: 'measure', type: 'nominal', scale: colorScale, title: null },
        },
      },
      {
        data: { values: times },
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: {
            field: 'value',
            type: 'quantitative',
            title: say(t, inMinutes ? 'health.chart.response.minutes' : 'health.chart.response.hours'),
          },
          color: { field: 'measure', type: 'nominal', scale: colorScale, title: null },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  } satisfies ChartSpec;
  const minutes = (ms: number | undefined) => rounded(ms === undefined ? undefined : ms / 60_000);
  const csv = toCsv(
    ['week', 'firstMessages', 'median', 'p90', 'unanswered'],
    weeks.map((w): Record<string, CsvCell> => ({
      week: w.week,
      firstMessages: w.firstMessages,
      median: minutes(w.medianMs),
      p90: minutes(w.p90Ms),
      unanswered: rounded(w.unansweredAfter24h),
    })),
    {
      week: say(t, 'health.chart.axis.week'),
      firstMessages: say(t, 'health.chart.response.firstMessages'),
      median: say(t, 'health.chart.response.medianMinutes'),
      p90: say(t, 'health.chart.response.p90Minutes'),
      unanswered: names.unanswered,
    },
  );
  return { metric: 'response', title, spec, csv };
}

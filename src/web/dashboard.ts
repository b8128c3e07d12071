/**
 * The read-only dashboard: the health feature's own figures (computeFigures over the
 * roll-ups), goals and baseline (goalProgress), and charts (the same Vega-Lite specs as
 * `/health chart`, drawn to SVG on the server with the same renderer), plus open reports
 * by severity and age. Aggregates only: no member is ever named, and the page has no
 * script at all.
 */
import type { Clock } from '../core/clock.ts';
import { HOUR, DAY } from '../core/clock.ts';
import type { Locale, TemplateValue, Translator } from '../core/i18n/translator.ts';
import { paragraph, rich, toPlainText, type Inline } from '../core/rich-text.ts';
import type { MessageKey } from '../features/catalogue.ts';
import type { DashboardMessageKey } from '../features/dashboard/dashboard.messages.ts';
import { CHART_METRICS, healthChart } from '../features/health/health.charts.ts';
import type { Day, HealthFigures, Metric } from '../features/health/health.figures.ts';
import {
  dayIn,
  goalProgress,
  HEADLINE,
  metricValue,
  periodEnding,
  type Baseline,
  type Goal,
} from '../features/health/health.goals.ts';
import { computeFigures } from '../features/health/health.kpis.ts';
import { dayLabel, metricName, valueLabel } from '../features/health/health.report.ts';
import type { HealthStore } from '../features/health/health.store.ts';
import type { Report, Severity } from '../features/triage/triage.store.ts';
import { SEVERITIES } from '../features/triage/triage.store.ts';
import type { ChartSpec } from '../render/chart.ts';

export interface DashboardSource {
  community: { id: string; name: string; timezone: string };
  health: HealthStore;
  /** Reports not yet resolved (the triage store's `open`); none when triage stores nothing. */
  openReports(): readonly Pick<Report, 'severity' | 'createdAt'>[];
  /** Writes buffered activity first, so the figures are complete. */
  flush(): void;
  clock: Clock;
  staff: readonly string[];
  goals: readonly Goal[];
  translator(locale: Locale): Translator<MessageKey>;
  /** Draws a chart spec to SVG; off the main thread in production (OffThreadCharts). */
  drawSvg(spec: ChartSpec): Promise<string>;
}

/** The tiles, in reading order: the health report's headline metrics, with DAU and MAU beside WAU. */
const TILES: readonly Metric[] = [
  'members',
  'netGrowth',
  'dau',
  'wau',
  'mau',
  ...HEADLINE.filter((m) => !['members', 'netGrowth', 'wau'].includes(m)),
];

const KPI_DAYS = 28;
const CHART_DAYS = 84;
/** Live enough for people, and a burst of page loads costs one computation per minute and language. */
const CACHE_MS = 60_000;

type T = Translator<MessageKey>;

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const plain = (inlines: Inline[]): string => toPlainText(rich(paragraph(...inlines)));
export const say = (t: T, key: DashboardMessageKey, vars?: Record<string, TemplateValue>): string =>
  escapeHtml(plain(t.t(key, vars)));

const AGE_BUCKETS = [
  ['dashboard.page.reports.hour', HOUR],
  ['dashboard.page.reports.day', DAY],
  ['dashboard.page.reports.week', 7 * DAY],
  ['dashboard.page.reports.older', Number.POSITIVE_INFINITY],
] as const;

/** Both already HTML: escaped text and the server-drawn SVG charts. */
export interface DashboardPage {
  title: string;
  html: string;
}

interface Figures {
  today: Day;
  /** The 28 days to today, as `/health` reads them. */
  month: HealthFigures;
  /** The 12 weeks to today, as `/health chart` draws them by default. */
  weeks: HealthFigures;
  baseline: Baseline | undefined;
}

/** What the server asks for: a page in a language (computed here, or in a worker thread). */
export interface DashboardPages {
  body(locale: Locale): Promise<DashboardPage>;
}

export class Dashboard implements DashboardPages {
  readonly #source: DashboardSource;
  readonly #cache = new Map<string, Promise<DashboardPage>>();
  #shared: { minute: number; figures: Figures } | undefined;

  constructor(source: DashboardSource) {
    this.#source = source;
  }

  /** The page's title and body (inside <main>) in `locale`, computed at most once a minute per language. */
  body(locale: Locale): Promise<DashboardPage> {
    const now = this.#source.clock.now();
    const minute = Math.floor(now.getTime() / CACHE_MS);
    const key = `${minute}|${locale}`;
    let page = this.#cache.get(key);
    if (!page) {
      // Pages of earlier minutes are stale; the other language's page of this minute is kept.
      for (const old of this.#cache.keys()) if (!old.startsWith(`${minute}|`)) this.#cache.delete(old);
      page = this.#render(locale, now);
      // A failed computation is not kept: the next request tries again.
      page.catch(() => this.#cache.delete(key));
      this.#cache.set(key, page);
    }
    return page;
  }

  /** The figures of this minute, shared by every language's page. */
  #figuresOf(now: Date): Figures {
    const minute = Math.floor(now.getTime() / CACHE_MS);
    if (this.#shared?.minute === minute) return this.#shared.figures;
    this.#source.flush();
    const today = dayIn(now, this.#source.community.timezone);
    const figures = {
      today,
      month: this.#figures(periodEnding(today, KPI_DAYS), now),
      weeks: this.#figures(periodEnding(today, CHART_DAYS), now),
      baseline: this.#source.health.baseline(this.#source.community.id),
    };
    this.#shared = { minute, figures };
    return figures;
  }

  #figures(period: { from: Day; to: Day }, now: Date): HealthFigures {
    const { community, health, staff } = this.#source;
    return computeFigures(health, { community: community.id, timezone: community.timezone, now, staff, ...period });
  }

  async #render(locale: Locale, now: Date): Promise<DashboardPage> {
    const source = this.#source;
    const t = source.translator(locale);
    const { today, month, weeks, baseline } = this.#figuresOf(now);
    const charts = await Promise.all(
      CHART_METRICS.map(async (metric) => {
        const chart = healthChart(metric, weeks, t);
        return `<figure class="chart" data-chart="${metric}">${await source.drawSvg(chart.spec)}<figcaption>${escapeHtml(chart.title)}</figcaption></figure>`;
      }),
    );
    const day = dayLabel(t, today);
    const title = say(t, 'dashboard.page.title', { community: source.community.name });
    const html = [
      `<header><h1>${title}</h1>`,
      `<p>${say(t, 'dashboard.page.period', { day })}</p><p>${say(t, 'dashboard.page.privacy')}</p></header>`,
      `<section aria-labelledby="kpis"><h2 id="kpis">${say(t, 'dashboard.page.kpis')}</h2>${kpiTiles(t, month)}</section>`,
      `<section aria-labelledby="charts"><h2 id="charts">${say(t, 'dashboard.page.charts')}</h2><div class="charts">${charts.join('')}</div></section>`,
      `<section aria-labelledby="goals"><h2 id="goals">${say(t, 'dashboard.page.goals')}</h2>${goalTable(t, source.goals, month, baseline, today)}</section>`,
      `<section aria-labelledby="baseline"><h2 id="baseline">${say(t, 'dashboard.page.baseline')}</h2>${baselineTable(t, month, baseline)}</section>`,
      `<section aria-labelledby="reports"><h2 id="reports">${say(t, 'dashboard.page.reports')}</h2>${reportTable(t, source.openReports(), now)}</section>`,
      `<footer><p>${say(t, 'dashboard.page.generated', { at: t.dateTime(now) })}</p></footer>`,
    ].join('\n');
    return { title, html };
  }
}

const value = (t: T, metric: Metric, figures: HealthFigures | undefined): string =>
  escapeHtml(plain(valueLabel(t, metric, figures && metricValue(figures, metric))));

function kpiTiles(t: T, figures: HealthFigures): string {
  const tiles = TILES.map(
    (metric) =>
      `<div class="kpi" data-metric="${metric}"><span class="kpi-label">${escapeHtml(plain(metricName(t, metric)))}</span><span class="kpi-value">${value(t, metric, figures)}</span></div>`,
  );
  return `<div class="kpis">${tiles.join('')}</div>`;
}

const row = (cells: readonly string[], header = false): string =>
  `<tr>${cells.map((c, i) => (header || i === 0 ? `<th scope="${header ? 'col' : 'row'}">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`;

function goalTable(
  t: T,
  goals: readonly Goal[],
  figures: HealthFigures,
  baseline: Baseline | undefined,
  today: Day,
): string {
  if (goals.length === 0) return `<p>${say(t, 'dashboard.page.goals.none')}</p>`;
  const head = row(
    (['metric', 'objective', 'target', 'current', 'progress', 'by'] as const).map((c) =>
      say(t, `dashboard.page.goal.${c}`),
    ),
    true,
  );
  const rows = goals.map((goal) => {
    const progress = goalProgress(goal, figures, baseline?.month, today);
    const share =
      progress.progress === undefined
        ? escapeHtml(plain(t.t('health.none')))
        : escapeHtml(t.number(Math.max(0, progress.progress), { style: 'percent', maximumFractionDigits: 0 }));
    return row([
      escapeHtml(plain(metricName(t, goal.metric))),
      escapeHtml(goal.objective),
      escapeHtml(plain(valueLabel(t, goal.metric, progress.target))),
      escapeHtml(plain(valueLabel(t, goal.metric, progress.current))),
      progress.reached ? `${share} (${say(t, 'dashboard.page.goal.reached')})` : share,
      escapeHtml(dayLabel(t, goal.by)),
    ]);
  });
  return `<table class="goals"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function baselineTable(t: T, figures: HealthFigures, baseline: Baseline | undefined): string {
  if (!baseline) return `<p>${say(t, 'dashboard.page.baseline.none')}</p>`;
  const head = row(
    [
      say(t, 'dashboard.page.goal.metric'),
      say(t, 'dashboard.page.baseline.value'),
      say(t, 'dashboard.page.goal.current'),
    ],
    true,
  );
  const rows = HEADLINE.map((metric) =>
    row([escapeHtml(plain(metricName(t, metric))), value(t, metric, baseline.month), value(t, metric, figures)]),
  );
  return `<p>${say(t, 'dashboard.page.baseline.taken', { day: dayLabel(t, baseline.day) })}</p><table class="baseline"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Open reports counted per severity and age bucket; the counts only, never a report's content. */
export function reportCounts(
  reports: readonly Pick<Report, 'severity' | 'createdAt'>[],
  now: Date,
): Record<Severity, number[]> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, AGE_BUCKETS.map(() => 0)])) as Record<Severity, number[]>;
  for (const report of reports) {
    const age = now.getTime() - report.createdAt.getTime();
    const bucket = AGE_BUCKETS.findIndex(([, limit]) => age < limit);
    counts[report.severity][bucket]! += 1;
  }
  return counts;
}

function reportTable(t: T, reports: readonly Pick<Report, 'severity' | 'createdAt'>[], now: Date): string {
  if (reports.length === 0) return `<p>${say(t, 'dashboard.page.reports.none')}</p>`;
  const counts = reportCounts(reports, now);
  const head = row(
    [
      say(t, 'dashboard.page.reports.severity'),
      ...AGE_BUCKETS.map(([key]) => say(t, key)),
      say(t, 'dashboard.page.reports.total'),
    ],
    true,
  );
  const rows = [...SEVERITIES].reverse().map((severity) => {
    const cells = counts[severity];
    const total = cells.reduce((a, b) => a + b, 0);
    return row([
      escapeHtml(plain(t.t(`triage.severity.${severity}` as MessageKey))),
      ...cells.map((n) => t.number(n)),
      t.number(total),
    ]).replace('<tr>', `<tr data-severity="${severity}">`);
  });
  return `<table class="reports"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

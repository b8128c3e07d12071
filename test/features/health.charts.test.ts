import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createTranslator, type Locale } from '../../src/core/i18n/translator.ts';
import { chartMessagesEn, chartMessagesFr } from '../../src/features/health/health.charts.messages.ts';
import {
  CHART_METRICS,
  healthChart,
  renderHealthChart,
  type ChartTranslator,
} from '../../src/features/health/health.charts.ts';
import { handMadeFigures } from './health.charts.fixture.ts';

const translator = (locale: Locale): ChartTranslator =>
  createTranslator(locale, {}, { en: chartMessagesEn, fr: chartMessagesFr });
const en = translator('en');
const fr = translator('fr');

const schema = createRequire(import.meta.url)('vega-lite/vega-lite-schema.json') as object;
const validate = new Ajv({ strict: false, allowUnionTypes: true }).compile(schema);

/** The rows of a spec's data, top level or per layer, in order. */
function rows(spec: object): Record<string, unknown>[][] {
  const data = (s: object) => (s as { data?: { values?: Record<string, unknown>[] } }).data?.values ?? null;
  const layers = (spec as { layer?: object[] }).layer ?? [];
  return [data(spec), ...layers.map(data)].filter((v): v is Record<string, unknown>[] => v !== null);
}

const csvLines = (csv: string) => csv.trimEnd().split('\r\n');

describe('health charts', () => {
  it.each(CHART_METRICS)('the %s chart is valid Vega-Lite, in both languages', (metric) => {
    for (const t of [en, fr]) {
      const { spec } = healthChart(metric, handMadeFigures(), t);
      expect(validate(spec), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    }
  });

  it('the funnel counts joined → posted → communicator within 7 days → still a member on day 30 (mature cohorts only)', () => {
    const chart = healthChart('funnel', handMadeFigures(), en);
    expect(rows(chart.spec)[0]!.map(({ step, members, share }) => ({ step, members, share }))).toEqual([
      { step: 'Joined', members: 6, share: 1 },
      { step: 'Posted within 7 days', members: 4, share: 4 / 6 },
      { step: '3+ messages within 7 days', members: 1, share: 1 / 6 },
      // Only the first cohort (4 members) is 30 days old: 3 of its 4 are still here.
      { step: 'Still a member on day 30', members: 3, share: 3 / 4 },
    ]);
    expect(csvLines(chart.csv)).toEqual([
      'Step,Members,Share',
      'Joined,6,1',
      'Posted within 7 days,4,0.6667',
      '3+ messages within 7 days,1,0.1667',
      'Still a member on day 30,3,0.75',
    ]);
    expect(JSON.stringify(chart.spec.title)).toContain(
      'Day 30 counts only the cohorts that joined 30 or more days ago.',
    );
  });

  it('the cohort heatmap has a cell per cohort and known week, and the CSV a row per cohort', () => {
    const chart = healthChart('cohorts', handMadeFigures(), en);
    expect(rows(chart.spec)[0]!.map(({ cohort, week, share, label }) => [cohort, week, share, label])).toEqual([
      ['Mar 4 (4 joined)', 'Week 1', 0.75, '75%'],
      ['Mar 4 (4 joined)', 'Week 2', 0.5, '50%'],
      ['Mar 4 (4 joined)', 'Week 4', 0.25, '25%'],
      ['Mar 11 (2 joined)', 'Week 1', 0.5, '50%'],
    ]);
    expect(csvLines(chart.csv)).toEqual([
      'Joined the week of,Joined,Week 1,Week 2,Week 4,Week 8,Week 12',
      '2030-03-04,4,0.75,0.5,0.25,,',
      '2030-03-11,2,0.5,,,,',
    ]);
  });

  it('the activity chart draws DAU, WAU and MAU per day and the daily stickiness DAU/MAU', () => {
    const chart = healthChart('activity', handMadeFigures(), en);
    const [lines, sticky] = rows(chart.spec);
    expect(lines!.slice(0, 3)).toEqual([
      { label: 'Mar 4', series: 'Daily (DAU)', value: 2 },
      { label: 'Mar 4', series: 'Weekly (WAU)', value: 5 },
      { label: 'Mar 4', series: 'Monthly (MAU)', value: 8 },
    ]);
    expect(lines).toHaveLength(14 * 3);
    expect(sticky!.slice(0, 3)).toEqual([
      { label: 'Mar 4', series: 'Stickiness (DAU/MAU)', stickiness: 2 / 8 },
      { label: 'Mar 5', series: 'Stickiness (DAU/MAU)', stickiness: 3 / 8 },
      { label: 'Mar 6', series: 'Stickiness (DAU/MAU)', stickiness: 4 / 8 },
    ]);
    expect(JSON.stringify(chart.spec.title)).toContain('Stickiness over the last 28 days: 38%');
    expect(csvLines(chart.csv).slice(0, 3)).toEqual([
      'Day,Daily (DAU),Weekly (WAU),Monthly (MAU),Stickiness (DAU/MAU)',
      '2030-03-04,2,5,8,0.25',
      '2030-03-05,3,5,8,0.375',
    ]);
  });

  it('joins and leaves are per day over two weeks, leaves drawn below zero', () => {
    const chart = healthChart('growth', handMadeFigures(14), en);
    const [bars, net] = rows(chart.spec);
    expect(bars!.filter((b) => b.value !== 0)).toEqual([
      { label: 'Mar 4', kind: 'Joins', value: 3 },
      { label: 'Mar 11', kind: 'Joins', value: 3 },
      { label: 'Mar 13', kind: 'Leaves', value: -1 },
    ]);
    expect(net).toHaveLength(14);
    expect(net![9]).toEqual({ label: 'Mar 13', kind: 'Net growth', net: -1 });
    expect(JSON.stringify(chart.spec.title)).toContain('Per day');
    expect(csvLines(chart.csv).slice(0, 2)).toEqual(['Day,Joins,Leaves,Net growth', '2030-03-04,3,0,3']);
    expect(csvLines(chart.csv)[10]).toBe('2030-03-13,0,1,-1');
  });

  it('joins and leaves over more than eight weeks are summed per week from Monday', () => {
    const chart = healthChart('growth', handMadeFigures(90), en);
    const lines = csvLines(chart.csv);
    expect(lines.slice(0, 3)).toEqual([
      'Week starting,Joins,Leaves,Net growth',
      '2030-03-04,3,0,3',
      '2030-03-11,3,1,2',
    ]);
    expect(lines).toHaveLength(1 + 13); // 90 days from a Monday: 12 full weeks and 6 days
    expect(JSON.stringify(chart.spec.title)).toContain('Per week');
  });

  it('time to first response shows the median and p90 per week in minutes, and the unanswered share', () => {
    const chart = healthChart('response', handMadeFigures(), en);
    const [unanswered, times] = rows(chart.spec);
    expect(unanswered).toEqual([
      { label: 'Mar 4', measure: 'Unanswered after 24 h', share: 0 },
      { label: 'Mar 11', measure: 'Unanswered after 24 h', share: 0.5 },
    ]);
    expect(times).toEqual([
      { label: 'Mar 4', measure: 'Median', value: 20 },
      { label: 'Mar 4', measure: '90th percentile', value: 60 },
      { label: 'Mar 11', measure: 'Median', value: 45 },
      { label: 'Mar 11', measure: '90th percentile', value: 90 },
    ]);
    expect(JSON.stringify(chart.spec.title)).toContain('5 first messages');
    expect(csvLines(chart.csv)).toEqual([
      'Week starting,First messages,Median (minutes),90th percentile (minutes),Unanswered after 24 h',
      '2030-03-04,3,20,60,0',
      '2030-03-11,2,45,90,0.5',
    ]);
  });

  it('without weekly response figures, the period is one point', () => {
    const figures = { ...handMadeFigures(), responseByWeek: undefined };
    expect(csvLines(healthChart('response', figures, en).csv).slice(1)).toEqual(['2030-03-04,5,30,90,0.2']);
  });

  it('titles, axes and CSV headers are in French for a French reader', () => {
    const titles = CHART_METRICS.map((m) => healthChart(m, handMadeFigures(), fr).title);
    expect(titles).toEqual([
      'Entonnoir d’activation',
      'Part active de chaque cohorte, par semaine d’arrivée',
      'Membres actifs et fidélité',
      'Arrivées et départs',
      'Délai de première réponse aux nouveaux',
    ]);
    const cohorts = healthChart('cohorts', handMadeFigures(), fr);
    expect(rows(cohorts.spec)[0]![0]).toMatchObject({
      cohort: '4 mars (4 arrivés)',
      week: 'Semaine 1',
      label: '75\u00a0%',
    });
    expect(csvLines(healthChart('funnel', handMadeFigures(), fr).csv)[0]).toBe('Étape,Membres,Part');
    expect(JSON.stringify(healthChart('activity', handMadeFigures(), fr).spec)).toContain('"decimal":","');
  });

  it('an empty period still draws, and says there are no figures yet', async () => {
    const empty = { ...handMadeFigures(), cohorts: [], daily: [], responseByWeek: [] };
    for (const metric of CHART_METRICS) {
      const file = await renderHealthChart(metric, empty, en);
      expect(file.png.byteLength).toBeGreaterThan(0);
    }
    expect(JSON.stringify(healthChart('funnel', empty, en).spec.title)).toContain('No figures for this period yet');
  });

  it('renders a PNG with its CSV and file names for the period', async () => {
    const file = await renderHealthChart('activity', handMadeFigures(), fr);
    expect(file.fileName).toBe('foyer-health-activity-2030-03-04-2030-03-17.png');
    expect(file.csvFileName).toBe('foyer-health-activity-2030-03-04-2030-03-17.csv');
    expect([...file.png.slice(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(file.width).toBeGreaterThan(640);
    expect(file.csv).toBe(healthChart('activity', handMadeFigures(), fr).csv);
  });

  it('draws at most 16 day labels on a year of days, the first one always, and all of them on two weeks', () => {
    const axisOf = (days: number) => {
      const spec = healthChart('activity', handMadeFigures(days), en).spec as unknown as {
        layer: { encoding: { x: { axis: { values?: string[] } } } }[];
      };
      return spec.layer[0]!.encoding.x.axis;
    };
    const year = axisOf(365).values!;
    expect(year.length).toBeLessThanOrEqual(16);
    expect(year.length).toBeGreaterThanOrEqual(12);
    expect(year[0]).toBe(rows(healthChart('activity', handMadeFigures(365), en).spec)[0]![0]!['label']);
    expect(axisOf(14).values).toBeUndefined();
  });

  it('writes the percentage in each cohort cell only while rows are tall enough to read it', () => {
    const layersWith = (weeks: number) => {
      const cohorts = Array.from({ length: weeks }, (_, i) => ({
        ...handMadeFigures().cohorts[0]!,
        week: `2030-0${1 + (i % 9)}-0${1 + (i % 7)}`,
      }));
      const spec = healthChart('cohorts', { ...handMadeFigures(), cohorts }, en).spec as unknown as {
        layer: { mark: { type: string } }[];
      };
      return spec.layer.map((l) => l.mark.type);
    };
    expect(layersWith(8)).toEqual(['rect', 'text']);
    expect(layersWith(40)).toEqual(['rect']);
  });
});

/**
 * Chart rendering time: each of the five health charts over a year of figures (365 days,
 * 52 join-week cohorts, 52 weeks of response times), from HealthFigures to PNG bytes
 * (spec, Vega SVG, resvg raster). Prints the median per chart; target under 300 ms.
 * Never asserted.
 *
 *   BENCH_CHART_RUNS  measured renders per chart after one warm-up (default BENCH_RUNS, else 10)
 */
import { createTranslator } from '../src/core/i18n/translator.ts';
import type { Cohort, DailyPoint, HealthFigures, WeeklyResponseTimes } from '../src/features/health/health.figures.ts';
import { chartMessagesEn, chartMessagesFr } from '../src/features/health/health.charts.messages.ts';
import { CHART_METRICS, renderHealthChart } from '../src/features/health/health.charts.ts';
import { median, now, prng, table } from './support.ts';

const TARGET_MS = 300;
const DAYS = 365;
const START = Date.UTC(2029, 0, 1); // a Monday

function runs(): number {
  const raw = process.env.BENCH_CHART_RUNS ?? process.env.BENCH_RUNS;
  const n = raw === undefined || raw === '' ? 10 : Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive integer, got "${raw}"`);
  return n;
}

const dayAt = (offset: number) => new Date(START + offset * 86_400_000).toISOString().slice(0, 10);

export function yearOfFigures(): HealthFigures {
  const random = prng(12);
  const daily: DailyPoint[] = Array.from({ length: DAYS }, (_, i) => {
    const dau = 200 + Math.floor(random() * 100);
    return {
      day: dayAt(i),
      dau,
      wau: dau * 3,
      mau: dau * 6,
      joins: Math.floor(random() * 40),
      leaves: Math.floor(random() * 15),
    };
  });
  const share = () => Math.round(random() * 100) / 100;
  const cohorts: Cohort[] = Array.from({ length: 52 }, (_, w) => ({
    week: dayAt(w * 7),
    size: 100 + Math.floor(random() * 150),
    activated: share(),
    communicators: share(),
    membershipD7: share(),
    membershipD30: w < 48 ? share() : undefined,
    activeD7: share(),
    activeD30: w < 44 ? share() : undefined,
    activeInWeek: Object.fromEntries(([1, 2, 4, 8, 12] as const).filter((n) => w + n <= 52).map((n) => [n, share()])),
  }));
  const responseByWeek: WeeklyResponseTimes[] = cohorts.map((c) => ({
    week: c.week,
    firstMessages: c.size,
    medianMs: random() * 6 * 3_600_000,
    p90Ms: random() * 30 * 3_600_000,
    unansweredAfter24h: share(),
  }));
  const none = undefined;
  return {
    ...{
      from: dayAt(0),
      to: dayAt(DAYS - 1),
      members: 40_000,
      joins: 7000,
      leaves: 2500,
      netGrowth: 4500,
      referredJoins: 0,
    },
    ...{ dau: 250, wau: 750, mau: 1500, stickiness: 0.17, activeMembers: 9000, communicators: 4000 },
    ...{ activation: 0.4, communicatorActivation: 0.1, medianTimeToFirstMessageMs: 3_600_000 },
    response: { firstMessages: 9000, medianMs: 3 * 3_600_000, p90Ms: 20 * 3_600_000, unansweredAfter24h: 0.2 },
    responseByWeek,
    staff: { members: 10, activeMembers: 8, messages: 5000 },
    outcomes: {
      ...{ welcomeToActivation: none, onboardingCompletion: none, photoNudgeConversion: none },
      ...{ postRateWithPhoto: none, postRateWithoutPhoto: none, questionsAsked: 0, questionsThatRevived: 0 },
      ...{ pollParticipation: none, calendarPostsOnTime: 0, calendarPostsMissed: 0 },
      ...{ triageMedianAcknowledgeMs: none, triageMedianResolveMs: none },
    },
    daily,
    cohorts,
  };
}

export async function runChartsBench(): Promise<void> {
  const figures = yearOfFigures();
  const t = createTranslator('fr', {}, { en: chartMessagesEn, fr: chartMessagesFr });
  const n = runs();
  const rows: string[][] = [];
  for (const metric of CHART_METRICS) {
    await renderHealthChart(metric, figures, t); // warm-up: JIT, font loading
    const times: number[] = [];
    let bytes = 0;
    for (let run = 0; run < n; run++) {
      const began = now();
      bytes = (await renderHealthChart(metric, figures, t)).png.byteLength;
      times.push(now() - began);
    }
    rows.push([metric, median(times).toFixed(0), Math.max(...times).toFixed(0), `${(bytes / 1024).toFixed(0)} kB`]);
  }
  process.stdout.write(
    `\nhealth chart rendering (a year of figures, French, median of ${n} after a warm-up; target < ${TARGET_MS} ms)\n` +
      `${table(['chart', 'median ms', 'max ms', 'png'], rows)}\n`,
  );
}

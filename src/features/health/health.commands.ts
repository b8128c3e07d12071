import { z } from 'zod';
import { defineCommand, type CommandDef } from '../../core/commands.ts';
import type { OutgoingFile } from '../../core/ports.ts';
import { codeBlock, paragraph, rich } from '../../core/rich-text.ts';
import type { FeatureContext } from '../define.ts';
import type { Day, HealthFigures } from './health.figures.ts';
import { dayIn, periodEnding } from './health.goals.ts';
import type { HealthMessageKey } from './health.messages.ts';
import { dayLabel } from './health.report.ts';
import { CHART_METRICS, healthChart, renderHealthChart, type ChartMetric } from './health.charts.ts';

/** What members may type for each chart: its name, and the metrics it shows. */
export const CHART_ALIASES: Record<string, ChartMetric> = {
  funnel: 'funnel',
  activation: 'funnel',
  cohorts: 'cohorts',
  retention: 'cohorts',
  activity: 'activity',
  dau: 'activity',
  wau: 'activity',
  mau: 'activity',
  stickiness: 'activity',
  growth: 'growth',
  joins: 'growth',
  leaves: 'growth',
  response: 'response',
};

/** How far back a chart looks, in days. */
export const CHART_PERIODS: Record<string, number> = { '4w': 28, '12w': 84, '26w': 182, '52w': 364 };
const DEFAULT_PERIOD = '12w';

/** Reads `[period] [csv]` in either order: `12w`, `csv`, `26w csv`. */
export function chartRequest(words: readonly (string | undefined)[]): { days?: number; csv: boolean; bad?: string } {
  const given = words.filter((w): w is string => w !== undefined && w !== '').map((w) => w.toLowerCase());
  const csv = given.includes('csv');
  const period = given.find((w) => w !== 'csv') ?? DEFAULT_PERIOD;
  const days = CHART_PERIODS[period];
  return days === undefined ? { csv, bad: period } : { days, csv };
}

type HealthContext = FeatureContext<'messages', unknown, unknown, HealthMessageKey>;

/** `/health chart METRIC [period] [csv]`: a chart as a PNG image, or its data as CSV. */
export function chartCommand(
  ctx: HealthContext,
  figuresFor: (period: { from: Day; to: Day }) => HealthFigures,
): CommandDef {
  return defineCommand({
    name: 'health chart',
    description: 'health.command.health.chart',
    args: z.object({
      metric: z.string().describe('health.arg.metric'),
      period: z.string().optional().describe('health.arg.period'),
      format: z.string().optional().describe('health.arg.format'),
    }),
    role: 'moderator',
    async run(call) {
      const t = ctx.translatorFor(call.invoker.id);
      const label = ctx.commandLabel('health chart');
      const chart = CHART_ALIASES[call.args.metric.toLowerCase()];
      if (!chart) {
        const vars = { metric: call.args.metric, charts: t.list(CHART_METRICS), example: `${label} activity` };
        return call.reply(rich(paragraph(...t.t('health.chart.unknown', vars))), { private: true });
      }
      const request = chartRequest([call.args.period, call.args.format]);
      if (request.days === undefined) {
        const vars = { period: request.bad ?? '', example: `${label} ${call.args.metric} 12w` };
        return call.reply(rich(paragraph(...t.t('health.chart.period', vars))), { private: true });
      }
      const period = periodEnding(dayIn(ctx.clock.now(), ctx.community.timezone), request.days);
      const figures = figuresFor(period);
      const span = {
        chart: t.t(`health.chart.${chart}.title` as HealthMessageKey),
        from: dayLabel(t, period.from),
        to: dayLabel(t, period.to),
      };
      const csvExample = `${label} ${call.args.metric} csv`;
      if (request.csv) {
        const csv = healthChart(chart, figures, t).csv;
        const file: OutgoingFile = {
          name: `foyer-health-${chart}-${figures.from}-${figures.to}.csv`,
          mediaType: 'text/csv',
          content: csv,
        };
        const words = rich(paragraph(...t.t('health.chart.csv', span)));
        if (call.replyWithFile) return call.replyWithFile(words, file, { private: true });
        return call.reply(rich(...words.blocks, codeBlock(csv)), { private: true });
      }
      if (!call.replyWithFile)
        return call.reply(rich(paragraph(...t.t('health.chart.noFiles', { example: csvExample }))), { private: true });
      let image: OutgoingFile;
      try {
        const drawn = await renderHealthChart(chart, figures, t);
        image = {
          name: drawn.fileName,
          mediaType: 'image/png',
          content: drawn.png,
          image: { width: drawn.width, height: drawn.height },
        };
      } catch (error) {
        ctx.logger.error('health chart not drawn', { chart, error });
        return call.reply(rich(paragraph(...t.t('health.chart.failed', { example: csvExample }))), { private: true });
      }
      await call.replyWithFile(rich(paragraph(...t.t('health.chart.sent', span))), image, { private: true });
    },
  });
}

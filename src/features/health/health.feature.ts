import { z } from 'zod';
import { defineCommand } from '../../core/commands.ts';
import { paragraph, rich } from '../../core/rich-text.ts';
import { defineFeature } from '../define.ts';
import { healthConfig, postsReports, WEEKDAYS } from './health.config.ts';
import type { Day, HealthFigures } from './health.figures.ts';
import { METRICS } from './health.figures.ts';
import { addDays, dayIn, isCheckMonth, periodEnding, type Baseline } from './health.goals.ts';
import { computeFigures } from './health.kpis.ts';
import { healthMessages } from './health.messages.ts';
import {
  cohortTable,
  dayLabel,
  healthAnswer,
  healthCheck,
  weeklySummary,
  type Reading,
  type WeekCheck,
} from './health.report.ts';
import { chartCommand } from './health.commands.ts';
import { segmentCommand } from './health.segment.ts';

const WEEK = 7;
const MONTH = 28;
const YEAR = 364;

/**
 * Community health: live figures the community owns, from its first member. `/health`
 * reads the headline KPIs against last week, the baseline and each goal; a weekly summary
 * says what moved; a full health check every N months compares every KPI and the outcomes
 * of Foyer's own features. Figures come from roll-ups and are aggregates only.
 */
export const healthFeature = defineFeature({
  id: 'health',
  description: 'Community health: KPIs, goals, a baseline, weekly summaries, health checks and charts',
  needs: ['messages'] as const,
  settings: healthConfig,
  messages: healthMessages,
  config: (health) => (health.enabled ? health : undefined),
  store: (stores) => stores.health,
  setup(ctx) {
    const { config, repo, community } = ctx;
    const today = (): Day => dayIn(ctx.clock.now(), community.timezone);
    const staffIds: string[] = config.staff.map((typed) => ctx.parseMember(typed) ?? typed);

    function figures(period: { from: Day; to: Day }): HealthFigures {
      const request = { community: community.id, timezone: community.timezone, now: ctx.clock.now(), staff: staffIds };
      return computeFigures(repo, { ...request, ...period });
    }

    /** The `days` days to `to`, and the same length ending `back` days earlier. */
    function twoPeriods(to: Day, days: number, back: number): { now: HealthFigures; before: HealthFigures } {
      ctx.flushActivity();
      return { now: figures(periodEnding(to, days)), before: figures(periodEnding(addDays(to, -back), days)) };
    }

    function takeBaseline(): Baseline {
      ctx.flushActivity();
      const day = today();
      const baseline = {
        day,
        takenAt: ctx.clock.now(),
        week: figures(periodEnding(day, WEEK)),
        month: figures(periodEnding(day, MONTH)),
      };
      repo.saveBaseline(community.id, baseline);
      return baseline;
    }

    /**
     * Reports read rolling 28-day periods, so a share of newcomers (activation, retention)
     * always has cohorts whose window is over; "last week" is the 28 days to a week earlier.
     */
    const reading = (t: Reading['t'], day: Day, back: number, span: Reading['span']): Reading => ({
      community: community.name,
      t,
      today: day,
      ...twoPeriods(day, MONTH, back),
      baseline: repo.baseline(community.id),
      span,
      goals: config.goals,
    });

    const weekCheck = (day: Day): WeekCheck => ({
      targets: config.expectations.week,
      figures: figures(periodEnding(day, WEEK)),
    });

    const moderators = (): string | undefined => (config.channel ? config.channel : undefined);

    async function post(report: (t: Reading['t']) => ReturnType<typeof weeklySummary>, what: string): Promise<void> {
      const name = moderators();
      const channel = name ? ctx.channel(name) : undefined;
      if (!channel) return;
      const sent = await ctx.ports.messages.send(channel, report(ctx.t));
      if (!sent.ok) ctx.logger.warn(`health ${what} not posted`, { failure: sent.error.kind });
    }

    return {
      async ready() {
        repo.markStaff(community.id, staffIds, ctx.clock.now());
        // The first baseline is taken on first start and kept: success is measured from before Foyer helped.
        if (!repo.baseline(community.id)) takeBaseline();
      },
      jobs: postsReports(config) ? jobs() : [],
      commands: [
        segmentCommand(ctx, repo, staffIds),
        defineCommand({
          name: 'health',
          description: 'health.command.health',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const answer = healthAnswer(reading(t, today(), WEEK, 'month'), {
              week: weekCheck(today()),
              baselineCommand: ctx.commandLabel('health baseline'),
              cohortsCommand: ctx.commandLabel('health cohorts'),
              chartCommand: `${ctx.commandLabel('health chart')} activity`,
            });
            await call.reply(answer, { private: true });
          },
        }),
        defineCommand({
          name: 'health cohorts',
          description: 'health.command.health.cohorts',
          args: z.object({}),
          role: 'moderator',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            ctx.flushActivity();
            // Twelve weeks of cohorts, plus the twelve weeks the oldest needs to show its week 12.
            const { cohorts } = figures(periodEnding(today(), 12 * WEEK));
            await call.reply(cohortTable(t, cohorts), { private: true });
          },
        }),
        chartCommand(ctx, (period) => {
          ctx.flushActivity();
          return figures(period);
        }),
        defineCommand({
          name: 'health baseline',
          description: 'health.command.health.baseline',
          args: z.object({}),
          role: 'admin',
          async run(call) {
            const t = ctx.translatorFor(call.invoker.id);
            const previous = repo.baseline(community.id);
            const baseline = takeBaseline();
            const day = dayLabel(t, baseline.day);
            const words = previous
              ? t.t('health.baseline.retaken', { day, previous: dayLabel(t, previous.day) })
              : t.t('health.baseline.taken', { day });
            await call.reply(rich(paragraph(...words)), { private: true });
          },
        }),
      ],
    };

    function jobs() {
      const [hour, minute] = config.weeklySummary.time.split(':').map(Number);
      const weekday = (WEEKDAYS.indexOf(config.weeklySummary.day) + 1) % 7;
      const summaryJob = {
        id: 'weekly-summary',
        cron: `${minute} ${hour} * * ${weekday}`,
        timezone: community.timezone,
        // A summary missed while Foyer was down is posted once on return, for the latest week only.
        missed: { kind: 'catch-up', latestOnly: true } as const,
        async run(slot: Date) {
          const day = addDays(dayIn(slot, community.timezone), -1);
          await post((t) => weeklySummary(reading(t, day, WEEK, 'month'), weekCheck(day)), 'weekly summary');
        },
      };
      const checkJob = {
        id: 'health-check',
        cron: `${minute} ${hour} 1 * *`,
        timezone: community.timezone,
        // Every monthly slot is looked at, even after a long outage, so a check month is never skipped.
        missed: { kind: 'catch-up' } as const,
        async run(slot: Date) {
          const baseline = repo.baseline(community.id);
          const slotDay = dayIn(slot, community.timezone);
          if (!baseline || !isCheckMonth(baseline.day, slotDay, config.checkEveryMonths)) return;
          const day = addDays(slotDay, -1);
          await post(
            (t) =>
              healthCheck(reading(t, day, MONTH, 'month'), {
                everyMonths: config.checkEveryMonths,
                metrics: METRICS,
                expectations: config.expectations,
                year: figures(periodEnding(day, YEAR)),
              }),
            'health check',
          );
        },
      };
      return [
        ...(config.weeklySummary.enabled ? [summaryJob] : []),
        ...(config.checkEveryMonths > 0 ? [checkJob] : []),
      ];
    }
  },
});

import { describe, expect, it } from 'vitest';
import type { Cohort, HealthFigures } from '../../src/features/health/health.figures.ts';
import {
  addDays,
  changes,
  checkExpectations,
  dayIn,
  goalProgress,
  isCheckMonth,
  metricValue,
  parseTarget,
  periodEnding,
  pooledShare,
} from '../../src/features/health/health.goals.ts';

/** Hand-made figures: everything zero or unknown unless the test says otherwise. */
function figures(over: Partial<HealthFigures> = {}): HealthFigures {
  return {
    from: '2026-03-01',
    to: '2026-03-07',
    members: 0,
    joins: 0,
    leaves: 0,
    netGrowth: 0,
    referredJoins: 0,
    dau: 0,
    wau: 0,
    mau: 0,
    stickiness: undefined,
    activeMembers: 0,
    communicators: 0,
    activation: undefined,
    communicatorActivation: undefined,
    medianTimeToFirstMessageMs: undefined,
    response: { firstMessages: 0, medianMs: undefined, p90Ms: undefined, unansweredAfter24h: undefined },
    staff: { members: 0, activeMembers: 0, messages: 0 },
    outcomes: {
      welcomeToActivation: undefined,
      onboardingCompletion: undefined,
      photoNudgeConversion: undefined,
      postRateWithPhoto: undefined,
      postRateWithoutPhoto: undefined,
      questionsAsked: 0,
      questionsThatRevived: 0,
      pollParticipation: undefined,
      calendarPostsOnTime: 0,
      calendarPostsMissed: 0,
      triageMedianAcknowledgeMs: undefined,
      triageMedianResolveMs: undefined,
    },
    daily: [],
    cohorts: [],
    ...over,
  };
}

const cohort = (week: string, size: number, activeD7: number | undefined): Cohort => ({
  week,
  size,
  activated: undefined,
  communicators: undefined,
  membershipD7: undefined,
  membershipD30: undefined,
  activeD7,
  activeD30: undefined,
  activeInWeek: {},
});

const goal = { metric: 'activation' as const, target: '50%', by: '2027-06-01', objective: 'Newcomers speak up' };

describe('goal targets as written in the YAML', () => {
  it('reads shares as 0–1 or a percentage, durations as "2h", counts as numbers', () => {
    expect(parseTarget('activation', '40%')).toEqual({ value: 0.4 });
    expect(parseTarget('activation', 0.4)).toEqual({ value: 0.4 });
    expect(parseTarget('responseMedianMs', '2h')).toEqual({ value: 7_200_000 });
    expect(parseTarget('members', 500)).toEqual({ value: 500 });
  });

  it('refuses a share above 100 %, a count written as text and a duration that is none', () => {
    expect(parseTarget('activation', 40).problem).toMatch(/share/);
    expect(parseTarget('activation', '140%').problem).toMatch(/share/);
    expect(parseTarget('members', '500').problem).toMatch(/number/);
    expect(parseTarget('responseMedianMs', 'soon').problem).toMatch(/duration/);
  });
});

describe('progress toward a goal', () => {
  it('counts the way from the baseline: 30 % → 50 %, now 42 %, is 60 % of the way', () => {
    const progress = goalProgress(goal, figures({ activation: 0.42 }), figures({ activation: 0.3 }), '2027-05-22');
    expect(progress.progress).toBeCloseTo(0.6);
    expect(progress.reached).toBe(false);
    expect(progress.daysLeft).toBe(10);
  });

  it('without a baseline value the way starts at zero', () => {
    expect(goalProgress(goal, figures({ activation: 0.4 }), undefined, '2027-01-01').progress).toBeCloseTo(0.8);
    expect(goalProgress(goal, figures({ activation: 0.4 }), figures(), '2027-01-01').progress).toBeCloseTo(0.8);
  });

  it('a waiting time goal is reached by going down', () => {
    const faster = { metric: 'responseMedianMs' as const, target: '1h', by: '2026-12-31', objective: 'Quick answers' };
    const now = figures({
      response: { firstMessages: 4, medianMs: 2 * 3_600_000, p90Ms: undefined, unansweredAfter24h: 0 },
    });
    const before = figures({
      response: { firstMessages: 4, medianMs: 5 * 3_600_000, p90Ms: undefined, unansweredAfter24h: 0 },
    });
    const progress = goalProgress(faster, now, before, '2026-06-01');
    expect(progress.progress).toBeCloseTo(0.75);
    const reached = goalProgress(
      faster,
      figures({ response: { ...now.response, medianMs: 3_000_000 } }),
      before,
      '2026-06-01',
    );
    expect(reached).toMatchObject({ reached: true, progress: 1 });
  });

  it('a share of nobody has no progress rather than zero, and a past date has negative days left', () => {
    const progress = goalProgress(goal, figures(), figures({ activation: 0.3 }), '2027-06-11');
    expect(progress.progress).toBeUndefined();
    expect(progress.daysLeft).toBe(-10);
  });
});

describe('metric values from figures', () => {
  it('pools cohort shares by cohort size, leaving out cohorts whose day has not come', () => {
    const cohorts = [cohort('2026-02-02', 10, 0.5), cohort('2026-02-09', 30, 0.1), cohort('2026-02-16', 5, undefined)];
    // (10 × 0.5 + 30 × 0.1) / 40 = 0.2
    expect(pooledShare(cohorts, 'activeD7')).toBeCloseTo(0.2);
    expect(metricValue(figures({ cohorts }), 'activeD7')).toBeCloseTo(0.2);
    expect(metricValue(figures({ cohorts }), 'activeD30')).toBeUndefined();
  });
});

describe('what moved between two periods', () => {
  it('orders moves by size, shares in points and counts by their relative change, and says which are better', () => {
    const before = figures({ members: 100, activation: 0.3, wau: 20 });
    const after = figures({ members: 110, activation: 0.45, wau: 10 });
    const moved = changes(before, after, ['members', 'activation', 'wau', 'dau']);
    expect(moved.map((c) => c.metric)).toEqual(['wau', 'activation', 'members']);
    expect(moved[0]).toMatchObject({ delta: -10, size: 0.5, better: false });
    expect(moved[1]!.size).toBeCloseTo(0.15);
    expect(moved[2]).toMatchObject({ delta: 10, better: true });
  });

  it('leaves out metrics that are unknown on either side', () => {
    expect(changes(figures({ activation: 0.3 }), figures(), ['activation'])).toEqual([]);
  });
});

describe('expectations', () => {
  it('says which of a period’s milestones were met', () => {
    const results = checkExpectations(
      { joins: 5, activation: '40%', unansweredAfter24h: '10%' },
      figures({
        joins: 6,
        activation: 0.3,
        response: { firstMessages: 3, medianMs: 1, p90Ms: 1, unansweredAfter24h: 0.05 },
      }),
    );
    expect(results).toEqual([
      { metric: 'joins', target: 5, actual: 6, met: true },
      { metric: 'activation', target: 0.4, actual: 0.3, met: false },
      { metric: 'unansweredAfter24h', target: 0.1, actual: 0.05, met: true },
    ]);
  });
});

describe('days and periods in the community’s timezone', () => {
  it('a late evening in UTC is already tomorrow in Paris', () => {
    expect(dayIn(new Date('2026-03-01T23:30:00Z'), 'Europe/Paris')).toBe('2026-03-02');
    expect(dayIn(new Date('2026-03-01T23:30:00Z'), 'UTC')).toBe('2026-03-01');
  });

  it('a 7-day period ends on its last day, inclusive, across a month end', () => {
    expect(periodEnding('2026-03-03', 7)).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('a health check falls every N months after the baseline’s month, never in it', () => {
    expect(isCheckMonth('2026-03-02', '2026-09-01', 6)).toBe(true);
    expect(isCheckMonth('2026-03-02', '2027-03-01', 6)).toBe(true);
    expect(isCheckMonth('2026-03-02', '2026-08-01', 6)).toBe(false);
    expect(isCheckMonth('2026-03-02', '2026-03-01', 6)).toBe(false);
    expect(isCheckMonth('2026-03-02', '2026-09-01', 0)).toBe(false);
  });
});

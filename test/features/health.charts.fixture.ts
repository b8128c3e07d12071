import type { Cohort, DailyPoint, HealthFigures } from '../../src/features/health/health.figures.ts';

const HOUR = 3_600_000;

function day(offset: number): string {
  return new Date(Date.UTC(2030, 2, 4 + offset)).toISOString().slice(0, 10); // 2030-03-04 is a Monday
}

/** 14 days of a small community, computed by hand: DAU 2..4, joins on Mondays, one leave on day 9. */
function daily(days: number): DailyPoint[] {
  return Array.from({ length: days }, (_, i) => ({
    day: day(i),
    dau: 2 + (i % 3),
    wau: 5,
    mau: 8,
    joins: i % 7 === 0 ? 3 : 0,
    leaves: i === 9 ? 1 : 0,
  }));
}

const COHORTS: Cohort[] = [
  {
    week: '2030-03-04',
    size: 4,
    activated: 3 / 4,
    communicators: 1 / 4,
    membershipD7: 1,
    membershipD30: 3 / 4,
    activeD7: 2 / 4,
    activeD30: 1 / 4,
    activeInWeek: { 1: 3 / 4, 2: 2 / 4, 4: 1 / 4 },
  },
  {
    week: '2030-03-11',
    size: 2,
    activated: 1 / 2,
    communicators: 0,
    membershipD7: 1,
    membershipD30: undefined,
    activeD7: 1 / 2,
    activeD30: undefined,
    activeInWeek: { 1: 1 / 2 },
  },
];

export function handMadeFigures(days = 14): HealthFigures {
  return {
    from: day(0),
    to: day(days - 1),
    members: 20,
    joins: 6,
    leaves: 1,
    netGrowth: 5,
    referredJoins: 0,
    dau: 3,
    wau: 5,
    mau: 8,
    stickiness: 3 / 8,
    activeMembers: 8,
    communicators: 3,
    activation: 4 / 6,
    communicatorActivation: 1 / 6,
    medianTimeToFirstMessageMs: 5 * HOUR,
    response: { firstMessages: 5, medianMs: 30 * 60_000, p90Ms: 90 * 60_000, unansweredAfter24h: 1 / 5 },
    responseByWeek: [
      { week: '2030-03-04', firstMessages: 3, medianMs: 20 * 60_000, p90Ms: 60 * 60_000, unansweredAfter24h: 0 },
      { week: '2030-03-11', firstMessages: 2, medianMs: 45 * 60_000, p90Ms: 90 * 60_000, unansweredAfter24h: 1 / 2 },
    ],
    staff: { members: 2, activeMembers: 2, messages: 40 },
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
    daily: daily(days),
    cohorts: COHORTS,
  };
}

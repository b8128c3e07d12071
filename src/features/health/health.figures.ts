/**
 * The community's health figures, as the health feature computes them from roll-ups
 * (never from raw rows) and reports, compares and charts them. Every figure is an
 * aggregate: members are counted, never listed. Definitions: README "Community health".
 *
 * Shared contract between the parts of the health feature: `health.kpis.ts` computes a
 * `HealthFigures` for a period; reports, goals, baselines and charts only read it.
 */

import type { MissedYouReturns, SurveyScore } from './health.store.ts';

/** A day in the community's timezone, `YYYY-MM-DD`. */
export type Day = string;

/** A share between 0 and 1, or undefined when nobody was in the group (no "0 %" of nobody). */
export type Share = number | undefined;

export interface DailyPoint {
  day: Day;
  /** Distinct non-staff members with at least one activity that day. */
  dau: number;
  /** Distinct active members over the 7 days ending that day. */
  wau: number;
  /** Distinct active members over the 28 days ending that day. */
  mau: number;
  joins: number;
  leaves: number;
}

/** One join-week cohort: members (non-staff) who joined in the week starting `week` (a Monday). */
export interface Cohort {
  week: Day;
  size: number;
  /** Posted within 7 days of joining. */
  activated: Share;
  /** 3 or more messages within 7 days of joining. */
  communicators: Share;
  /** Still a member on day 7 / day 30 (undefined until that day has come for the whole cohort). */
  membershipD7: Share;
  membershipD30: Share;
  /** Active on any of days 7–13 / 30–59 after joining. */
  activeD7: Share;
  activeD30: Share;
  /** Share active during week N after joining (N = 1, 2, 4, 8, 12), for the cohort table. */
  activeInWeek: Partial<Record<1 | 2 | 4 | 8 | 12, Share>>;
}

export interface ResponseTimes {
  /** Newcomers' first messages in the period. */
  firstMessages: number;
  /** Milliseconds until another member (not a bot, not the author) replied. */
  medianMs: number | undefined;
  p90Ms: number | undefined;
  /** Share of those first messages still unanswered 24 h after they were posted. */
  unansweredAfter24h: Share;
}

/** Time to first response for the newcomers' first messages posted in the week starting `week` (a Monday). */
export interface WeeklyResponseTimes extends ResponseTimes {
  week: Day;
}

/** What Foyer's own features achieved in the period. */
export interface FeatureOutcomes {
  /** Welcomed newcomers who posted within 7 days. */
  welcomeToActivation: Share;
  onboardingCompletion: Share;
  /** Nudged members who then set a photo. */
  photoNudgeConversion: Share;
  /** Messages per member, members with a photo vs without. */
  postRateWithPhoto: number | undefined;
  postRateWithoutPhoto: number | undefined;
  questionsAsked: number;
  questionsThatRevived: number;
  /** Ballots per poll closed in the period, over members active in it. */
  pollParticipation: Share;
  calendarPostsOnTime: number;
  calendarPostsMissed: number;
  /** Triage: median time to acknowledge and to resolve, in milliseconds. */
  triageMedianAcknowledgeMs: number | undefined;
  triageMedianResolveMs: number | undefined;
}

/** The headline figures for a period ending on `to` (inclusive). */
export interface HealthFigures {
  from: Day;
  to: Day;
  members: number;
  joins: number;
  leaves: number;
  netGrowth: number;
  /** Referral: joins the platform attributed to an invite by a member. */
  referredJoins: number;
  /** On the last day of the period. */
  dau: number;
  wau: number;
  mau: number;
  /** Mean DAU / MAU over the trailing 28 days. */
  stickiness: Share;
  activeMembers: number;
  communicators: number;
  /** Activation of the members who joined in the period (7-day window). */
  activation: Share;
  communicatorActivation: Share;
  medianTimeToFirstMessageMs: number | undefined;
  response: ResponseTimes;
  /**
   * The same per week (starting Monday) of the period, for the response-time chart. Optional:
   * without it the chart shows the period's figures as one point.
   */
  responseByWeek?: WeeklyResponseTimes[];
  /** Staff, shown apart: how many, and their activity. */
  staff: { members: number; activeMembers: number; messages: number };
  outcomes: FeatureOutcomes;
  daily: DailyPoint[];
  cohorts: Cohort[];
  /** "We missed you" contacted vs holdout, and member surveys (README); absent from figures kept before them. */
  research?: { missedYou: MissedYouReturns; surveys: SurveyScore[] };
}

/** The metrics goals and baselines can name (`health.goals[].metric`), each a number in HealthFigures. */
export const METRICS = [
  'members',
  'joins',
  'netGrowth',
  'dau',
  'wau',
  'mau',
  'stickiness',
  'activeMembers',
  'communicators',
  'activation',
  'communicatorActivation',
  'medianTimeToFirstMessageMs',
  'responseMedianMs',
  'unansweredAfter24h',
  'membershipD7',
  'membershipD30',
  'activeD7',
  'activeD30',
  'satisfaction',
  'nps',
] as const;
export type Metric = (typeof METRICS)[number];

import type { Day } from './health.figures.ts';
import type { Baseline } from './health.goals.ts';

/** One member's activity on one day (from the roll-ups; `messages` counts replies too). */
export interface MemberDay {
  member: string;
  day: Day;
  messages: number;
}

export interface ActiveCount {
  day: Day;
  span: 1 | 7 | 28;
  members: number;
}

export interface DayRange {
  from: Day;
  to: Day;
}

export interface PeriodActivity {
  active: number;
  communicators: number;
}

export interface MembershipEvent {
  member: string;
  kind: 'join' | 'leave';
  at: number;
  day: Day;
  invitedBy: string | null;
}

export interface FirstMessage {
  member: string;
  at: number;
  day: Day;
  /** When another member first replied to it (the platform's reply relation), if anyone did. */
  firstReplyAt: number | null;
}

/** The raw counts the outcomes of Foyer's own features are computed from, for instants in [from, to). */
export interface OutcomeFacts {
  /** Members Foyer welcomed (sent) who joined in the period, and when each joined. */
  welcomed: { member: string; joinedAt: number }[];
  /** Members who joined in the period, and how many of them have finished onboarding. */
  joined: number;
  onboarded: number;
  nudged: number;
  nudgedThenPhoto: number;
  /** Members with / without a photo (current members), and the messages each group posted in the period. */
  withPhoto: { members: number; messages: number };
  withoutPhoto: { members: number; messages: number };
  questionsAsked: number;
  questionsThatRevived: number;
  /** Polls closed in the period and the ballots cast in them. */
  pollsClosed: number;
  ballots: number;
  calendarPostsOnTime: number;
  calendarPostsMissed: number;
  /** Milliseconds from report to acknowledgement / resolution, for reports made in the period. */
  triageAcknowledgeMs: number[];
  triageResolveMs: number[];
}

/** One group of the "we missed you" measure: absences whose 7-day window is over, and how many came back in it. */
export interface ReturnGroup {
  absences: number;
  returned: number;
}

/** The effect of "we missed you": members messaged vs the holdout, who got no message. */
export interface MissedYouReturns {
  contacted: ReturnGroup;
  holdout: ReturnGroup;
}

/** A member survey that reached its anonymity threshold: its answers' count and score. */
export interface SurveyScore {
  survey: number;
  kind: 'satisfaction' | 'recommendation';
  answers: number;
  /** Satisfaction: the mean score, 1–5. */
  mean: number;
  /** Recommendation: % promoters (9–10) − % detractors (0–6), −100 to 100. */
  nps: number;
}

/**
 * What the health feature reads: the roll-ups (never raw activity rows) and the tables
 * of Foyer's other features. Every list is of member ids, to count, never to show.
 */
export interface HealthStore {
  /** Staff: members who used a moderator or admin command, and those the config names. */
  staff(community: string): string[];
  /** Records the config's `health.staff` (idempotent). */
  markStaff(community: string, members: readonly string[], at: Date): void;
  /**
   * Distinct members active on the 1, 7 and 28 days ending on each day `from` to `to`,
   * staff included (kept as activity arrives; a day nobody was active in is left out).
   */
  activeCounts(community: string, from: Day, to: Day): ActiveCount[];
  /** Members with 3 or more messages over the 28 days ending on `day`, staff included (kept as activity arrives). */
  communicatorsOver28Days(community: string, day: Day): number;
  /** Members (not in `excluded`) active on a day `from` to `to`, and those of them with 3 or more messages. */
  periodActivity(community: string, from: Day, to: Day, excluded: readonly string[]): PeriodActivity;
  /** Member-days with any activity, `from` to `to` inclusive, for the given members only. */
  activeDaysOf(community: string, members: readonly string[], from: Day, to: Day): MemberDay[];
  /** Joins and leaves at instants in [from, to). */
  membershipEvents(community: string, from: number, to: number): MembershipEvent[];
  /** Each given member's first join at an instant in [from, to), if any. */
  firstJoinsOf(community: string, members: readonly string[], from: number, to: number): Map<string, number>;
  /** Members (not in `excluded`) whose latest join or leave before `at` is a join. */
  membersAt(community: string, at: number, excluded: readonly string[]): number;
  /** First messages posted on days `from` to `to`. */
  firstMessages(community: string, from: Day, to: Day): FirstMessage[];
  firstMessagesOf(community: string, members: readonly string[]): FirstMessage[];
  /** For instants in [from, to), which are the days `days.from` to `days.to`. */
  outcomeFacts(community: string, from: number, to: number, days: DayRange): OutcomeFacts;
  /**
   * "We missed you": absences found at instants in [from, to) whose eligibility day is on
   * or before `windowOverBy` (so their 7 days are over), by group (README, "We missed you").
   */
  missedYouReturns(community: string, from: number, to: number, windowOverBy: Day): MissedYouReturns;
  /**
   * The latest survey of each kind started at an instant in [from, to) that reached its
   * minimum number of answers, with its score; none of a kind below its minimum.
   */
  surveyScores(community: string, from: number, to: number): SurveyScore[];
  /** The baseline later figures are compared with, once one was taken. */
  baseline(community: string): Baseline | undefined;
  /** Keeps `baseline`, replacing any earlier one. */
  saveBaseline(community: string, baseline: Baseline): void;
}

declare module '../define.ts' {
  interface FeatureStores {
    health: HealthStore;
  }
}

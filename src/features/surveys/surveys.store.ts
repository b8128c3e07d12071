import type { MemberId } from '../../core/ids.ts';

export const SURVEY_KINDS = ['satisfaction', 'recommendation'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export interface Survey {
  id: number;
  kind: SurveyKind;
  /** The YAML's wording, or null for the built-in question in each member's language. */
  question: string | null;
  startedBy: string;
  startedAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  minResponses: number;
  asked: number;
}

/** An answer as its author sees it while it is linked to them. */
export interface OwnAnswer {
  surveyId: number;
  kind: SurveyKind;
  score: number;
  comment: string | null;
  answeredAt: Date | null;
}

/** What a survey's results are computed from: scores and comments, never who gave them. */
export interface SurveyAnswers {
  scores: number[];
  comments: string[];
}

/** A member who may be asked: a member now, not staff. */
export interface SurveyCandidate {
  member: MemberId;
  displayName: string;
  dmOptedOut: boolean;
}

export interface SurveysStore {
  create(community: string, survey: Omit<Survey, 'id' | 'closedAt' | 'asked'>): Survey;
  get(community: string, id: number): Survey | undefined;
  latest(community: string): Survey | undefined;
  /** Members now, not staff, in member id order. */
  candidates(community: string): SurveyCandidate[];
  invite(community: string, survey: number, member: string, at: Date): void;
  uninvite(community: string, survey: number, member: string): void;
  setAsked(community: string, survey: number, asked: number): void;
  /** The open survey the member was asked most recently, if any. */
  openInviteOf(community: string, member: string): Survey | undefined;
  /** Records or replaces the member's answer. */
  answer(community: string, survey: number, member: string, score: number, comment: string | null, at: Date): void;
  /** Erases the member's answer to the given open survey; false when there was none. */
  withdraw(community: string, survey: number, member: string): boolean;
  answers(community: string, survey: number): SurveyAnswers;
  /**
   * Closes the survey: its answers stop naming their authors (member and time cleared) and
   * its invitations are deleted. Idempotent; true only the first time.
   */
  close(community: string, survey: number, at: Date): boolean;
  /** Answers still linked to the member (open surveys only). */
  answersOf(community: string, member: string): OwnAnswer[];
}

declare module '../define.ts' {
  interface FeatureStores {
    surveys: SurveysStore;
  }
}

import type { MemberId } from './ids.ts';

/** A member's engagement level, as the levels feature last decided it. */
export interface LevelStanding {
  /** 0 for the first level (Exploring by default), counting up in the order the config lists levels. */
  rank: number;
  /** The level's id in the config (`exploring`, `participating`, `contributing`, `leading` by default). */
  level: string;
  /** When the member reached it. */
  since: Date;
}

/** Thanks a member received in a period: every thanks, and how many distinct members gave them. */
export interface ThanksCount {
  thanks: number;
  givers: number;
}

/** A member who contributed in a period, with the figures that rank them. */
export interface Contributor {
  member: MemberId;
  /** Distinct members who thanked them in the period. */
  givers: number;
  thanks: number;
  /** Days in the period (community timezone) with at least one activity. */
  activeDays: number;
  /** Their level now, when they have one. */
  rank?: number;
}

/**
 * Levels and thanks, read-only, for features that build on them (spotlight and
 * inner-circle candidates) without importing the levels or thanks features. Storage
 * implements it over their tables; staff and members who left are never contributors.
 */
export interface RecognitionView {
  /** Undefined when the member has never been given a level (staff, or not yet evaluated). */
  levelOf(member: MemberId): LevelStanding | undefined;
  /** Thanks received in [from, to). */
  thanksReceived(member: MemberId, from: Date, to: Date): ThanksCount;
  /**
   * Members ranked by distinct givers of thanks in [from, to), then thanks, then active
   * days, then level; members with neither thanks nor activity in the period are left out.
   */
  topContributors(from: Date, to: Date, limit: number): Contributor[];
}

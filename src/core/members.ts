import type { MemberId } from './ids.ts';
import type { Inline } from './rich-text.ts';

/** What core keeps about a member: joins, leaves, photo, activation, their own choices. */
export interface MemberRecord {
  communityId: string;
  memberId: string;
  displayName: string;
  joinedAt: Date | null;
  leftAt: Date | null;
  firstMessageAt: Date | null;
  hasPhoto: boolean;
  photoSetAt: Date | null;
  onboardingCompletedAt: Date | null;
  locale: string | null;
  dmOptOutAt: Date | null;
}

/** Of the members who joined in a period: how many joined, posted, finished onboarding, have a photo. */
export interface Cohort {
  joined: number;
  activated: number;
  onboarded: number;
  withPhoto: number;
}

/** Core's member records, read-only, for one community. */
export interface MemberView {
  get(member: MemberId): MemberRecord | undefined;
  countJoinsSince(since: Date): number;
  cohort(since: Date): Cohort;
}

/**
 * The few writes features make to core's member records, each a member's own choice or
 * milestone. Narrow on purpose: no feature edits joins, leaves or activation.
 */
export interface MemberSettings {
  /** Records (or clears, with null) the member's language, even for a member who was there before Foyer. */
  setLocale(member: MemberId, displayName: string, locale: string | null): void;
  /** Records (or clears, with null) the member's opt-out from direct messages. */
  setDmOptOut(member: MemberId, displayName: string, at: Date | null): void;
  /** Returns true only the first time. */
  markOnboardingComplete(member: MemberId, at: Date): boolean;
}

/** One part of what Foyer keeps about a member: a key in their export, and the lines `/mydata` shows. */
export interface MemberDataSection {
  /** The key of this part in the member's JSON export. */
  key: string;
  data: unknown;
  /** Short member-facing lines, in the member's language. */
  lines: Inline[][];
}

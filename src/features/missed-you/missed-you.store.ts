import type { MemberId } from '../../core/ids.ts';

export type MissedYouCohort = 'contact' | 'holdout';

/** A member who is missed today: active before, silent since `lastActiveDay`. */
export interface MissedMember {
  member: MemberId;
  displayName: string;
  lastActiveDay: string;
}

/** One absence as recorded: when it was found, the member's group, and what the contact did. */
export interface Absence {
  member: MemberId;
  lastActiveDay: string;
  eligibleAt: Date;
  eligibleDay: string;
  cohort: MissedYouCohort;
  contactStatus: string | null;
  contactedAt: Date | null;
}

export interface CandidateQuery {
  /** Last active day no later than `latest` and no earlier than `oldest`. */
  latest: string;
  oldest: string;
  lookbackDays: number;
  minActiveDays: number;
}

/** Absences of members, and who of the contact group still waits for their message. */
export interface MissedYouStore {
  /**
   * Members (not staff, still members, with no absence recorded yet for that last active
   * day) whose last active day is in the window and who were active on at least
   * `minActiveDays` of the `lookbackDays` days up to it. Reads the `member_days` roll-up.
   */
  candidates(community: string, query: CandidateQuery): MissedMember[];
  /** Records a new absence; false when it was already recorded (a rerun). */
  record(community: string, absence: Omit<Absence, 'contactStatus' | 'contactedAt'>): boolean;
  /**
   * Absences of the contact group found on or after `since` whose message did not go out
   * yet (new or capped), for members still silent since their last active day.
   */
  awaitingContact(community: string, since: string): Absence[];
  /**
   * `candidates` one page at a time, so no single read holds the event loop: the members
   * after `after` in member order, looking at no more than `scan` members (of those with
   * any activity on record, whether since `query.oldest` or before); `next` is the last
   * member looked at (undefined when none was left).
   * Optional until storage implements it; the daily look reads everything at once without it.
   */
  candidatesPage?(
    community: string,
    query: CandidateQuery,
    page: { after: string; scan: number },
  ): { missed: MissedMember[]; next: string | undefined };
  /**
   * `awaitingContact` one page at a time, in the same order (eligibility time, then member),
   * at most `limit` absences after `after`. Optional until storage implements it.
   */
  awaitingContactPage?(
    community: string,
    since: string,
    page: { after: { eligibleAt: Date; member: string } | undefined; limit: number },
  ): Absence[];
  setContact(community: string, member: string, lastActiveDay: string, status: string, at: Date): void;
  forMember(community: string, member: string): Absence[];
}

declare module '../define.ts' {
  interface FeatureStores {
    missedYou: MissedYouStore;
  }
}

import type { MemberId } from './ids.ts';

/**
 * What stands for an erased member where a record must stay for others' sake (a report
 * they filed, a poll they ran): it names nobody, and no member can ever have it as an id.
 */
export const ERASED_MEMBER = 'erased-member';

/** What one erasure did, in counts only: it is recorded, so it must not identify the member. */
export interface ErasureSummary {
  /** Records deleted, by kind of record (table). */
  removed: Record<string, number>;
  /** Records kept for others but no longer naming the member, by kind of record. */
  anonymised: Record<string, number>;
}

/** Storage's side of `/mydata erase`: every record of the member, in one transaction. */
export interface ErasureStore {
  /**
   * Deletes the member's personal data, anonymises what must stay for others, keeps
   * reports about them and moderators' decisions, and records the erasure (counts only).
   * `platformId` is the member's id as the platform writes it (in adapter state and event ids).
   */
  eraseMember(community: string, member: MemberId, platformId: string, at: Date): ErasureSummary;
}

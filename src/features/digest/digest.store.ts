/** Where a period's issue stands: waiting for approval, out, missed while Foyer was down, or never approved. */
export type IssueStatus = 'awaiting' | 'posted' | 'missed' | 'expired';

export interface DigestIssue {
  periodStart: Date;
  /** The slot the issue is due at, which ends the period it covers. */
  periodEnd: Date;
  status: IssueStatus;
  approvedBy: string | null;
  remindedAt: Date | null;
  postedAt: Date | null;
}

export interface DigestNote {
  authorId: string;
  text: string;
  createdAt: Date;
  /** The issue that carried it; null while it waits for the next one. */
  issueEnd: Date | null;
}

/** The digest's durable records: one issue per period, and the moderators' notes. */
export interface DigestStore {
  /** The period's issue, created as `awaiting` when it does not exist yet. */
  open(communityId: string, periodStart: Date, periodEnd: Date, at: Date): DigestIssue;
  get(communityId: string, periodEnd: Date): DigestIssue | undefined;
  /**
   * Marks the issue posted and hands it the pending note, in one transaction, before the
   * post is sent: false when it was already posted (or missed, or expired). A crash after
   * the claim loses this one issue; it never doubles it.
   */
  claimPost(communityId: string, periodEnd: Date, at: Date): boolean;
  approve(communityId: string, periodEnd: Date, by: string, at: Date): boolean;
  markReminded(communityId: string, periodEnd: Date, at: Date): void;
  /** Records a period as missed (Foyer was down past the grace window); false when it was already decided. */
  markMissed(communityId: string, periodStart: Date, periodEnd: Date, at: Date): boolean;
  /** An awaiting issue nobody approved before the next one was due: false when it was decided already. */
  expire(communityId: string, periodEnd: Date): boolean;
  /** Issues waiting for approval, oldest first. */
  awaiting(communityId: string): DigestIssue[];
  /** Replaces the note waiting for the next issue. */
  setNote(communityId: string, authorId: string, text: string, at: Date): void;
  /** Drops the note waiting for the next issue; false when there was none. */
  clearNote(communityId: string): boolean;
  /** The note for the next issue, if any. */
  pendingNote(communityId: string): DigestNote | undefined;
  /** The note an issue carried, if any. */
  noteOf(communityId: string, periodEnd: Date): DigestNote | undefined;
  /** The notes a member wrote (for /mydata). */
  notesBy(communityId: string, authorId: string): DigestNote[];
}

declare module '../define.ts' {
  interface FeatureStores {
    digest: DigestStore;
  }
}

/** One address on the list, as the feature sees it. */
export interface Subscriber {
  id: number;
  address: string;
  /** The member who subscribed in chat; null for an imported address. */
  memberId: string | null;
  locale: string | null;
  status: 'pending' | 'subscribed' | 'unsubscribed';
  codeHash: string | null;
  codeExpiresAt: Date | null;
  unsubscribeToken: string;
  createdAt: Date;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
}

/** One step of an address's consent trail. */
export interface ConsentEntry {
  kind: 'requested' | 'confirmed' | 'unsubscribed' | 'imported';
  at: Date;
  /** Where: `chat:<channel>`, `web`, `import:<file>`. */
  source: string;
  address: string;
  /** The exact wording the person was shown (requests and imports that carry one). */
  wording: string | null;
}

export interface SubscribeRequest {
  address: string;
  memberId: string;
  locale: string;
  codeHash: string;
  codeExpiresAt: Date;
  /** Used only when the address is new: an address keeps its unsubscribe link. */
  unsubscribeToken: string;
  at: Date;
  source: string;
  wording: string;
}

/** One row of an imported list, already checked. */
export interface ImportedSubscriber {
  address: string;
  status: 'subscribed' | 'unsubscribed';
  consentAt: Date;
  source: string;
  wording: string | null;
  unsubscribeToken: string;
}

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
}

export interface IssueDraft {
  period: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  at: Date;
  /** Subscribers linked to a member active since this local day (YYYY-MM-DD) get no copy. */
  skipActiveSince?: string;
  /** The domain of Message-IDs (`<newsletter.ISSUE.SUBSCRIBER@domain>`). */
  messageIdDomain: string;
}

export interface Issue {
  id: number;
  period: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  createdAt: Date;
  completedAt: Date | null;
}

/** One recipient still to mail: `sending` means a previous run was stopped during this very mail. */
export interface DueDelivery {
  subscriberId: number;
  address: string;
  locale: string | null;
  subscribed: boolean;
  unsubscribeToken: string;
  messageId: string;
  status: 'pending' | 'sending';
}

export interface DeliveryCounts {
  pending: number;
  sending: number;
  sent: number;
  failed: number;
}

/** The community's mailing list, its consent trail and the issues sent. */
export interface NewsletterStore {
  byId(id: number): Subscriber | undefined;
  byAddress(communityId: string, address: string): Subscriber | undefined;
  /** The member's address (the latest one they asked for). */
  byMember(communityId: string, memberId: string): Subscriber | undefined;
  byUnsubscribeToken(token: string): Subscriber | undefined;
  /** Records the request (a new address, or a new code for a pending or unsubscribed one) and its consent step. */
  request(communityId: string, request: SubscribeRequest): Subscriber;
  /** Pending → subscribed; false when it was not pending. */
  confirm(subscriberId: number, at: Date, source: string): boolean;
  /** → unsubscribed; false when it already was. */
  unsubscribe(subscriberId: number, at: Date, source: string): boolean;
  consents(subscriberId: number): ConsentEntry[];
  /** All rows or none (the caller runs it in a transaction). */
  importList(communityId: string, rows: readonly ImportedSubscriber[], at: Date): ImportSummary;
  subscribedCount(communityId: string): number;
  issueFor(communityId: string, period: string): Issue | undefined;
  /** Writes the issue and one pending row per recipient, in one transaction; returns the issue. */
  createIssue(communityId: string, draft: IssueDraft): Issue;
  issue(issueId: number): Issue | undefined;
  /** Issues with rows still to send, oldest first. */
  unfinishedIssues(communityId: string): Issue[];
  due(issueId: number, limit: number): DueDelivery[];
  markSending(issueId: number, subscriberId: number): void;
  markSent(issueId: number, subscriberId: number, at: Date): void;
  markFailed(issueId: number, subscriberId: number, error: string): void;
  /** A temporary refusal: back to pending, to be tried again later (failed after 5 tries). */
  markRetry(issueId: number, subscriberId: number, error: string): void;
  counts(issueId: number): DeliveryCounts;
  complete(issueId: number, at: Date): void;
}

declare module '../define.ts' {
  interface FeatureStores {
    newsletter: NewsletterStore;
  }
}

/** How serious a report is, least serious first: the one list the settings, the rules and storage use. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Where a report stands: open, seen by a moderator, sent up the chain, or closed with an outcome. */
export const REPORT_STATUSES = ['open', 'acknowledged', 'escalated', 'resolved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** How crisis mode holds a channel: nobody posts, or one message per member now and then. */
export const CRISIS_MODES = ['lock', 'slowmode'] as const;
export type CrisisMode = (typeof CRISIS_MODES)[number];

/** A member's report, with the evidence kept when it was filed and its triage state. */
export interface Report {
  id: number;
  communityId: string;
  reporterId: string;
  channelId: string;
  targetMessageId: string | null;
  evidenceText: string | null;
  evidenceAuthor: string | null;
  evidenceAt: Date | null;
  evidenceLink: string | null;
  reason: string;
  severity: Severity;
  status: ReportStatus;
  assignee: string | null;
  escalationLevel: number;
  outcome: string | null;
  upheld: boolean | null;
  createdAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

/** What a report is filed with; it starts open, unassigned and not escalated. */
export type NewReport = Pick<
  Report,
  | 'communityId'
  | 'reporterId'
  | 'channelId'
  | 'targetMessageId'
  | 'evidenceText'
  | 'evidenceAuthor'
  | 'evidenceAt'
  | 'evidenceLink'
  | 'reason'
  | 'severity'
  | 'createdAt'
>;

/** What moderators change on a report as they handle it. */
export type ReportChanges = Partial<
  Pick<Report, 'status' | 'assignee' | 'escalationLevel' | 'outcome' | 'upheld' | 'acknowledgedAt' | 'resolvedAt'>
>;

/** One step in a report's story: who did what, when, with a note. */
export interface ReportEvent {
  id: number;
  reportId: number;
  at: Date;
  actor: string;
  action: string;
  note: string | null;
}

/** A channel in crisis mode: how, since when, by whom, and what to restore afterwards. */
export interface CrisisState {
  communityId: string;
  channelId: string;
  mode: CrisisMode;
  /** The platform's settings before the crisis, as the adapter gave them; null when nothing was changed. */
  snapshot: Record<string, unknown> | null;
  startedAt: Date;
  startedBy: string;
}

/** A report as its reporter sees it in their own data: never who or what it was about. */
export interface FiledReport {
  id: number;
  at: Date;
  reason: string;
  status: ReportStatus;
  outcome: string | null;
}

export interface TriageStore {
  create(report: NewReport): number;
  get(communityId: string, id: number): Report | undefined;
  /** Reports not yet resolved, oldest first. */
  open(communityId: string): Report[];
  update(id: number, changes: ReportChanges): void;
  /** Moves a report to the next escalation level only from `fromLevel`: false if someone else already did. */
  escalate(id: number, fromLevel: number): boolean;
  log(reportId: number, at: Date, actor: string, action: string, note?: string): void;
  history(reportId: number): ReportEvent[];
  countByReporterSince(communityId: string, reporterId: string, since: Date): number;
  /**
   * Share of the reporter's judged reports that moderators upheld (undefined with none
   * judged); only those filed before report `beforeId` when given.
   */
  accuracy(communityId: string, reporterId: string, beforeId?: number): number | undefined;
  resolved(communityId: string): Report[];
  /** Every report filed about a channel since `since`, whatever its severity. */
  filedInChannelSince(communityId: string, channelId: string, since: Date): Report[];
  /** The reports a member filed, oldest first. */
  filedBy(communityId: string, reporterId: string): FiledReport[];
  crisis(communityId: string, channelId: string): CrisisState | undefined;
  /** Records crisis mode for a channel; false if it is already on. */
  startCrisis(state: CrisisState): boolean;
  endCrisis(communityId: string, channelId: string): void;
}

declare module '../define.ts' {
  interface FeatureStores {
    triage: TriageStore;
  }
}

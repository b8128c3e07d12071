import { and, asc, count, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Db } from './database.ts';
import { crisisState, reportEvents, reports } from './schema.ts';

export type ReportRecord = typeof reports.$inferSelect;
export type ReportEvent = typeof reportEvents.$inferSelect;
export type Severity = ReportRecord['severity'];

export interface ReportsRepository {
  create(report: Omit<typeof reports.$inferInsert, 'id' | 'status' | 'escalationLevel'>): number;
  get(communityId: string, id: number): ReportRecord | undefined;
  open(communityId: string): ReportRecord[];
  update(id: number, changes: Partial<Pick<ReportRecord, 'status' | 'assignee' | 'escalationLevel' | 'outcome' | 'upheld' | 'acknowledgedAt' | 'resolvedAt'>>): void;
  /** Moves a report to the next escalation level only from `fromLevel`: false if someone else already did. */
  escalate(id: number, fromLevel: number): boolean;
  log(reportId: number, at: Date, actor: string, action: string, note?: string): void;
  history(reportId: number): ReportEvent[];
  countByReporterSince(communityId: string, reporterId: string, since: Date): number;
  /** Share of the reporter's judged reports that moderators upheld (undefined with none judged); only those filed before report `beforeId` when given. */
  accuracy(communityId: string, reporterId: string, beforeId?: number): number | undefined;
  resolved(communityId: string): ReportRecord[];
  /** High or critical reports for a channel since `since` (the crisis trigger). */
  severeSince(communityId: string, channelId: string, since: Date): ReportRecord[];
  crisis(communityId: string, channelId: string): typeof crisisState.$inferSelect | undefined;
  /** Records crisis mode for a channel; false if it is already on. */
  startCrisis(state: typeof crisisState.$inferInsert): boolean;
  endCrisis(communityId: string, channelId: string): void;
}

export function createReportsRepository({ db }: { db: Db }): ReportsRepository {
  return {
    create: (report) => Number(db.insert(reports).values({ ...report, status: 'open' }).returning({ id: reports.id }).get().id),
    get: (communityId, id) => db.select().from(reports).where(and(eq(reports.communityId, communityId), eq(reports.id, id))).get(),
    open: (communityId) => db.select().from(reports).where(and(eq(reports.communityId, communityId), inArray(reports.status, ['open', 'acknowledged', 'escalated']))).orderBy(asc(reports.createdAt)).all(),
    update: (id, changes) => void db.update(reports).set(changes).where(eq(reports.id, id)).run(),
    escalate: (id, fromLevel) =>
      db.update(reports).set({ escalationLevel: fromLevel + 1, status: 'escalated' }).where(and(eq(reports.id, id), eq(reports.escalationLevel, fromLevel), inArray(reports.status, ['open', 'escalated']))).run().changes === 1,
    log: (reportId, at, actor, action, note) => void db.insert(reportEvents).values({ reportId, at, actor, action, note: note ?? null }).run(),
    history: (reportId) => db.select().from(reportEvents).where(eq(reportEvents.reportId, reportId)).orderBy(asc(reportEvents.at), asc(reportEvents.id)).all(),
    countByReporterSince: (communityId, reporterId, since) =>
      db.select({ n: count() }).from(reports).where(and(eq(reports.communityId, communityId), eq(reports.reporterId, reporterId), gte(reports.createdAt, since))).get()?.n ?? 0,
    accuracy(communityId, reporterId, beforeId) {
      const judged = db.select({ upheld: reports.upheld }).from(reports).where(and(eq(reports.communityId, communityId), eq(reports.reporterId, reporterId), isNotNull(reports.upheld), beforeId === undefined ? undefined : lt(reports.id, beforeId))).all();
      return judged.length === 0 ? undefined : judged.filter((r) => r.upheld).length / judged.length;
    },
    severeSince: (communityId, channelId, since) =>
      db.select().from(reports).where(and(eq(reports.communityId, communityId), eq(reports.channelId, channelId), inArray(reports.severity, ['high', 'critical']), gte(reports.createdAt, since))).all(),
    crisis: (communityId, channelId) => db.select().from(crisisState).where(and(eq(crisisState.communityId, communityId), eq(crisisState.channelId, channelId))).get(),
    startCrisis: (state) => db.insert(crisisState).values(state).onConflictDoNothing().run().changes === 1,
    endCrisis: (communityId, channelId) => void db.delete(crisisState).where(and(eq(crisisState.communityId, communityId), eq(crisisState.channelId, channelId))).run(),
    resolved: (communityId) => db.select().from(reports).where(and(eq(reports.communityId, communityId), eq(reports.status, 'resolved'))).all(),
  };
}

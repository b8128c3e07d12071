import { and, asc, count, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { CrisisState, Report, ReportEvent, ReportStatus, TriageStore } from '../features/triage/triage.store.ts';
import type { Db } from './database.ts';
import { crisisState, reportEvents, reports } from './schema.ts';

type ReportRow = typeof reports.$inferSelect;

// The rows hold exactly the domain's fields; the annotations make the compiler say so if either side changes.
const toReport = (row: ReportRow): Report => row;
const toEvent = (row: typeof reportEvents.$inferSelect): ReportEvent => row;
const toCrisis = (row: typeof crisisState.$inferSelect): CrisisState => row;

/** What a reporter sees of a report they filed. */
const FILED_FIELDS = {
  id: reports.id,
  at: reports.createdAt,
  reason: reports.reason,
  status: reports.status,
  outcome: reports.outcome,
};

const UNRESOLVED: ReportStatus[] = ['open', 'acknowledged', 'escalated'];
/** A moderator who acknowledged a report stops its escalation; only these may still go up. */
const ESCALATABLE: ReportStatus[] = ['open', 'escalated'];

export function createTriageStore({ db }: { db: Db }): TriageStore {
  const ofCommunity = (communityId: string) => eq(reports.communityId, communityId);
  const byReporter = (communityId: string, reporterId: string) =>
    and(ofCommunity(communityId), eq(reports.reporterId, reporterId));
  const crisisKey = (communityId: string, channelId: string) =>
    and(eq(crisisState.communityId, communityId), eq(crisisState.channelId, channelId));
  return {
    create: (report) =>
      Number(
        db
          .insert(reports)
          .values({ ...report, status: 'open' })
          .returning({ id: reports.id })
          .get().id,
      ),
    get(communityId, id) {
      const row = db
        .select()
        .from(reports)
        .where(and(ofCommunity(communityId), eq(reports.id, id)))
        .get();
      return row && toReport(row);
    },
    open: (communityId) =>
      db
        .select()
        .from(reports)
        .where(and(ofCommunity(communityId), inArray(reports.status, UNRESOLVED)))
        .orderBy(asc(reports.createdAt))
        .all()
        .map(toReport),
    update: (id, changes) => void db.update(reports).set(changes).where(eq(reports.id, id)).run(),
    escalate: (id, fromLevel) =>
      db
        .update(reports)
        .set({ escalationLevel: fromLevel + 1, status: 'escalated' })
        .where(and(eq(reports.id, id), eq(reports.escalationLevel, fromLevel), inArray(reports.status, ESCALATABLE)))
        .run().changes === 1,
    log: (reportId, at, actor, action, note) =>
      void db
        .insert(reportEvents)
        .values({ reportId, at, actor, action, note: note ?? null })
        .run(),
    history: (reportId) =>
      db
        .select()
        .from(reportEvents)
        .where(eq(reportEvents.reportId, reportId))
        .orderBy(asc(reportEvents.at), asc(reportEvents.id))
        .all()
        .map(toEvent),
    countByReporterSince: (communityId, reporterId, since) =>
      db
        .select({ n: count() })
        .from(reports)
        .where(and(byReporter(communityId, reporterId), gte(reports.createdAt, since)))
        .get()?.n ?? 0,
    accuracy(communityId, reporterId, beforeId) {
      const filedBefore = beforeId === undefined ? undefined : lt(reports.id, beforeId);
      const judged = db
        .select({ upheld: reports.upheld })
        .from(reports)
        .where(and(byReporter(communityId, reporterId), isNotNull(reports.upheld), filedBefore))
        .all();
      return judged.length === 0 ? undefined : judged.filter((r) => r.upheld).length / judged.length;
    },
    resolved: (communityId) =>
      db
        .select()
        .from(reports)
        .where(and(ofCommunity(communityId), eq(reports.status, 'resolved')))
        .all()
        .map(toReport),
    filedInChannelSince: (communityId, channelId, since) =>
      db
        .select()
        .from(reports)
        .where(and(ofCommunity(communityId), eq(reports.channelId, channelId), gte(reports.createdAt, since)))
        .all()
        .map(toReport),
    filedBy: (communityId, reporterId) =>
      db
        .select(FILED_FIELDS)
        .from(reports)
        .where(byReporter(communityId, reporterId))
        .orderBy(asc(reports.createdAt), asc(reports.id))
        .all(),
    crisis(communityId, channelId) {
      const row = db.select().from(crisisState).where(crisisKey(communityId, channelId)).get();
      return row && toCrisis(row);
    },
    startCrisis: (state) => db.insert(crisisState).values(state).onConflictDoNothing().run().changes === 1,
    endCrisis: (communityId, channelId) => void db.delete(crisisState).where(crisisKey(communityId, channelId)).run(),
  };
}

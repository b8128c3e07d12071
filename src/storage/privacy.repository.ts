import { and, count, desc, eq, max, min } from 'drizzle-orm';
import type { Db } from './database.ts';
import { members, messageActivity, onboardingSteps, outreachLog, reports } from './schema.ts';

/** Everything Foyer keeps about one member, for them to see and take away. */
export interface MemberDataExport {
  member: typeof members.$inferSelect | null;
  onboardingSteps: { step: string; doneAt: Date; detail: string | null }[];
  messages: { count: number; first: Date | null; last: Date | null };
  outreach: { at: Date; feature: string; reason: string; via: string; status: string; outcome: string | null }[];
  /** Reports this member filed (reports about them are not shown: a reporter is never revealed). */
  reportsFiled: { id: number; at: Date; reason: string; status: string; outcome: string | null }[];
}

export interface PrivacyRepository {
  exportMember(communityId: string, memberId: string): MemberDataExport;
}

export function createPrivacyRepository({ db }: { db: Db }): PrivacyRepository {
  return {
    exportMember(communityId, memberId) {
      const member = db.select().from(members).where(and(eq(members.communityId, communityId), eq(members.memberId, memberId))).get() ?? null;
      const steps = db.select({ step: onboardingSteps.step, doneAt: onboardingSteps.doneAt, detail: onboardingSteps.detail })
        .from(onboardingSteps).where(and(eq(onboardingSteps.communityId, communityId), eq(onboardingSteps.memberId, memberId))).all();
      const activity = db.select({ count: count(), first: min(messageActivity.at), last: max(messageActivity.at) })
        .from(messageActivity).where(and(eq(messageActivity.communityId, communityId), eq(messageActivity.memberId, memberId))).get();
      const outreach = db.select({ at: outreachLog.at, feature: outreachLog.feature, reason: outreachLog.reason, via: outreachLog.via, status: outreachLog.status, outcome: outreachLog.outcome })
        .from(outreachLog).where(and(eq(outreachLog.communityId, communityId), eq(outreachLog.memberId, memberId))).orderBy(desc(outreachLog.at)).all();
      const filed = db.select({ id: reports.id, at: reports.createdAt, reason: reports.reason, status: reports.status, outcome: reports.outcome })
        .from(reports).where(and(eq(reports.communityId, communityId), eq(reports.reporterId, memberId))).all();
      return {
        reportsFiled: filed,
        member,
        onboardingSteps: steps,
        messages: { count: activity?.count ?? 0, first: activity?.first ?? null, last: activity?.last ?? null },
        outreach,
      };
    },
  };
}

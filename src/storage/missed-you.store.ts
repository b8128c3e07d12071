import type { MemberId } from '../core/ids.ts';
import type { Absence, MissedYouCohort, MissedYouStore } from '../features/missed-you/missed-you.store.ts';
import type { HealthStore } from '../features/health/health.store.ts';
import { RETURN_WINDOW_DAYS } from '../features/missed-you/missed-you.logic.ts';
import type { Db } from './database.ts';

/** More than the furthest any time zone is ahead of UTC (+14:00): a local day never begins earlier than this before its UTC midnight. */
const EARLIEST_OFFSET = 15 * 3_600_000;

type AbsenceRow = [string, string, number, string, MissedYouCohort, string | null, number | null];

const COLUMNS = 'member_id, last_active_day, eligible_at, eligible_day, cohort, contact_status, contacted_at';

const absenceOf = ([member, lastActiveDay, eligibleAt, eligibleDay, cohort, status, contactedAt]: AbsenceRow) => ({
  member: member as MemberId,
  lastActiveDay,
  eligibleAt: new Date(eligibleAt),
  eligibleDay,
  cohort,
  contactStatus: status,
  contactedAt: contactedAt === null ? null : new Date(contactedAt),
});

/** Members who are members now: never left, or joined again after leaving. */
const STILL_HERE = `NOT EXISTS (SELECT 1 FROM members m WHERE m.community_id = @community AND m.member_id = l.member_id
  AND m.left_at IS NOT NULL AND (m.joined_at IS NULL OR m.left_at >= m.joined_at))`;
const NOT_STAFF = 'l.member_id NOT IN (SELECT member_id FROM staff_members WHERE community_id = @community)';
const DISPLAY_NAME = `coalesce((SELECT display_name FROM members m WHERE m.community_id = @community
  AND m.member_id = l.member_id), '')`;
/**
 * Of the members `l` (member_id, last_day): the ones missed today. Last active in the window, not staff,
 * still here, no absence recorded yet for that last day, and active on `minDays` of the `lookback` days up to it.
 */
const MISSED = `l.last_day BETWEEN @oldest AND @latest AND ${NOT_STAFF} AND ${STILL_HERE}
  AND NOT EXISTS (SELECT 1 FROM missed_you_absences a WHERE a.community_id = @community
                  AND a.member_id = l.member_id AND a.last_active_day = l.last_day)
  AND (SELECT count(*) FROM member_days d WHERE d.community_id = @community AND d.member_id = l.member_id
       AND d.day BETWEEN date(l.last_day, '-' || (@lookback - 1) || ' days') AND l.last_day) >= @minDays`;
/** Absences of the contact group whose message did not go out yet (new or capped), of members still silent. */
const AWAITING = `a.community_id = @community AND a.cohort = 'contact' AND a.eligible_day >= @since
  AND (a.contact_status IS NULL OR a.contact_status = 'capped')
  AND NOT EXISTS (SELECT 1 FROM member_days d WHERE d.community_id = @community AND d.member_id = a.member_id
                  AND d.day > a.last_active_day)`;

/**
 * The missed-you feature's store. Activity is read from the per-member-day roll-up
 * (`member_days`: one row per member per local day with any activity), so the daily look
 * for missed members reads one row per member-day, never raw activity.
 */
export function createMissedYouStore({ db }: { db: Db }): MissedYouStore {
  const sqlite = db.$client;
  const candidates = sqlite
    .prepare(
      // Only the days from the window's start are read (the primary key's range): the daily look costs a few
      // weeks of member-days, however long the community's history.
      `WITH l AS (SELECT member_id, max(day) AS last_day FROM member_days WHERE community_id = @community
                  AND day >= @oldest GROUP BY member_id)
       SELECT l.member_id, l.last_day, ${DISPLAY_NAME}
       FROM l
       WHERE ${MISSED}
       ORDER BY l.member_id`,
    )
    .raw();
  const candidatesPage = sqlite
    .prepare(
      // The next `scan` members with any day on record, in member order, found one by one on the
      // `member_days_by_member` index (each the smallest member after the one before: a seek, however many days
      // each member has), then each one's last day since the window's start (another seek) and whether they are
      // missed. Every member looked at comes back, missed or not: the page's last one is where the next page starts.
      `WITH RECURSIVE page (member_id, n) AS (
         SELECT (SELECT min(member_id) FROM member_days WHERE community_id = @community AND member_id > @after), 1
         UNION ALL
         SELECT (SELECT min(d.member_id) FROM member_days d WHERE d.community_id = @community
                 AND d.member_id > page.member_id), page.n + 1
         FROM page WHERE page.member_id IS NOT NULL AND page.n < @scan),
       l AS (SELECT page.member_id, (SELECT max(d.day) FROM member_days d WHERE d.community_id = @community
                                     AND d.member_id = page.member_id AND d.day >= @oldest) AS last_day
             FROM page WHERE page.member_id IS NOT NULL)
       SELECT l.member_id, l.last_day, ${DISPLAY_NAME},
              CASE WHEN l.last_day IS NOT NULL AND ${MISSED} THEN 1 ELSE 0 END
       FROM l
       ORDER BY l.member_id`,
    )
    .raw();
  const record = sqlite.prepare(
    `INSERT INTO missed_you_absences (community_id, member_id, last_active_day, eligible_at, eligible_day, cohort)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const awaiting = sqlite
    .prepare(`SELECT ${COLUMNS} FROM missed_you_absences a WHERE ${AWAITING} ORDER BY a.eligible_at, a.member_id`)
    .raw();
  const awaitingPage = sqlite
    .prepare(
      // Keyset order on the `missed_you_awaiting` index (community, eligibility time, member): each page starts
      // where the last one ended, so none reads the absences before it again.
      `SELECT ${COLUMNS} FROM missed_you_absences a
       WHERE a.community_id = @community AND a.eligible_at >= @at AND (a.eligible_at > @at OR a.member_id > @member)
         AND ${AWAITING}
       ORDER BY a.eligible_at, a.member_id LIMIT @limit`,
    )
    .raw();
  const setContact = sqlite.prepare(
    `UPDATE missed_you_absences SET contact_status = ?, contacted_at = ?
     WHERE community_id = ? AND member_id = ? AND last_active_day = ?`,
  );
  const forMember = sqlite
    .prepare(
      `SELECT ${COLUMNS} FROM missed_you_absences WHERE community_id = ? AND member_id = ? ORDER BY last_active_day`,
    )
    .raw();
  return {
    candidates: (community, q) =>
      (
        candidates.all({
          community,
          oldest: q.oldest,
          latest: q.latest,
          lookback: q.lookbackDays,
          minDays: q.minActiveDays,
        }) as [string, string, string][]
      ).map(([member, lastActiveDay, displayName]) => ({ member: member as MemberId, lastActiveDay, displayName })),
    record: (community, a) =>
      record.run(community, a.member, a.lastActiveDay, a.eligibleAt.getTime(), a.eligibleDay, a.cohort).changes > 0,
    candidatesPage(community, q, { after, scan }) {
      const rows = candidatesPage.all({
        community,
        oldest: q.oldest,
        latest: q.latest,
        lookback: q.lookbackDays,
        minDays: q.minActiveDays,
        after,
        scan,
      }) as [string, string, string, number][];
      return {
        missed: rows
          .filter(([, , , missed]) => missed === 1)
          .map(([member, lastActiveDay, displayName]) => ({ member: member as MemberId, lastActiveDay, displayName })),
        next: rows.at(-1)?.[0],
      };
    },
    awaitingContact: (community, since): Absence[] =>
      (awaiting.all({ community, since }) as AbsenceRow[]).map(absenceOf),
    awaitingContactPage: (community, since, { after, limit }): Absence[] =>
      (
        awaitingPage.all({
          community,
          since,
          // No absence found on or after `since` (a local day) was found before that day began anywhere on Earth.
          at: after ? after.eligibleAt.getTime() : Date.parse(`${since}T00:00:00Z`) - EARLIEST_OFFSET,
          member: after ? after.member : '',
          limit,
        }) as AbsenceRow[]
      ).map(absenceOf),
    setContact: (community, member, lastActiveDay, status, at) =>
      void setContact.run(status, status === 'sent' ? at.getTime() : null, community, member, lastActiveDay),
    forMember: (community, member) => (forMember.all(community, member) as AbsenceRow[]).map(absenceOf),
  };
}

/**
 * The health store's read of the "we missed you" effect: per group, the absences found in
 * the period whose 7-day window is over, and how many of those members were active again
 * on their eligibility day or one of the 7 days after it (the `member_days` roll-up).
 * The contacted group counts only absences whose message was sent.
 */
export function createMissedYouReturns({ db }: { db: Db }): HealthStore['missedYouReturns'] {
  const groups = db.$client
    .prepare(
      `SELECT a.cohort, count(*),
              sum(CASE WHEN EXISTS (SELECT 1 FROM member_days d WHERE d.community_id = a.community_id AND d.member_id = a.member_id
                          AND d.day > a.last_active_day AND d.day <= date(a.eligible_day, '+${RETURN_WINDOW_DAYS} days'))
                  THEN 1 ELSE 0 END)
       FROM missed_you_absences a
       WHERE a.community_id = ? AND a.eligible_at >= ? AND a.eligible_at < ? AND a.eligible_day <= ?
         AND (a.cohort = 'holdout' OR a.contact_status = 'sent')
       GROUP BY a.cohort`,
    )
    .raw();
  return (community, from, to, windowOverBy) => {
    const out = { contacted: { absences: 0, returned: 0 }, holdout: { absences: 0, returned: 0 } };
    for (const [cohort, absences, returned] of groups.all(community, from, to, windowOverBy) as [
      MissedYouCohort,
      number,
      number,
    ][])
      out[cohort === 'contact' ? 'contacted' : 'holdout'] = { absences, returned };
    return out;
  };
}

import { zonedTimeToUtc } from '../../core/clock.ts';
import { addDays, dayFromNumber, dayNumber, localDayOf, weekOf } from '../../core/local-day.ts';
import type {
  Cohort,
  DailyPoint,
  Day,
  FeatureOutcomes,
  HealthFigures,
  ResponseTimes,
  Share,
} from './health.figures.ts';
import type {
  ActiveCount,
  FirstMessage,
  HealthStore,
  MemberDay,
  MembershipEvent,
  OutcomeFacts,
  PeriodActivity,
} from './health.store.ts';

/**
 * Health figures from the roll-ups. The definitions below are the ones the README's
 * "Community health" section states; a day is the community's local day, and "day N"
 * of a member is their join day plus N (the join day is day 0).
 */
export interface FiguresRequest {
  community: string;
  /** First and last day of the period, inclusive. */
  from: Day;
  to: Day;
  timezone: string;
  /** What "so far" means: windows not over by now are left out. The end of `to` when not given. */
  now?: Date;
  /** Staff named in the config, besides those the store knows. */
  staff?: readonly string[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const COHORT_WEEKS = [1, 2, 4, 8, 12] as const;

export function computeFigures(store: HealthStore, request: FiguresRequest): HealthFigures {
  const { community, from, to, timezone } = request;
  // Asked for every member's day 7 and day 30: each day's midnight is computed once.
  const midnights = new Map<Day, number>();
  const startOf = (day: Day): number => {
    let at = midnights.get(day);
    if (at === undefined) midnights.set(day, (at = zonedTimeToUtc(`${day}T00:00`, timezone)!.getTime()));
    return at;
  };
  const periodStart = startOf(from);
  const periodEnd = startOf(addDays(to, 1));
  const now = request.now?.getTime() ?? periodEnd;
  const dayOf = localDayOf(timezone);
  const today = dayNumber(dayOf(now));
  const staff = new Set([...store.staff(community), ...(request.staff ?? [])]);
  const isCommunity = (member: string) => !staff.has(member);

  const staffList = [...staff];
  // Stickiness looks at the 28 days ending on `to`, whatever the period's length.
  const countsFrom = addDays(to, -27) < from ? addDays(to, -27) : from;
  // Staff are few: their member-days are read and taken off the counts, which include everyone.
  const staffRows =
    staffList.length === 0 ? [] : store.activeDaysOf(community, staffList, addDays(countsFrom, -27), to);
  const counts = countsWithoutStaff(store.activeCounts(community, countsFrom, to), staffRows, countsFrom, to);
  const inPeriod = (row: MemberDay) => row.day >= from && row.day <= to;
  const events = store.membershipEvents(community, periodStart, periodEnd).filter((e) => isCommunity(e.member));
  const daily = dailyPoints(counts, events, from, to);
  const last = daily[daily.length - 1]!;
  const period = periodActivity(store, community, from, to, staffList, counts, staffRows);

  const joins = events.filter((e) => e.kind === 'join');
  const leaves = events.filter((e) => e.kind === 'leave');
  const joiners = firstJoins(joins);
  const activation = activationOf(store, community, joiners, today);
  const staffInPeriod = staffRows.filter(inPeriod);

  return {
    from,
    to,
    // Members: whose latest recorded join or leave before the end of the period (or now) is a join.
    members: store.membersAt(community, Math.min(now, periodEnd), [...staff]),
    joins: joins.length,
    leaves: leaves.length,
    netGrowth: joins.length - leaves.length,
    // Referral: joins the platform attributed to an invite by another member.
    referredJoins: joins.filter((e) => e.invitedBy !== null && e.invitedBy !== e.member).length,
    dau: last.dau,
    wau: last.wau,
    mau: last.mau,
    stickiness: stickinessOn(counts, to),
    // Active members: at least one activity (message, reply, reaction, vote, command) on a day of the period.
    activeMembers: period.active,
    // Communicators: 3 or more messages in the period.
    communicators: period.communicators,
    activation: activation.activated,
    communicatorActivation: activation.communicators,
    medianTimeToFirstMessageMs: timeToFirstMessage(store, community, joiners),
    response: responseTimes(store, community, from, to, now, isCommunity, startOf),
    staff: { members: staff.size, activeMembers: distinct(staffInPeriod), messages: sum(staffInPeriod) },
    outcomes: outcomesOf(store, community, store.outcomeFacts(community, periodStart, periodEnd, { from, to }), today, {
      activeMembers: period.active,
      dayOf,
    }),
    daily,
    cohorts: cohortsOf(store, community, from, to, now, today, isCommunity, startOf),
    research: {
      // Only absences whose 7 days are over by today, so a group's rate never counts a window still open.
      missedYou: store.missedYouReturns(community, periodStart, periodEnd, addDays(dayOf(now), -7)),
      // Surveys are rarer than the period: the latest one started in the 90 days up to its end.
      surveys: store.surveyScores(community, periodEnd - 90 * 86_400_000, periodEnd),
    },
  };
}

const distinct = (rows: readonly MemberDay[]): number => new Set(rows.map((row) => row.member)).size;
const sum = (rows: readonly MemberDay[]): number => rows.reduce((total, row) => total + row.messages, 0);
const share = (part: number, whole: number): Share => (whole === 0 ? undefined : part / whole);

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** p-th percentile by nearest rank: the smallest value with at least p of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * How many members were active on the `span` days ending on each day: each member-day
 * covers the `span` days starting on it; a member is counted once per day however many
 * of their active days cover it (a difference array over each member's sorted days).
 */
function activeOverSpan(rows: readonly MemberDay[], span: number, first: number, last: number): Map<number, number> {
  const byMember = new Map<string, number[]>();
  for (const row of rows) {
    const days = byMember.get(row.member);
    if (days) days.push(dayNumber(row.day));
    else byMember.set(row.member, [dayNumber(row.day)]);
  }
  const delta = new Map<number, number>();
  const bump = (day: number, by: number) => delta.set(day, (delta.get(day) ?? 0) + by);
  for (const days of byMember.values()) {
    days.sort((a, b) => a - b);
    let coveredUntil = -Infinity;
    for (const day of days) {
      const start = Math.max(day, coveredUntil + 1);
      const end = day + span - 1;
      if (start <= end) {
        bump(start, 1);
        bump(end + 1, -1);
        coveredUntil = end;
      }
    }
  }
  const counts = new Map<number, number>();
  let running = 0;
  const points = [...delta.keys()].sort((a, b) => a - b);
  let next = 0;
  for (let day = Math.min(first, points[0] ?? first); day <= last; day++) {
    while (next < points.length && points[next]! <= day) running += delta.get(points[next++]!)!;
    if (day >= first) counts.set(day, running);
  }
  return counts;
}

/**
 * Active members and communicators of the period. A 28-day period (`/health`'s) reads the
 * counts kept per day, less the staff's own; any other length groups the period's
 * member-days in the store.
 */
function periodActivity(
  store: HealthStore,
  community: string,
  from: Day,
  to: Day,
  staff: readonly string[],
  counts: Counts,
  staffRows: readonly MemberDay[],
): PeriodActivity {
  if (dayNumber(to) - dayNumber(from) !== 27) return store.periodActivity(community, from, to, staff);
  const staffMessages = new Map<string, number>();
  for (const row of staffRows)
    if (row.day >= from && row.day <= to)
      staffMessages.set(row.member, (staffMessages.get(row.member) ?? 0) + row.messages);
  const staffCommunicators = [...staffMessages.values()].filter((n) => n >= 3).length;
  return {
    active: counts(28, dayNumber(to)),
    communicators: store.communicatorsOver28Days(community, to) - staffCommunicators,
  };
}

/** Distinct non-staff members active over the span (1, 7 or 28 days) ending on a day number. */
type Counts = (span: 1 | 7 | 28, day: number) => number;

/**
 * The stored counts (everyone active) less the staff's own, from their member-days: the
 * two groups are disjoint, so the difference counts the community alone.
 */
function countsWithoutStaff(rows: readonly ActiveCount[], staffRows: readonly MemberDay[], from: Day, to: Day): Counts {
  const key = (span: number, day: number) => day * 100 + span;
  const stored = new Map<number, number>();
  for (const row of rows) stored.set(key(row.span, dayNumber(row.day)), row.members);
  const first = dayNumber(from);
  const last = dayNumber(to);
  const staff = new Map(([1, 7, 28] as const).map((span) => [span, activeOverSpan(staffRows, span, first, last)]));
  return (span, day) => (stored.get(key(span, day)) ?? 0) - (staff.get(span)!.get(day) ?? 0);
}

/** DAU: active that day; WAU: on any of the 7 days ending that day; MAU: of the 28 days. */
function dailyPoints(counts: Counts, events: readonly MembershipEvent[], from: Day, to: Day): DailyPoint[] {
  const first = dayNumber(from);
  const last = dayNumber(to);
  const onDay = new Map<Day, { joins: number; leaves: number }>();
  for (const e of events) {
    let tally = onDay.get(e.day);
    if (!tally) onDay.set(e.day, (tally = { joins: 0, leaves: 0 }));
    if (e.kind === 'join') tally.joins++;
    else tally.leaves++;
  }
  const points: DailyPoint[] = [];
  for (let n = first; n <= last; n++) {
    const day = dayFromNumber(n);
    points.push({
      day,
      dau: counts(1, n),
      wau: counts(7, n),
      mau: counts(28, n),
      joins: onDay.get(day)?.joins ?? 0,
      leaves: onDay.get(day)?.leaves ?? 0,
    });
  }
  return points;
}

/**
 * Stickiness: the mean DAU over the 28 days ending on `to`, over the MAU of those same 28
 * days (the DAUs summed are the member-days of the window).
 */
function stickinessOn(counts: Counts, to: Day): Share {
  const last = dayNumber(to);
  let memberDays = 0;
  for (let n = last - 27; n <= last; n++) memberDays += counts(1, n);
  return share(memberDays / 28, counts(28, last));
}

/** Each member's first join among the given joins. */
function firstJoins(joins: readonly MembershipEvent[]): MembershipEvent[] {
  const first = new Map<string, MembershipEvent>();
  for (const join of joins) if (!first.has(join.member)) first.set(join.member, join);
  return [...first.values()];
}

/**
 * Activation: of the members who joined in the period (non-staff, first join in it) and
 * whose days 0–6 are over, the share who posted on one of those days, and the share who
 * posted 3 or more messages on them (communicators).
 */
function activationOf(
  store: HealthStore,
  community: string,
  joiners: readonly MembershipEvent[],
  today: number,
): { activated: Share; communicators: Share } {
  const settled = joiners.filter((j) => dayNumber(j.day) + 6 < today);
  const messages = messagesOnDays(store, community, settled, 0, 6);
  return {
    activated: share(settled.filter((j) => (messages.get(j.member) ?? 0) > 0).length, settled.length),
    communicators: share(settled.filter((j) => (messages.get(j.member) ?? 0) >= 3).length, settled.length),
  };
}

/** Messages each member posted on their days `firstDay`–`lastDay` after the given join. */
function messagesOnDays(
  store: HealthStore,
  community: string,
  joins: readonly MembershipEvent[],
  firstDay: number,
  lastDay: number,
): Map<string, number> {
  const totals = new Map<string, number>();
  const activity = activityByMember(store, community, joins, lastDay);
  for (const join of joins)
    totals.set(
      join.member,
      activityBetween(activity.get(join.member), dayNumber(join.day), firstDay, lastDay).messages,
    );
  return totals;
}

/** A member's active day as a day number (parsed once: cohorts look at each many times), and its messages. */
interface NumberedDay {
  n: number;
  messages: number;
}

function activityByMember(
  store: HealthStore,
  community: string,
  joins: readonly MembershipEvent[],
  lastDay: number,
): Map<string, NumberedDay[]> {
  const byMember = new Map<string, NumberedDay[]>();
  if (joins.length === 0) return byMember;
  const days = joins.map((j) => j.day).sort();
  const rows = store.activeDaysOf(
    community,
    joins.map((j) => j.member),
    days[0]!,
    addDays(days[days.length - 1]!, lastDay),
  );
  for (const row of rows) {
    const day = { n: dayNumber(row.day), messages: row.messages };
    const list = byMember.get(row.member);
    if (list) list.push(day);
    else byMember.set(row.member, [day]);
  }
  return byMember;
}

/** The active days and messages of a member on their days `firstDay`–`lastDay` after joining on day number `joined`. */
function activityBetween(
  days: readonly NumberedDay[] | undefined,
  joined: number,
  firstDay: number,
  lastDay: number,
): { days: number; messages: number } {
  let active = 0;
  let messages = 0;
  for (const day of days ?? []) {
    const d = day.n - joined;
    if (d >= firstDay && d <= lastDay) {
      active++;
      messages += day.messages;
    }
  }
  return { days: active, messages };
}

/** Median time to first message: from joining to the first message Foyer saw after it, for the joiners who posted. */
function timeToFirstMessage(
  store: HealthStore,
  community: string,
  joiners: readonly MembershipEvent[],
): number | undefined {
  if (joiners.length === 0) return undefined;
  const joinedAt = new Map(joiners.map((j) => [j.member, j.at]));
  const waits = store
    .firstMessagesOf(community, [...joinedAt.keys()])
    .filter((m) => m.at >= joinedAt.get(m.member)!)
    .map((m) => m.at - joinedAt.get(m.member)!);
  return median(waits);
}

/**
 * Time to first response: for the first message Foyer saw from each newcomer (a non-staff
 * member whose join Foyer recorded before it), posted on a day of the period, the time
 * until another member replied to it through the platform's reply relation (Discord's
 * message reference, Matrix `m.in_reply_to`; a message merely posted after it is not a
 * reply). Median and p90 over the answered ones; the unanswered share over those whose
 * 24 hours are over: no reply, or the first reply later than 24 hours.
 */
function responseTimes(
  store: HealthStore,
  community: string,
  from: Day,
  to: Day,
  now: number,
  isCommunity: (member: string) => boolean,
  startOf: (day: Day) => number,
): ResponseTimes {
  const candidates = store.firstMessages(community, from, to).filter((m) => isCommunity(m.member));
  const firsts = newcomersOnly(store, community, candidates, startOf(from));
  const answered = firsts.filter((m) => m.firstReplyAt !== null).map((m) => m.firstReplyAt! - m.at);
  const settled = firsts.filter((m) => m.at + 24 * HOUR_MS <= now);
  const unanswered = settled.filter((m) => m.firstReplyAt === null || m.firstReplyAt - m.at > 24 * HOUR_MS);
  return {
    firstMessages: firsts.length,
    medianMs: median(answered),
    p90Ms: percentile(answered, 0.9),
    unansweredAfter24h: share(unanswered.length, settled.length),
  };
}

/** A year of joins is looked back on: a "newcomer" who joined longer ago than that is not one. */
function newcomersOnly(
  store: HealthStore,
  community: string,
  firsts: readonly FirstMessage[],
  periodStart: number,
): FirstMessage[] {
  if (firsts.length === 0) return [];
  const latest = Math.max(...firsts.map((m) => m.at));
  const joined = store.firstJoinsOf(
    community,
    firsts.map((m) => m.member),
    periodStart - 365 * DAY_MS,
    latest + 1,
  );
  return firsts.filter((m) => joined.has(m.member) && joined.get(m.member)! <= m.at);
}

/**
 * The cohort table: members (non-staff) by the week (Monday to Sunday) of their first
 * join, for every week that overlaps the period. Each share is left undefined until its
 * window is over for every member of the cohort:
 * - activated / communicators: posted (3+ messages) on days 0–6;
 * - membership D7 / D30: still a member at the start of day 7 / 30 (their latest join or
 *   leave before it is a join);
 * - active D7 / D30: any activity on days 7–13 / 30–59;
 * - week N (1, 2, 4, 8, 12): any activity on days 7N to 7N+6.
 */
function cohortsOf(
  store: HealthStore,
  community: string,
  from: Day,
  to: Day,
  now: number,
  today: number,
  isCommunity: (member: string) => boolean,
  startOf: (day: Day) => number,
): Cohort[] {
  const firstWeek = weekOf(from);
  const lastWeek = weekOf(to);
  const start = startOf(firstWeek);
  const end = Math.min(now, startOf(addDays(lastWeek, 7)));
  const history = store.membershipEvents(community, start, Math.max(end, now) + 1).filter((e) => isCommunity(e.member));
  const joiners = firstJoins(history.filter((e) => e.kind === 'join' && e.at < end));
  const activity = activityByMember(store, community, joiners, 7 * 12 + 6);
  const eventsOf = new Map<string, MembershipEvent[]>();
  for (const e of history) {
    const list = eventsOf.get(e.member);
    if (list) list.push(e);
    else eventsOf.set(e.member, [e]);
  }
  const byWeek = new Map<Day, MembershipEvent[]>();
  const joinedOn = new Map<MembershipEvent, number>();
  for (const j of joiners) {
    const list = byWeek.get(weekOf(j.day));
    if (list) list.push(j);
    else byWeek.set(weekOf(j.day), [j]);
    joinedOn.set(j, dayNumber(j.day));
  }
  const cohorts: Cohort[] = [];
  for (let week = firstWeek; week <= lastWeek; week = addDays(week, 7)) {
    const members = byWeek.get(week) ?? [];
    const lastJoin = Math.max(...members.map((j) => joinedOn.get(j)!), dayNumber(week));
    const over = (lastDayOfWindow: number) => lastJoin + lastDayOfWindow < today;
    const ratio = (lastDayOfWindow: number, test: (join: MembershipEvent) => boolean): Share =>
      over(lastDayOfWindow) ? share(members.filter(test).length, members.length) : undefined;
    const activeOn = (join: MembershipEvent, firstDay: number, lastDay: number, minMessages = 0) => {
      const seen = activityBetween(activity.get(join.member), joinedOn.get(join)!, firstDay, lastDay);
      return minMessages === 0 ? seen.days > 0 : seen.messages >= minMessages;
    };
    const stillMember = (join: MembershipEvent, day: number) => {
      const before = startOf(addDays(join.day, day));
      const latest = (eventsOf.get(join.member) ?? []).filter((e) => e.at >= join.at && e.at < before).pop();
      return latest === undefined || latest.kind === 'join';
    };
    cohorts.push({
      week,
      size: members.length,
      activated: ratio(6, (j) => activeOn(j, 0, 6, 1)),
      communicators: ratio(6, (j) => activeOn(j, 0, 6, 3)),
      membershipD7: ratio(6, (j) => stillMember(j, 7)),
      membershipD30: ratio(29, (j) => stillMember(j, 30)),
      activeD7: ratio(13, (j) => activeOn(j, 7, 13)),
      activeD30: ratio(59, (j) => activeOn(j, 30, 59)),
      activeInWeek: Object.fromEntries(
        COHORT_WEEKS.map((n) => [n, ratio(7 * n + 6, (j) => activeOn(j, 7 * n, 7 * n + 6))]),
      ) as Cohort['activeInWeek'],
    });
  }
  return cohorts;
}

/** Outcomes of Foyer's own features, for what happened in the period. */
function outcomesOf(
  store: HealthStore,
  community: string,
  facts: OutcomeFacts,
  today: number,
  { activeMembers, dayOf }: { activeMembers: number; dayOf: (at: number) => Day },
): FeatureOutcomes {
  // Welcome → activation: welcomed newcomers (joined in the period, days 0–6 over) who posted on days 0–6.
  const welcomed: MembershipEvent[] = facts.welcomed.map((w) => ({
    member: w.member,
    kind: 'join',
    at: w.joinedAt,
    day: dayOf(w.joinedAt),
    invitedBy: null,
  }));
  const settled = welcomed.filter((w) => dayNumber(w.day) + 6 < today);
  const posted = messagesOnDays(store, community, settled, 0, 6);
  return {
    welcomeToActivation: share(settled.filter((w) => (posted.get(w.member) ?? 0) > 0).length, settled.length),
    // Onboarding completion: of the members who joined in the period, those who finished onboarding.
    onboardingCompletion: share(facts.onboarded, facts.joined),
    // Photo nudge conversion: members first nudged in the period who set a photo after the nudge.
    photoNudgeConversion: share(facts.nudgedThenPhoto, facts.nudged),
    // Post rate: messages in the period per current member, with a photo and without.
    postRateWithPhoto: share(facts.withPhoto.messages, facts.withPhoto.members),
    postRateWithoutPhoto: share(facts.withoutPhoto.messages, facts.withoutPhoto.members),
    questionsAsked: facts.questionsAsked,
    questionsThatRevived: facts.questionsThatRevived,
    // Poll participation: ballots per poll closed in the period, over the members active in it.
    pollParticipation:
      facts.pollsClosed === 0 || activeMembers === 0 ? undefined : facts.ballots / facts.pollsClosed / activeMembers,
    calendarPostsOnTime: facts.calendarPostsOnTime,
    calendarPostsMissed: facts.calendarPostsMissed,
    triageMedianAcknowledgeMs: median(facts.triageAcknowledgeMs),
    triageMedianResolveMs: median(facts.triageResolveMs),
  };
}

import { afterAll, describe, expect, it } from 'vitest';
import { localDayOf } from '../../src/core/local-day.ts';
import { computeFigures } from '../../src/features/health/health.kpis.ts';
import { createActivityWriter, type ActionRow } from '../../src/storage/activity.repository.ts';
import { rebuildActiveMembers } from '../../src/storage/active-members.ts';
import { createHealthStore, createRollupsRepository } from '../../src/storage/health.store.ts';
import { createMembersRepository } from '../../src/storage/members.repository.ts';
import { openTestDatabase, testDatabaseKind } from '../support/postgres/database.ts';

/**
 * On random activity, every roll-up answer equals a naive computation over the raw rows
 * (message_activity, membership_events, and the actions the test itself logged, since
 * reactions, votes and commands have no raw table). The naive side shares no code with
 * the writer: its days come from a fresh Intl call per instant.
 */

const TIMEZONE = 'Europe/Paris';
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Two windows of a week around Paris's DST changes (29 March and 25 October 2026). */
const WINDOWS = [Date.parse('2026-03-25T00:00:00Z'), Date.parse('2026-10-21T00:00:00Z')];
const SPAN_DAYS = 8;
// Each case is a few hundred statements; on PostgreSQL each is a round trip, so it checks fewer seeds there.
const CASES = testDatabaseKind() === 'postgres' ? 60 : 300;

const db = openTestDatabase();
afterAll(() => db.$client.close());
const sqlite = db.$client;
const health = createHealthStore({ db });
const rollups = createRollupsRepository({ db });
const membersRepository = createMembersRepository({ db });
const productionDayOf = localDayOf(TIMEZONE);

const naiveFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIMEZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const naiveDay = (at: number): string => naiveFormat.format(new Date(at));
const shiftDay = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** mulberry32: small, seeded, good enough to explore. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Posted {
  channel: string;
  member: string;
  message: string;
  at: number;
  replyTo?: string;
}

type Step =
  | { kind: 'join' | 'leave'; member: string; at: number }
  | { kind: 'post'; row: Posted }
  | { kind: 'remove'; message: string }
  | { kind: 'action'; member: string; at: number; action: ActionRow['kind'] }
  | { kind: 'flush' };

/** A random story: a few members and channels, messages out of order, replies, removals, redeliveries. */
function randomSteps(random: () => number): { steps: Step[]; start: number } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const start = pick(WINDOWS);
  const members = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => `m${i}`);
  const channels = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => `c${i}`);
  const posted: Posted[] = [];
  const steps: Step[] = [];
  const removed = new Set<string>();
  let clock = start;
  const length = 5 + Math.floor(random() * 60);
  for (let i = 0; i < length; i++) {
    // Mostly forward in time, sometimes a little back (late delivery), across day boundaries.
    clock = Math.min(start + SPAN_DAYS * DAY - HOUR, clock + Math.floor(random() * 9 * HOUR));
    const at = Math.max(start, clock - (random() < 0.2 ? Math.floor(random() * 3 * HOUR) : 0));
    const roll = random();
    if (roll < 0.1) steps.push({ kind: random() < 0.7 ? 'join' : 'leave', member: pick(members), at });
    else if (roll < 0.55 || posted.length === 0) {
      const replyTarget = posted.length > 0 && random() < 0.5 ? pick(posted).message : undefined;
      const row: Posted = {
        channel: pick(channels),
        member: pick(members),
        message: `msg${i}`,
        at,
        ...(replyTarget !== undefined ? { replyTo: random() < 0.9 ? replyTarget : 'msg-unknown' } : {}),
      };
      posted.push(row);
      steps.push({ kind: 'post', row });
    } else if (roll < 0.65) {
      // A redelivery (a platform never redelivers a message once it told of its removal).
      const live = posted.filter((row) => !removed.has(row.message));
      if (live.length > 0) steps.push({ kind: 'post', row: pick(live) });
    } else if (roll < 0.73) {
      const message = pick(posted).message;
      removed.add(message);
      steps.push({ kind: 'remove', message });
    } else if (roll < 0.85)
      steps.push({ kind: 'action', member: pick(members), at, action: pick(['reaction', 'vote', 'command'] as const) });
    else steps.push({ kind: 'flush' });
  }
  return { steps, start };
}

/** What core's track() does with each step, through the real storage layer. */
function ingest(community: string, steps: readonly Step[], batchSize: number): void {
  membersRepository.ensureCommunity(community, community, new Date(0));
  const writer = createActivityWriter({ db, batchSize });
  const activated = new Set<string>();
  for (const step of steps) {
    if (step.kind === 'join' || step.kind === 'leave') {
      rollups.recordMembership(community, step.member, step.kind, new Date(step.at), productionDayOf(step.at));
    } else if (step.kind === 'post') {
      const { row } = step;
      let first = false;
      if (!activated.has(row.member)) {
        first = membersRepository.recordFirstMessage(community, row.member, row.member, new Date(row.at));
        activated.add(row.member);
      }
      writer.add({
        communityId: community,
        channelId: row.channel,
        memberId: row.member,
        messageId: row.message,
        at: new Date(row.at),
        day: productionDayOf(row.at),
        ...(row.replyTo !== undefined ? { replyTo: row.replyTo } : {}),
        ...(first ? { first } : {}),
      });
    } else if (step.kind === 'remove') writer.remove(community, step.message, productionDayOf);
    else if (step.kind === 'action')
      writer.addAction({
        communityId: community,
        memberId: step.member,
        day: productionDayOf(step.at),
        kind: step.action,
      });
    else writer.flush();
  }
  writer.flush();
}

interface RawRow {
  channel: string;
  member: string;
  message: string;
  at: number;
  replyTo: string | null;
}

const rawRows = (community: string): RawRow[] =>
  sqlite
    .prepare(
      `SELECT channel_id AS channel, member_id AS member, message_id AS message, at, reply_to AS replyTo
       FROM message_activity WHERE community_id = ?`,
    )
    .all(community) as RawRow[];

type Totals = { messages: number; replies: number; reactions: number; votes: number; commands: number };

function naiveMemberDays(rows: readonly RawRow[], steps: readonly Step[]): Map<string, Totals> {
  const days = new Map<string, Totals>();
  const of = (day: string, member: string): Totals => {
    const key = `${day} ${member}`;
    let totals = days.get(key);
    if (!totals) days.set(key, (totals = { messages: 0, replies: 0, reactions: 0, votes: 0, commands: 0 }));
    return totals;
  };
  for (const row of rows) {
    const totals = of(naiveDay(row.at), row.member);
    totals.messages++;
    if (row.replyTo !== null) totals.replies++;
  }
  for (const step of steps) {
    if (step.kind !== 'action') continue;
    const totals = of(naiveDay(step.at), step.member);
    if (step.action === 'reaction') totals.reactions++;
    else if (step.action === 'vote') totals.votes++;
    else totals.commands++;
  }
  return days;
}

function naiveChannelDays(
  rows: readonly RawRow[],
): Map<string, { messages: number; replies: number; participants: number }> {
  const days = new Map<string, { messages: number; replies: number; members: Set<string> }>();
  for (const row of rows) {
    const key = `${row.channel} ${naiveDay(row.at)}`;
    let day = days.get(key);
    if (!day) days.set(key, (day = { messages: 0, replies: 0, members: new Set() }));
    day.messages++;
    if (row.replyTo !== null) day.replies++;
    day.members.add(row.member);
  }
  return new Map(
    [...days].map(([key, d]) => [key, { messages: d.messages, replies: d.replies, participants: d.members.size }]),
  );
}

/**
 * Each member's first message is the first one delivered (a redelivery is not a new
 * message); if it was removed, the member has none. Its first reply: the earliest
 * remaining reply to it by another member, at or after it.
 */
function naiveFirstMessages(
  rows: readonly RawRow[],
  steps: readonly Step[],
): Map<string, { at: number; firstReplyAt: number | null }> {
  const firstDelivered = new Map<string, Posted>();
  for (const step of steps)
    if (step.kind === 'post' && !firstDelivered.has(step.row.member)) firstDelivered.set(step.row.member, step.row);
  const remaining = new Set(rows.map((row) => row.message));
  const firsts = new Map<string, { at: number; firstReplyAt: number | null }>();
  for (const [member, message] of firstDelivered) {
    if (!remaining.has(message.message)) continue;
    const replies = rows
      .filter((row) => row.replyTo === message.message && row.member !== member && row.at >= message.at)
      .map((row) => row.at);
    firsts.set(member, { at: message.at, firstReplyAt: replies.length > 0 ? Math.min(...replies) : null });
  }
  return firsts;
}

function checkCase(seed: number): void {
  const random = prng(seed);
  const community = `community-${seed}`;
  const { steps, start } = randomSteps(random);
  ingest(community, steps, 1 + Math.floor(random() * 12));
  const rows = rawRows(community);
  const context = `seed ${seed}`;

  const memberDays = new Map(
    (
      sqlite
        .prepare(
          'SELECT day, member_id, messages, replies, reactions, votes, commands FROM member_days WHERE community_id = ?',
        )
        .raw()
        .all(community) as [string, string, number, number, number, number, number][]
    ).map(([day, member, messages, replies, reactions, votes, commands]) => [
      `${day} ${member}`,
      { messages, replies, reactions, votes, commands },
    ]),
  );
  const expectedMemberDays = naiveMemberDays(rows, steps);
  expect(memberDays, context).toEqual(expectedMemberDays);

  const channelDays = new Map(
    (
      sqlite
        .prepare('SELECT channel_id, day, messages, replies, participants FROM channel_days WHERE community_id = ?')
        .raw()
        .all(community) as [string, string, number, number, number][]
    ).map(([channel, day, messages, replies, participants]) => [
      `${channel} ${day}`,
      { messages, replies, participants },
    ]),
  );
  expect(channelDays, context).toEqual(naiveChannelDays(rows));

  const firsts = new Map(
    (
      sqlite
        .prepare('SELECT member_id, at, first_reply_at FROM first_messages WHERE community_id = ?')
        .raw()
        .all(community) as [string, number, number | null][]
    ).map(([member, at, firstReplyAt]) => [member, { at, firstReplyAt }]),
  );
  expect(firsts, context).toEqual(naiveFirstMessages(rows, steps));

  // DAU / WAU / MAU of every day of the window, through the health store and computeFigures.
  const from = naiveDay(start);
  const to = naiveDay(start + SPAN_DAYS * DAY - HOUR);
  const figures = computeFigures(health, { community, from, to, timezone: TIMEZONE, now: new Date(start + 90 * DAY) });
  const activeOn = new Map<string, Set<string>>();
  for (const key of expectedMemberDays.keys()) {
    const [day, member] = key.split(' ') as [string, string];
    if (!activeOn.has(day)) activeOn.set(day, new Set());
    activeOn.get(day)!.add(member);
  }
  const activeOver = (day: string, span: number): number => {
    const members = new Set<string>();
    for (let n = 0; n < span; n++) for (const member of activeOn.get(shiftDay(day, -n)) ?? []) members.add(member);
    return members.size;
  };
  const membership = steps.filter(
    (s): s is Extract<Step, { kind: 'join' | 'leave' }> => s.kind === 'join' || s.kind === 'leave',
  );
  const expectedDaily = [];
  for (let day = from; day <= to; day = shiftDay(day, 1))
    expectedDaily.push({
      day,
      dau: activeOver(day, 1),
      wau: activeOver(day, 7),
      mau: activeOver(day, 28),
      joins: membership.filter((e) => e.kind === 'join' && naiveDay(e.at) === day).length,
      leaves: membership.filter((e) => e.kind === 'leave' && naiveDay(e.at) === day).length,
    });
  expect(figures.daily, context).toEqual(expectedDaily);
  expect(figures.activeMembers, context).toBe(new Set([...activeOn.values()].flatMap((s) => [...s])).size);
  const messagesOf = new Map<string, number>();
  for (const [key, totals] of expectedMemberDays) {
    const [day, member] = key.split(' ') as [string, string];
    if (day >= from && day <= to) messagesOf.set(member, (messagesOf.get(member) ?? 0) + totals.messages);
  }
  expect(figures.communicators, context).toBe([...messagesOf.values()].filter((n) => n >= 3).length);

  // A 28-day period (`/health`'s) reads the per-day counts instead: the same answers.
  const month = computeFigures(health, {
    community,
    from: shiftDay(to, -27),
    to,
    timezone: TIMEZONE,
    now: new Date(start + 90 * DAY),
  });
  const monthMessages = new Map<string, number>();
  for (const [key, totals] of expectedMemberDays) {
    const [day, member] = key.split(' ') as [string, string];
    if (day <= to) monthMessages.set(member, (monthMessages.get(member) ?? 0) + totals.messages);
  }
  expect(month.activeMembers, context).toBe(monthMessages.size);
  expect(month.communicators, context).toBe([...monthMessages.values()].filter((n) => n >= 3).length);

  // Members at the end of the period: whose latest join or leave before it (by time, then as recorded) is a join.
  const latest = new Map<string, { at: number; kind: string }>();
  for (const e of membership)
    if (naiveDay(e.at) <= to && (latest.get(e.member)?.at ?? -Infinity) <= e.at) latest.set(e.member, e);
  expect(figures.members, context).toBe([...latest.values()].filter((e) => e.kind === 'join').length);
}

/** The per-day counts with something in them, every community. */
const storedCounts = () => [
  ...(sqlite.prepare('SELECT * FROM active_members WHERE members <> 0 ORDER BY 1, 2, 3').raw().all() as unknown[][]),
  ...(sqlite.prepare('SELECT * FROM communicator_counts WHERE members <> 0 ORDER BY 1, 2').raw().all() as unknown[][]),
];

describe('health roll-ups on random activity', () => {
  it(`equal a naive computation over the raw rows (${CASES} seeded cases, DST weeks in Paris)`, () => {
    for (let seed = 1; seed <= CASES; seed++) checkCase(seed);
  }, 90_000); // about 7 s alone on PostgreSQL, several times that on a loaded CI machine

  it('keep the DAU/WAU/MAU and communicator counts a rebuild from the member-days gives', () => {
    const incremental = storedCounts();
    expect(incremental.length).toBeGreaterThan(CASES);
    rebuildActiveMembers(db);
    expect(storedCounts()).toEqual(incremental);
  });
});

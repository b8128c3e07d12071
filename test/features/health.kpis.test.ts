import { afterEach, describe, expect, it } from 'vitest';
import type { FoyerEvent } from '../../src/core/events.ts';
import { channelId, eventId, messageId } from '../../src/core/ids.ts';
import { computeFigures, median, percentile } from '../../src/features/health/health.kpis.ts';
import { Harness } from '../support/harness.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Monday 2 March 2026, 10:00 in Paris (UTC+1 until 29 March): day 0 of the first cohort. */
const DAY0 = Date.parse('2026-03-02T09:00:00Z');
const at = (day: number, hours = 0) => new Date(DAY0 + day * DAY + hours * HOUR);

let h: Harness;
afterEach(async () => h?.stop());

let n = 0;
const base = (when: Date) => ({ id: eventId('console', `e${++n}`), community: h.community, at: when });
const who = (name: string) => ({ id: h.member(name), displayName: name });
const join = (name: string, when: Date): FoyerEvent => ({
  ...base(when),
  type: 'member.joined',
  member: who(name),
  hasPhoto: false,
});
const leave = (name: string, when: Date): FoyerEvent => ({ ...base(when), type: 'member.left', member: who(name) });
const post = (name: string, id: string, when: Date, replyTo?: string): FoyerEvent => ({
  ...base(when),
  type: 'message.posted',
  author: who(name),
  channel: channelId('console', 'general'),
  message: messageId('console', id),
  text: 'hello',
  ...(replyTo ? { replyTo: messageId('console', replyTo) } : {}),
});
const react = (name: string, when: Date): FoyerEvent => ({
  ...base(when),
  type: 'reaction.added',
  member: who(name),
  channel: channelId('console', 'general'),
  message: messageId('console', 'ana-1'),
  emoji: '👍',
});
const command = (name: string, when: Date, role: 'member' | 'moderator'): FoyerEvent => ({
  ...base(when),
  type: 'command.invoked',
  invocation: {
    name: 'help',
    argText: '',
    invoker: who(name),
    role,
    channel: channelId('console', 'general'),
    replyHandle: null,
  },
});

/**
 * A hand-built community over five weeks; every expected figure below was worked out by
 * hand from this story (Paris time, days counted from each member's join day).
 */
async function story(): Promise<void> {
  h = await Harness.start();
  const events: FoyerEvent[] = [
    join('ana', at(0)),
    join('bob', at(0)),
    join('cy', at(0)),
    command('mod', at(0), 'moderator'), // mod is staff from now on
    post('ana', 'ana-1', at(0, 0.5)), // ana's first message, 30 min after joining
    post('mod', 'mod-1', at(0, 1.5), 'ana-1'), // answered after 1 h (staff answer newcomers too)
    post('bob', 'bob-1', at(1)), // bob: first message 24 h after joining
    post('bob', 'bob-2', at(1, 1), 'bob-1'), // his own follow-up is no answer
    post('bob', 'bob-3', at(1, 2)),
    post('bob', 'bob-4', at(1, 3)),
    post('ana', 'ana-2', at(3), 'bob-1'), // bob answered after 48 h
    leave('cy', at(3, 2)),
    join('eve', at(7)),
    post('eve', 'eve-1', at(7, 2)), // eve: first message 2 h after joining
    post('ana', 'ana-3', at(7, 4), 'eve-1'), // answered after 2 h
    post('mod', 'mod-2', at(7, 5), 'eve-1'), // a later answer changes nothing
    react('ana', at(8)),
    post('bob', 'bob-5', at(13)), // Sunday 15 March, bob's day 13
    post('ana', 'ana-4', at(30)), // ana's day 30, after the period
  ];
  for (const event of events) await h.deliver(event);
  h.storage.activity.flush();
}

const figures = () =>
  computeFigures(h.storage.stores.health, {
    community: h.community,
    from: '2026-03-02',
    to: '2026-03-15',
    timezone: 'Europe/Paris',
    now: at(35),
  });

describe('health figures on a hand-built community', () => {
  it('counts joins, leaves, members and net growth, staff apart', async () => {
    await story();
    const f = figures();
    expect({ joins: f.joins, leaves: f.leaves, netGrowth: f.netGrowth, members: f.members }).toEqual({
      joins: 4,
      leaves: 1,
      netGrowth: 3,
      members: 3,
    });
    expect(f.referredJoins).toBe(0);
    expect(f.staff).toEqual({ members: 1, activeMembers: 1, messages: 2 });
  });

  it('counts active members, communicators, DAU/WAU/MAU and stickiness without staff', async () => {
    await story();
    const f = figures();
    expect(f.activeMembers).toBe(3); // ana, bob, eve
    expect(f.communicators).toBe(2); // bob 5 messages, ana 3
    expect({ dau: f.dau, wau: f.wau, mau: f.mau }).toEqual({ dau: 1, wau: 3, mau: 3 });
    // 7 member-days (ana 4, bob 2, eve 1) over 28 days, over a MAU of 3.
    expect(f.stickiness).toBeCloseTo(7 / 28 / 3, 10);
    expect(f.daily).toHaveLength(14);
    expect(f.daily[0]).toEqual({ day: '2026-03-02', dau: 1, wau: 1, mau: 1, joins: 3, leaves: 0 });
    expect(f.daily[3]).toEqual({ day: '2026-03-05', dau: 1, wau: 2, mau: 2, joins: 0, leaves: 1 });
    expect(f.daily[8]).toMatchObject({ day: '2026-03-10', dau: 1, wau: 2, mau: 3 }); // bob's 3 March is 8 days back
  });

  it('measures activation and the time to a first message', async () => {
    await story();
    const f = figures();
    expect(f.activation).toBe(3 / 4); // ana, bob, eve posted on days 0–6; cy never did
    expect(f.communicatorActivation).toBe(1 / 4); // bob only
    expect(f.medianTimeToFirstMessageMs).toBe(2 * HOUR); // 30 min, 2 h, 24 h
  });

  it('measures newcomers’ time to first response by real replies only', async () => {
    await story();
    expect(figures().response).toEqual({
      firstMessages: 3,
      medianMs: 2 * HOUR, // 1 h, 2 h, 48 h
      p90Ms: 48 * HOUR,
      unansweredAfter24h: 1 / 3, // bob
    });
  });

  it('builds the join-week cohort table', async () => {
    await story();
    const [first, second] = figures().cohorts;
    expect(first).toEqual({
      week: '2026-03-02',
      size: 3,
      activated: 2 / 3,
      communicators: 1 / 3,
      membershipD7: 2 / 3, // cy left on day 3
      membershipD30: 2 / 3,
      activeD7: 2 / 3, // ana (days 7, 8), bob (day 13)
      activeD30: undefined, // days 30–59 are not over
      activeInWeek: { 1: 2 / 3, 2: 0, 4: 1 / 3, 8: undefined, 12: undefined },
    });
    expect(second).toEqual({
      week: '2026-03-09',
      size: 1,
      activated: 1,
      communicators: 0,
      membershipD7: 1,
      membershipD30: undefined,
      activeD7: 0,
      activeD30: undefined,
      activeInWeek: { 1: 0, 2: 0, 4: undefined, 8: undefined, 12: undefined },
    });
  });

  it('forgets a removed message in the roll-ups', async () => {
    await story();
    await h.deliver({
      ...base(at(13, 1)),
      type: 'message.removed',
      channel: channelId('console', 'general'),
      message: messageId('console', 'bob-5'),
    });
    const f = figures();
    expect(f.dau).toBe(0);
    expect(f.wau).toBe(2);
  });
});

describe('median and percentile', () => {
  it('takes the mean of the middle two and the nearest rank', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(90);
    expect(percentile([5], 0.9)).toBe(5);
  });
});

// Issue 20: what Synapse cannot be made to send — a member event without the spec's optional
// prev_content, back- and future-dated events, room versions and poll shapes of other servers.
import { describe, expect, it } from 'vitest';
import {
  communityTime,
  membershipEvent,
  pollBallot,
  powerLevelOf,
  redactedEventId,
  type RawMatrixEvent,
} from '../../../src/adapters/matrix/matrix.translate.ts';
import { communityId } from '../../../src/core/ids.ts';

const community = communityId('c');
const at = new Date('2026-03-02T10:00:00Z');
const joinEvent = (extra: Partial<RawMatrixEvent> = {}): RawMatrixEvent => ({
  event_id: '$m1',
  type: 'm.room.member',
  sender: '@ana:example.org',
  state_key: '@ana:example.org',
  room_id: '!a:example.org',
  origin_server_ts: at.getTime(),
  content: { membership: 'join', displayname: 'Ana' },
  ...extra,
});

describe('Matrix membership across the community’s rooms', () => {
  it('without prev_content, a join over a known join is a profile change, never a join', () => {
    const event = membershipEvent(joinEvent(), community, { knownInRoom: true, inOtherRooms: false, at });
    expect(event).toMatchObject({ type: 'member.updated', member: { displayName: 'Ana' } });
  });

  it('without prev_content, a join Foyer has not seen in this room is a join', () => {
    expect(membershipEvent(joinEvent(), community, { knownInRoom: false, inOtherRooms: false, at })).toMatchObject({
      type: 'member.joined',
      at,
    });
  });

  it('joining or leaving one room while in another changes nothing in the community', () => {
    expect(
      membershipEvent(joinEvent({ unsigned: { prev_content: { membership: 'leave' } } }), community, {
        knownInRoom: false,
        inOtherRooms: true,
        at,
      }),
    ).toBeUndefined();
    const leave = joinEvent({ content: { membership: 'leave' }, unsigned: { prev_content: { membership: 'join' } } });
    expect(membershipEvent(leave, community, { knownInRoom: true, inOtherRooms: true, at })).toBeUndefined();
    expect(membershipEvent(leave, community, { knownInRoom: true, inOtherRooms: false, at })).toMatchObject({
      type: 'member.left',
    });
  });
});

describe('Matrix community time', () => {
  const bounds = { notBefore: at.getTime(), receivedAt: at.getTime() + 30_000 };
  it('a future-dated event happened at the latest when it was received', () => {
    expect(communityTime(at.getTime() + 86_400_000, bounds)).toEqual(new Date(bounds.receivedAt));
  });
  it('a back-dated event happened after the previous sync', () => {
    expect(communityTime(Date.parse('2019-01-01T00:00:00Z'), bounds)).toEqual(at);
  });
  it('a plausible timestamp is kept', () => {
    expect(communityTime(at.getTime() + 10_000, bounds)).toEqual(new Date(at.getTime() + 10_000));
  });
});

describe('Matrix power levels by room version', () => {
  const powerLevels = { users: { '@mod:example.org': 50 }, users_default: 0 };
  it('from version 12, the creator and additional creators have unlimited power without being in `users`', () => {
    const create = {
      sender: '@owner:example.org',
      content: { room_version: '12', additional_creators: ['@co:example.org'] },
    };
    expect(powerLevelOf('@owner:example.org', { create, powerLevels })).toBe(Number.POSITIVE_INFINITY);
    expect(powerLevelOf('@co:example.org', { create, powerLevels })).toBe(Number.POSITIVE_INFINITY);
    expect(powerLevelOf('@mod:example.org', { create, powerLevels })).toBe(50);
    expect(powerLevelOf('@ana:example.org', { create, powerLevels })).toBe(0);
  });
  it('before version 12, the creator has only what `users` says', () => {
    const create = {
      sender: '@owner:example.org',
      content: { room_version: '11', additional_creators: ['@co:example.org'] },
    };
    expect(powerLevelOf('@owner:example.org', { create, powerLevels })).toBe(0);
    expect(powerLevelOf('@co:example.org', { create, powerLevels })).toBe(0);
  });
  it('a room without power levels gives its creator 100', () => {
    expect(
      powerLevelOf('@owner:example.org', { create: { sender: '@owner:example.org', content: { room_version: '10' } } }),
    ).toBe(100);
  });
});

describe('Matrix poll responses and redactions', () => {
  const response = (content: Record<string, unknown>): RawMatrixEvent => ({
    event_id: '$r',
    type: 'm.poll.response',
    sender: '@ana:example.org',
    room_id: '!a:example.org',
    origin_server_ts: 0,
    content,
  });
  const ids = ['a1', 'a2', 'a3'];
  it('a response is the whole ballot, in either shape, at most max_selections', () => {
    expect(pollBallot(response({ 'm.selections': ['a2', 'a1'] }), ids, 3)).toEqual([1, 2]);
    expect(pollBallot(response({ 'org.matrix.msc3381.poll.response': { answers: ['a3'] } }), ids, 3)).toEqual([3]);
    expect(pollBallot(response({ 'm.selections': ['a2', 'a1'] }), ids, 1)).toEqual([2]);
  });
  it('an empty or spoiled response withdraws the vote', () => {
    expect(pollBallot(response({ 'm.selections': [] }), ids, 3)).toEqual([]);
    expect(pollBallot(response({ 'm.selections': ['a1', 'zz'] }), ids, 3)).toEqual([]);
  });
  it('a redaction names the removed event, in content (v11+) or at the top level (older rooms)', () => {
    const base = {
      event_id: '$x',
      type: 'm.room.redaction',
      sender: '@mod:example.org',
      room_id: '!a:example.org',
      origin_server_ts: 0,
    };
    expect(redactedEventId({ ...base, content: { redacts: '$gone' } })).toBe('$gone');
    expect(redactedEventId({ ...base, redacts: '$old', content: {} })).toBe('$old');
    expect(redactedEventId({ ...base, type: 'm.room.message', content: { redacts: '$gone' } })).toBeUndefined();
  });
});

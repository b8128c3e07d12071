import type { FoyerEvent } from '../../core/events.ts';
import { channelId, eventId, memberId, messageId, type CommunityId } from '../../core/ids.ts';
import type { Role } from '../../core/roles.ts';

/** The fields of a Matrix event Foyer reads (as in /sync responses). */
export interface RawMatrixEvent {
  event_id: string;
  type: string;
  sender: string;
  room_id: string;
  origin_server_ts: number;
  state_key?: string;
  content: Record<string, unknown>;
  unsigned?: { prev_content?: Record<string, unknown> };
}

const name = (e: RawMatrixEvent, userId: string) =>
  typeof e.content['displayname'] === 'string' && e.content['displayname'] ? String(e.content['displayname']) : userId.slice(1).split(':')[0]!;

/**
 * Membership changes: a join (not a profile update), a leave, or a profile change that
 * sets or removes the avatar. Keyed by event id: a replayed event is the same event.
 */
export function membershipEvent(e: RawMatrixEvent, community: CommunityId): FoyerEvent | undefined {
  if (e.type !== 'm.room.member' || !e.state_key) return undefined;
  const user = e.state_key;
  const now = e.content['membership'];
  const before = e.unsigned?.prev_content?.['membership'];
  const base = { id: eventId('matrix', e.event_id), community, at: new Date(e.origin_server_ts), member: { id: memberId('matrix', user), displayName: name(e, user) } };
  const hasPhoto = typeof e.content['avatar_url'] === 'string' && e.content['avatar_url'] !== '';
  if (now === 'join' && before !== 'join') return { ...base, type: 'member.joined', hasPhoto };
  if (now === 'join' && before === 'join') {
    const hadPhoto = typeof e.unsigned?.prev_content?.['avatar_url'] === 'string' && e.unsigned.prev_content['avatar_url'] !== '';
    const renamed = e.unsigned?.prev_content?.['displayname'] !== e.content['displayname'];
    return hadPhoto !== hasPhoto || renamed ? { ...base, type: 'member.updated', hasPhoto } : undefined;
  }
  if ((now === 'leave' || now === 'ban') && before === 'join') return { ...base, type: 'member.left' };
  return undefined;
}

/** A `!command args` line, or undefined for ordinary text. */
export function parseBang(body: string): { name: string; argText: string } | undefined {
  // Replies from older clients start with a quoted fallback of the original message.
  const own = body.replace(/^(>.*\n)+\n/, '');
  const match = /^!([a-z][\w-]*)(?:\s+([\s\S]*))?$/i.exec(own.trim());
  return match ? { name: match[1]!.toLowerCase(), argText: (match[2] ?? '').trim() } : undefined;
}

export function messageEvent(e: RawMatrixEvent, community: CommunityId, displayName: string): FoyerEvent | undefined {
  if (e.type !== 'm.room.message' || typeof e.content['body'] !== 'string') return undefined;
  return {
    type: 'message.posted',
    id: eventId('matrix', e.event_id),
    community,
    at: new Date(e.origin_server_ts),
    author: { id: memberId('matrix', e.sender), displayName },
    channel: channelId('matrix', e.room_id),
    message: messageId('matrix', e.event_id),
    text: e.content['body'],
  };
}

/** Power level → Foyer role, with the thresholds from config. */
export const roleFromPowerLevel = (level: number, mapping: { moderatorPowerLevel: number; adminPowerLevel: number }): Role =>
  level >= mapping.adminPowerLevel ? 'admin' : level >= mapping.moderatorPowerLevel ? 'moderator' : 'member';

/** The answer index (from 1) of an m.poll.response, given the poll's answer ids. */
export function pollAnswerIndex(e: RawMatrixEvent, answerIds: readonly string[]): number | undefined {
  // Stable m.selections, or the older MSC3381 shape some clients still send.
  const legacy = (e.content['org.matrix.msc3381.poll.response'] as { answers?: unknown } | undefined)?.answers;
  const selections = e.content['m.selections'] ?? legacy;
  const first = Array.isArray(selections) ? selections[0] : undefined;
  const index = typeof first === 'string' ? answerIds.indexOf(first) : -1;
  return index >= 0 ? index + 1 : undefined;
}

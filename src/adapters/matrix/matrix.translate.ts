import type { FoyerEvent } from '../../core/events.ts';
import { channelId, eventId, memberId, messageId, type CommunityId, type MessageId } from '../../core/ids.ts';
import type { Role } from '../../core/roles.ts';
import { repliedTo } from './matrix.threads.ts';

/** The fields of a Matrix event Foyer reads (as in /sync responses). */
export interface RawMatrixEvent {
  event_id: string;
  type: string;
  sender: string;
  room_id: string;
  origin_server_ts: number;
  state_key?: string;
  content: Record<string, unknown>;
  /** The redacted event, top level before room version 11 (from v11 it is in `content`). */
  redacts?: string;
  unsigned?: { prev_content?: Record<string, unknown>; redacted_because?: unknown };
}

const name = (e: RawMatrixEvent, userId: string) =>
  typeof e.content['displayname'] === 'string' && e.content['displayname']
    ? String(e.content['displayname'])
    : userId.slice(1).split(':')[0]!;

/** What Foyer knows about a member apart from the event itself. */
export interface MembershipContext {
  /** Whether Foyer last saw the user joined in this room: the answer when the event has no `prev_content`. */
  knownInRoom: boolean;
  /** Whether the user is joined in another of the community's rooms. */
  inOtherRooms: boolean;
  /** The event's community time (see `communityTime`). */
  at: Date;
}

const hasAvatar = (content: Record<string, unknown> | undefined) =>
  typeof content?.['avatar_url'] === 'string' && content['avatar_url'] !== '';

/**
 * A room membership change as a community membership change: being in any of the
 * community's rooms is being in the community, so a join is the first room joined and a
 * leave (or ban) the last room left. A join over a join is a profile change, never a join;
 * when the spec's optional `prev_content` is missing, Foyer's own record of the room says
 * which it is. Keyed by event id: a replayed event is the same event.
 */
export function membershipEvent(
  e: RawMatrixEvent,
  community: CommunityId,
  context: MembershipContext,
): FoyerEvent | undefined {
  if (e.type !== 'm.room.member' || !e.state_key) return undefined;
  const user = e.state_key;
  const joinedNow = e.content['membership'] === 'join';
  const previous = e.unsigned?.prev_content;
  const wasInRoom = previous ? previous['membership'] === 'join' : context.knownInRoom;
  const base = {
    id: eventId('matrix', e.event_id),
    community,
    at: context.at,
    member: { id: memberId('matrix', user), displayName: name(e, user) },
  };
  const hasPhoto = hasAvatar(e.content);
  if (joinedNow && wasInRoom) {
    // Without prev_content nothing says what changed: report the profile as it is now.
    const changed =
      !previous || hasAvatar(previous) !== hasPhoto || previous['displayname'] !== e.content['displayname'];
    return changed ? { ...base, type: 'member.updated', hasPhoto } : undefined;
  }
  if (context.inOtherRooms) return undefined;
  if (joinedNow) return { ...base, type: 'member.joined', hasPhoto };
  const left = e.content['membership'] === 'leave' || e.content['membership'] === 'ban';
  return left && wasInRoom ? { ...base, type: 'member.left' } : undefined;
}

/**
 * When an event happened, for community figures. `origin_server_ts` is the sender's
 * server's word: bridged and federated events can be back- or future-dated, so it is
 * kept between the previous sync (nothing in this one is older) and the time received.
 */
export function communityTime(originServerTs: number, bounds: { notBefore: number; receivedAt: number }): Date {
  return new Date(Math.min(Math.max(originServerTs, bounds.notBefore), bounds.receivedAt));
}

/** A `!command args` line, or undefined for ordinary text. */
export function parseBang(body: string): { name: string; argText: string } | undefined {
  // Replies from older clients start with a quoted fallback of the original message.
  const own = body.replace(/^(>.*\n)+\n/, '');
  const match = /^!([a-z][\w-]*)(?:\s+([\s\S]*))?$/i.exec(own.trim());
  return match ? { name: match[1]!.toLowerCase(), argText: (match[2] ?? '').trim() } : undefined;
}

/**
 * The msgtypes a person writes. m.notice is the Matrix convention for automated messages
 * (bots and bridges send it, and must not answer it), m.server_notice is the homeserver
 * speaking, and unknown msgtypes are not assumed to be people.
 */
const MEMBER_MSGTYPES: ReadonlySet<string> = new Set([
  'm.text',
  'm.emote',
  'm.image',
  'm.file',
  'm.audio',
  'm.video',
  'm.location',
]);

/**
 * Whether an event is a new message a person posted: not room state (even of type
 * m.room.message), not an edit (m.replace changes a message already counted), not a
 * redacted message, and not a notice. The sender is judged apart (`otherBotsMatcher`).
 */
export function isMemberMessage(e: RawMatrixEvent): boolean {
  if (e.type !== 'm.room.message' || e.state_key !== undefined || e.unsigned?.redacted_because !== undefined)
    return false;
  if (typeof e.content['body'] !== 'string' || !MEMBER_MSGTYPES.has(String(e.content['msgtype']))) return false;
  const relation = e.content['m.relates_to'] as { rel_type?: unknown } | undefined;
  return relation?.rel_type !== 'm.replace';
}

/**
 * Matrix does not tell clients which accounts are bots or a bridge's users, so the
 * admin lists them: whole user ids where `*` stands for any characters.
 */
export function otherBotsMatcher(patterns: readonly string[]): (userId: string) => boolean {
  if (patterns.length === 0) return () => false;
  const escape = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const whole = new RegExp(`^(?:${patterns.map((p) => p.split('*').map(escape).join('.*')).join('|')})$`);
  return (userId) => whole.test(userId);
}

/** A member's new message as a Foyer event (metadata and text), or undefined for anything else. */
export function messageEvent(
  e: RawMatrixEvent,
  community: CommunityId,
  displayName: string,
  at = new Date(e.origin_server_ts),
): FoyerEvent | undefined {
  if (!isMemberMessage(e)) return undefined;
  return {
    type: 'message.posted',
    id: eventId('matrix', e.event_id),
    community,
    at,
    author: { id: memberId('matrix', e.sender), displayName },
    channel: channelId('matrix', e.room_id),
    message: messageId('matrix', e.event_id),
    text: String(e.content['body']),
    ...replyRelation(e.content),
  };
}

const replyRelation = (content: Record<string, unknown>): { replyTo?: MessageId } => {
  const target = repliedTo(content);
  return target ? { replyTo: messageId('matrix', target) } : {};
};

/** Power level → Foyer role, with the thresholds from config. */
export const roleFromPowerLevel = (
  level: number,
  mapping: { moderatorPowerLevel: number; adminPowerLevel: number },
): Role => (level >= mapping.adminPowerLevel ? 'admin' : level >= mapping.moderatorPowerLevel ? 'moderator' : 'member');

/** The event a redaction removes, or undefined for any other event. */
export function redactedEventId(e: RawMatrixEvent): string | undefined {
  if (e.type !== 'm.room.redaction') return undefined;
  const target = e.content['redacts'] ?? e.redacts;
  return typeof target === 'string' ? target : undefined;
}

/** Room versions where creators have unlimited power and are not listed in `users` (MSC4289). */
const CREATORS_ARE_PRIVILEGED = (version: string): boolean =>
  version === 'org.matrix.hydra.11' || (/^\d+$/.test(version) && Number(version) >= 12);

/** The room state that decides a user's power: m.room.create (sender and content) and m.room.power_levels. */
export interface PowerState {
  create?: { sender: string; content: Record<string, unknown> };
  powerLevels?: Record<string, unknown>;
}

/**
 * A user's power level in a room, read as the room's version says: from version 12 the
 * creator and `additional_creators` outrank everyone (Infinity); before it, a room with
 * no power levels event gives its creator 100.
 */
export function powerLevelOf(userId: string, state: PowerState): number {
  const version = String(state.create?.content['room_version'] ?? '1');
  const additional = state.create?.content['additional_creators'];
  const creators = [state.create?.sender, ...(Array.isArray(additional) ? additional : [])];
  if (CREATORS_ARE_PRIVILEGED(version)) {
    if (creators.includes(userId)) return Number.POSITIVE_INFINITY;
  }
  if (!state.powerLevels) return creators[0] === userId ? 100 : 0;
  const users = (state.powerLevels['users'] ?? {}) as Record<string, unknown>;
  const level = users[userId] ?? state.powerLevels['users_default'] ?? 0;
  return typeof level === 'number' ? level : Number(level) || 0;
}

/**
 * A poll response as the voter's whole ballot: answer indexes from 1, at most
 * `maxSelections`. Each response replaces the voter's previous one; an empty one withdraws
 * the vote, and so does one naming an answer the poll does not have (a spoiled ballot, as
 * Element counts it). Reads stable `m.selections` and the MSC3381 shape Element sends.
 */
export function pollBallot(e: RawMatrixEvent, answerIds: readonly string[], maxSelections: number): number[] {
  const legacy = (e.content['org.matrix.msc3381.poll.response'] as { answers?: unknown } | undefined)?.answers;
  const selections = e.content['m.selections'] ?? legacy;
  if (!Array.isArray(selections) || selections.some((s) => typeof s !== 'string' || !answerIds.includes(s))) return [];
  const indexes = selections.slice(0, Math.max(1, maxSelections)).map((s) => answerIds.indexOf(s as string) + 1);
  return [...new Set(indexes)].sort((a, b) => a - b);
}

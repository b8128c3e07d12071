import { GuildMemberFlags, MessageType, type Message } from 'discord.js';
import type { FoyerEvent, MemberRef } from '../../core/events.ts';
import { channelId, eventId, memberId, messageId, type CommunityId } from '../../core/ids.ts';
import type { Role } from '../../core/roles.ts';

/** The parts of a guild member Foyer reads; discord.js's GuildMember and raw payloads both fit. */
export interface MemberLike {
  id: string;
  displayName: string;
  /** Guild avatar hash, if any. */
  avatar: string | null;
  user: { avatar: string | null; bot: boolean };
  pending: boolean;
  /** GuildMemberFlags bitfield. */
  flags: number;
  joinedTimestamp: number | null;
  roles: readonly string[];
  isAdministrator: boolean;
}

export const discordMemberRef = (m: Pick<MemberLike, 'id' | 'displayName'>): MemberRef => ({
  id: memberId('discord', m.id),
  displayName: m.displayName,
});

/** A profile photo is a user avatar or a guild avatar. */
export const hasPhoto = (m: Pick<MemberLike, 'avatar' | 'user'>): boolean =>
  m.avatar !== null || m.user.avatar !== null;

/**
 * Whether a newcomer can see the channels yet: membership screening passed, and, in a
 * guild using Discord's onboarding, onboarding completed. Welcoming earlier greets
 * someone who cannot read the welcome. With onboarding switched off, members who were
 * mid-way are in; when Foyer could not read the guild's onboarding, a member who started
 * it without completing it is taken to be still on the way.
 */
export function canSeeChannels(
  m: Pick<MemberLike, 'pending' | 'flags'>,
  guildUsesOnboarding: boolean | 'unknown',
): boolean {
  if (m.pending) return false;
  const completed = (m.flags & GuildMemberFlags.CompletedOnboarding) !== 0;
  const started = (m.flags & GuildMemberFlags.StartedOnboarding) !== 0;
  if (guildUsesOnboarding === 'unknown') return completed || !started;
  return completed || !guildUsesOnboarding;
}

/** The join event, keyed by member and join time so a replayed or reconciled join is the same event. */
export function joinEvent(m: MemberLike, community: CommunityId): FoyerEvent {
  const at = new Date(m.joinedTimestamp ?? 0);
  const rejoined = (m.flags & GuildMemberFlags.DidRejoin) !== 0;
  return {
    type: 'member.joined',
    id: eventId('discord', `join:${m.id}:${at.getTime()}`),
    community,
    at,
    member: discordMemberRef(m),
    hasPhoto: hasPhoto(m),
    ...(rejoined ? { rejoined } : {}),
  };
}

export function roleOf(
  m: Pick<MemberLike, 'roles' | 'isAdministrator'>,
  mapping: { moderatorRoles: readonly string[]; adminRoles: readonly string[] },
): Role {
  if (m.isAdministrator || m.roles.some((r) => mapping.adminRoles.includes(r))) return 'admin';
  if (m.roles.some((r) => mapping.moderatorRoles.includes(r))) return 'moderator';
  return 'member';
}

export interface MessageLike {
  id: string;
  channelId: string;
  content: string;
  createdTimestamp: number;
  /** Discord's message type (0 DEFAULT, 7 USER_JOIN, 19 REPLY…). */
  type: number;
  /** `system`: Discord's own official account (urgent notices), not a member. */
  author: { id: string; bot: boolean; system: boolean; displayName: string };
  webhookId: string | null;
  /** The message this one replies to (Discord's message reference on a REPLY). */
  replyToId?: string | null;
}

/**
 * What Foyer reads of a message discord.js built (the messages it handles itself: threads, channels not in the
 * cache); `messageFromPacket` reads the same from a raw MESSAGE_CREATE, and a test holds the two equal.
 */
export function messageLike(message: Message): MessageLike {
  return {
    id: message.id,
    channelId: message.channelId,
    content: message.content,
    createdTimestamp: message.createdTimestamp,
    type: message.type,
    author: {
      id: message.author.id,
      bot: message.author.bot,
      system: message.author.system ?? false,
      displayName: message.member?.displayName ?? message.author.displayName,
    },
    webhookId: message.webhookId,
    replyToId: message.reference?.messageId ?? null,
  };
}

/**
 * The only message types whose content a member typed: 0 DEFAULT and 19 REPLY. Every
 * other type is something Discord writes about an action, even when the author field
 * names the member who acted: 7 USER_JOIN ("X joined the server", in the system channel,
 * authored by the newcomer), 6 pins, 8–11 boosts, 18 thread created, 21 thread starter,
 * 24 AutoMod, 46 poll result, and types Discord adds later. 20 CHAT_INPUT_COMMAND and 23
 * CONTEXT_MENU_COMMAND are an application's answer to an interaction, not member text
 * either: the member's own act is the interaction, which Foyer handles as a command.
 * An allow-list, so a new system type can never pass for a member's first message,
 * an introduction, or a quiet channel coming back to life.
 */
const MEMBER_MESSAGE_TYPES: ReadonlySet<number> = new Set([MessageType.Default, MessageType.Reply]);

/**
 * Whether a message is a member speaking: other bots, webhooks and platform system messages are not community
 * activity.
 */
export function isMemberMessage(m: Pick<MessageLike, 'type' | 'author' | 'webhookId'>): boolean {
  return MEMBER_MESSAGE_TYPES.has(m.type) && !m.author.bot && !m.author.system && !m.webhookId;
}

/** A member's message as a Foyer event (metadata and text), or undefined for anything else. */
export function messageEvent(m: MessageLike, community: CommunityId): FoyerEvent | undefined {
  if (!isMemberMessage(m)) return undefined;
  return {
    type: 'message.posted',
    id: eventId('discord', `message:${m.id}`),
    community,
    at: new Date(m.createdTimestamp),
    author: { id: memberId('discord', m.author.id), displayName: m.author.displayName },
    channel: channelId('discord', m.channelId),
    message: messageId('discord', m.id),
    text: m.content,
    ...(m.type === MessageType.Reply && m.replyToId ? { replyTo: messageId('discord', m.replyToId) } : {}),
  };
}

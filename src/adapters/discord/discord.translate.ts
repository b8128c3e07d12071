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

/** GuildMemberFlags.CompletedOnboarding and StartedOnboarding. */
const COMPLETED_ONBOARDING = 1 << 1;
const STARTED_ONBOARDING = 1 << 3;

export const discordMemberRef = (m: Pick<MemberLike, 'id' | 'displayName'>): MemberRef => ({ id: memberId('discord', m.id), displayName: m.displayName });

/** A profile photo is a user avatar or a guild avatar. */
export const hasPhoto = (m: Pick<MemberLike, 'avatar' | 'user'>): boolean => m.avatar !== null || m.user.avatar !== null;

/**
 * Whether a newcomer can see the channels yet: membership screening passed, and, in a
 * guild using Discord's onboarding, onboarding completed. Welcoming earlier greets
 * someone who cannot read the welcome.
 */
export function canSeeChannels(m: Pick<MemberLike, 'pending' | 'flags'>, guildUsesOnboarding: boolean): boolean {
  if (m.pending) return false;
  const completed = (m.flags & COMPLETED_ONBOARDING) !== 0;
  const started = (m.flags & STARTED_ONBOARDING) !== 0;
  return completed || (!guildUsesOnboarding && !started);
}

/** The join event, keyed by member and join time so a replayed or reconciled join is the same event. */
export function joinEvent(m: MemberLike, community: CommunityId): FoyerEvent {
  const at = new Date(m.joinedTimestamp ?? 0);
  return { type: 'member.joined', id: eventId('discord', `join:${m.id}:${at.getTime()}`), community, at, member: discordMemberRef(m), hasPhoto: hasPhoto(m) };
}

export function roleOf(m: Pick<MemberLike, 'roles' | 'isAdministrator'>, mapping: { moderatorRoles: readonly string[]; adminRoles: readonly string[] }): Role {
  if (m.isAdministrator || m.roles.some((r) => mapping.adminRoles.includes(r))) return 'admin';
  if (m.roles.some((r) => mapping.moderatorRoles.includes(r))) return 'moderator';
  return 'member';
}

export interface MessageLike {
  id: string;
  channelId: string;
  content: string;
  createdTimestamp: number;
  author: { id: string; bot: boolean; displayName: string };
  webhookId: string | null;
}

/** A member's message; other bots' and webhooks' messages are not community activity. */
export function messageEvent(m: MessageLike, community: CommunityId): FoyerEvent | undefined {
  if (m.author.bot || m.webhookId) return undefined;
  return {
    type: 'message.posted',
    id: eventId('discord', `message:${m.id}`),
    community,
    at: new Date(m.createdTimestamp),
    author: { id: memberId('discord', m.author.id), displayName: m.author.displayName },
    channel: channelId('discord', m.channelId),
    message: messageId('discord', m.id),
    text: m.content,
  };
}

import { describe, expect, it } from 'vitest';
import {
  canSeeChannels,
  hasPhoto,
  joinEvent,
  messageEvent,
  roleOf,
  type MemberLike,
  type MessageLike,
} from '../../../src/adapters/discord/discord.translate.ts';
import { communityId } from '../../../src/core/ids.ts';

// Shaped after a GUILD_MEMBER_ADD payload as discord.js exposes it.
const member = (over: Partial<MemberLike> = {}): MemberLike => ({
  id: '222222222222222222',
  displayName: 'Ana',
  avatar: null,
  user: { avatar: null, bot: false },
  pending: false,
  flags: 0,
  joinedTimestamp: Date.parse('2026-03-02T09:00:00.000Z'),
  roles: [],
  isAdministrator: false,
  ...over,
});

describe('Discord translation', () => {
  it('a profile photo is a user avatar or a guild avatar', () => {
    expect(hasPhoto(member())).toBe(false);
    expect(hasPhoto(member({ user: { avatar: 'a1b2', bot: false } }))).toBe(true);
    expect(hasPhoto(member({ avatar: 'guild-avatar' }))).toBe(true);
  });

  it('waits for membership screening and for Discord onboarding before a welcome', () => {
    expect(canSeeChannels(member({ pending: true }), false)).toBe(false);
    expect(canSeeChannels(member(), false)).toBe(true);
    expect(canSeeChannels(member(), true)).toBe(false); // guild onboarding, not completed
    expect(canSeeChannels(member({ flags: 1 << 3 }), 'unknown')).toBe(false); // started, not completed, onboarding unreadable
    expect(canSeeChannels(member({ flags: 1 << 3 }), false)).toBe(true); // onboarding switched off while mid-way
    expect(canSeeChannels(member({ flags: (1 << 1) | (1 << 3) }), true)).toBe(true); // completed
  });

  it('keys a join by member and join time, so a redelivered join is the same event', () => {
    const a = joinEvent(member(), communityId('c'));
    const b = joinEvent(member({ displayName: 'Ana (renamed)' }), communityId('c'));
    expect(a.id).toBe('discord:join:222222222222222222:1772442000000');
    expect(b.id).toBe(a.id);
    expect(a).toMatchObject({
      type: 'member.joined',
      member: { id: 'discord:222222222222222222', displayName: 'Ana' },
      hasPhoto: false,
    });
  });

  it('maps Discord roles and the Administrator permission to Foyer roles', () => {
    const mapping = { moderatorRoles: ['mods'], adminRoles: ['owners'] };
    expect(roleOf({ roles: [], isAdministrator: false }, mapping)).toBe('member');
    expect(roleOf({ roles: ['mods'], isAdministrator: false }, mapping)).toBe('moderator');
    expect(roleOf({ roles: ['mods', 'owners'], isAdministrator: false }, mapping)).toBe('admin');
    expect(roleOf({ roles: [], isAdministrator: true }, mapping)).toBe('admin');
  });

  it('ignores bots and webhooks, and keeps only metadata of members’ messages', () => {
    const base = {
      id: '333',
      channelId: '444',
      content: '',
      createdTimestamp: 1_000,
      type: 0,
      author: { id: '222', bot: false, system: false, displayName: 'Ana' },
      webhookId: null,
    };
    expect(messageEvent({ ...base, author: { ...base.author, bot: true } }, communityId('c'))).toBeUndefined();
    expect(messageEvent({ ...base, webhookId: '9' }, communityId('c'))).toBeUndefined();
    expect(messageEvent(base, communityId('c'))).toMatchObject({
      type: 'message.posted',
      channel: 'discord:444',
      message: 'discord:333',
      author: { id: 'discord:222' },
    });
  });

  // Shaped after MESSAGE_CREATE payloads as discord.js exposes them (type, author, webhook_id).
  const posted = (
    over: Partial<Omit<MessageLike, 'author'>> & { author?: Partial<MessageLike['author']> } = {},
  ): MessageLike => ({
    id: '555',
    channelId: '444',
    content: '',
    createdTimestamp: 1_000,
    type: 0,
    webhookId: null,
    ...over,
    author: { id: '222', bot: false, system: false, displayName: 'Ana', ...over.author },
  });

  it('a member’s plain message or reply is activity', () => {
    expect(messageEvent(posted({ type: 0 }), communityId('c'))).toMatchObject({ type: 'message.posted' });
    expect(messageEvent(posted({ type: 19 }), communityId('c'))).toMatchObject({ type: 'message.posted' });
  });

  it('a reply carries the message it replies to, from Discord’s message reference', () => {
    expect(messageEvent(posted({ type: 19, replyToId: '333' }), communityId('c'))).toMatchObject({
      type: 'message.posted',
      message: 'discord:555',
      replyTo: 'discord:333',
    });
  });

  it('a plain message is no reply, even with a message reference (a forward or a crosspost has one too)', () => {
    for (const message of [
      posted({ type: 0 }),
      posted({ type: 0, replyToId: '333' }),
      posted({ type: 19, replyToId: null }),
    ])
      expect(messageEvent(message, communityId('c'))).not.toHaveProperty('replyTo');
  });

  it.each([
    [6, 'a pinned-message notice'],
    [7, 'the “joined the server” message, authored by the newcomer'],
    [8, 'a boost'],
    [9, 'a boost to level 1'],
    [18, 'a thread created'],
    [20, 'a slash-command answer'],
    [21, 'a thread starter'],
    [23, 'a context-menu answer'],
    [24, 'an AutoMod action'],
    [46, 'a poll result'],
  ])('message type %i (%s) is not activity, even with a member as author', (type) => {
    expect(messageEvent(posted({ type }), communityId('c'))).toBeUndefined();
  });

  it('Discord’s own system user is not a member', () => {
    expect(messageEvent(posted({ author: { system: true } }), communityId('c'))).toBeUndefined();
  });
});

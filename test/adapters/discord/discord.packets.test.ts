import {
  ChannelType,
  Client,
  PermissionFlagsBits,
  type APIGuildMember,
  type GatewayMessageCreateDispatchData,
  type Guild,
  type GuildMember,
  type TextChannel,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  memberFromPacket,
  messageFromPacket,
  takePackets,
  type GuildFacts,
} from '../../../src/adapters/discord/discord.packets.ts';
import { messageLike } from '../../../src/adapters/discord/discord.translate.ts';
import { GENERAL, GUILD, MOD_ROLE, OWNER } from './discord-harness.ts';

const ADMIN_ROLE = '900000000000000001';
const GONE_ROLE = '900000000000000002';

// Recorded shapes: a member of a GUILD_MEMBERS_CHUNK and a MESSAGE_CREATE (no message content intent).
const chunkMember = (
  over: Partial<APIGuildMember> = {},
  user: Partial<APIGuildMember['user']> = {},
): APIGuildMember => ({
  user: {
    id: '222222222222222222',
    username: 'ana',
    global_name: 'Ana Lima',
    discriminator: '0',
    avatar: null,
    ...user,
  },
  nick: null,
  avatar: null,
  roles: [],
  joined_at: '2026-03-02T09:00:00.000000+00:00',
  deaf: false,
  mute: false,
  flags: 0 as APIGuildMember['flags'],
  pending: false,
  ...over,
});

const messagePacket = (over: Partial<GatewayMessageCreateDispatchData> = {}): GatewayMessageCreateDispatchData =>
  ({
    id: '1577593930134978575',
    channel_id: GENERAL,
    guild_id: GUILD,
    type: 0,
    content: '',
    attachments: [],
    embeds: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: '2026-12-02T07:55:03.222000+00:00',
    edited_timestamp: null,
    flags: 0,
    components: [],
    author: { id: '222222222222222222', username: 'ana', global_name: 'Ana Lima', discriminator: '0', avatar: null },
    member: {
      nick: null,
      roles: [],
      joined_at: '2026-03-02T09:00:00.000000+00:00',
      deaf: false,
      mute: false,
      flags: 0,
    },
    ...over,
  }) as GatewayMessageCreateDispatchData;

let client: Client | undefined;
afterEach(async () => {
  await client?.destroy();
  client = undefined;
});

/** A guild as discord.js holds it, never connected: its own structures are built from the same payloads. */
function offlineGuild(): Guild {
  client = new Client({ intents: [] });
  const internal = client as unknown as { guilds: { _add(data: unknown): Guild } };
  const role = (id: string, permissions: bigint) => ({
    id,
    name: id,
    permissions: String(permissions),
    position: 1,
    color: 0,
    hoist: false,
    managed: false,
    mentionable: false,
    flags: 0,
  });
  return internal.guilds._add({
    id: GUILD,
    name: 'The Garden',
    owner_id: OWNER,
    roles: [
      role(GUILD, PermissionFlagsBits.SendMessages),
      role(MOD_ROLE, PermissionFlagsBits.ManageMessages),
      role(ADMIN_ROLE, PermissionFlagsBits.Administrator),
    ],
    channels: [{ id: GENERAL, type: ChannelType.GuildText, name: 'general', position: 0 }],
    members: [],
  });
}

const factsOf = (guild: Guild): GuildFacts => ({
  id: guild.id,
  ownerId: guild.ownerId,
  rolePermissions: (role) => guild.roles.cache.get(role)?.permissions.bitfield,
});

/** What Foyer reads from a discord.js GuildMember (the adapter's memberLike). */
const asDiscordJsReadsIt = (m: GuildMember) => ({
  id: m.id,
  displayName: m.displayName,
  avatar: m.avatar,
  user: { avatar: m.user.avatar, bot: m.user.bot },
  pending: m.pending,
  flags: Number(m.flags.bitfield),
  joinedTimestamp: m.joinedTimestamp,
  roles: [...m.roles.cache.keys()].sort(),
  isAdministrator: m.permissions.has(PermissionFlagsBits.Administrator),
});

describe('Discord packets Foyer reads itself', () => {
  const members: [string, APIGuildMember][] = [
    ['a plain member, no nickname', chunkMember()],
    [
      'a nickname, a guild avatar, a user avatar and a role',
      chunkMember({ nick: 'Ana', avatar: 'g1' }, { avatar: 'u1' }),
    ],
    ['no global name: the username', chunkMember({}, { global_name: null })],
    [
      'pending screening, mid-way through onboarding, rejoined',
      chunkMember({ pending: true, flags: (1 | (1 << 3)) as APIGuildMember['flags'] }),
    ],
    ['an administrator role, and a role the guild no longer has', chunkMember({ roles: [ADMIN_ROLE, GONE_ROLE] })],
    ['a moderator role', chunkMember({ roles: [MOD_ROLE] })],
    ['the owner', chunkMember({}, { id: OWNER })],
    ['a bot', chunkMember({}, { bot: true })],
    ['no joined_at (a lurker Discord has no date for)', chunkMember({ joined_at: null as unknown as string })],
  ];

  it.each(members)('a chunk member reads as discord.js reads it: %s', (_, payload) => {
    const guild = offlineGuild();
    const internal = guild.members as unknown as { _add(data: unknown, cache?: boolean): GuildMember };
    const expected = asDiscordJsReadsIt(internal._add(structuredClone(payload), false));
    const read = memberFromPacket(structuredClone(payload), factsOf(guild));
    expect({ ...read, roles: [...read.roles].sort() }).toEqual(expected);
  });

  const messages: [string, GatewayMessageCreateDispatchData][] = [
    ['a member message', messagePacket()],
    ['a nickname in the guild', messagePacket({ member: { ...messagePacket().member!, nick: 'Ana' } })],
    ['no global name', messagePacket({ author: { ...messagePacket().author, global_name: null } })],
    [
      'a reply',
      messagePacket({ type: 19, message_reference: { message_id: '1577593930134978000', channel_id: GENERAL } }),
    ],
    ['a system message', messagePacket({ type: 7 })],
    ['Discord’s own account', messagePacket({ author: { ...messagePacket().author, system: true } })],
  ];

  it.each(messages)('a MESSAGE_CREATE reads as discord.js reads its Message: %s', (_, payload) => {
    const guild = offlineGuild();
    const channel = guild.channels.cache.get(GENERAL) as TextChannel;
    const internal = channel.messages as unknown as {
      _add(data: unknown, cache?: boolean): import('discord.js').Message;
    };
    const message = internal._add(structuredClone(payload), false);
    expect(messageFromPacket(structuredClone(payload))).toEqual(messageLike(message));
  });
});

describe('taking packets from discord.js', () => {
  /** discord.js's gateway manager as far as takePackets sees it: it records what it handles. */
  function fakeClient(ready: boolean) {
    const handled: (string | undefined)[] = [];
    const ws = {
      handlePacket(packet?: { t: string }) {
        handled.push(packet?.t);
        return true;
      },
    };
    return { client: { ws, isReady: () => ready } as unknown as Client, handled };
  }

  it('a packet Foyer takes never reaches discord.js (which still replays one it queued); the others do', () => {
    const { client, handled } = fakeClient(true);
    const taken: string[] = [];
    expect(takePackets(client, (p) => (p.t === 'MESSAGE_CREATE' ? (taken.push(p.t), true) : false))).toBe(true);
    const handle = (t: string) =>
      (client.ws as unknown as { handlePacket(p: unknown): boolean }).handlePacket({ t, d: {} });
    handle('MESSAGE_CREATE');
    handle('GUILD_MEMBER_ADD');
    expect(taken).toEqual(['MESSAGE_CREATE']);
    expect(handled).toEqual([undefined, 'GUILD_MEMBER_ADD']);
  });

  it('before the client is ready, everything is left to discord.js', () => {
    const { client, handled } = fakeClient(false);
    takePackets(client, () => true);
    (client.ws as unknown as { handlePacket(p: unknown): boolean }).handlePacket({ t: 'MESSAGE_CREATE', d: {} });
    expect(handled).toEqual(['MESSAGE_CREATE']);
  });

  it('a discord.js without the method: nothing is taken (the adapter logs it)', () => {
    const client = { ws: {}, isReady: () => true } as unknown as Client;
    expect(takePackets(client, () => true)).toBe(false);
  });
});

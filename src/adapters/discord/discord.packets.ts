import {
  PermissionFlagsBits,
  SnowflakeUtil,
  type APIGuildMember,
  type Client,
  type GatewayDispatchPayload,
  type GatewayMessageCreateDispatchData,
} from 'discord.js';
import type { MemberLike, MessageLike } from './discord.translate.ts';

/**
 * Gateway packets Foyer reads itself, so that discord.js builds none of its objects for
 * them. discord.js makes a Message (with its managers, mentions and collections) for every
 * MESSAGE_CREATE and a GuildMember and a User for every member of a member-list chunk,
 * even with every cache at zero: in a guild of 100,000 members that is most of the memory
 * Foyer's process gets and keeps (bench/discord-memory.ts). Foyer needs a few fields of
 * each, which these pure translators read from the payload exactly as discord.js's
 * getters would.
 */

/** What a member payload needs from the guild: its roles' permissions and its owner. */
export interface GuildFacts {
  id: string;
  ownerId: string;
  /** The permission bits of a role, or undefined for a role the guild does not have. */
  rolePermissions(role: string): bigint | undefined;
}

/** A member payload (a member-list chunk's) as Foyer reads a GuildMember. */
export function memberFromPacket(m: APIGuildMember, guild: GuildFacts): MemberLike {
  // discord.js's member roles: the member's roles the guild has, and @everyone (the guild's id).
  const roles = m.roles.filter((r) => guild.rolePermissions(r) !== undefined);
  roles.push(guild.id);
  const isAdministrator =
    m.user.id === guild.ownerId ||
    roles.some((r) => ((guild.rolePermissions(r) ?? 0n) & PermissionFlagsBits.Administrator) !== 0n);
  return {
    id: m.user.id,
    displayName: m.nick ?? m.user.global_name ?? m.user.username,
    avatar: m.avatar ?? null,
    user: { avatar: m.user.avatar ?? null, bot: m.user.bot ?? false },
    pending: m.pending ?? false,
    flags: Number(m.flags ?? 0),
    joinedTimestamp: m.joined_at ? Date.parse(m.joined_at) : null,
    roles,
    isAdministrator,
  };
}

/** A MESSAGE_CREATE payload as Foyer reads a Message. */
export function messageFromPacket(d: GatewayMessageCreateDispatchData): MessageLike {
  return {
    id: d.id,
    channelId: d.channel_id,
    content: d.content,
    // discord.js reads the creation time from the id, not from `timestamp`.
    createdTimestamp: SnowflakeUtil.timestampFrom(d.id),
    type: d.type,
    author: {
      id: d.author.id,
      bot: d.author.bot ?? false,
      system: d.author.system ?? false,
      displayName: d.member?.nick ?? d.author.global_name ?? d.author.username,
    },
    webhookId: d.webhook_id ?? null,
    replyToId: d.message_reference?.message_id ?? null,
  };
}

type PacketHandler = (packet?: GatewayDispatchPayload, shard?: unknown) => boolean;

/**
 * Lets `take` see each dispatch before discord.js handles it, once the client is ready;
 * a packet `take` returns true for is Foyer's alone and discord.js never handles it. This
 * reaches into discord.js's gateway manager (its `handlePacket`, the one place every
 * dispatch goes through), so it checks that the method is there: where a discord.js
 * version has none, nothing is taken and discord.js handles everything, as before.
 */
export function takePackets(client: Client, take: (packet: GatewayDispatchPayload) => boolean): boolean {
  const manager = client.ws as unknown as { handlePacket?: PacketHandler };
  const handle = manager.handlePacket;
  if (typeof handle !== 'function') return false;
  manager.handlePacket = function (this: unknown, packet, shard) {
    // Before ready discord.js queues packets and replays them in order: leave those to it.
    if (!packet || !client.isReady() || !take(packet)) return handle.call(this, packet, shard);
    // Every packet it handles replays one it queued before ready: a packet taken here does too.
    handle.call(this);
    return true;
  };
  return true;
}

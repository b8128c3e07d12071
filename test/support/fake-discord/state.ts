/**
 * What the fake Discord knows — one guild, its users, members, roles, channels and
 * recent messages, DM channels and application commands — and the JSON shapes Discord
 * uses for them. The REST API and the gateway both read and change this state.
 *
 * Only types come from discord-api-types (never discord.js): the payload builders are
 * checked against the published API shapes.
 */
import type {
  APIApplicationCommand,
  APIAttachment,
  APIEmbed,
  APIGuild,
  APIGuildMember,
  APIMessage,
  APIRole,
  APIUser,
  GatewayGuildCreateDispatchData,
  GuildFeature,
  Locale,
} from 'discord-api-types/v10';
import {
  ALL_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  Permission,
  channelPermissions,
  toBits,
  basePermissions,
  type Overwrite,
} from './permissions.ts';
import { DISCORD_EPOCH, SnowflakeGenerator, snowflakeTime } from './snowflake.ts';

// ---------------------------------------------------------------------------------------
// What tests pass in
// ---------------------------------------------------------------------------------------

type When = Date | number | string;

export interface FakeUserInit {
  /** A snowflake; made from `createdAt` (or a date before `joinedAt`) when absent. */
  id?: string;
  username: string;
  globalName?: string | null;
  /** "0" for everyone since the username migration. */
  discriminator?: string;
  /** Avatar hash; null (the default) means the default avatar, i.e. no photo. */
  avatar?: string | null;
  banner?: string | null;
  bot?: boolean;
  system?: boolean;
  publicFlags?: number;
  /** When the account was made: the id's timestamp. */
  createdAt?: When;
  /** The user does not accept DMs from this server: sending to their DM channel fails with 50007. */
  dmsClosed?: boolean;
}

export interface FakeMember extends FakeUserInit {
  nick?: string | null;
  /** Role ids (not including @everyone). */
  roles?: string[];
  /** Default: now. */
  joinedAt?: When;
  premiumSince?: When | null;
  /** Membership screening not yet passed. */
  pending?: boolean;
  /** GuildMemberFlags (1 DID_REJOIN, 2 COMPLETED_ONBOARDING, 8 STARTED_ONBOARDING, …). */
  flags?: number;
  /** Guild avatar hash. */
  memberAvatar?: string | null;
  memberBanner?: string | null;
  communicationDisabledUntil?: When | null;
  deaf?: boolean;
  mute?: boolean;
}

/** Changes for `updateMember`: any user or member field. */
export type FakeMemberPatch = Partial<Omit<FakeMember, 'id' | 'createdAt'>>;

export interface FakeRoleInit {
  id?: string;
  name: string;
  /** Bits as bigint or decimal string. Default 0. */
  permissions?: bigint | string;
  color?: number;
  /** Default: above the roles listed before it. */
  position?: number;
  hoist?: boolean;
  mentionable?: boolean;
  managed?: boolean;
}

export interface FakeOverwriteInit {
  id: string;
  /** 0 role, 1 member. */
  type: 0 | 1;
  allow?: bigint | string;
  deny?: bigint | string;
}

export interface FakeChannelInit {
  id?: string;
  name: string;
  /** 0 text (default), 2 voice, 4 category, 5 announcement, 11 public thread, 12 private thread, 13 stage, 15 forum. */
  type?: number;
  topic?: string | null;
  parentId?: string | null;
  position?: number;
  nsfw?: boolean;
  rateLimitPerUser?: number;
  permissionOverwrites?: FakeOverwriteInit[];
  /** Threads: the member who started it. */
  ownerId?: string;
}

export interface FakeGuildInit {
  id?: string;
  name: string;
  /** Default: a user made for the purpose (not a member the tests list). */
  ownerId?: string;
  icon?: string | null;
  description?: string | null;
  preferredLocale?: string;
  features?: string[];
  systemChannelId?: string | null;
  /** Guild system_channel_flags: 1 SUPPRESS_JOIN_NOTIFICATIONS, 2 SUPPRESS_PREMIUM_SUBSCRIPTIONS, … Default 0. */
  systemChannelFlags?: number;
  rulesChannelId?: string | null;
  /** What GET /guilds/:id/onboarding reports. */
  onboardingEnabled?: boolean;
  /** When the guild was made (the id's timestamp when no id is given). */
  createdAt?: When;
}

// ---------------------------------------------------------------------------------------
// What the fake keeps
// ---------------------------------------------------------------------------------------

export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  discriminator: string;
  avatar: string | null;
  banner: string | null;
  bot: boolean;
  system: boolean;
  publicFlags: number;
  dmsClosed: boolean;
}

export interface MemberRecord {
  user: UserRecord;
  nick: string | null;
  roles: string[];
  joinedAt: string;
  premiumSince: string | null;
  pending: boolean;
  flags: number;
  avatar: string | null;
  banner: string | null;
  communicationDisabledUntil: string | null;
  deaf: boolean;
  mute: boolean;
}

export interface ChannelRecord {
  id: string;
  type: number;
  name: string | null;
  position: number;
  parentId: string | null;
  topic: string | null;
  nsfw: boolean;
  rateLimitPerUser: number;
  overwrites: Overwrite[];
  lastMessageId: string | null;
  /** Set for DM channels (type 1). */
  recipientId?: string;
  /** Set for threads (10, 11, 12): who started it. */
  ownerId?: string;
}

/**
 * Thread types: 10 announcement thread, 11 public thread, 12 private thread. A thread is
 * a channel of its own whose `parent_id` is the text, announcement or forum channel it
 * belongs to; a forum post is a public thread in the forum (Discord API docs, Channel
 * Resource: "Thread object", "Forum channel"; Threads topic).
 */
export const THREAD_CHANNEL_TYPES = new Set([10, 11, 12]);

/** A message as the REST API returns it, plus what gateway events add. */
export type StoredMessage = APIMessage & { guild_id?: string };

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  icon: string | null;
  description: string | null;
  preferredLocale: string;
  features: string[];
  systemChannelId: string | null;
  systemChannelFlags: number;
  rulesChannelId: string | null;
  onboardingEnabled: boolean;
  /** When the bot joined. */
  botJoinedAt: string;
}

const iso = (at: When): string =>
  new Date(at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : at).toISOString();
const isoOrNull = (at: When | null | undefined): string | null => (at === null || at === undefined ? null : iso(at));
const toMs = (at: When): number => (at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : at);

/** Text-based channel types: text, DM, voice (text-in-voice), group DM, announcement, threads, stage. */
export const TEXT_BASED_CHANNEL_TYPES = new Set([0, 1, 2, 3, 5, 10, 11, 12, 13]);

export interface FakeStateOptions {
  guild: FakeGuildInit;
  channels?: FakeChannelInit[];
  roles?: FakeRoleInit[];
  members?: Iterable<FakeMember>;
  botUser?: { id?: string; username?: string; globalName?: string | null; avatar?: string | null };
  applicationId?: string;
  botPermissions?: bigint | string;
  everyonePermissions?: bigint | string;
  messageHistoryLimit?: number;
}

export class FakeState {
  readonly ids = new SnowflakeGenerator();
  readonly guild: GuildRecord;
  readonly users = new Map<string, UserRecord>();
  readonly members = new Map<string, MemberRecord>();
  /** Roles by id, @everyone (id = guild id) first. */
  readonly roles = new Map<string, APIRole>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly dmChannelByUser = new Map<string, string>();
  readonly messages = new Map<string, Map<string, StoredMessage>>();
  readonly bans = new Map<string, { reason: string | null }>();
  readonly globalCommands: APIApplicationCommand[] = [];
  readonly guildCommands = new Map<string, APIApplicationCommand[]>();
  readonly bot: UserRecord;
  readonly applicationId: string;
  readonly botRoleId: string;
  readonly messageHistoryLimit: number;

  constructor(options: FakeStateOptions) {
    const now = Date.now();
    this.messageHistoryLimit = options.messageHistoryLimit ?? 1_000;
    const g = options.guild;
    const guildId = g.id ?? this.ids.next(g.createdAt ?? now - 400 * 86_400_000);

    this.bot = this.createUser({
      id: options.botUser?.id,
      username: options.botUser?.username ?? 'Foyer',
      globalName: options.botUser?.globalName ?? null,
      avatar: options.botUser?.avatar ?? null,
      bot: true,
      createdAt: now - 200 * 86_400_000,
    });
    // Apps made since 2020 share their id with their bot user.
    this.applicationId = options.applicationId ?? this.bot.id;

    let ownerId = g.ownerId;
    if (!ownerId)
      ownerId = this.createUser({ username: 'guild-owner', createdAt: toMs(snowflakeTime(guildId)) - 86_400_000 }).id;

    this.guild = {
      id: guildId,
      name: g.name,
      ownerId,
      icon: g.icon ?? null,
      description: g.description ?? null,
      preferredLocale: g.preferredLocale ?? 'en-US',
      features: g.features ?? [],
      systemChannelId: g.systemChannelId ?? null,
      systemChannelFlags: g.systemChannelFlags ?? 0,
      rulesChannelId: g.rulesChannelId ?? null,
      onboardingEnabled: g.onboardingEnabled ?? false,
      botJoinedAt: new Date(now - 30 * 86_400_000).toISOString(),
    };

    // Roles: @everyone, the given roles, and the bot's managed role on top.
    const given = options.roles ?? [];
    const everyoneInit = given.find((r) => r.id === guildId);
    this.roles.set(
      guildId,
      this.#role({
        ...everyoneInit,
        id: guildId,
        name: '@everyone',
        permissions: everyoneInit?.permissions ?? options.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
        position: 0,
      }),
    );
    let position = 1;
    for (const r of given) {
      if (r.id === guildId) continue;
      const role = this.#role({ ...r, position: r.position ?? position });
      this.roles.set(role.id, role);
      position = Math.max(position, role.position) + 1;
    }
    this.botRoleId = this.ids.next();
    this.roles.set(this.botRoleId, {
      ...this.#role({
        id: this.botRoleId,
        name: this.bot.username,
        permissions: options.botPermissions ?? Permission.Administrator,
        position,
        managed: true,
      }),
      tags: { bot_id: this.bot.id },
    });

    for (const [i, c] of (options.channels ?? []).entries()) this.addChannel(c, i);

    this.members.set(
      this.bot.id,
      this.#memberRecord(this.bot, {
        username: this.bot.username,
        roles: [this.botRoleId],
        joinedAt: this.guild.botJoinedAt,
      }),
    );
    if (!this.members.has(ownerId)) {
      const owner = this.users.get(ownerId) ?? this.createUser({ id: ownerId, username: 'guild-owner' });
      this.members.set(
        ownerId,
        this.#memberRecord(owner, { username: owner.username, joinedAt: snowflakeTime(guildId) }),
      );
    }
    if (options.members) for (const m of options.members) this.addMemberRecord(m);
  }

  #role(r: FakeRoleInit & { id?: string; position: number }): APIRole {
    const color = r.color ?? 0;
    return {
      id: r.id ?? this.ids.next(),
      name: r.name,
      color,
      colors: { primary_color: color, secondary_color: null, tertiary_color: null },
      hoist: r.hoist ?? false,
      icon: null,
      unicode_emoji: null,
      position: r.position,
      permissions: toBits(r.permissions ?? 0n).toString(),
      managed: r.managed ?? false,
      mentionable: r.mentionable ?? false,
      flags: 0 as APIRole['flags'],
    };
  }

  // ----- users and members -------------------------------------------------------------

  createUser(init: FakeUserInit): UserRecord {
    const id = init.id ?? this.ids.next(init.createdAt ?? Date.now() - 365 * 86_400_000);
    const user: UserRecord = {
      id,
      username: init.username,
      globalName: init.globalName ?? null,
      discriminator: init.discriminator ?? '0',
      avatar: init.avatar ?? null,
      banner: init.banner ?? null,
      bot: init.bot ?? false,
      system: init.system ?? false,
      publicFlags: init.publicFlags ?? 0,
      dmsClosed: init.dmsClosed ?? false,
    };
    this.users.set(id, user);
    return user;
  }

  #memberRecord(user: UserRecord, m: FakeMember): MemberRecord {
    return {
      user,
      nick: m.nick ?? null,
      roles: [...(m.roles ?? [])],
      joinedAt: iso(m.joinedAt ?? Date.now()),
      premiumSince: isoOrNull(m.premiumSince),
      pending: m.pending ?? false,
      flags: m.flags ?? 0,
      avatar: m.memberAvatar ?? null,
      banner: m.memberBanner ?? null,
      communicationDisabledUntil: isoOrNull(m.communicationDisabledUntil),
      deaf: m.deaf ?? false,
      mute: m.mute ?? false,
    };
  }

  /** Adds (or re-adds) a member; the user is created or updated from the same fields. */
  addMemberRecord(m: FakeMember): MemberRecord {
    const joinedMs = toMs(m.joinedAt ?? Date.now());
    let user = m.id ? this.users.get(m.id) : undefined;
    if (user) this.#patchUser(user, m);
    // A new account id: made some time before the member joined (accounts predate joins).
    else
      user = this.createUser({
        ...m,
        createdAt: m.createdAt ?? Math.max(DISCORD_EPOCH + 1, joinedMs - 86_400_000 * (1 + (joinedMs % 900))),
      });
    for (const role of m.roles ?? [])
      if (!this.roles.has(role)) throw new Error(`fake-discord: unknown role ${role} for member ${user.id}`);
    const record = this.#memberRecord(user, { ...m, joinedAt: joinedMs });
    this.members.set(user.id, record);
    return record;
  }

  #patchUser(user: UserRecord, p: FakeMemberPatch): void {
    if (p.username !== undefined) user.username = p.username;
    if (p.globalName !== undefined) user.globalName = p.globalName;
    if (p.discriminator !== undefined) user.discriminator = p.discriminator;
    if (p.avatar !== undefined) user.avatar = p.avatar;
    if (p.banner !== undefined) user.banner = p.banner;
    if (p.bot !== undefined) user.bot = p.bot;
    if (p.system !== undefined) user.system = p.system;
    if (p.publicFlags !== undefined) user.publicFlags = p.publicFlags;
    if (p.dmsClosed !== undefined) user.dmsClosed = p.dmsClosed;
  }

  patchMember(member: MemberRecord, p: FakeMemberPatch): void {
    this.#patchUser(member.user, p);
    if (p.nick !== undefined) member.nick = p.nick;
    if (p.roles !== undefined) {
      for (const role of p.roles) if (!this.roles.has(role)) throw new Error(`fake-discord: unknown role ${role}`);
      member.roles = [...p.roles];
    }
    if (p.joinedAt !== undefined) member.joinedAt = iso(p.joinedAt);
    if (p.premiumSince !== undefined) member.premiumSince = isoOrNull(p.premiumSince);
    if (p.pending !== undefined) member.pending = p.pending;
    if (p.flags !== undefined) member.flags = p.flags;
    if (p.memberAvatar !== undefined) member.avatar = p.memberAvatar;
    if (p.memberBanner !== undefined) member.banner = p.memberBanner;
    if (p.communicationDisabledUntil !== undefined)
      member.communicationDisabledUntil = isoOrNull(p.communicationDisabledUntil);
    if (p.deaf !== undefined) member.deaf = p.deaf;
    if (p.mute !== undefined) member.mute = p.mute;
  }

  userPayload(u: UserRecord): APIUser {
    return {
      id: u.id,
      username: u.username,
      discriminator: u.discriminator,
      global_name: u.globalName,
      avatar: u.avatar,
      ...(u.bot ? { bot: true } : {}),
      ...(u.system ? { system: true } : {}),
      banner: u.banner,
      accent_color: null,
      public_flags: u.publicFlags,
      avatar_decoration_data: null,
      collectibles: null,
      primary_guild: null,
    } as APIUser;
  }

  memberPayload(m: MemberRecord): APIGuildMember {
    return {
      user: this.userPayload(m.user),
      nick: m.nick,
      avatar: m.avatar,
      banner: m.banner,
      roles: [...m.roles],
      joined_at: m.joinedAt,
      premium_since: m.premiumSince,
      deaf: m.deaf,
      mute: m.mute,
      flags: m.flags,
      pending: m.pending,
      communication_disabled_until: m.communicationDisabledUntil,
      avatar_decoration_data: null,
      collectibles: null,
    };
  }

  /** The member object without `user`, as in MESSAGE_CREATE's `member`. */
  partialMemberPayload(m: MemberRecord): Omit<APIGuildMember, 'user'> {
    const { user: _user, ...rest } = this.memberPayload(m);
    return rest;
  }

  // ----- roles and permissions ---------------------------------------------------------

  rolePayloads(): APIRole[] {
    return [...this.roles.values()].map((r) => ({ ...r }));
  }

  #permissionGuild() {
    return {
      id: this.guild.id,
      ownerId: this.guild.ownerId,
      rolePermissions: (id: string) => (this.roles.has(id) ? BigInt(this.roles.get(id)!.permissions) : undefined),
    };
  }

  /** A member's permissions, guild-wide or in one channel (with its overwrites). */
  permissionsOf(userId: string, channelId?: string): bigint {
    const member = this.members.get(userId);
    if (!member) return 0n;
    const subject = { userId, roleIds: member.roles };
    const channel = channelId ? this.channels.get(channelId) : undefined;
    if (!channel || channel.type === 1) return basePermissions(this.#permissionGuild(), subject);
    // Threads have no overwrites of their own: permissions come from the parent channel
    // (Discord API docs, Threads topic: "Permissions").
    const owner =
      THREAD_CHANNEL_TYPES.has(channel.type) && channel.parentId ? this.channels.get(channel.parentId) : undefined;
    // Channels in a category without their own overwrites are synced with it: the fake
    // keeps overwrites per channel, as Discord does.
    return channelPermissions(this.#permissionGuild(), subject, (owner ?? channel).overwrites);
  }

  hasPermission(userId: string, permission: bigint, channelId?: string): boolean {
    const p = this.permissionsOf(userId, channelId);
    return (p & Permission.Administrator) !== 0n || p === ALL_PERMISSIONS || (p & permission) === permission;
  }

  /** The position of a member's highest role (0 = only @everyone); the owner outranks all. */
  highestRolePosition(userId: string): number {
    if (userId === this.guild.ownerId) return Number.POSITIVE_INFINITY;
    const member = this.members.get(userId);
    return Math.max(0, ...(member?.roles ?? []).map((r) => this.roles.get(r)?.position ?? 0));
  }

  // ----- channels ----------------------------------------------------------------------

  addChannel(c: FakeChannelInit, position = this.channels.size): ChannelRecord {
    const record: ChannelRecord = {
      id: c.id ?? this.ids.next(),
      type: c.type ?? 0,
      name: c.name,
      position: c.position ?? position,
      parentId: c.parentId ?? null,
      topic: c.topic ?? null,
      nsfw: c.nsfw ?? false,
      rateLimitPerUser: c.rateLimitPerUser ?? 0,
      overwrites: (c.permissionOverwrites ?? []).map((o) => ({
        id: o.id,
        type: o.type,
        allow: toBits(o.allow ?? 0n).toString(),
        deny: toBits(o.deny ?? 0n).toString(),
      })),
      lastMessageId: null,
      ...(c.ownerId ? { ownerId: c.ownerId } : {}),
    };
    this.channels.set(record.id, record);
    return record;
  }

  /** The DM channel with a user, made on first use (POST /users/@me/channels). */
  dmChannelFor(userId: string): ChannelRecord {
    const existing = this.dmChannelByUser.get(userId);
    if (existing) return this.channels.get(existing)!;
    const record: ChannelRecord = {
      id: this.ids.next(),
      type: 1,
      name: null,
      position: 0,
      parentId: null,
      topic: null,
      nsfw: false,
      rateLimitPerUser: 0,
      overwrites: [],
      lastMessageId: null,
      recipientId: userId,
    };
    this.channels.set(record.id, record);
    this.dmChannelByUser.set(userId, record.id);
    return record;
  }

  channelPayload(c: ChannelRecord, withGuildId = true): Record<string, unknown> {
    if (c.type === 1) {
      const recipient = this.users.get(c.recipientId!);
      return {
        id: c.id,
        type: 1,
        last_message_id: c.lastMessageId,
        flags: 0,
        recipients: recipient ? [this.userPayload(recipient)] : [],
      };
    }
    const payload: Record<string, unknown> = {
      id: c.id,
      type: c.type,
      ...(withGuildId ? { guild_id: this.guild.id } : {}),
      name: c.name,
      position: c.position,
      parent_id: c.parentId,
      permission_overwrites: c.overwrites.map((o) => ({ ...o })),
      flags: 0,
    };
    if (c.type !== 4) {
      payload.nsfw = c.nsfw;
      payload.last_message_id = c.lastMessageId;
      payload.rate_limit_per_user = c.rateLimitPerUser;
    }
    if (c.type === 0 || c.type === 5 || c.type === 15) {
      payload.topic = c.topic;
      payload.default_auto_archive_duration = 4320;
    }
    if (c.type === 2 || c.type === 13) Object.assign(payload, { bitrate: 64_000, user_limit: 0, rtc_region: null });
    if (THREAD_CHANNEL_TYPES.has(c.type)) {
      delete payload.permission_overwrites;
      Object.assign(payload, {
        owner_id: c.ownerId ?? this.bot.id,
        message_count: this.messages.get(c.id)?.size ?? 0,
        member_count: 1,
        total_message_sent: this.messages.get(c.id)?.size ?? 0,
        thread_metadata: {
          archived: false,
          auto_archive_duration: 4320,
          archive_timestamp: new Date().toISOString(),
          locked: false,
          create_timestamp: new Date().toISOString(),
        },
      });
    }
    return payload;
  }

  // ----- guild -------------------------------------------------------------------------

  guildPayload(withCounts = false): APIGuild {
    return {
      id: this.guild.id,
      name: this.guild.name,
      icon: this.guild.icon,
      description: this.guild.description,
      home_header: null,
      splash: null,
      discovery_splash: null,
      features: this.guild.features as GuildFeature[],
      banner: null,
      owner_id: this.guild.ownerId,
      application_id: null,
      region: 'deprecated',
      afk_channel_id: null,
      afk_timeout: 300,
      system_channel_id: this.guild.systemChannelId,
      system_channel_flags: this.guild.systemChannelFlags,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 1,
      roles: this.rolePayloads(),
      default_message_notifications: 1,
      mfa_level: 0,
      explicit_content_filter: 2,
      max_presences: null,
      max_members: 500_000,
      max_stage_video_channel_users: 50,
      max_video_channel_users: 25,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: this.guild.preferredLocale as Locale,
      rules_channel_id: this.guild.rulesChannelId,
      safety_alerts_channel_id: null,
      public_updates_channel_id: null,
      hub_type: null,
      premium_progress_bar_enabled: false,
      nsfw_level: 0,
      emojis: [],
      stickers: [],
      incidents_data: null,
      ...(withCounts ? { approximate_member_count: this.members.size, approximate_presence_count: 0 } : {}),
    } as unknown as APIGuild;
  }

  /**
   * GUILD_CREATE for one session. Like Discord: without GUILD_PRESENCES only the bot's
   * own member is included; with it, every member of a small guild, and for a large
   * guild (more than `largeThreshold` members) those with a role or nickname.
   */
  guildCreatePayload(opts: { presences: boolean; largeThreshold: number }): GatewayGuildCreateDispatchData {
    const large = this.members.size > opts.largeThreshold;
    let members: APIGuildMember[];
    if (!opts.presences || this.members.size > 75_000) members = [this.memberPayload(this.members.get(this.bot.id)!)];
    else if (large)
      members = [...this.members.values()]
        .filter((m) => m.user.id === this.bot.id || m.roles.length > 0 || m.nick)
        .map((m) => this.memberPayload(m));
    else members = [...this.members.values()].map((m) => this.memberPayload(m));
    const channels = [...this.channels.values()]
      .filter((c) => c.type !== 1 && !THREAD_CHANNEL_TYPES.has(c.type))
      .map((c) => this.channelPayload(c, false));
    // Active threads the bot can see come in `threads`, not `channels` (Gateway Events: Guild Create).
    const threads = [...this.channels.values()]
      .filter((c) => THREAD_CHANNEL_TYPES.has(c.type) && this.hasPermission(this.bot.id, Permission.ViewChannel, c.id))
      .map((c) => this.channelPayload(c, true));
    const { approximate_member_count: _a, approximate_presence_count: _p, ...guild } = this.guildPayload();
    return {
      ...guild,
      joined_at: this.guild.botJoinedAt,
      large,
      unavailable: false,
      member_count: this.members.size,
      voice_states: [],
      members,
      channels,
      threads,
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      lazy: true,
      application_command_counts: {},
      embedded_activities: [],
      activity_instances: [],
      version: Date.now(),
    } as unknown as GatewayGuildCreateDispatchData;
  }

  // ----- messages ----------------------------------------------------------------------

  storeMessage(message: StoredMessage): void {
    let channel = this.messages.get(message.channel_id);
    if (!channel) this.messages.set(message.channel_id, (channel = new Map()));
    channel.set(message.id, message);
    if (channel.size > this.messageHistoryLimit) channel.delete(channel.keys().next().value!);
    const record = this.channels.get(message.channel_id);
    if (record) record.lastMessageId = message.id;
  }

  getMessage(channelId: string, messageId: string): StoredMessage | undefined {
    return this.messages.get(channelId)?.get(messageId);
  }

  /**
   * Who a message mentions, as Discord resolves it: `<@id>`, `<@&role>`, @everyone and
   * @here in the content, filtered by `allowed_mentions` (absent = parse all), and the
   * replied-to author when `replied_user` allows it.
   */
  resolveMentions(
    content: string,
    allowed: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean } | undefined,
    authorId: string,
    channelId: string,
    repliedTo?: StoredMessage,
  ): { mentions: APIUser[]; mention_roles: string[]; mention_everyone: boolean } {
    const parse = new Set(allowed?.parse ?? (allowed ? [] : ['users', 'roles', 'everyone']));
    const users = new Set<string>();
    for (const [, id] of content.matchAll(/<@!?(\d{17,20})>/g)) {
      if (parse.has('users') || allowed?.users?.includes(id!)) users.add(id!);
    }
    if (repliedTo && (allowed?.replied_user ?? true) && repliedTo.author.id !== authorId)
      users.add(repliedTo.author.id);
    const roles = new Set<string>();
    for (const [, id] of content.matchAll(/<@&(\d{17,20})>/g)) {
      const role = this.roles.get(id!);
      if (!role) continue;
      const canPing = role.mentionable || this.hasPermission(authorId, Permission.MentionEveryone, channelId);
      if (canPing && (parse.has('roles') || allowed?.roles?.includes(id!))) roles.add(id!);
    }
    const everyone =
      /@(everyone|here)/.test(content) &&
      parse.has('everyone') &&
      this.hasPermission(authorId, Permission.MentionEveryone, channelId);
    return {
      mentions: [...users]
        .map((id) => this.users.get(id))
        .filter((u): u is UserRecord => u !== undefined)
        .map((u) => this.userPayload(u)),
      mention_roles: [...roles],
      mention_everyone: everyone,
    };
  }

  /** A message object as the REST API returns it (no guild_id or member). */
  buildMessage(init: MessageInit): StoredMessage {
    const author = this.users.get(init.authorId);
    if (!author) throw new Error(`fake-discord: unknown author ${init.authorId}`);
    const id = init.id ?? this.ids.next(init.timestamp ?? new Date());
    // As on Discord, a message is dated by its id unless told otherwise (an id made a
    // moment earlier, by the caller, must not be a millisecond off its timestamp).
    const at = init.timestamp ?? snowflakeTime(id);
    const content = init.content ?? '';
    const channel = this.channels.get(init.channelId);
    const replied = init.messageReference?.message_id
      ? this.getMessage(init.messageReference.channel_id ?? init.channelId, init.messageReference.message_id)
      : undefined;
    const mentions =
      init.mentions ?? this.resolveMentions(content, init.allowedMentions, init.authorId, init.channelId, replied);
    const message: StoredMessage = {
      type: init.type ?? (replied ? 19 : 0),
      channel_id: init.channelId,
      content,
      attachments: init.attachments ?? [],
      embeds: (init.embeds ?? []).map((e) => ({ type: 'rich', ...(e as object) }) as APIEmbed),
      timestamp: at.toISOString(),
      edited_timestamp: null,
      flags: init.flags ?? 0,
      components: (init.components ?? []) as APIMessage['components'],
      id,
      author: this.userPayload(author),
      mentions: mentions.mentions,
      mention_roles: mentions.mention_roles,
      mention_everyone: mentions.mention_everyone,
      pinned: false,
      tts: init.tts ?? false,
      ...(init.nonce !== undefined ? { nonce: init.nonce } : {}),
      ...(init.webhookId ? { webhook_id: init.webhookId } : {}),
      ...(init.applicationId ? { application_id: init.applicationId } : {}),
      ...(init.interactionMetadata
        ? { interaction_metadata: init.interactionMetadata as APIMessage['interaction_metadata'] }
        : {}),
      ...(init.poll ? { poll: init.poll as APIMessage['poll'] } : {}),
      ...(replied || init.messageReference
        ? {
            message_reference: {
              type: 0,
              channel_id: init.channelId,
              message_id: init.messageReference!.message_id!,
              ...(channel?.type !== 1 ? { guild_id: this.guild.id } : {}),
            },
            referenced_message: replied ?? null,
          }
        : {}),
    } as StoredMessage;
    return message;
  }

  /** The gateway form of a message: adds guild_id, the author's member, mentions' members. */
  gatewayMessage(m: StoredMessage): Record<string, unknown> {
    const channel = this.channels.get(m.channel_id);
    if (!channel || channel.type === 1) return { ...m, channel_type: 1 };
    const member = this.members.get(m.author.id);
    return {
      ...m,
      guild_id: this.guild.id,
      channel_type: channel.type,
      ...(member && !m.webhook_id ? { member: this.partialMemberPayload(member) } : {}),
      mentions: m.mentions.map((u) => {
        const mm = this.members.get(u.id);
        return mm ? { ...u, member: this.partialMemberPayload(mm) } : u;
      }),
    };
  }
}

export interface MessageInit {
  channelId: string;
  authorId: string;
  content?: string;
  id?: string;
  timestamp?: Date;
  type?: number;
  embeds?: unknown[];
  components?: unknown[];
  attachments?: APIAttachment[];
  poll?: unknown;
  flags?: number;
  tts?: boolean;
  nonce?: string | number;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: unknown;
  messageReference?: { message_id?: string; channel_id?: string; guild_id?: string; fail_if_not_exists?: boolean };
  allowedMentions?: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean };
  /** Explicit mentions instead of resolving them from the content. */
  mentions?: { mentions: APIUser[]; mention_roles: string[]; mention_everyone: boolean };
}

/** Realistic made-up members for load tests: distinct names, joins spread over `overDays`. */
export function generateMembers(
  count: number,
  options: { overDays?: number; endAt?: When; prefix?: string; roles?: string[]; withAvatarsEvery?: number } = {},
): FakeMember[] {
  const end = toMs(options.endAt ?? Date.now() - 60_000);
  const span = (options.overDays ?? 3 * 365) * 86_400_000;
  const members: FakeMember[] = [];
  const pad = String(count).length;
  for (let i = 0; i < count; i++) {
    const joinedAt = end - span + Math.floor((span * i) / Math.max(1, count));
    members.push({
      username: `${options.prefix ?? 'member'}${String(i).padStart(pad, '0')}`,
      globalName: i % 3 === 0 ? null : `Member ${i}`,
      avatar:
        options.withAvatarsEvery && i % options.withAvatarsEvery === 0
          ? `a${i.toString(16).padStart(31, '0')}`.slice(0, 32)
          : null,
      joinedAt,
      roles: options.roles ?? [],
      flags: 2,
    });
  }
  return members;
}

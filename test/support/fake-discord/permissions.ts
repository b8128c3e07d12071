/**
 * Discord permission bits and the documented computation of a member's permissions in
 * a channel (base permissions from @everyone and roles, then channel overwrites).
 * https://discord.com/developers/docs/topics/permissions
 */
export const Permission = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewAuditLog: 1n << 7n,
  PrioritySpeaker: 1n << 8n,
  Stream: 1n << 9n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  SendTTSMessages: 1n << 12n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ViewGuildInsights: 1n << 19n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  MuteMembers: 1n << 22n,
  DeafenMembers: 1n << 23n,
  MoveMembers: 1n << 24n,
  UseVAD: 1n << 25n,
  ChangeNickname: 1n << 26n,
  ManageNicknames: 1n << 27n,
  ManageRoles: 1n << 28n,
  ManageWebhooks: 1n << 29n,
  ManageGuildExpressions: 1n << 30n,
  UseApplicationCommands: 1n << 31n,
  RequestToSpeak: 1n << 32n,
  ManageEvents: 1n << 33n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  UseExternalStickers: 1n << 37n,
  SendMessagesInThreads: 1n << 38n,
  UseEmbeddedActivities: 1n << 39n,
  ModerateMembers: 1n << 40n,
  ViewCreatorMonetizationAnalytics: 1n << 41n,
  UseSoundboard: 1n << 42n,
  CreateGuildExpressions: 1n << 43n,
  CreateEvents: 1n << 44n,
  UseExternalSounds: 1n << 45n,
  SendVoiceMessages: 1n << 46n,
  SendPolls: 1n << 49n,
  UseExternalApps: 1n << 50n,
  PinMessages: 1n << 51n,
  BypassSlowmode: 1n << 52n,
} as const;

/** Every permission: what administrators and the owner have. */
export const ALL_PERMISSIONS = Object.values(Permission).reduce((all, bit) => all | bit, 0n);

/** What @everyone gets in a guild created today. */
export const DEFAULT_EVERYONE_PERMISSIONS = [
  Permission.CreateInstantInvite,
  Permission.AddReactions,
  Permission.Stream,
  Permission.ViewChannel,
  Permission.SendMessages,
  Permission.EmbedLinks,
  Permission.AttachFiles,
  Permission.ReadMessageHistory,
  Permission.MentionEveryone,
  Permission.UseExternalEmojis,
  Permission.Connect,
  Permission.Speak,
  Permission.UseVAD,
  Permission.ChangeNickname,
  Permission.UseApplicationCommands,
  Permission.RequestToSpeak,
  Permission.CreatePublicThreads,
  Permission.CreatePrivateThreads,
  Permission.UseExternalStickers,
  Permission.SendMessagesInThreads,
  Permission.UseEmbeddedActivities,
  Permission.UseSoundboard,
  Permission.CreateGuildExpressions,
  Permission.CreateEvents,
  Permission.UseExternalSounds,
  Permission.SendVoiceMessages,
  Permission.SendPolls,
  Permission.UseExternalApps,
].reduce((all, bit) => all | bit, 0n);

/** Accepts bigint, decimal string or number; returns a bigint. */
export const toBits = (value: bigint | string | number): bigint => (typeof value === 'bigint' ? value : BigInt(value));

export interface Overwrite {
  id: string;
  /** 0 role, 1 member. */
  type: 0 | 1;
  allow: string;
  deny: string;
}

export interface PermissionSubject {
  userId: string;
  roleIds: readonly string[];
}

export interface PermissionGuild {
  id: string;
  ownerId: string;
  /** Role permissions by role id; the @everyone role's id is the guild id. */
  rolePermissions(roleId: string): bigint | undefined;
}

export function basePermissions(guild: PermissionGuild, member: PermissionSubject): bigint {
  if (member.userId === guild.ownerId) return ALL_PERMISSIONS;
  let permissions = guild.rolePermissions(guild.id) ?? 0n;
  for (const role of member.roleIds) permissions |= guild.rolePermissions(role) ?? 0n;
  return permissions & Permission.Administrator ? ALL_PERMISSIONS : permissions;
}

export function channelPermissions(
  guild: PermissionGuild,
  member: PermissionSubject,
  overwrites: readonly Overwrite[],
): bigint {
  const base = basePermissions(guild, member);
  if (base & Permission.Administrator) return ALL_PERMISSIONS;
  let permissions = base;
  const everyone = overwrites.find((o) => o.id === guild.id);
  if (everyone) permissions = (permissions & ~toBits(everyone.deny)) | toBits(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== guild.id && member.roleIds.includes(o.id)) {
      allow |= toBits(o.allow);
      deny |= toBits(o.deny);
    }
  }
  permissions = (permissions & ~deny) | allow;
  const own = overwrites.find((o) => o.type === 1 && o.id === member.userId);
  if (own) permissions = (permissions & ~toBits(own.deny)) | toBits(own.allow);
  // Without VIEW_CHANNEL nothing else in the channel is usable.
  return permissions & Permission.ViewChannel ? permissions : 0n;
}

import {
  Client,
  DiscordAPIError,
  Events,
  MessageFlags,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type Guild,
  type GuildMember,
  type PartialGuildMember,
} from 'discord.js';
import type { Clock } from '../../core/clock.ts';
import type { CommandDef } from '../../core/commands.ts';
import type { CommandInvocation } from '../../core/events.ts';
import { channelId, eventId, localPart, messageId, type CommunityId, type MemberId } from '../../core/ids.ts';
import type { Logger } from '../../core/logger.ts';
import type { EventSink, KeyValueStore, PlatformAdapter } from '../../core/ports.ts';
import { fail, ok, type Failure, type Result } from '../../core/result.ts';
import { mentionedMembers, type RichText } from '../../core/rich-text.ts';
import { buildSlashCommands, commandsFingerprint, invocationFromInteraction } from './discord.commands.ts';
import { foyerClientOptions } from './discord.options.ts';
import { allowedMentions, renderDiscord } from './discord.render.ts';
import { canSeeChannels, discordMemberRef, hasPhoto, joinEvent, messageEvent, roleOf, type MemberLike } from './discord.translate.ts';

export interface DiscordAdapterOptions {
  token: string;
  guildId: string;
  community: CommunityId;
  roles: { moderatorRoles: readonly string[]; adminRoles: readonly string[] };
  /** Register slash commands in the guild (instant) or globally (up to an hour to appear). */
  commandScope: 'guild' | 'global';
  keyValue: KeyValueStore;
  logger: Logger;
  clock: Clock;
  /** Only for tests: the REST base of a fake Discord. */
  rest?: { api: string };
  /** Interactions not answered within this time are deferred (Discord allows 3 s). */
  deferAfterMs?: number;
}

const KV = 'discord';
// Discord error codes that are expected outcomes, not bugs.
const CANNOT_DM = 50007;
const MISSING_ACCESS = 50001;
const MISSING_PERMISSIONS = 50013;
const UNKNOWN_CHANNEL = 10003;
const UNKNOWN_MEMBER = 10007;
const UNKNOWN_USER = 10013;

function toFailure(error: unknown): Failure {
  if (error instanceof DiscordAPIError) {
    const code = Number(error.code);
    if (code === CANNOT_DM) return { kind: 'dm-closed', reason: error.message };
    if (code === MISSING_ACCESS || code === MISSING_PERMISSIONS) return { kind: 'missing-permission', reason: error.message };
    if (code === UNKNOWN_MEMBER || code === UNKNOWN_USER) return { kind: 'member-gone', reason: error.message };
    if (code === UNKNOWN_CHANNEL) return { kind: 'not-found', reason: error.message };
    if (error.status === 429) return { kind: 'rate-limited', reason: error.message };
    return { kind: 'invalid', reason: `${error.status} ${error.message}` };
  }
  return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
}

function memberLike(m: GuildMember): MemberLike {
  return {
    id: m.id,
    displayName: m.displayName,
    avatar: m.avatar,
    user: { avatar: m.user.avatar, bot: m.user.bot },
    pending: m.pending,
    flags: Number(m.flags.bitfield),
    joinedTimestamp: m.joinedTimestamp,
    roles: [...m.roles.cache.keys()],
    isAdministrator: m.permissions.has(PermissionFlagsBits.Administrator),
  };
}

interface ReplyHandle {
  interaction: ChatInputCommandInteraction;
  deferTimer: NodeJS.Timeout;
  deferred: Promise<void> | undefined;
}

/**
 * Discord through discord.js v14: gateway events become Foyer events, ports call
 * discord.js, and its exceptions become Results. Rate limits and retries stay with
 * discord.js's REST queue (a 429 is retried after its retry-after, never dropped).
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): PlatformAdapter & { readonly client: Client } {
  const { community, logger, keyValue } = options;
  const client = new Client(foyerClientOptions(options.rest));
  let sink: EventSink | undefined;
  let commands: readonly CommandDef[] = [];
  /** Members who joined but cannot see the channels yet (screening or onboarding). */
  const awaitingAccess = new Set<string>();
  let lastSeenTimer: NodeJS.Timeout | undefined;

  const deliver = (event: Parameters<EventSink>[0]): void => {
    if (!sink) return;
    sink(event).catch((error: unknown) => logger.error('event handling failed', { type: event.type, error }));
  };
  const ourGuild = (guild: Guild | null) => guild?.id === options.guildId;
  // Whether the guild uses Discord's onboarding; read at ready (membership screening shows as `pending`).
  let onboardingEnabled = false;
  const usesOnboarding = (_guild: Guild) => onboardingEnabled;
  const markSeen = () => keyValue.set(KV, 'last-seen', String(options.clock.now().getTime()));

  const dmClosed = (member: string) => keyValue.get(`${KV}.dm-closed`, member) !== undefined;

  async function registerCommands(guild: Guild): Promise<void> {
    const body = buildSlashCommands(commands);
    const fingerprint = commandsFingerprint([options.commandScope, options.guildId, body]);
    if (keyValue.get(KV, 'commands-fingerprint') === fingerprint) return logger.info('slash commands unchanged: not re-registered');
    if (options.commandScope === 'guild') await guild.commands.set(body as never);
    else await client.application!.commands.set(body as never);
    keyValue.set(KV, 'commands-fingerprint', fingerprint);
    logger.info('slash commands registered', { scope: options.commandScope, count: body.length });
  }

  /** After a fresh session, members who joined while Foyer was away are onboarded (once: effects are keyed). */
  async function reconcile(guild: Guild): Promise<void> {
    const lastSeen = Number(keyValue.get(KV, 'last-seen') ?? NaN);
    markSeen();
    if (Number.isNaN(lastSeen)) return; // first start: nobody already here is a newcomer
    const members = await guild.members.fetch({ time: 120_000 });
    let count = 0;
    for (const member of members.values()) {
      if (member.user.bot || (member.joinedTimestamp ?? 0) <= lastSeen) continue;
      const like = memberLike(member);
      if (canSeeChannels(like, usesOnboarding(guild))) {
        deliver(joinEvent(like, community));
        count++;
      } else awaitingAccess.add(member.id);
    }
    // The fetch filled discord.js's member cache past its limit; drop what Foyer does not need.
    guild.members.cache.sweep((m) => m.id !== client.user?.id);
    logger.info('reconciled members who joined while Foyer was away', { count });
  }

  client.on(Events.ClientReady, async () => {
    const guild = client.guilds.cache.get(options.guildId);
    if (!guild) return logger.error('the bot is not in the configured guild', { guildId: options.guildId });
    onboardingEnabled = await guild.fetchOnboarding().then((o) => o.enabled, () => false);
    await registerCommands(guild).catch((error: unknown) => logger.error('slash command registration failed', { error }));
    await reconcile(guild).catch((error: unknown) => logger.error('member reconciliation failed', { error }));
    lastSeenTimer = setInterval(markSeen, 60_000);
    lastSeenTimer.unref();
  });

  client.on(Events.GuildMemberAdd, (member) => {
    if (!ourGuild(member.guild) || member.user.bot) return;
    const like = memberLike(member);
    if (canSeeChannels(like, usesOnboarding(member.guild))) deliver(joinEvent(like, community));
    else awaitingAccess.add(member.id);
  });

  client.on(Events.GuildMemberUpdate, (before: GuildMember | PartialGuildMember, after: GuildMember) => {
    if (!ourGuild(after.guild) || after.user.bot) return;
    const like = memberLike(after);
    if (awaitingAccess.has(after.id) && canSeeChannels(like, usesOnboarding(after.guild))) {
      awaitingAccess.delete(after.id);
      deliver(joinEvent(like, community));
    }
    const photo = hasPhoto(like);
    const photoBefore = before.partial ? undefined : hasPhoto(memberLike(before as GuildMember));
    if (photoBefore !== photo || before.displayName !== after.displayName) {
      deliver({
        type: 'member.updated',
        id: eventId('discord', `update:${after.id}:${after.avatar ?? ''}:${after.user.avatar ?? ''}:${after.displayName}`),
        community,
        at: options.clock.now(),
        member: discordMemberRef(like),
        hasPhoto: photo,
      });
    }
  });

  client.on(Events.GuildMemberRemove, (member) => {
    if (!ourGuild(member.guild)) return;
    awaitingAccess.delete(member.id);
    const at = options.clock.now();
    deliver({ type: 'member.left', id: eventId('discord', `leave:${member.id}:${at.getTime()}`), community, at, member: { id: `discord:${member.id}` as MemberId, displayName: member.displayName ?? member.id } });
  });

  client.on(Events.MessageCreate, (message) => {
    if (!ourGuild(message.guild)) return;
    const event = messageEvent(
      { id: message.id, channelId: message.channelId, content: message.content, createdTimestamp: message.createdTimestamp, author: { id: message.author.id, bot: message.author.bot, displayName: message.member?.displayName ?? message.author.displayName }, webhookId: message.webhookId },
      community,
    );
    if (event) deliver(event);
  });

  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand() || interaction.guildId !== options.guildId) return;
    const { name, options: values } = invocationFromInteraction({ name: interaction.commandName, options: interaction.options.data });
    const member = interaction.member;
    const roles = member ? (Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()]) : [];
    const isAdministrator = interaction.memberPermissions?.has(PermissionFlagsBits.Administrator) ?? false;
    const handle: ReplyHandle = {
      interaction,
      deferred: undefined,
      // Discord wants an answer within 3 s: defer if the command is still working.
      deferTimer: setTimeout(() => {
        if (!interaction.replied) handle.deferred = interaction.deferReply({ flags: MessageFlags.Ephemeral }).then(() => undefined, (error: unknown) => logger.warn('defer failed', { error }));
      }, options.deferAfterMs ?? 2_000),
    };
    const invocation: CommandInvocation = {
      name,
      options: values,
      invoker: { id: `discord:${interaction.user.id}` as MemberId, displayName: interaction.member && 'displayName' in interaction.member ? interaction.member.displayName : interaction.user.displayName },
      role: roleOf({ roles, isAdministrator }, options.roles),
      channel: channelId('discord', interaction.channelId),
      replyHandle: handle,
    };
    deliver({ type: 'command.invoked', id: eventId('discord', `interaction:${interaction.id}`), community, at: new Date(interaction.createdTimestamp), invocation });
  });

  async function sendTo(target: { send(options: object): Promise<{ id: string }> }, message: RichText): Promise<Result<import('../../core/ids.ts').MessageId>> {
    const mentions = allowedMentions(mentionedMembers(message));
    let first: string | undefined;
    for (const content of renderDiscord(message)) {
      const sent = await target.send({ content, allowedMentions: mentions });
      first ??= sent.id;
    }
    return ok(messageId('discord', first ?? ''));
  }

  return {
    platform: 'discord',
    client,
    ports: {
      messages: {
        async send(channel, message) {
          try {
            const target = client.channels.cache.get(localPart(channel)) ?? (await client.channels.fetch(localPart(channel)));
            if (!target || !target.isSendable()) return fail('not-found', `channel ${channel} is not a text channel Foyer can post in`);
            return await sendTo(target, message);
          } catch (error) {
            return { ok: false, error: toFailure(error) };
          }
        },
      },
      directMessages: {
        async sendDirect(member, message) {
          const user = localPart(member);
          // Remembered so Discord is not asked again: failed requests count toward its invalid-request ban.
          if (dmClosed(user)) return fail('dm-closed', 'remembered: this member does not accept direct messages');
          try {
            const dm = await client.users.createDM(user, { cache: false });
            return await sendTo(dm, message);
          } catch (error) {
            const failure = toFailure(error);
            if (failure.kind === 'dm-closed') keyValue.set(`${KV}.dm-closed`, user, String(options.clock.now().getTime()));
            return { ok: false, error: failure };
          }
        },
      },
      profiles: {
        async getProfile(member) {
          try {
            const guild = client.guilds.cache.get(options.guildId);
            if (!guild) return fail('unavailable', 'guild not available');
            const found = await guild.members.fetch({ user: localPart(member), cache: false });
            return ok({ member: discordMemberRef(found), hasPhoto: hasPhoto(memberLike(found)) });
          } catch (error) {
            return { ok: false, error: toFailure(error) };
          }
        },
      },
    },
    responder: {
      async respond(invocation, message, opts) {
        const handle = invocation.replyHandle as ReplyHandle;
        clearTimeout(handle.deferTimer);
        const { interaction } = handle;
        const mentions = allowedMentions(mentionedMembers(message));
        const [first = '…', ...rest] = renderDiscord(message);
        const flags = opts?.private ? MessageFlags.Ephemeral : undefined;
        try {
          if (handle.deferred) await handle.deferred;
          if (interaction.deferred && !interaction.replied) await interaction.editReply({ content: first, allowedMentions: mentions });
          else if (interaction.replied) await interaction.followUp({ content: first, allowedMentions: mentions, ...(flags ? { flags } : {}) });
          else await interaction.reply({ content: first, allowedMentions: mentions, ...(flags ? { flags } : {}) });
          for (const content of rest) await interaction.followUp({ content, allowedMentions: mentions, ...(flags ? { flags } : {}) });
          return ok(undefined);
        } catch (error) {
          return { ok: false, error: toFailure(error) };
        }
      },
    },
    registrar: {
      async registerCommands(defs) {
        commands = defs; // registered once the client is ready and knows its application
        return ok(undefined);
      },
    },
    async start(s) {
      sink = s;
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(options.token);
      await ready;
    },
    async stop() {
      clearInterval(lastSeenTimer);
      if (client.isReady()) markSeen();
      sink = undefined;
      await client.destroy();
    },
  };
}

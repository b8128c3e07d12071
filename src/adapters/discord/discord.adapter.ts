import {
  Client,
  GatewayOpcodes,
  DiscordAPIError,
  Events,
  MessageFlags,
  PermissionFlagsBits,
  ComponentType,
  OverwriteType,
  Routes,
  TextInputStyle,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type GuildTextBasedChannel,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
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
  /** Ask for poll vote events (only when a feature uses native polls). */
  polls?: boolean;
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

/** The context menu that turns a message into a report (registered when a `report` command exists). */
export const REPORT_MENU = 'Report message';
const REPORT_MODAL = 'foyer-report:';
// Posting, threads and reactions are what a lock takes away from @everyone.
const LOCK_BITS = PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads | PermissionFlagsBits.CreatePublicThreads | PermissionFlagsBits.CreatePrivateThreads;

interface ReplyHandle {
  interaction: ChatInputCommandInteraction | ModalSubmitInteraction;
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
  const client = new Client(foyerClientOptions(options.rest, { polls: options.polls ?? false }));
  let sink: EventSink | undefined;
  let commands: readonly CommandDef[] = [];
  /** Members who joined but cannot see the channels yet (screening or onboarding). */
  const awaitingAccess = new Set<string>();
  const awaitAccess = (id: string) => {
    // Bounded: someone who never passes screening must not grow memory forever.
    if (awaitingAccess.size >= 10_000) awaitingAccess.delete(awaitingAccess.values().next().value!);
    awaitingAccess.add(id);
  };
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
    const body: object[] = buildSlashCommands(commands);
    if (commands.some((c) => c.name === 'report')) body.push({ type: 3, name: REPORT_MENU, dm_permission: false });
    const fingerprint = commandsFingerprint([options.commandScope, options.guildId, body]);
    if (keyValue.get(KV, 'commands-fingerprint') === fingerprint) return logger.info('slash commands unchanged: not re-registered');
    if (options.commandScope === 'guild') await guild.commands.set(body as never);
    else await client.application!.commands.set(body as never);
    keyValue.set(KV, 'commands-fingerprint', fingerprint);
    logger.info('slash commands registered', { scope: options.commandScope, count: body.length });
  }

  /**
   * After a fresh session, members who joined while Foyer was away are onboarded (once:
   * effects are keyed). Members are requested over the gateway and handled chunk by
   * chunk as they arrive, so a large guild is never held in memory all at once.
   */
  async function reconcile(guild: Guild): Promise<void> {
    const lastSeen = Number(keyValue.get(KV, 'last-seen') ?? NaN);
    markSeen();
    if (Number.isNaN(lastSeen)) return; // first start: nobody already here is a newcomer
    const nonce = `foyer-${Date.now().toString(36)}`.slice(0, 32);
    let count = 0;
    await new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => {
        client.off(Events.GuildMembersChunk, onChunk);
        reject(new Error('member chunks did not all arrive within 120 s'));
      }, 120_000);
      function onChunk(members: ReadonlyMap<string, GuildMember>, chunkGuild: Guild, chunk: { index: number; count: number; nonce?: string | null }): void {
        if (chunkGuild.id !== guild.id || chunk.nonce !== nonce) return;
        for (const member of members.values()) {
          if (member.user.bot || (member.joinedTimestamp ?? 0) <= lastSeen) continue;
          const like = memberLike(member);
          if (canSeeChannels(like, usesOnboarding(guild))) {
            deliver(joinEvent(like, community));
            count++;
          } else awaitAccess(member.id);
        }
        if (chunk.index + 1 >= chunk.count) {
          clearTimeout(timeout);
          client.off(Events.GuildMembersChunk, onChunk);
          resolve();
        }
      }
      client.on(Events.GuildMembersChunk, onChunk);
      guild.shard.send({ op: GatewayOpcodes.RequestGuildMembers, d: { guild_id: guild.id, query: '', limit: 0, nonce } });
    });
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
    else awaitAccess(member.id);
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

  function invoke(interaction: ChatInputCommandInteraction | ModalSubmitInteraction, name: string, values: Record<string, unknown>, target?: string): void {
    const evidence = target ? pendingEvidence.get(target) : undefined;
    if (target) pendingEvidence.delete(target);
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
      channel: channelId('discord', interaction.channelId ?? ''),
      ...(target ? { target: messageId('discord', target) } : {}),
      ...(evidence ? { evidence } : {}),
      replyHandle: handle,
    };
    deliver({ type: 'command.invoked', id: eventId('discord', `interaction:${interaction.id}`), community, at: new Date(interaction.createdTimestamp), invocation });
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    // Acknowledge at once (no visible change); features answer by posting or editing.
    await interaction.deferUpdate().catch((error: unknown) => logger.warn('button acknowledgement failed', { error }));
    const member = interaction.member;
    deliver({
      type: 'button.pressed',
      id: eventId('discord', `interaction:${interaction.id}`),
      community,
      at: new Date(interaction.createdTimestamp),
      member: { id: `discord:${interaction.user.id}` as MemberId, displayName: member && 'displayName' in member ? member.displayName : interaction.user.displayName },
      channel: channelId('discord', interaction.channelId),
      message: messageId('discord', interaction.message.id),
      customId: interaction.customId,
    });
  }

  // Evidence read from the context menu's target, until the modal is submitted (bounded).
  const pendingEvidence = new Map<string, { text: string; author: MemberId; at: Date; link: string }>();

  async function onReportMenu(interaction: MessageContextMenuCommandInteraction): Promise<void> {
    const target = interaction.targetMessage;
    if (pendingEvidence.size > 1_000) pendingEvidence.delete(pendingEvidence.keys().next().value!);
    pendingEvidence.set(target.id, {
      text: target.content,
      author: `discord:${target.author.id}` as MemberId,
      at: new Date(target.createdTimestamp),
      link: `https://discord.com/channels/${options.guildId}/${target.channelId}/${target.id}`,
    });
    await interaction.showModal({
      custom_id: `${REPORT_MODAL}${interaction.targetMessage.channelId}:${interaction.targetId}`,
      title: 'Report message',
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, custom_id: 'reason', label: 'What is wrong with this message?', style: TextInputStyle.Paragraph, required: true, min_length: 3, max_length: 1_000 }] }],
    });
  }

  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.guildId !== options.guildId) return;
    if (interaction.isChatInputCommand()) {
      const { name, options: values } = invocationFromInteraction({ name: interaction.commandName, options: interaction.options.data });
      return invoke(interaction, name, values);
    }
    if (interaction.isButton()) return void onButton(interaction);
    if (interaction.isMessageContextMenuCommand() && interaction.commandName === REPORT_MENU)
      return void onReportMenu(interaction).catch((error: unknown) => logger.warn('report menu failed', { error }));
    if (interaction.isModalSubmit() && interaction.customId.startsWith(REPORT_MODAL)) {
      const [, message] = interaction.customId.slice(REPORT_MODAL.length).split(':');
      return invoke(interaction, 'report', { reason: interaction.fields.getTextInputValue('reason') }, message);
    }
  });

  // Poll votes are read from the raw gateway packets: they carry every id Foyer needs
  // without depending on the poll message being cached.
  client.on(Events.Raw, (packet: { t?: string; d?: Record<string, string | number> }) => {
    if (packet.t !== 'MESSAGE_POLL_VOTE_ADD' && packet.t !== 'MESSAGE_POLL_VOTE_REMOVE') return;
    const d = packet.d!;
    if (d['guild_id'] !== options.guildId) return;
    const added = packet.t === 'MESSAGE_POLL_VOTE_ADD';
    const at = options.clock.now();
    deliver({
      type: 'poll.voted',
      id: eventId('discord', `poll-vote:${d['message_id']}:${d['user_id']}:${d['answer_id']}:${added ? 'add' : 'remove'}:${at.getTime()}`),
      community,
      at,
      member: { id: `discord:${d['user_id']}` as MemberId, displayName: String(d['user_id']) },
      channel: channelId('discord', String(d['channel_id'])),
      message: messageId('discord', String(d['message_id'])),
      answer: Number(d['answer_id']),
      added,
    });
  });

  async function textChannel(channel: string): Promise<GuildTextBasedChannel | undefined> {
    const found = client.channels.cache.get(channel) ?? (await client.channels.fetch(channel));
    return found && found.isTextBased() && !found.isDMBased() ? found : undefined;
  }

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
      edits: {
        async edit(channel, message, content) {
          try {
            const [first = '…'] = renderDiscord(content);
            await client.rest.patch(Routes.channelMessage(localPart(channel), localPart(message)), {
              body: { content: first, allowed_mentions: { parse: [], users: allowedMentions(mentionedMembers(content)).users } },
            });
            return ok(undefined);
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
      components: {
        async sendWithButtons(channel, message, buttons) {
          try {
            const target = await textChannel(localPart(channel));
            if (!target) return fail('not-found', `channel ${channel} is not a text channel`);
            const rows = [];
            for (let i = 0; i < Math.min(buttons.length, 25); i += 5)
              rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + 5).map((b) => ({ type: ComponentType.Button, style: 2, custom_id: b.customId.slice(0, 100), label: b.label.slice(0, 80) || '…' })) });
            const [content = '…', ...rest] = renderDiscord(message);
            const sent = await target.send({ content, allowedMentions: allowedMentions(mentionedMembers(message)), components: rows as never });
            for (const more of rest) await target.send({ content: more, allowedMentions: allowedMentions(mentionedMembers(message)) });
            return ok(messageId('discord', sent.id));
          } catch (error) {
            return { ok: false, error: toFailure(error) };
          }
        },
      },
      polls: {
        // Discord's limits for native polls; a feature falls back to buttons beyond them.
        limits: { maxAnswers: 10, maxAnswerLength: 55, maxQuestionLength: 300, minHours: 1, maxHours: 768 },
        async publish(channel, poll) {
          try {
            const target = await textChannel(localPart(channel));
            if (!target) return fail('not-found', `channel ${channel} is not a text channel`);
            const sent = await target.send({
              poll: { question: { text: poll.question }, answers: poll.answers.map((text) => ({ text })), duration: poll.durationHours, allowMultiselect: poll.multipleChoice },
              allowedMentions: { parse: [] },
            });
            return ok(messageId('discord', sent.id));
          } catch (error) {
            return { ok: false, error: toFailure(error) };
          }
        },
        async end(channel, message) {
          try {
            await client.rest.post(Routes.expirePoll(localPart(channel), localPart(message)));
            return ok(undefined);
          } catch (error) {
            return { ok: false, error: toFailure(error) };
          }
        },
      },
      channelModeration: {
        async slowDown(channel, seconds) {
          try {
            const target = await textChannel(localPart(channel));
            if (!target || !('setRateLimitPerUser' in target)) return fail('unsupported', 'this channel has no slowmode');
            const before = target.rateLimitPerUser ?? 0;
            await target.setRateLimitPerUser(Math.min(21_600, Math.max(0, Math.round(seconds))), 'Foyer crisis mode');
            return ok({ kind: 'slowmode', rateLimitPerUser: before });
          } catch (error) {
            return { ok: false, error: toFailure(error) };
          }
        },
        async lock(channel) {
          try {
            const target = await textChannel(localPart(channel));
            if (!target || !('permissionOverwrites' in target)) return fail('unsupported', 'this channel cannot be locked');
            const everyone = options.guildId; // the @everyone role has the guild's id
            const existing = target.permissionOverwrites.cache.get(everyone);
            const allow = existing?.allow.bitfield ?? 0n;
            const deny = existing?.deny.bitfield ?? 0n;
            await client.rest.put(Routes.channelPermission(target.id, everyone), {
              body: { type: OverwriteType.Role, allow: String(allow & ~LOCK_BITS), deny: String(deny | LOCK_BITS) },
              reason: 'Foyer crisis mode',
            });
            return ok({ kind: 'lock', overwrite: existing ? { allow: String(allow), deny: String(deny) } : null });
          } catch (error) {
            return { ok: false, error: toFailure(error) };
          }
        },
        async restore(channel, snapshot) {
          try {
            const id = localPart(channel);
            if (snapshot['kind'] === 'slowmode') {
              await client.rest.patch(Routes.channel(id), { body: { rate_limit_per_user: Number(snapshot['rateLimitPerUser'] ?? 0) }, reason: 'Foyer crisis mode ended' });
            } else if (snapshot['kind'] === 'lock') {
              const overwrite = snapshot['overwrite'] as { allow: string; deny: string } | null;
              if (overwrite) await client.rest.put(Routes.channelPermission(id, options.guildId), { body: { type: OverwriteType.Role, ...overwrite }, reason: 'Foyer crisis mode ended' });
              else await client.rest.delete(Routes.channelPermission(id, options.guildId), { reason: 'Foyer crisis mode ended' });
            } else return fail('invalid', 'unknown snapshot');
            return ok(undefined);
          } catch (error) {
            return { ok: false, error: toFailure(error) };
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

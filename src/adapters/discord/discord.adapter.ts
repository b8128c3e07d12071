import {
  ButtonStyle,
  ChannelType,
  Client,
  GatewayDispatchEvents,
  GatewayOpcodes,
  Events,
  MessageFlags,
  PermissionFlagsBits,
  ComponentType,
  OverwriteType,
  Routes,
  type ButtonInteraction,
  type Channel,
  type ChatInputCommandInteraction,
  type GuildTextBasedChannel,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
  type GatewayGuildMembersChunkDispatchData,
  type Guild,
  type GuildChannel,
  type GuildMember,
  type Interaction,
  type Message,
  type PartialGuildMember,
} from 'discord.js';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../core/clock.ts';
import { CORE_COMMAND_TEXTS, type CommandDef, type CommandTexts } from '../../core/commands.ts';
import type { CommandInvocation } from '../../core/events.ts';
import {
  channelId,
  eventId,
  localPart,
  messageId,
  type ChannelId,
  type CommunityId,
  type MemberId,
  type MessageId,
} from '../../core/ids.ts';
import type { Logger } from '../../core/logger.ts';
import { noMetrics, type Metrics } from '../../core/metrics.ts';
import { createTranslator, type Translator } from '../../core/i18n/translator.ts';
import type { Button, ChannelUse, EventSink, KeyValueStore, OutgoingFile, PlatformAdapter } from '../../core/ports.ts';
import { outgoingFileBytes } from '../../core/ports.ts';
import { attempt, fail, ok, type Failure, type Result } from '../../core/result.ts';
import {
  channelRef,
  list,
  mentionedMembers,
  paragraph,
  rich,
  truncate,
  type Inline,
  type RichText,
} from '../../core/rich-text.ts';
import { actionModal, actionValues, commandForMenu, messageMenus, modalTarget } from './discord.actions.ts';
import { classifyDiscordError } from './discord.errors.ts';
import { LOCK_BITS, lockSnapshot, planLock, type OverwriteChange } from './discord.lock.ts';
import { channelProblems, problemsKey, type ChannelFacts, type ChannelProblem } from './discord.channels.ts';
import {
  BARE_SUBCOMMAND,
  buildSlashCommands,
  commandsFingerprint,
  invocationFromInteraction,
} from './discord.commands.ts';
import { foyerClientOptions } from './discord.options.ts';
import { memberFromPacket, messageFromPacket, takePackets, type GuildFacts } from './discord.packets.ts';
import { eventsInTurns } from './discord.turns.ts';
import { allowedMentions, discordPoll, renderDiscord } from './discord.render.ts';
import {
  canSeeChannels,
  discordMemberRef,
  hasPhoto,
  isMemberMessage,
  joinEvent,
  messageEvent,
  messageLike,
  roleOf,
  type MemberLike,
  type MessageLike,
} from './discord.translate.ts';

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
  /** The configured channels and what Foyer does in each: their type and Foyer's permissions are checked at start. */
  channels?: readonly ChannelUse[];
  /** The moderators' channel id: what Foyer cannot do is reported there, once. */
  alertChannel?: string;
  /** How crisis mode acts on a channel when the reports feature runs (the permissions it needs everywhere). */
  crisisAction?: 'lock' | 'slowmode';
  /** For the few texts the adapter writes itself (a refusal, the permissions report); English built-ins by default. */
  translator?: Translator;
  /** Where gateway drops and returns and REST rate limits are reported (the web server's /readyz and /metrics). */
  metrics?: Metrics;
}

const KV = 'discord';
const AWAITING_ACCESS = `${KV}.awaiting-access`;

/** Runs discord.js work; what it throws comes back as Foyer's failure kinds. */
const withDiscord = <T>(work: () => Promise<Result<T>>): Promise<Result<T>> => attempt(work, classifyDiscordError);

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

// Discord's limits for native polls; a feature falls back to buttons beyond them.
const DISCORD_POLL_LIMITS = { maxAnswers: 10, maxAnswerLength: 55, maxQuestionLength: 300, minHours: 1, maxHours: 768 };
// Discord's limits for buttons (Discord API docs, Message Components: Action Rows, Buttons) and slowmode (Channel
// Resource).
const BUTTON_LIMITS = { perMessage: 25, perRow: 5, customIdLength: 100, labelLength: 80 };
const MAX_SLOWMODE_SECONDS = 21_600;

// Discord counts the label in UTF-16 units; an empty label is refused.
const buttonComponent = (b: Button) => ({
  type: ComponentType.Button,
  style: ButtonStyle.Secondary,
  custom_id: b.customId.slice(0, BUTTON_LIMITS.customIdLength),
  label: truncate(b.label, BUTTON_LIMITS.labelLength, { measure: (g) => g.length }) || '…',
});

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
/** The fields of a MESSAGE_REACTION_ADD (or _REMOVE) packet Foyer reads. */
interface ReactionPacket {
  user_id: string;
  channel_id: string;
  message_id: string;
  guild_id?: string;
  member?: { nick?: string | null; user?: { bot?: boolean; username?: string; global_name?: string | null } };
  emoji: { id: string | null; name: string | null };
}

export function createDiscordAdapter(options: DiscordAdapterOptions): PlatformAdapter & { readonly client: Client } {
  const { community, logger, keyValue } = options;
  const translator = options.translator ?? createTranslator('en');
  const client = new Client(foyerClientOptions(options.rest, { polls: options.polls ?? false }));
  let sink: EventSink | undefined;
  let commands: readonly CommandDef[] = [];
  let commandTexts: CommandTexts = CORE_COMMAND_TEXTS;
  // Members who joined but cannot see the channels yet (screening or onboarding) are kept
  // in the key-value store: a restart must not forget them before they are let in.
  const awaitAccess = (id: string) => keyValue.set(AWAITING_ACCESS, id, String(options.clock.now().getTime()));
  const isAwaitingAccess = (id: string) => keyValue.get(AWAITING_ACCESS, id) !== undefined;
  const forgetAwaiting = (id: string) => keyValue.delete(AWAITING_ACCESS, id);
  let lastSeenTimer: NodeJS.Timeout | undefined;
  /** Cancels the waits between member list requests when Foyer stops. */
  const stopping = new AbortController();

  const deliver = eventsInTurns(
    (event: Parameters<EventSink>[0]): void => {
      if (!sink) return;
      sink(event).catch((error: unknown) => logger.error('event handling failed', { type: event.type, error }));
    },
    { onError: (error, event) => logger.error('event handling failed', { type: event.type, error }) },
  );
  const ourGuild = (guild: Guild | null) => guild?.id === options.guildId;
  // Whether the guild uses Discord's onboarding, read at every fresh session (membership
  // screening shows as `pending`); unknown until Discord has told.
  let onboardingEnabled: boolean | 'unknown' = 'unknown';
  const usesOnboarding = (_guild: Guild) => onboardingEnabled;
  const readOnboarding = (guild: Guild) =>
    guild.fetchOnboarding().then(
      (o) => o.enabled,
      () => onboardingEnabled,
    );
  /**
   * Last-seen is the moment up to which Foyer has every join: a gateway event it received,
   * once the member list has been reconciled in this session. It never moves while Foyer is
   * disconnected, so a restart after a long outage still catches up.
   */
  let seenUpTo: number | undefined;
  let sessionReconciled = false;
  /** When the current session began: later joins come as live events, earlier ones from the member list. */
  let sessionStartedAt = 0;
  /** Counts fresh sessions, so a reconciliation overtaken by a newer session does not vouch for it. */
  let sessionNumber = 0;
  const markSeen = () => {
    if (seenUpTo !== undefined) keyValue.set(KV, 'last-seen', String(seenUpTo));
  };
  client.on(Events.Raw, (packet: { t?: string }) => {
    if (packet.t === 'READY') {
      sessionStartedAt = options.clock.now().getTime();
      sessionNumber++;
      sessionReconciled = false;
    }
    if (sessionReconciled) seenUpTo = options.clock.now().getTime();
  });

  const dmClosed = (member: string) => keyValue.get(`${KV}.dm-closed`, member) !== undefined;

  async function registerCommands(guild: Guild): Promise<void> {
    const body = [...buildSlashCommands(commands, commandTexts), ...messageMenus(commands)];
    const fingerprint = commandsFingerprint([options.commandScope, options.guildId, body]);
    if (keyValue.get(KV, 'commands-fingerprint') === fingerprint)
      return logger.info('slash commands unchanged: not re-registered');
    if (options.commandScope === 'guild') await guild.commands.set(body as never);
    else await client.application!.commands.set(body as never);
    keyValue.set(KV, 'commands-fingerprint', fingerprint);
    logger.info('slash commands registered', { scope: options.commandScope, count: body.length });
  }

  /**
   * After every fresh session (the first start, and each time Discord could not resume one,
   * op 9 or a missed replay window), members who joined while Foyer was not listening are
   * onboarded (once: effects are keyed), and members waiting for access who were let in
   * meanwhile are welcomed. Members are requested over the gateway and handled chunk by
   * chunk, so a large guild is never held in memory all at once. Last-seen advances only
   * once every join found has been handled.
   */
  async function reconcile(guild: Guild): Promise<void> {
    const session = sessionNumber;
    const startedAt = sessionStartedAt;
    const lastSeen = Number(keyValue.get(KV, 'last-seen') ?? NaN);
    // The first start: nobody already here is a newcomer.
    if (Number.isNaN(lastSeen)) keyValue.set(KV, 'last-seen', String(startedAt));
    else {
      const handled: Promise<void>[] = [];
      let count = 0;
      await requestAllMembers(guild, (member) => {
        const event = catchUpEvent(member, guild, lastSeen);
        if (!event) return;
        count++;
        if (sink)
          handled.push(
            sink(event).catch((error: unknown) => logger.error('event handling failed', { type: event.type, error })),
          );
      });
      await Promise.all(handled);
      logger.info('reconciled members who joined while Foyer was away', { count });
    }
    if (session !== sessionNumber) return;
    seenUpTo = Math.max(seenUpTo ?? startedAt, startedAt);
    sessionReconciled = true;
    markSeen();
  }

  /** The join to deliver for a member found in the member list, if they are a newcomer Foyer has not greeted. */
  function catchUpEvent(member: MemberLike, guild: Guild, lastSeen: number): Parameters<EventSink>[0] | undefined {
    if (member.user.bot) return undefined;
    const canSee = canSeeChannels(member, usesOnboarding(guild));
    if (isAwaitingAccess(member.id)) {
      if (!canSee) return undefined;
      forgetAwaiting(member.id);
      return joinEvent(member, community);
    }
    if ((member.joinedTimestamp ?? 0) < lastSeen) return undefined;
    if (canSee) return joinEvent(member, community);
    awaitAccess(member.id);
    return undefined;
  }

  const MEMBER_LIST_ATTEMPTS = 5;

  /**
   * Requests the whole member list. Discord allows that once per guild every 30 seconds and
   * answers a request too soon with a RATE_LIMITED event (`retry_after` in seconds) instead
   * of chunks (Discord API docs, Gateway Events: "Request Guild Members", "Rate Limited");
   * discord.js leaves that event to whoever sent the request, so Foyer waits and asks again.
   */
  async function requestAllMembers(guild: Guild, onMember: (member: MemberLike) => void): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const retryAfterMs = await requestMembersOnce(guild, onMember);
      if (retryAfterMs === undefined) return;
      if (attempt >= MEMBER_LIST_ATTEMPTS) throw new Error(`the member list request was rate limited ${attempt} times`);
      logger.warn('member list request rate limited by Discord: asking again later', { retryAfterMs });
      await delay(retryAfterMs + 250, undefined, { signal: stopping.signal });
    }
  }

  /**
   * One member list request: resolves when the last chunk is handled, or with how long to wait when Discord refused
   * it.
   */
  function requestMembersOnce(guild: Guild, onMember: (member: MemberLike) => void): Promise<number | undefined> {
    const nonce = `foyer-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`.slice(0, 32);
    return new Promise<number | undefined>((resolve, reject) => {
      const done = (outcome: () => void) => {
        clearTimeout(timeout);
        chunkTakers.delete(nonce);
        client.off(Events.GuildMembersChunk, onChunk);
        client.off(Events.Raw, onRateLimited);
        outcome();
      };
      const timeout = setTimeout(
        () => done(() => reject(new Error('member chunks did not all arrive within 120 s'))),
        120_000,
      );
      const chunkHandled = (index: number, count: number) => {
        if (index + 1 >= count) done(() => resolve(undefined));
      };
      // Read from the packet (discord.js builds no member objects for it) once the client is ready…
      chunkTakers.set(nonce, (chunk) => {
        timeout.refresh();
        const facts = guildFacts(guild);
        for (const member of chunk.members) onMember(memberFromPacket(member, facts));
        chunkHandled(chunk.chunk_index, chunk.chunk_count);
      });
      // …or from discord.js's members, for a chunk it handled itself.
      function onChunk(
        members: ReadonlyMap<string, GuildMember>,
        chunkGuild: Guild,
        chunk: { index: number; count: number; nonce?: string | null },
      ): void {
        if (chunkGuild.id !== guild.id || chunk.nonce !== nonce) return;
        timeout.refresh();
        for (const member of members.values()) onMember(memberLike(member));
        chunkHandled(chunk.index, chunk.count);
      }
      function onRateLimited(packet: {
        t?: string;
        d?: { opcode?: number; retry_after?: number; meta?: { guild_id?: string; nonce?: string } };
      }): void {
        const d = packet.d;
        if (
          packet.t !== 'RATE_LIMITED' ||
          d?.opcode !== GatewayOpcodes.RequestGuildMembers ||
          d.meta?.guild_id !== guild.id
        )
          return;
        if (d.meta.nonce !== undefined && d.meta.nonce !== nonce) return;
        done(() => resolve(Math.max(0, (d.retry_after ?? 30) * 1000)));
      }
      client.on(Events.GuildMembersChunk, onChunk);
      client.on(Events.Raw, onRateLimited);
      guild.shard.send({
        op: GatewayOpcodes.RequestGuildMembers,
        d: { guild_id: guild.id, query: '', limit: 0, nonce },
      });
    });
  }

  // ----- configured channels: type and permissions ------------------------------------

  /**
   * Channels where Discord refused a post although the cache said Foyer may: not asked again until permissions
   * change.
   */
  const refusedChannels = new Set<string>();
  const isForum = (type: ChannelType) => type === ChannelType.GuildForum || type === ChannelType.GuildMedia;

  function channelFacts(guild: Guild, id: string): ChannelFacts {
    const channel = guild.channels.cache.get(id);
    const me = guild.members.me;
    if (!channel || channel.isThread() || !me) return { exists: false, isForum: false, permissions: 0n };
    return { exists: true, isForum: isForum(channel.type), permissions: channel.permissionsFor(me).bitfield };
  }

  function problemLine(problem: ChannelProblem, t: Translator): Inline[] {
    const channel = channelRef(channelId('discord', problem.use.id), problem.use.name);
    const features = problem.kind === 'crisis' ? '' : problem.features.join(', ');
    const permissions = 'permissions' in problem ? problem.permissions.join(', ') : '';
    if (problem.kind === 'not-found')
      return t.t('platform.problem.notFound', { channel, id: problem.use.id, features });
    if (problem.kind === 'forum') return t.t('platform.problem.forum', { channel, features });
    if (problem.kind === 'missing') return t.t('platform.problem.missing', { channel, permissions, features });
    return t.t(problem.action === 'lock' ? 'platform.problem.crisisLock' : 'platform.problem.crisisSlowmode', {
      channel,
      permissions,
    });
  }

  /**
   * Checks every configured channel (at start, and again whenever channels, roles or
   * Foyer's own member change): logs what will not work, and tells the moderators once
   * per distinct set of problems, so a restart does not repeat it.
   */
  let loggedProblems: string | undefined;
  async function checkChannels(guild: Guild): Promise<void> {
    refusedChannels.clear();
    const problems = channelProblems(options.channels ?? [], (id) => channelFacts(guild, id), options.crisisAction);
    const key = problemsKey(problems);
    if (key === loggedProblems) return;
    loggedProblems = key;
    for (const p of problems)
      logger.error(
        p.kind === 'forum'
          ? 'this channel is a forum: Foyer cannot post messages in it'
          : p.kind === 'not-found'
            ? 'Foyer cannot see this channel'
            : 'Foyer lacks permissions in this channel',
        {
          channel: p.use.name,
          id: p.use.id,
          ...('features' in p ? { features: p.features } : { crisis: p.action }),
          ...('permissions' in p ? { missing: p.permissions } : {}),
        },
      );
    if (key === (keyValue.get(KV, 'reported-problems') ?? '')) return;
    keyValue.set(KV, 'reported-problems', key);
    if (problems.length === 0 || !options.alertChannel) return;
    const report = rich(
      paragraph(...translator.t('platform.setupProblems', { community: guild.name })),
      list(problems.map((p) => problemLine(p, translator))),
    );
    const sent = await sendToChannel(channelId('discord', options.alertChannel), report);
    if (!sent.ok) logger.warn('could not tell the moderators what Foyer cannot do', { reason: sent.error.reason });
  }

  /** Permissions change with channels, roles and Foyer's own roles; the check reads only the cache, so it is cheap. */
  const recheck = (guild: Guild | null) => {
    if (!ourGuild(guild) || !client.isReady()) return;
    void checkChannels(guild!).catch((error: unknown) => logger.error('channel check failed', { error }));
  };
  const guildOf = (channel: Channel) => (channel.isDMBased() ? null : channel.guild);
  client.on(Events.ChannelCreate, (channel) => recheck(channel.guild));
  client.on(Events.ChannelUpdate, (_before, after) => recheck(guildOf(after)));
  client.on(Events.ChannelDelete, (channel) => recheck(guildOf(channel)));
  client.on(Events.GuildRoleCreate, (role) => recheck(role.guild));
  client.on(Events.GuildRoleUpdate, (_before, after) => recheck(after.guild));
  client.on(Events.GuildRoleDelete, (role) => recheck(role.guild));
  client.on(Events.GuildMemberUpdate, (_before, after) => {
    if (after.id === client.user?.id) recheck(after.guild);
  });

  /**
   * Why Foyer may not post in a channel, known without asking Discord: a failed request
   * counts toward its invalid-request limit (10,000 per 10 minutes, then a temporary IP
   * ban), so a read-only channel must not cost one request per join.
   */
  function cannotPost(target: Channel): Failure | undefined {
    if (target.isDMBased()) return undefined;
    if (isForum(target.type))
      return { kind: 'unsupported', reason: `channel ${target.id} is a forum: it holds posts, not messages` };
    if (refusedChannels.has(target.id))
      return {
        kind: 'missing-permission',
        reason: `Discord refused Foyer's last post in channel ${target.id}; not asked again until permissions change`,
      };
    const me = target.guild.members.me;
    const permissions = me ? target.permissionsFor(me) : null;
    if (!permissions) return undefined;
    const send = target.isThread() ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
    if (!permissions.has(PermissionFlagsBits.ViewChannel | send))
      return { kind: 'missing-permission', reason: `Foyer may not view and post in channel ${target.id}` };
    return undefined;
  }

  /** Remembers a channel where Discord refused a post (the cache was behind), until permissions change. */
  function noteRefusal(channel: string, failure: Failure): Failure {
    if (failure.kind === 'missing-permission') refusedChannels.add(channel);
    return failure;
  }

  client.on(Events.ClientReady, () => {
    if (!client.guilds.cache.has(options.guildId))
      logger.error('the bot is not in the configured guild', { guildId: options.guildId });
  });

  /**
   * discord.js says ready once per process (ClientReady) but its shard is ready again after
   * every fresh identify (ShardReady), when the joins of the gap are lost; a resumed session
   * replays them instead (ShardResume) and needs nothing here.
   */
  client.on(Events.ShardReady, (shardId) => {
    const guild = client.guilds.cache.get(options.guildId);
    if (guild?.shardId === shardId) void onFreshSession(guild);
  });

  const metrics = options.metrics ?? noMetrics;
  client.on(Events.ShardDisconnect, (event) =>
    metrics.connectionChanged('discord', false, `gateway closed (code ${event.code})`),
  );
  client.on(Events.ShardReconnecting, () => metrics.connectionChanged('discord', false, 'gateway reconnecting'));
  client.on(Events.ShardReady, () => metrics.connectionChanged('discord', true));
  client.on(Events.ShardResume, () => metrics.connectionChanged('discord', true));
  client.rest.on('rateLimited', () => metrics.rateLimited('discord'));

  /**
   * Onboarding switched off lets in everyone who was mid-way, with no member update to say
   * so. Discord documents no event for onboarding changes: a guild update is the hint to
   * read it again (every fresh session reads it too, and reconciliation then lets them in).
   */
  client.on(Events.GuildUpdate, (_before, after) => {
    if (ourGuild(after) && client.isReady())
      void rereadOnboarding(after).catch((error: unknown) => logger.error('onboarding check failed', { error }));
  });

  async function rereadOnboarding(guild: Guild): Promise<void> {
    const wasEnabled = onboardingEnabled;
    onboardingEnabled = await readOnboarding(guild);
    if (wasEnabled !== true || onboardingEnabled !== false) return;
    let count = 0;
    await requestAllMembers(guild, (member) => {
      if (!isAwaitingAccess(member.id) || !canSeeChannels(member, false)) return;
      forgetAwaiting(member.id);
      deliver(joinEvent(member, community));
      count++;
    });
    logger.info('onboarding switched off: members who were mid-way are welcomed', { count });
  }

  async function onFreshSession(guild: Guild): Promise<void> {
    onboardingEnabled = await readOnboarding(guild);
    await checkChannels(guild).catch((error: unknown) => logger.error('channel check failed', { error }));
    await registerCommands(guild).catch((error: unknown) =>
      logger.error('slash command registration failed', { error }),
    );
    await reconcile(guild).catch((error: unknown) => logger.error('member reconciliation failed', { error }));
    if (lastSeenTimer) return;
    lastSeenTimer = setInterval(markSeen, 60_000);
    lastSeenTimer.unref();
  }

  client.on(Events.GuildMemberAdd, (member) => {
    if (!ourGuild(member.guild) || member.user.bot) return;
    const like = memberLike(member);
    if (!canSeeChannels(like, usesOnboarding(member.guild))) return awaitAccess(member.id);
    forgetAwaiting(member.id);
    deliver(joinEvent(like, community));
  });

  client.on(Events.GuildMemberUpdate, (before: GuildMember | PartialGuildMember, after: GuildMember) => {
    if (!ourGuild(after.guild) || after.user.bot) return;
    const like = memberLike(after);
    if (isAwaitingAccess(after.id) && canSeeChannels(like, usesOnboarding(after.guild))) {
      forgetAwaiting(after.id);
      deliver(joinEvent(like, community));
    }
    const photo = hasPhoto(like);
    const photoBefore = before.partial ? undefined : hasPhoto(memberLike(before as GuildMember));
    if (photoBefore !== photo || before.displayName !== after.displayName) {
      deliver({
        type: 'member.updated',
        id: eventId(
          'discord',
          `update:${after.id}:${after.avatar ?? ''}:${after.user.avatar ?? ''}:${after.displayName}`,
        ),
        community,
        at: options.clock.now(),
        member: discordMemberRef(like),
        hasPhoto: photo,
      });
    }
  });

  client.on(Events.GuildMemberRemove, (member) => {
    if (!ourGuild(member.guild)) return;
    forgetAwaiting(member.id);
    const at = options.clock.now();
    deliver({
      type: 'member.left',
      id: eventId('discord', `leave:${member.id}:${at.getTime()}`),
      community,
      at,
      member: { id: `discord:${member.id}` as MemberId, displayName: member.displayName ?? member.id },
    });
  });

  /**
   * Threads and forum posts belong to their parent channel for every feature, but their
   * messages carry the thread's own id (Discord API docs, Channel Resource: Thread object,
   * `parent_id`). A thread Foyer was not told about (one revived from the archive) comes
   * without its parent: it is asked once, then cached.
   */
  function knownHomeChannel(message: Message): string | undefined {
    const channel = message.channel;
    if (!channel.isThread()) return message.channelId;
    return channel.parentId ?? undefined;
  }

  async function fetchThreadParent(thread: string): Promise<string> {
    const fetched = await client.channels.fetch(thread, { force: true }).catch(() => null);
    return fetched?.isThread() && fetched.parentId ? fetched.parentId : thread;
  }

  /** A message in the guild: delivered at once when its channel is known, so a message and a command right after it keep their order. */
  function onMessage(like: MessageLike, home: string | undefined): void {
    if (!isMemberMessage(like)) return;
    const deliverIn = (channel: string) => {
      const event = messageEvent({ ...like, channelId: channel }, community);
      if (event) deliver(event);
    };
    if (home) deliverIn(home);
    else void fetchThreadParent(like.channelId).then(deliverIn);
  }

  client.on(Events.MessageCreate, (message) => {
    if (!ourGuild(message.guild)) return;
    onMessage(messageLike(message), knownHomeChannel(message));
  });

  /** Member-list requests of Foyer's own in flight, by nonce: their chunks are read from the packets. */
  const chunkTakers = new Map<string, (chunk: GatewayGuildMembersChunkDispatchData) => void>();
  const guildFacts = (guild: Guild): GuildFacts => ({
    id: guild.id,
    ownerId: guild.ownerId,
    rolePermissions: (role) => guild.roles.cache.get(role)?.permissions.bitfield,
  });

  /**
   * The packets Foyer reads itself (see discord.packets.ts): the chunks of its own member-list
   * requests, and members' messages in the guild's text channels. Messages anywhere else (a
   * thread, a channel not in the cache) and those of bots and webhooks are left to discord.js,
   * which then keeps their authors among the users it has seen (reaction removals tell bots
   * apart by them).
   */
  const reading = takePackets(client, (packet) => {
    if (packet.t === GatewayDispatchEvents.GuildMembersChunk) {
      const take = packet.d.nonce !== undefined ? chunkTakers.get(packet.d.nonce) : undefined;
      if (packet.d.guild_id !== options.guildId || !take) return false;
      take(packet.d);
      return true;
    }
    if (packet.t !== GatewayDispatchEvents.MessageCreate) return false;
    const d = packet.d;
    if (d.guild_id !== options.guildId || d.author.bot || d.webhook_id) return false;
    const channel = client.channels.cache.get(d.channel_id);
    if (!channel || channel.isDMBased() || channel.isThread() || !channel.isTextBased()) return false;
    // What discord.js's own handling of the message would have changed.
    channel.lastMessageId = d.id;
    onMessage(messageFromPacket(d), channel.id);
    return true;
  });
  if (!reading)
    logger.warn('this discord.js version hides its packet handling: messages and member lists cost more memory');

  function invoke(
    interaction: ChatInputCommandInteraction | ModalSubmitInteraction,
    name: string,
    values: Record<string, unknown>,
    target?: string,
  ): void {
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
        if (!interaction.replied)
          handle.deferred = interaction.deferReply({ flags: MessageFlags.Ephemeral }).then(
            () => undefined,
            (error: unknown) => logger.warn('defer failed', { error }),
          );
      }, options.deferAfterMs ?? 2_000),
    };
    const invocation: CommandInvocation = {
      name,
      options: values,
      invoker: {
        id: `discord:${interaction.user.id}` as MemberId,
        displayName:
          interaction.member && 'displayName' in interaction.member
            ? interaction.member.displayName
            : interaction.user.displayName,
      },
      role: roleOf({ roles, isAdministrator }, options.roles),
      // A command typed in a thread is about the thread's channel (reports add up per channel, crisis mode acts there).
      channel: channelId(
        'discord',
        (interaction.channel?.isThread() ? interaction.channel.parentId : undefined) ?? interaction.channelId ?? '',
      ),
      ...(target ? { target: messageId('discord', target) } : {}),
      ...(evidence ? { evidence } : {}),
      replyHandle: handle,
    };
    deliver({
      type: 'command.invoked',
      id: eventId('discord', `interaction:${interaction.id}`),
      community,
      at: new Date(interaction.createdTimestamp),
      invocation,
    });
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
      member: {
        id: `discord:${interaction.user.id}` as MemberId,
        displayName: member && 'displayName' in member ? member.displayName : interaction.user.displayName,
      },
      channel: channelId('discord', interaction.channelId),
      message: messageId('discord', interaction.message.id),
      customId: interaction.customId,
    });
  }

  // Evidence read from the context menu's target, until the modal is submitted (bounded).
  const pendingEvidence = new Map<string, { text: string; author: MemberId; at: Date; link: string }>();

  /** A message context-menu pick: the message is kept as evidence, and the command's form is shown. */
  async function onMessageAction(interaction: MessageContextMenuCommandInteraction, def: CommandDef): Promise<void> {
    const target = interaction.targetMessage;
    if (pendingEvidence.size > 1_000) pendingEvidence.delete(pendingEvidence.keys().next().value!);
    pendingEvidence.set(target.id, {
      text: target.content,
      author: `discord:${target.author.id}` as MemberId,
      at: new Date(target.createdTimestamp),
      link: `https://discord.com/channels/${options.guildId}/${target.channelId}/${target.id}`,
    });
    await interaction.showModal(actionModal(def, target.id));
  }

  /** A submitted message-action form: the command runs with the fields as arguments, about the picked message. */
  function onMessageActionSubmit(
    interaction: ModalSubmitInteraction,
    target: { message: string; command: string },
  ): void {
    const def = commands.find((c) => c.name === target.command && c.messageAction);
    if (!def)
      return logger.warn('a message action form came back for a command Foyer no longer has', {
        command: target.command,
      });
    const submitted = (field: string) => {
      const component = interaction.fields.fields.get(field);
      return component && 'value' in component ? String(component.value) : undefined;
    };
    invoke(interaction, def.name, actionValues(def, submitted), target.message);
  }

  /**
   * Global commands reach every guild the app is installed in, and Discord shows "The
   * application did not respond" to anyone whose interaction gets no answer within 3 s
   * (Discord API docs, Interactions: Receiving and Responding): say privately, at once,
   * that Foyer serves one community.
   */
  async function refuseElsewhere(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) return await interaction.respond([]);
      if (!interaction.isRepliable()) return;
      const t = translator.forLocale(interaction.locale.startsWith('fr') ? 'fr' : 'en');
      const community = client.guilds.cache.get(options.guildId)?.name ?? options.community;
      const [content = '…'] = renderDiscord(rich(paragraph(...t.t('platform.elsewhere', { community }))));
      await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    } catch (error) {
      logger.warn('could not answer an interaction from another guild', { guildId: interaction.guildId, error });
    }
  }

  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.guildId !== options.guildId) return void refuseElsewhere(interaction);
    if (interaction.isChatInputCommand()) {
      const { name, options: values } = invocationFromInteraction({
        name: interaction.commandName,
        options: interaction.options.data,
      });
      return invoke(interaction, name, values);
    }
    if (interaction.isButton()) return void onButton(interaction);
    if (interaction.isMessageContextMenuCommand()) {
      const def = commandForMenu(commands, interaction.commandName);
      if (def)
        return void onMessageAction(interaction, def).catch((error: unknown) =>
          logger.warn('message action menu failed', { command: def.name, error }),
        );
    }
    if (interaction.isModalSubmit()) {
      const target = modalTarget(interaction.customId);
      if (target) return onMessageActionSubmit(interaction, target);
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
      id: eventId(
        'discord',
        `poll-vote:${d['message_id']}:${d['user_id']}:${d['answer_id']}:${added ? 'add' : 'remove'}:${at.getTime()}`,
      ),
      community,
      at,
      member: { id: `discord:${d['user_id']}` as MemberId, displayName: String(d['user_id']) },
      channel: channelId('discord', String(d['channel_id'])),
      message: messageId('discord', String(d['message_id'])),
      answer: Number(d['answer_id']),
      added,
    });
  });

  // Reactions too: the packet names the member and the message without either being cached.
  // Bots' and Foyer's own reactions are not a member's activity. One event per member,
  // message and emoji: taking a reaction back and adding it again counts once.
  // A reaction taken back (MESSAGE_REACTION_REMOVE carries no member object: bots are told
  // apart by the users discord.js has seen) becomes `reaction.removed`, each removal its own event.
  client.on(Events.Raw, (packet: { t?: string; d?: ReactionPacket }) => {
    const added = packet.t === 'MESSAGE_REACTION_ADD';
    if (!added && packet.t !== 'MESSAGE_REACTION_REMOVE') return;
    const d = packet.d!;
    if (d.guild_id !== options.guildId || d.user_id === client.user?.id || d.member?.user?.bot) return;
    if (!added && client.users.cache.get(d.user_id)?.bot) return;
    const emoji = d.emoji.id ? `<:${d.emoji.name ?? ''}:${d.emoji.id}>` : (d.emoji.name ?? '');
    const at = options.clock.now();
    deliver({
      type: added ? 'reaction.added' : 'reaction.removed',
      id: eventId(
        'discord',
        added
          ? `reaction:${d.message_id}:${d.user_id}:${emoji}`
          : `reaction-removed:${d.message_id}:${d.user_id}:${emoji}:${at.getTime()}`,
      ),
      community,
      at,
      member: {
        id: `discord:${d.user_id}` as MemberId,
        displayName: d.member?.nick ?? d.member?.user?.global_name ?? d.member?.user?.username ?? d.user_id,
      },
      channel: channelId('discord', d.channel_id),
      message: messageId('discord', d.message_id),
      emoji,
    });
  });

  async function textChannel(channel: string): Promise<GuildTextBasedChannel | undefined> {
    const found = client.channels.cache.get(channel) ?? (await client.channels.fetch(channel));
    return found && found.isTextBased() && !found.isDMBased() ? found : undefined;
  }

  async function sendTo(
    target: { send(options: object): Promise<{ id: string }> },
    message: RichText,
  ): Promise<Result<MessageId>> {
    const mentions = allowedMentions(mentionedMembers(message));
    let first: string | undefined;
    for (const content of renderDiscord(message)) {
      const sent = await target.send({ content, allowedMentions: mentions });
      first ??= sent.id;
    }
    return ok(messageId('discord', first ?? ''));
  }

  async function sendToChannel(channel: ChannelId, message: RichText): Promise<Result<MessageId>> {
    const id = localPart(channel);
    return attempt(
      async () => {
        const target = client.channels.cache.get(id) ?? (await client.channels.fetch(id));
        if (!target) return fail('not-found', `channel ${channel} does not exist`);
        const refused = cannotPost(target);
        if (refused) return { ok: false, error: refused };
        if (!target.isSendable())
          return fail('unsupported', `channel ${channel} is not a text channel Foyer can post in`);
        return sendTo(target, message);
      },
      (error) => noteRefusal(id, classifyDiscordError(error)),
    );
  }

  type SavedOverwrite = { id: string; type: OverwriteType; before: { allow: string; deny: string } | null };

  /** The overwrites a lock changed; a snapshot from before locks covered roles holds only @everyone's. */
  function lockedOverwrites(snapshot: Record<string, unknown>): SavedOverwrite[] {
    if (Array.isArray(snapshot['overwrites'])) return snapshot['overwrites'] as SavedOverwrite[];
    return [
      {
        id: options.guildId,
        type: OverwriteType.Role,
        before: (snapshot['overwrite'] as { allow: string; deny: string } | null) ?? null,
      },
    ];
  }

  /** Puts each overwrite back exactly as it was, or removes it where there was none. */
  async function putBack(channel: string, saved: readonly SavedOverwrite[], reason: string): Promise<void> {
    for (const o of saved) {
      if (o.before)
        await client.rest.put(Routes.channelPermission(channel, o.id), { body: { type: o.type, ...o.before }, reason });
      else await client.rest.delete(Routes.channelPermission(channel, o.id), { reason });
    }
  }

  /**
   * Permissions Foyer may allow or deny in a channel: its own server-wide ones, or all with Manage Roles granted
   * there.
   */
  function grantable(target: GuildChannel, me: GuildMember): bigint {
    if (me.permissions.has(PermissionFlagsBits.Administrator)) return LOCK_BITS;
    const manageRolesHere = target.permissionOverwrites.cache.some(
      (o) => (o.id === me.id || me.roles.cache.has(o.id)) && o.allow.has(PermissionFlagsBits.ManageRoles),
    );
    return manageRolesHere ? LOCK_BITS : LOCK_BITS & me.permissions.bitfield;
  }

  /** Roles that may keep posting in a locked channel: moderators, admins, Foyer's own. */
  const exemptRoles = (guild: Guild, me: GuildMember) =>
    new Set([
      ...options.roles.moderatorRoles,
      ...options.roles.adminRoles,
      ...me.roles.cache.keys(),
      ...guild.roles.cache.filter((r) => r.permissions.has(PermissionFlagsBits.Administrator)).keys(),
    ]);

  /** Roles (other than the exempt ones) that can still post in a channel, read back from Discord. */
  async function stillPosting(channel: string, exempt: ReadonlySet<string>): Promise<string[]> {
    const fresh = await client.channels.fetch(channel, { force: true });
    if (!fresh || fresh.isDMBased() || fresh.isThread()) return [];
    return [...fresh.guild.roles.cache.values()]
      .filter((r) => !exempt.has(r.id) && fresh.permissionsFor(r).has(PermissionFlagsBits.SendMessages))
      .map((r) => r.name);
  }

  /**
   * Crisis lock: @everyone and every role that can post lose posting, threads and
   * reactions (as far as Foyer may deny them), the result is read back from Discord, and
   * a lock that did not hold is undone rather than reported as done.
   */
  async function lockChannel(channel: ChannelId): Promise<Result<Record<string, unknown>>> {
    const applied: OverwriteChange[] = [];
    try {
      const target = await textChannel(localPart(channel));
      const me = target?.guild.members.me;
      if (!target || target.isThread() || !('permissionOverwrites' in target) || !me)
        return fail('unsupported', 'this channel cannot be locked');
      const bits = grantable(target, me);
      if ((bits & PermissionFlagsBits.SendMessages) === 0n)
        return fail('missing-permission', 'Foyer may not deny Send Messages: it lacks it');
      const exempt = exemptRoles(target.guild, me);
      const overwrites = [...target.permissionOverwrites.cache.values()].map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow.bitfield,
        deny: o.deny.bitfield,
      }));
      for (const change of planLock(
        overwrites,
        {
          everyone: options.guildId,
          self: me.permissions.has(PermissionFlagsBits.Administrator) ? undefined : me.id,
          exemptRoles: exempt,
        },
        bits,
      )) {
        await client.rest.put(Routes.channelPermission(target.id, change.id), {
          body: { type: change.type, allow: String(change.after.allow), deny: String(change.after.deny) },
          reason: 'Foyer crisis mode',
        });
        applied.push(change);
      }
      const leaks = await stillPosting(target.id, exempt);
      if (leaks.length === 0) return ok(lockSnapshot(applied));
      await putBack(target.id, lockSnapshot(applied).overwrites.reverse(), 'Foyer crisis lock did not hold');
      return fail('missing-permission', `members with these roles could still post: ${leaks.join(', ')}`);
    } catch (error) {
      // Unlike other calls, a failed lock first undoes what it already changed.
      const failure = classifyDiscordError(error);
      await putBack(localPart(channel), lockSnapshot(applied).overwrites.reverse(), 'Foyer crisis lock failed').catch(
        (undo: unknown) => logger.error('could not undo a partial crisis lock', { channel, error: undo }),
      );
      return { ok: false, error: failure };
    }
  }

  /** Answers an interaction (privately when asked), with a file attached to the first piece if given. */
  async function answer(
    invocation: CommandInvocation,
    message: RichText,
    opts?: { private?: boolean },
    file?: OutgoingFile,
  ): Promise<Result<void>> {
    const handle = invocation.replyHandle as ReplyHandle;
    clearTimeout(handle.deferTimer);
    const { interaction } = handle;
    const mentions = allowedMentions(mentionedMembers(message));
    const [first = '…', ...rest] = renderDiscord(message);
    const flags = opts?.private ? MessageFlags.Ephemeral : undefined;
    const files = file
      ? { files: [{ attachment: outgoingFileBytes(file), name: file.name, contentType: file.mediaType }] }
      : {};
    return withDiscord(async () => {
      if (handle.deferred) await handle.deferred;
      if (interaction.deferred && !interaction.replied)
        await interaction.editReply({ content: first, allowedMentions: mentions, ...files });
      else if (interaction.replied)
        await interaction.followUp({
          content: first,
          allowedMentions: mentions,
          ...files,
          ...(flags ? { flags } : {}),
        });
      else
        await interaction.reply({ content: first, allowedMentions: mentions, ...files, ...(flags ? { flags } : {}) });
      for (const content of rest)
        await interaction.followUp({ content, allowedMentions: mentions, ...(flags ? { flags } : {}) });
      return ok(undefined);
    });
  }

  return {
    platform: 'discord',
    bareSubcommand: BARE_SUBCOMMAND,
    client,
    ports: {
      messages: {
        send: sendToChannel,
      },
      edits: {
        edit: (channel, message, content) =>
          withDiscord(async () => {
            const [first = '…'] = renderDiscord(content);
            await client.rest.patch(Routes.channelMessage(localPart(channel), localPart(message)), {
              body: {
                content: first,
                allowed_mentions: { parse: [], users: allowedMentions(mentionedMembers(content)).users },
              },
            });
            return ok(undefined);
          }),
      },
      directMessages: {
        async sendDirect(member, message) {
          const user = localPart(member);
          // Remembered so Discord is not asked again: failed requests count toward its invalid-request ban.
          if (dmClosed(user)) return fail('dm-closed', 'remembered: this member does not accept direct messages');
          const sent = await withDiscord(async () =>
            sendTo(await client.users.createDM(user, { cache: false }), message),
          );
          if (!sent.ok && sent.error.kind === 'dm-closed')
            keyValue.set(`${KV}.dm-closed`, user, String(options.clock.now().getTime()));
          return sent;
        },
      },
      components: {
        sendWithButtons: (channel, message, buttons) =>
          withDiscord(async () => {
            const target = await textChannel(localPart(channel));
            if (!target) return fail('not-found', `channel ${channel} is not a text channel`);
            const rows = [];
            for (let i = 0; i < Math.min(buttons.length, BUTTON_LIMITS.perMessage); i += BUTTON_LIMITS.perRow)
              rows.push({
                type: ComponentType.ActionRow,
                components: buttons.slice(i, i + BUTTON_LIMITS.perRow).map(buttonComponent),
              });
            const [content = '…', ...rest] = renderDiscord(message);
            const sent = await target.send({
              content,
              allowedMentions: allowedMentions(mentionedMembers(message)),
              components: rows as never,
            });
            for (const more of rest)
              await target.send({ content: more, allowedMentions: allowedMentions(mentionedMembers(message)) });
            return ok(messageId('discord', sent.id));
          }),
      },
      polls: {
        limits: DISCORD_POLL_LIMITS,
        publish: (channel, poll) =>
          withDiscord(async () => {
            const target = await textChannel(localPart(channel));
            if (!target) return fail('not-found', `channel ${channel} is not a text channel`);
            const sent = await target.send({
              poll: discordPoll(poll, DISCORD_POLL_LIMITS),
              allowedMentions: { parse: [] },
            });
            return ok(messageId('discord', sent.id));
          }),
        end: (channel, message) =>
          withDiscord(async () => {
            await client.rest.post(Routes.expirePoll(localPart(channel), localPart(message)));
            return ok(undefined);
          }),
      },
      channelModeration: {
        slowDown: (channel, seconds) =>
          withDiscord(async () => {
            const target = await textChannel(localPart(channel));
            if (!target || !('setRateLimitPerUser' in target))
              return fail('unsupported', 'this channel has no slowmode');
            const before = target.rateLimitPerUser ?? 0;
            await target.setRateLimitPerUser(
              Math.min(MAX_SLOWMODE_SECONDS, Math.max(0, Math.round(seconds))),
              'Foyer crisis mode',
            );
            return ok({ kind: 'slowmode', rateLimitPerUser: before });
          }),
        lock: lockChannel,
        restore: (channel, snapshot) =>
          withDiscord(async () => {
            const id = localPart(channel);
            if (snapshot['kind'] === 'slowmode') {
              await client.rest.patch(Routes.channel(id), {
                body: { rate_limit_per_user: Number(snapshot['rateLimitPerUser'] ?? 0) },
                reason: 'Foyer crisis mode ended',
              });
            } else if (snapshot['kind'] === 'lock') {
              await putBack(id, lockedOverwrites(snapshot), 'Foyer crisis mode ended');
            } else return fail('invalid', 'unknown snapshot');
            return ok(undefined);
          }),
      },
      profiles: {
        getProfile: (member) =>
          withDiscord(async () => {
            const guild = client.guilds.cache.get(options.guildId);
            if (!guild) return fail('unavailable', 'guild not available');
            const found = await guild.members.fetch({ user: localPart(member), cache: false });
            return ok({
              member: discordMemberRef(found),
              hasPhoto: hasPhoto(memberLike(found)),
              ...(found.user.bot ? { bot: true } : {}),
            });
          }),
      },
      // Levels mapped to roles: the bot needs Manage Roles and a role above the level's.
      memberRoles: {
        grant: (member, role) =>
          withDiscord(async () => {
            await client.rest.put(Routes.guildMemberRole(options.guildId, localPart(member), role), {
              reason: 'Foyer: level reached',
            });
            return ok(undefined);
          }),
        revoke: (member, role) =>
          withDiscord(async () => {
            await client.rest.delete(Routes.guildMemberRole(options.guildId, localPart(member), role), {
              reason: 'Foyer: level changed',
            });
            return ok(undefined);
          }),
      },
    },
    responder: { respond: (invocation, message, opts) => answer(invocation, message, opts) },
    fileResponder: {
      respondWithFile: (invocation, message, file, opts) => answer(invocation, message, opts, file),
    },
    registrar: {
      async registerCommands(defs, texts) {
        // Registered once the client is ready and knows its application.
        commands = defs;
        commandTexts = texts;
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
      stopping.abort();
      markSeen();
      sink = undefined;
      await client.destroy();
    },
  };
}

import { readFileSync } from 'node:fs';
import type { Clock } from './core/clock.ts';
import { CommandRouter } from './core/command-router.ts';
import {
  channelArgument,
  configuredName,
  defineCommand,
  parseChannelReference,
  type CommandTexts,
} from './core/commands.ts';
import type { EventOf, EventType, FoyerEvent } from './core/events.ts';
import { LOCALES, type Locale, type Translator } from './core/i18n/translator.ts';
import {
  channelId as toChannelId,
  communityId,
  localPart,
  parseMemberReference,
  type ChannelId,
  type MemberId,
} from './core/ids.ts';
import type { Logger } from './core/logger.ts';
import { coreMemberData } from './core/member-data.ts';
import { countSends, noMetrics, writeObserver, type Metrics } from './core/metrics.ts';
import { createOutreach } from './core/outreach.ts';
import type { PlatformAdapter, PortName, Ports } from './core/ports.ts';
import { channelRef, code, list, paragraph, rich, text } from './core/rich-text.ts';
import { hasRole } from './core/roles.ts';
import { localDayOf } from './core/local-day.ts';
import { RecentIds } from './core/recent-ids.ts';
import { SchedulerEngine, type Waker } from './core/scheduler.ts';
import { retentionJob } from './core/retention.ts';
import type { ErasureSummary } from './core/erasure.ts';
import type { FoyerConfig } from './config/schema.ts';
import { settingsView } from './config/semantics.ts';
import { BUILT_IN, createTranslator, type MessageKey } from './features/catalogue.ts';
import type { AnyFeature, CommunityInfo, FeatureInstance, MemberDataSection } from './features/define.ts';
import type { MemberSettings, MemberView } from './core/members.ts';
import type { GroupsView } from './core/groups.ts';
import type { Storage } from './storage/index.ts';
import { z } from 'zod';

export interface BotDeps {
  config: FoyerConfig;
  adapter: PlatformAdapter;
  storage: Storage;
  clock: Clock;
  waker: Waker;
  logger: Logger;
  features: readonly AnyFeature[];
  /** Reads the content files the config names (calendar posts); the file system by default. */
  readContentFile?: (path: string) => string;
  /** How often buffered message metadata is written; it is also written on stop. */
  flushEveryMs?: number;
  /** Where the bot reports what operators monitor (the web server's /metrics); nowhere by default. */
  metrics?: Metrics;
  /** Ports served by Foyer itself rather than the platform (the web server's dashboard links). */
  ownPorts?: Partial<Ports>;
}

export interface Bot {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The event sink adapters deliver to; resolves when every feature has handled the event. */
  handle(event: FoyerEvent): Promise<void>;
  readonly community: CommunityInfo;
  /** Features that were enabled, and those refused for lack of a port. */
  readonly started: string[];
  readonly refused: { feature: string; missing: PortName[] }[];
}

const RECENT_MESSAGES = 10_000;

/**
 * Wires config, storage, the platform adapter and the features together. Pure: it reads
 * no environment and touches no process, so tests build the same bot with fakes.
 */
export function createBot(deps: BotDeps): Bot {
  const { config, storage, clock, logger } = deps;
  const metrics = deps.metrics ?? noMetrics;
  const adapter = countSends(deps.adapter, metrics);
  const available: Partial<Ports> = { ...adapter.ports, ...deps.ownPorts };
  /** Every batch write the bot asks for is timed for the metrics. */
  // The writer times its own batches (a full buffer flushes without the bot asking).
  storage.activity.observe(writeObserver(metrics));
  const flushActivity = (): number => storage.activity.flush();
  const community: CommunityInfo = {
    id: communityId(config.community.id),
    name: config.community.name,
    locale: config.community.locale,
    timezone: config.community.timezone,
  };
  const prefix = adapter.platform === 'matrix' ? '!' : '/';
  /** How a command is typed here, as Foyer suggests it (Discord runs `/onboarding` as `/onboarding show`). */
  const commandLabel = (name: string): string =>
    adapter.bareSubcommand && !name.includes(' ') && router.commands.some((c) => c.name.startsWith(`${name} `))
      ? `${prefix}${name} ${adapter.bareSubcommand}`
      : `${prefix}${name}`;
  const translator = createTranslator(community.locale, config.templates, community.timezone);
  // Command descriptions are message keys: /help and Discord's command list speak every language.
  const commandTexts: CommandTexts = {
    primary: community.locale,
    locales: LOCALES,
    describe: (description, locale) => translator.forLocale(locale).lookup(description) ?? description,
  };
  const translatorFor = (member: MemberId): Translator<MessageKey> => {
    const locale = storage.members.get(community.id, member)?.locale as Locale | null | undefined;
    return locale ? translator.forLocale(locale) : translator;
  };
  const scheduler = new SchedulerEngine({
    store: storage.scheduler,
    waker: deps.waker,
    clock,
    logger: logger.child({ part: 'scheduler' }),
    defaultTimezone: community.timezone,
  });
  const router = new CommandRouter({
    responder: adapter.responder,
    fileResponder: adapter.fileResponder,
    translator: (invocation) => translatorFor(invocation.invoker.id),
    logger: logger.child({ part: 'commands' }),
    prefix,
    onFailure: (feature) => metrics.handlerFailed(feature),
  });
  const channels = new Map<string, ChannelId>(
    Object.entries(config.channels).map(([name, raw]) => [name, toChannelId(adapter.platform, raw)]),
  );

  const view = settingsView(config);
  const memberView: MemberView = {
    get: (member) => storage.members.get(community.id, member),
    countJoinsSince: (since) => storage.members.countJoinsSince(community.id, since),
    cohort: (since) => storage.members.cohort(community.id, since),
  };
  const memberSettings: MemberSettings = {
    setLocale: (member, name, locale) => storage.members.setLocale(community.id, member, name, locale),
    setDmOptOut: (member, name, at) => storage.members.setDmOptOut(community.id, member, name, at),
    markOnboardingComplete: (member, at) => storage.members.markOnboardingComplete(community.id, member, at),
  };
  const groups: GroupsView = {
    members: (group) => storage.groups.members(community.id, group),
    isIn: (group, member) => storage.groups.isIn(community.id, group, member),
  };
  const instances: { id: string; instance: FeatureInstance }[] = [];
  /** Core's part of what Foyer keeps about a member, then every feature's (started or not), in feature order. */
  const memberData = (member: MemberId): MemberDataSection[] => {
    // Buffered message metadata is written first, so the member sees all of it.
    flushActivity();
    const t = translatorFor(member);
    const core = coreMemberData(
      storage.members.get(community.id, member) ?? null,
      storage.members.messageActivity(community.id, member),
      storage.outreach.contactsOf(community.id, member),
      t,
    );
    const kept = deps.features.flatMap((def) =>
      def.memberData && def.store ? (def.memberData(def.store(storage.stores), member, t, community) ?? []) : [],
    );
    return [...core, ...kept];
  };
  /**
   * `/mydata erase`: the member's records go in one transaction, after the buffered
   * metadata is written (or it would be written back), and core's caches forget them, so
   * a member who returns is a newcomer.
   */
  const eraseMember = (member: MemberId): ErasureSummary => {
    storage.activity.flush();
    const summary = storage.erasure.eraseMember(community.id, member, localPart(member), clock.now());
    storage.activity.forgetMember(community.id, member);
    activated.delete(member);
    knownStaff.delete(member);
    return summary;
  };
  const recognition = storage.recognition(community.id, localDayOf(community.timezone));
  const highlights = storage.highlights(community.id);
  const started: string[] = [];
  const refused: { feature: string; missing: PortName[] }[] = [];
  const ids = new Set<string>();
  for (const def of deps.features) {
    if (ids.has(def.id)) throw new Error(`duplicate feature id "${def.id}"`);
    ids.add(def.id);
    const slice = def.config(
      def.settings ? (config.features as Record<string, unknown>)[def.settings.key] : undefined,
      view,
    );
    if (slice === undefined) continue;
    const needs: readonly PortName[] = def.needs;
    const optional: readonly PortName[] = def.optional ?? [];
    const missing = needs.filter((port) => available[port] === undefined);
    if (missing.length > 0) {
      refused.push({ feature: def.id, missing });
      logger.warn('feature not started: the platform lacks what it needs', { feature: def.id, missing });
      continue;
    }
    const ports = Object.fromEntries(needs.map((port) => [port, available[port]])) as Pick<Ports, PortName>;
    const featureLogger = logger.child({ feature: def.id });
    const instance = def.setup({
      community,
      ports,
      optionalPorts: Object.fromEntries(
        optional.filter((port) => available[port] !== undefined).map((port) => [port, available[port]]),
      ),
      repo: def.store?.(storage.stores),
      members: memberView,
      memberSettings,
      groups,
      flushActivity: () => void flushActivity(),
      readContentFile: deps.readContentFile ?? ((path) => readFileSync(path, 'utf8')),
      memberData,
      eraseMember,
      archive: storage.archive,
      recognition,
      highlights,
      clock,
      scheduler,
      config: slice,
      logger: featureLogger,
      t: translator,
      translatorFor,
      outreach: createOutreach({
        store: storage.outreach,
        optedOut: (member) => storage.members.get(community.id, member)?.dmOptOutAt != null,
        caps: config.outreach.directMessages,
        atomically: storage.atomically,
        community: community.id,
        feature: def.id,
        clock,
        logger: featureLogger,
        englishText: (reason) => (BUILT_IN.en as Record<string, string>)[reason] ?? reason,
      }),
      channel: (name) => channels.get(name),
      commandLabel: (name) => commandLabel(name),
      parseMember: (typed) => parseMemberReference(adapter.platform, typed),
      parseChannel: (typed) => parseChannelReference(adapter.platform, typed, channels),
      channelMention: (channel) => channelRef(channel, configuredName(channel, channels) ?? localPart(channel)),
      channelArgument: (channel) => channelArgument(channel, channels),
      atomically: storage.atomically,
    });
    for (const command of instance.commands ?? []) router.add(def.id, command);
    for (const job of instance.jobs ?? []) scheduler.addJob({ ...job, id: `${def.id}.${job.id}` });
    for (const task of instance.tasks ?? []) scheduler.addTaskHandler(task);
    instances.push({ id: def.id, instance });
    started.push(def.id);
  }
  router.add(
    'core',
    helpCommand(router, commandLabel, commandTexts, (member) => translatorFor(member).locale),
  );
  // Retention (the dedup ledger's week among it) is one nightly job over every kind of record.
  scheduler.addJob(
    retentionJob({
      community: community.id,
      periods: config.retention,
      store: storage.retention,
      dayOf: localDayOf(community.timezone),
      flush: () => void storage.activity.flush(),
      atomically: storage.atomically,
      logger: logger.child({ part: 'retention' }),
    }),
  );

  const inFlight = new Set<string>();
  const dayOf = localDayOf(community.timezone);
  /** Staff already recorded, so a moderator's every command costs no write. */
  const knownStaff = new Set<string>();
  const recentMessages = new RecentIds(RECENT_MESSAGES);
  const activated = new Set<string>();

  /** Core's own bookkeeping, before features see the event. */
  function track(event: FoyerEvent): void {
    switch (event.type) {
      case 'member.joined':
        storage.members.recordJoin(community.id, event.member.id, event.member.displayName, event.hasPhoto, event.at);
        storage.rollups.recordMembership(
          community.id,
          event.member.id,
          'join',
          event.at,
          dayOf(event.at),
          event.invitedBy,
        );
        break;
      case 'member.left':
        storage.members.recordLeave(community.id, event.member.id, event.at);
        storage.rollups.recordMembership(community.id, event.member.id, 'leave', event.at, dayOf(event.at));
        break;
      case 'member.updated':
        storage.members.recordProfile(
          community.id,
          event.member.id,
          event.member.displayName,
          event.hasPhoto,
          event.at,
        );
        break;
      case 'message.posted': {
        let first = false;
        if (!activated.has(event.author.id)) {
          first = storage.members.recordFirstMessage(community.id, event.author.id, event.author.displayName, event.at);
          if (first) logger.info('member activated: first message', { member: event.author.id });
          activated.add(event.author.id);
          if (activated.size > 100_000) activated.clear(); // a cache only: the database is the truth
        }
        const row: Parameters<Storage['activity']['add']>[0] = {
          communityId: community.id,
          channelId: event.channel,
          memberId: event.author.id,
          messageId: event.message,
          at: event.at,
          day: dayOf(event.at),
        };
        // Set only when there (the hot path: no object spread per message).
        if (event.replyTo !== undefined) row.replyTo = event.replyTo;
        if (first) row.first = true;
        storage.activity.add(row);
        break;
      }
      case 'message.removed':
        storage.activity.remove(community.id, event.message, dayOf);
        break;
      case 'reaction.added':
        storage.activity.addAction({
          communityId: community.id,
          memberId: event.member.id,
          day: dayOf(event.at),
          kind: 'reaction',
        });
        break;
      case 'poll.voted':
        // Taking a vote back is not activity.
        if (event.added)
          storage.activity.addAction({
            communityId: community.id,
            memberId: event.member.id,
            day: dayOf(event.at),
            kind: 'vote',
          });
        break;
      case 'command.invoked': {
        const { invoker, name, role } = event.invocation;
        // A typed /vote is a poll vote, whatever the platform's polls look like.
        const kind = name === 'vote' ? 'vote' : 'command';
        storage.activity.addAction({ communityId: community.id, memberId: invoker.id, day: dayOf(event.at), kind });
        if ((role === 'moderator' || role === 'admin') && !knownStaff.has(invoker.id)) {
          storage.rollups.recordStaff(community.id, invoker.id, event.at);
          knownStaff.add(invoker.id);
        }
        break;
      }
      default:
        break;
    }
  }

  type Handler = { id: string; handler: (e: EventOf<EventType>) => Promise<void> };
  /** Each event type's handlers in feature order, found once: messages are the hot path. */
  const handlersByType = new Map<EventType, Handler[]>();
  const handlersOf = (type: EventType): Handler[] => {
    let found = handlersByType.get(type);
    if (!found) {
      found = [];
      for (const { id, instance } of instances) {
        const handler = instance.on?.[type] as Handler['handler'] | undefined;
        if (handler) found.push({ id, handler });
      }
      handlersByType.set(type, found);
    }
    return found;
  };

  async function runHandlers(event: FoyerEvent): Promise<void> {
    for (const { id, handler } of handlersOf(event.type)) {
      try {
        await handler(event);
      } catch (error) {
        // One feature's bug never takes down the others or the process.
        logger.error('handler failed', { feature: id, event: event.type, eventId: event.id, error });
        metrics.handlerFailed(id);
      }
    }
  }

  async function handle(event: FoyerEvent): Promise<void> {
    if (event.community !== community.id) return;
    // Messages are the hot path: they skip the durable ledger (the activity table
    // ignores a message id it has already stored) and are deduplicated in memory.
    const message = event.type === 'message.posted';
    if (message) {
      if (recentMessages.has(event.message)) return;
      recentMessages.add(event.message);
    } else if (inFlight.has(event.id) || storage.ledger.seen(event.id)) {
      logger.debug('duplicate event ignored', { eventId: event.id, type: event.type });
      return;
    }
    if (!message) inFlight.add(event.id);
    metrics.eventHandled(event.type);
    try {
      track(event);
      if (event.type === 'command.invoked') await router.dispatch(event.invocation);
      await runHandlers(event);
      if (event.type !== 'message.posted') storage.ledger.record(event.id, clock.now());
    } finally {
      if (!message) inFlight.delete(event.id);
    }
  }

  let running = false;
  let flushTimer: NodeJS.Timeout | undefined;
  return {
    community,
    started,
    refused,
    handle,
    async start() {
      storage.members.ensureCommunity(community.id, community.name, clock.now());
      // Activity a previous process wrote but had not yet counted in the roll-ups (a crash).
      storage.activity.recover();
      const interrupted = storage.outreach.markInterrupted(clock.now());
      if (interrupted > 0) logger.warn('contacts interrupted by a crash were not repeated', { interrupted });
      for (const { id, instance } of instances)
        await instance
          .ready?.()
          .catch((error: unknown) => logger.error('feature ready failed', { feature: id, error }));
      if (adapter.registrar) {
        const registered = await adapter.registrar.registerCommands(router.commands, commandTexts);
        if (!registered.ok) logger.warn('commands not registered', { failure: registered.error.kind });
      }
      // A wall-clock timer on purpose: batching is about I/O, not community time.
      flushTimer = setInterval(() => {
        // The database may be unreachable for a moment (a PostgreSQL restart): the batch stays
        // buffered and goes in at a later tick; a timer must never throw out of the process.
        try {
          flushActivity();
        } catch (error) {
          logger.warn('activity not written yet; kept for the next flush', {
            error,
            buffered: storage.activity.buffered,
          });
        }
      }, deps.flushEveryMs ?? 1_000);
      flushTimer.unref();
      metrics.watch({
        schedulerLagMs: () => scheduler.backlog().lagMs,
        dueTasks: () => scheduler.backlog().dueTasks,
        activityBuffered: () => storage.activity.buffered,
      });
      await adapter.start(handle);
      metrics.connectionChanged(adapter.platform, true);
      // Only now, connected: slots and tasks missed while Foyer was down (a restart, a standby
      // taking over) are caught up through a platform that can take them, not refused.
      await scheduler.start();
      running = true;
      logger.info('Foyer started', { community: community.id, platform: adapter.platform, features: started });
    },
    async stop() {
      if (!running) return;
      running = false;
      clearInterval(flushTimer);
      await adapter.stop();
      metrics.connectionChanged(adapter.platform, false, 'Foyer stopped');
      await scheduler.stop();
      for (const { id, instance } of instances)
        await Promise.resolve(instance.stop?.()).catch((error: unknown) =>
          logger.error('feature stop failed', { feature: id, error }),
        );
      const flushed = flushActivity();
      logger.info('Foyer stopped', { flushedActivity: flushed });
    },
  };
}

function helpCommand(
  router: CommandRouter,
  commandLabel: (name: string) => string,
  texts: CommandTexts,
  localeOf: (member: MemberId) => Locale,
) {
  return defineCommand({
    name: 'help',
    description: 'command.help.description',
    args: z.object({}),
    role: 'member',
    async run(call) {
      const mine = router.commands.filter((d) => hasRole(call.role, d.role));
      const locale = localeOf(call.invoker.id);
      await call.reply(
        rich(
          paragraph(text(texts.describe('command.help.title', locale))),
          list(mine.map((d) => [code(commandLabel(d.name)), text(` — ${texts.describe(d.description, locale)}`)])),
        ),
        { private: true },
      );
    },
  });
}

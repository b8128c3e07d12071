import {
  ClientEvent,
  createClient,
  Filter,
  Method,
  RoomEvent,
  RoomMemberEvent,
  RoomStateEvent,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
  sdkRootLogger,
} from './matrix.sdk.ts';
import type { Clock } from '../../core/clock.ts';
import type { CommandInvocation, FoyerEvent } from '../../core/events.ts';
import {
  channelId,
  eventId,
  localPart,
  memberId,
  messageId,
  type ChannelId,
  type CommunityId,
  type MemberId,
  type MessageId,
} from '../../core/ids.ts';
import type { Logger } from '../../core/logger.ts';
import { noMetrics, type Metrics } from '../../core/metrics.ts';
import type { EventSink, KeyValueStore, OutgoingFile, PlatformAdapter } from '../../core/ports.ts';
import { outgoingFileBytes } from '../../core/ports.ts';
import { fail, ok, type Result } from '../../core/result.ts';
import { paragraph, rich, type RichText } from '../../core/rich-text.ts';
import { createTranslator, type Translator } from '../../core/i18n/translator.ts';
import { hasRole, type Role } from '../../core/roles.ts';
import { lockChangesOf, lockPowerLevels, unlockPowerLevels } from './matrix.crisis.ts';
import { answerRelation, repliedTo, threadRootOf } from './matrix.threads.ts';
import { createDirectRooms } from './matrix.direct.ts';
import { nodeHttpFetch } from './matrix.http.ts';
import { createSendQueue, type SendPriority } from './matrix.queue.ts';
import { createRoomLifecycle } from './matrix.rooms.ts';
import { withMatrix } from './matrix.errors.ts';
import { MATRIX_CONTENT_BYTES, matrixPoll, renderMatrixMessages } from './matrix.render.ts';
import {
  communityTime,
  isMemberMessage,
  membershipEvent,
  messageEvent,
  otherBotsMatcher,
  parseBang,
  pollBallot,
  powerLevelOf,
  redactedEventId,
  roleFromPowerLevel,
  type RawMatrixEvent,
} from './matrix.translate.ts';

export interface MatrixAdapterOptions {
  homeserverUrl: string;
  userId: string;
  accessToken: string;
  community: CommunityId;
  /** The only rooms Foyer joins and listens to; invites to any other room are declined. */
  rooms: readonly string[];
  roles: { moderatorPowerLevel: number; adminPowerLevel: number };
  /** Other bots' and bridges' user ids (`*` for any characters): their messages are neither activity nor commands. */
  otherBots?: readonly string[];
  /** The moderators' room: Foyer tells them there when a room is upgraded or Foyer is kicked or banned. */
  alertRoom?: string;
  /** For the few texts the adapter writes itself; English built-ins by default. */
  translator?: Translator;
  keyValue: KeyValueStore;
  logger: Logger;
  clock: Clock;
  /** Where a lost or returning sync and the homeserver's 429s are reported (the web server's /readyz and /metrics). */
  metrics?: Metrics;
  /** false: every send in one first-in, first-out lane, as matrix-js-sdk's scheduler had them (benches compare). */
  answersFirst?: boolean;
  /** How the adapter talks to the homeserver: node:http by default (matrix.http.ts); benches wrap it to time requests. */
  fetch?: typeof globalThis.fetch;
}

const KV = 'matrix';

/**
 * What each sync state means for readiness. `Error` and `Reconnecting` are the SDK
 * retrying a failed /sync; `Stopped` is Foyer's own stop.
 */
const SYNC_CONNECTION: Partial<Record<SyncState, { connected: boolean; reason?: string }>> = {
  [SyncState.Prepared]: { connected: true },
  [SyncState.Syncing]: { connected: true },
  [SyncState.Catchup]: { connected: true },
  [SyncState.Reconnecting]: { connected: false, reason: 'sync with the homeserver lost, reconnecting' },
  [SyncState.Error]: { connected: false, reason: 'sync with the homeserver failing, retrying' },
  [SyncState.Stopped]: { connected: false, reason: 'sync stopped' },
};

/**
 * The SDK waits out M_LIMIT_EXCEEDED inside its own queue, so a send that finally goes
 * through never says it was limited: every 429 the homeserver answers is counted here.
 */
const fetchCountingRateLimits =
  (metrics: Metrics, fetch: typeof globalThis.fetch): typeof globalThis.fetch =>
  async (input, init) => {
    const response = await fetch(input, init);
    if (response.status === 429) metrics.rateLimited('matrix');
    return response;
  };

/** Logs in with a password (when no access token is configured) and returns an access token. */
export async function matrixLogin(homeserverUrl: string, userId: string, password: string): Promise<string> {
  const client = createClient({ baseUrl: homeserverUrl, fetchFn: nodeHttpFetch });
  const response = await client.loginRequest({
    type: 'm.login.password',
    identifier: { type: 'm.id.user', user: userId },
    password,
    initial_device_display_name: 'Foyer',
  });
  return response.access_token;
}

/**
 * The SDK's lines as log fields. It logs several per sync and per send, mostly at debug,
 * which Foyer usually drops: the text is only built if the logger reads the field.
 */
const sdkLine = (args: unknown[]) => ({
  get message() {
    return args.map(String).join(' ').slice(0, 500);
  },
});

/** matrix-js-sdk is chatty; its messages go to Foyer's logger at debug level. */
function sdkLogger(logger: Logger) {
  const make = (): Record<string, unknown> => {
    const log = (...args: unknown[]) => logger.debug('matrix-js-sdk', sdkLine(args));
    return {
      trace: log,
      debug: log,
      info: log,
      warn: log,
      error: (...args: unknown[]) => logger.warn('matrix-js-sdk', sdkLine(args)),
      getChild: () => make(),
    };
  };
  return make();
}

/**
 * What Foyer's /sync asks for: members lazily (a big room's member list is read once, by
 * `reconcile`, not kept in the SDK), and none of what no feature reads: presence, typing
 * and read receipts (ephemeral events, which the SDK would otherwise keep per member),
 * per-room account data. Global account data stays: direct rooms live in `m.direct`.
 */
export function foyerSyncFilter(userId: string): Filter {
  const filter = new Filter(userId);
  filter.setDefinition({
    presence: { not_types: ['*'] },
    room: { ephemeral: { not_types: ['*'] }, account_data: { not_types: ['*'] }, state: { lazy_load_members: true } },
  });
  return filter;
}

/**
 * Parts of matrix-js-sdk (its send queue, local echo) log through a global root logger
 * straight to the console, several lines per message. Route it into Foyer's logger too.
 */
function routeSdkRootLogger(logger: Logger): void {
  type Factory = (method: string, level: number, name: string | symbol) => (...args: unknown[]) => void;
  const root = sdkRootLogger as unknown as { methodFactory: Factory; rebuild(): void };
  root.methodFactory =
    (method) =>
    (...args: unknown[]) => {
      if (method === 'warn' || method === 'error') logger.warn('matrix-js-sdk', sdkLine(args));
      else logger.debug('matrix-js-sdk', sdkLine(args));
    };
  root.rebuild();
}

interface ReplyHandle {
  roomId: string;
  eventId: string;
  /** The thread the command was typed in: its answer goes there too. */
  threadRoot?: string;
}

/**
 * Matrix through matrix-js-sdk: only the configured rooms, only live events (never old
 * history), every message sent with explicit m.mentions. Commands are `!name args`.
 */
export function createMatrixAdapter(
  options: MatrixAdapterOptions,
): PlatformAdapter & { readonly client: MatrixClient } {
  const { logger, keyValue, community } = options;
  const metrics = options.metrics ?? noMetrics;
  const fetch = options.fetch ?? nodeHttpFetch;
  routeSdkRootLogger(logger);
  const client = createClient({
    baseUrl: options.homeserverUrl,
    userId: options.userId,
    accessToken: options.accessToken,
    logger: sdkLogger(logger) as never,
    fetchFn: fetchCountingRateLimits(metrics, fetch),
  });
  const rooms = new Set(options.rooms);
  const isOtherBot = otherBotsMatcher(options.otherBots ?? []);
  let sink: EventSink | undefined;
  let live = false;
  /** When the previous sync was handled: nothing in the next one happened before it. */
  let previousSyncAt = options.clock.now().getTime();
  /** Each configured room's members as Foyer last saw them (room → user → latest membership event). */
  const roomMembers = new Map<string, Map<string, { joined: boolean; ts: number; eventId?: string }>>();
  /** Rooms whose last sync was limited (a gap in the timeline), to reconcile once it is handled. */
  const gappyRooms = new Set<string>();
  /** Rooms whose member list Foyer has read; a room joined later is read on its first gap. */
  const seededRooms = new Set<string>();

  const translator = options.translator ?? createTranslator('en');
  const lifecycle = createRoomLifecycle({
    client,
    userId: options.userId,
    keyValue,
    logger,
    translator,
    rooms,
    alert: tellModerators,
  });
  /** The room a channel lives in now (an upgraded room's replacement). */
  const roomOf = (channel: ChannelId) => lifecycle.currentRoom(localPart(channel));

  const deliver = (found: FoyerEvent | undefined): void => {
    if (!found || !sink) return;
    const event = asConfiguredChannel(found);
    sink(event).catch((error: unknown) => logger.error('event handling failed', { type: event.type, error }));
  };
  const markSeen = () => keyValue.set(KV, 'last-seen', String(options.clock.now().getTime()));

  const powerLevel = (roomId: string, userId: string): number => {
    const state = client.getRoom(roomId)?.currentState;
    const create = state?.getStateEvents('m.room.create', '');
    return powerLevelOf(userId, {
      ...(create ? { create: { sender: create.getSender() ?? '', content: create.getContent() } } : {}),
      ...(state?.getStateEvents('m.room.power_levels', '')
        ? { powerLevels: state.getStateEvents('m.room.power_levels', '')!.getContent() }
        : {}),
    });
  };
  const liveTime = (raw: RawMatrixEvent): Date =>
    communityTime(raw.origin_server_ts, { notBefore: previousSyncAt, receivedAt: options.clock.now().getTime() });
  const displayName = (roomId: string, userId: string) =>
    client.getRoom(roomId)?.getMember(userId)?.name ?? userId.slice(1).split(':')[0]!;

  /** The replied-to event's text and sender, as evidence for a report; undefined if unreadable. */
  async function evidenceFor(roomId: string, eventId: string): Promise<CommandInvocation['evidence']> {
    try {
      const event = (await client.fetchRoomEvent(roomId, eventId)) as unknown as RawMatrixEvent;
      const body = typeof event.content['body'] === 'string' ? event.content['body'] : '';
      return {
        text: body,
        author: memberId('matrix', event.sender),
        at: new Date(event.origin_server_ts),
        link: `https://matrix.to/#/${encodeURIComponent(roomId)}/${encodeURIComponent(eventId)}`,
      };
    } catch {
      return undefined;
    }
  }

  const membersOf = (roomId: string) => {
    let members = roomMembers.get(roomId);
    if (!members) roomMembers.set(roomId, (members = new Map()));
    return members;
  };
  const joinedElsewhere = (userId: string, roomId: string) =>
    [...rooms].some((other) => other !== roomId && roomMembers.get(other)?.get(userId)?.joined === true);

  /** A room membership event, judged against the member's other rooms (see `membershipEvent`). */
  function handleMembership(raw: RawMatrixEvent, at: Date): void {
    const user = raw.state_key;
    if (!user) return;
    const known = membersOf(raw.room_id).get(user);
    const event = membershipEvent(raw, community, {
      knownInRoom: known?.joined ?? false,
      inOtherRooms: joinedElsewhere(user, raw.room_id),
      at,
    });
    membersOf(raw.room_id).set(user, {
      joined: raw.content['membership'] === 'join',
      ts: raw.origin_server_ts,
      eventId: raw.event_id,
    });
    deliver(event);
  }

  /** A member event read from the server (not the sync): applied only if newer than what Foyer already saw. */
  function catchUpMembership(raw: RawMatrixEvent, notBefore: number): void {
    const known = raw.state_key ? roomMembers.get(raw.room_id)?.get(raw.state_key) : undefined;
    if (known && (known.eventId === raw.event_id || known.ts >= raw.origin_server_ts)) return;
    handleRaw(raw, communityTime(raw.origin_server_ts, { notBefore, receivedAt: options.clock.now().getTime() }));
  }

  /** A member's command, replying to a message (a report's evidence) and answered in its thread. */
  function deliverCommand(raw: RawMatrixEvent, bang: { name: string; argText: string }, at: Date, role: Role): void {
    const replyTo = repliedTo(raw.content);
    const threadRoot = threadRootOf(raw.content);
    const invocation: CommandInvocation = {
      name: bang.name,
      argText: bang.argText,
      ...(replyTo ? { target: messageId('matrix', replyTo) } : {}),
      invoker: { id: memberId('matrix', raw.sender), displayName: displayName(raw.room_id, raw.sender) },
      role,
      channel: channelId('matrix', raw.room_id),
      replyHandle: {
        roomId: raw.room_id,
        eventId: raw.event_id,
        ...(threadRoot ? { threadRoot } : {}),
      } satisfies ReplyHandle,
    };
    const event = {
      type: 'command.invoked' as const,
      id: `matrix:${raw.event_id}` as never,
      community,
      at,
      invocation,
    };
    if (!replyTo) return deliver(event);
    void evidenceFor(raw.room_id, replyTo).then((evidence) =>
      deliver({ ...event, invocation: { ...invocation, ...(evidence ? { evidence } : {}) } }),
    );
  }

  /** Whether the member is in the room now; lazy-loaded state may not say, then the server does. */
  async function isJoined(roomId: string, userId: string): Promise<boolean> {
    const local = client.getRoom(roomId)?.currentState.getStateEvents('m.room.member', userId)?.getContent()[
      'membership'
    ];
    if (typeof local === 'string') return local === 'join';
    const fetched = (await client.getStateEvent(roomId, 'm.room.member', userId).catch(() => undefined)) as
      { membership?: string } | undefined;
    return fetched?.membership === 'join';
  }

  /**
   * A member's role where power levels say nothing about the community: their direct room
   * with Foyer, where they hold power 100. It is the highest role they hold in a
   * configured room they are in, the role they would have typing the command there.
   */
  async function communityRole(userId: string): Promise<Role> {
    let best: Role = 'member';
    for (const roomId of rooms) {
      if (!(await isJoined(roomId, userId))) continue;
      const role = roleFromPowerLevel(powerLevel(roomId, userId), options.roles);
      if (hasRole(role, best)) best = role;
    }
    return best;
  }

  /**
   * Commands typed in a member's direct room with Foyer (its DMs tell them to); chat there is not community activity.
   */
  function handleDirectRoomMessage(raw: RawMatrixEvent, at: Date): void {
    if (!isMemberMessage(raw) || isOtherBot(raw.sender) || !directRooms.isDirectRoomOf(raw.room_id, raw.sender)) return;
    const bang = parseBang(String(raw.content['body']));
    if (!bang) return;
    void communityRole(raw.sender)
      .then((role) => deliverCommand(raw, bang, at, role))
      .catch((error: unknown) => logger.error('a command in a direct room failed', { error }));
  }

  /**
   * A redaction names only the event it removes: which message and emoji a reaction was is
   * kept until its sender takes it back. Keyed by event and sender, so `/mydata erase` finds it.
   */
  const REACTIONS = `${KV}.reactions`;
  function rememberReaction(reactionId: string, sender: string, message: string, emoji: string): void {
    keyValue.set(REACTIONS, `${reactionId} ${sender}`, JSON.stringify({ message, emoji }));
  }
  function takeBackReaction(reactionId: string, sender: string): { message: string; emoji: string } | undefined {
    const key = `${reactionId} ${sender}`;
    const stored = keyValue.get(REACTIONS, key);
    if (stored === undefined) return undefined;
    keyValue.delete(REACTIONS, key);
    return JSON.parse(stored) as { message: string; emoji: string };
  }

  /**
   * A level's role on Matrix is a power level in every configured room: raised to it (never
   * lowered) when given, and taken back only if it is still exactly that level.
   */
  async function levelPowerLevel(member: MemberId, role: string, give: boolean): Promise<Result<void>> {
    const level = Number(role);
    if (!Number.isInteger(level) || level <= 0)
      return fail('invalid', `a level role on Matrix is a power level such as 10, not ${JSON.stringify(role)}`);
    const user = localPart(member);
    return withMatrix(async () => {
      for (const configured of rooms) {
        const roomId = lifecycle.currentRoom(configured);
        const current = (await client.getStateEvent(roomId, 'm.room.power_levels', '')) as Record<string, unknown>;
        const users = { ...((current['users'] as Record<string, number> | undefined) ?? {}) };
        if (give ? (users[user] ?? 0) >= level : users[user] !== level) continue;
        if (give) users[user] = level;
        else delete users[user];
        await client.sendStateEvent(roomId, 'm.room.power_levels' as never, { ...current, users } as never, '');
      }
      return ok(undefined);
    });
  }

  function handleRaw(raw: RawMatrixEvent, at = liveTime(raw)): void {
    if (raw.sender === options.userId) return;
    // Other bots and bridge puppets (config `otherBots`) are not members: their joins are
    // not welcomed, their messages, reactions and votes are not activity. A membership
    // change is about its state_key (a bot may kick a member: that leave still counts).
    const subject = raw.type === 'm.room.member' ? raw.state_key : raw.sender;
    if (subject !== undefined && isOtherBot(subject)) return;
    if (!rooms.has(raw.room_id)) return handleDirectRoomMessage(raw, at);
    if (raw.type === 'm.room.member') return handleMembership(raw, at);
    const removed = redactedEventId(raw);
    // A member redacting their own reaction takes it back (what it meant, a thanks, goes with it).
    const reaction = removed ? takeBackReaction(removed, raw.sender) : undefined;
    if (reaction)
      return deliver({
        type: 'reaction.removed',
        id: eventId('matrix', raw.event_id),
        community,
        at,
        member: { id: memberId('matrix', raw.sender), displayName: displayName(raw.room_id, raw.sender) },
        channel: channelId('matrix', raw.room_id),
        message: messageId('matrix', reaction.message),
        emoji: reaction.emoji,
      });
    // A redacted message no longer counts: whoever removed it, it is gone for everyone.
    if (removed)
      return deliver({
        type: 'message.removed',
        id: eventId('matrix', raw.event_id),
        community,
        at,
        channel: channelId('matrix', raw.room_id),
        message: messageId('matrix', removed),
      });
    if (raw.type === 'm.room.message') {
      // Notices, edits, state and other bots are neither activity nor commands.
      if (!isMemberMessage(raw) || isOtherBot(raw.sender)) return;
      const bang = parseBang(String(raw.content['body']));
      if (!bang) return deliver(messageEvent(raw, community, displayName(raw.room_id, raw.sender), at));
      return deliverCommand(raw, bang, at, roleFromPowerLevel(powerLevel(raw.room_id, raw.sender), options.roles));
    }
    if (raw.type === 'm.reaction') {
      const relation = raw.content['m.relates_to'] as { event_id?: string; key?: string } | undefined;
      if (relation?.event_id && relation.key)
        rememberReaction(raw.event_id, raw.sender, relation.event_id, relation.key);
      if (relation?.event_id && relation.key)
        deliver({
          type: 'reaction.added',
          id: `matrix:${raw.event_id}` as never,
          community,
          at,
          member: { id: memberId('matrix', raw.sender), displayName: displayName(raw.room_id, raw.sender) },
          channel: channelId('matrix', raw.room_id),
          message: messageId('matrix', relation.event_id),
          emoji: relation.key,
        });
      return;
    }
    if (raw.type === 'm.poll.response' || raw.type === 'org.matrix.msc3381.poll.response') handlePollResponse(raw, at);
  }

  /** Poll answer ids and ballots live in the key-value store, so votes on an open poll survive a restart. */
  const POLLS = `${KV}.polls`;
  const BALLOTS = `${KV}.poll-ballots`;
  let pollVotes: Promise<void> = Promise.resolve();

  /**
   * Each response replaces the voter's whole ballot: Foyer compares it with the voter's
   * previous response and delivers one vote added or removed per answer that changed, in
   * order. A response older than the one already counted is stale (the latest wins).
   */
  function handlePollResponse(raw: RawMatrixEvent, at: Date): void {
    const pollId = (raw.content['m.relates_to'] as { event_id?: string } | undefined)?.event_id;
    const stored = pollId ? keyValue.get(POLLS, pollId) : undefined;
    if (!pollId || !stored) return;
    const poll = JSON.parse(stored) as { answers: string[]; maxSelections: number };
    const ballotKey = `${pollId} ${raw.sender}`;
    const previous = JSON.parse(keyValue.get(BALLOTS, ballotKey) ?? '{"ts":0,"answers":[]}') as {
      ts: number;
      answers: number[];
    };
    if (previous.ts > raw.origin_server_ts) return;
    const ballot = pollBallot(raw, poll.answers, poll.maxSelections);
    keyValue.set(BALLOTS, ballotKey, JSON.stringify({ ts: raw.origin_server_ts, answers: ballot }));
    const changes = [
      ...previous.answers.filter((a) => !ballot.includes(a)).map((answer) => ({ answer, added: false })),
      ...ballot.filter((a) => !previous.answers.includes(a)).map((answer) => ({ answer, added: true })),
    ];
    const member = { id: memberId('matrix', raw.sender), displayName: displayName(raw.room_id, raw.sender) };
    for (const { answer, added } of changes) {
      const vote: FoyerEvent = {
        type: 'poll.voted',
        id: eventId('matrix', `${raw.event_id}/${answer}/${added ? 'added' : 'removed'}`),
        community,
        at,
        member,
        channel: channelId('matrix', raw.room_id),
        message: messageId('matrix', pollId),
        answer,
        added,
      };
      // In order: removing a1 then adding a2 must not interleave with the next response's votes.
      pollVotes = pollVotes
        .then(() => sink?.(vote))
        .catch((error: unknown) => logger.error('event handling failed', { type: vote.type, error }));
    }
  }

  /**
   * When Foyer joins a room (first start, an invite accepted later, a rejoin after a kick),
   * the sync that carries the join also carries the room's recent timeline, flagged live
   * like any other event. Those events happened before Foyer was there: history. The
   * room's state already holds Foyer's latest join (Synapse sends `state_after` to this
   * SDK; older servers put the join in the timeline, so earlier events see no join yet).
   */
  const happenedBeforeMyJoin = (event: MatrixEvent): boolean => {
    const mine = client.getRoom(event.getRoomId() ?? '')?.currentState.getStateEvents('m.room.member', options.userId);
    return !mine || mine.getContent()['membership'] !== 'join' || event.getTs() < mine.getTs();
  };

  client.on(RoomEvent.Timeline, (event: MatrixEvent, _room, toStartOfTimeline, _removed, data) => {
    // Only live events after the first sync: a restart never replays old history.
    if (!live || toStartOfTimeline || !data?.liveEvent) return;
    if (happenedBeforeMyJoin(event)) return;
    handleRaw(event.getEffectiveEvent() as RawMatrixEvent);
  });

  // A limited timeline has a gap: joins and leaves in it never arrive as events.
  client.on(RoomEvent.TimelineReset, (room) => {
    if (live && room && rooms.has(room.roomId)) gappyRooms.add(room.roomId);
  });
  let connected: boolean | undefined;
  client.on(ClientEvent.Sync, (state) => {
    const connection = SYNC_CONNECTION[state];
    // Only changes: a healthy client reports Syncing after every long poll.
    if (connection && connection.connected !== connected) {
      connected = connection.connected;
      metrics.connectionChanged('matrix', connection.connected, connection.reason);
    }
  });
  client.on(ClientEvent.Sync, (state) => {
    if (state !== SyncState.Syncing && state !== SyncState.Prepared) return;
    const gapStartedAfter = previousSyncAt;
    previousSyncAt = options.clock.now().getTime();
    for (const roomId of gappyRooms) {
      gappyRooms.delete(roomId);
      void catchUpRoom(roomId, gapStartedAfter).catch((error: unknown) =>
        logger.error('member reconciliation after a gap failed', { room: roomId, error }),
      );
    }
  });

  const memberEvents = async (roomId: string): Promise<RawMatrixEvent[]> =>
    ((await client.members(roomId, undefined, undefined, undefined)) as { chunk: RawMatrixEvent[] }).chunk.map(
      (event) => ({ ...event, room_id: roomId }),
    );

  /** After a gap: every member event the server has that Foyer has not seen, oldest first. */
  async function catchUpRoom(roomId: string, gapStartedAfter: number): Promise<void> {
    const events = await memberEvents(roomId);
    // A room Foyer has just joined: who is there already is history, not newcomers.
    const justJoined = !seededRooms.has(roomId);
    seededRooms.add(roomId);
    for (const event of events.sort((a, b) => a.origin_server_ts - b.origin_server_ts)) {
      if (justJoined) rememberMembershipThen(event, undefined);
      else catchUpMembership(event, gapStartedAfter);
    }
  }

  client.on(RoomStateEvent.Events, (event) => {
    lifecycle.onStateEvent(event);
    if (live && event.getType() === 'm.room.encryption' && rooms.has(event.getRoomId() ?? ''))
      void warnEncrypted(event.getRoomId()!);
  });

  client.on(RoomMemberEvent.Membership, (event, member) => {
    if (member.userId !== options.userId) return;
    if (live) lifecycle.onMyMembership(event, member.roomId, member.membership ?? '');
    if (member.membership !== 'invite') return;
    // An upgraded room's replacement may invite Foyer before the old room's tombstone is seen.
    if (lifecycle.claimsToReplace(member.roomId))
      return logger.info('invited to a room that replaces a configured one: joining once its tombstone is seen', {
        room: member.roomId,
      });
    if (rooms.has(member.roomId)) return lifecycle.acceptInvite(event);
    logger.info('declined an invite to a room not in the config', { room: member.roomId });
    void client.leave(member.roomId).catch(() => undefined);
  });

  /**
   * Learns who is in each room, as it was when Foyer last ran, then replays what changed
   * since, oldest first: members who joined while Foyer was away are onboarded once (keyed
   * by their join event id), and a join counts only if it was their first room.
   */
  async function reconcile(): Promise<void> {
    const lastSeen = Number(keyValue.get(KV, 'last-seen') ?? NaN);
    markSeen();
    const firstStart = Number.isNaN(lastSeen); // nobody already here is a newcomer
    const missed: RawMatrixEvent[] = [];
    for (const roomId of rooms) {
      const events = await memberEvents(roomId).catch(
        (error: unknown) => void logger.warn('cannot read a room’s members', { room: roomId, error }),
      );
      if (events) seededRooms.add(roomId);
      for (const event of events ?? []) {
        const changedSince = !firstStart && event.origin_server_ts > lastSeen;
        if (changedSince) missed.push(event);
        rememberMembershipThen(event, changedSince ? lastSeen : undefined);
      }
    }
    for (const event of missed.sort((a, b) => a.origin_server_ts - b.origin_server_ts))
      catchUpMembership(event, lastSeen);
  }

  /** Seeds a room's member record with the membership at `then` (or now), unless a live event is already newer. */
  function rememberMembershipThen(event: RawMatrixEvent, then: number | undefined): void {
    if (!event.state_key) return;
    const known = membersOf(event.room_id).get(event.state_key);
    const ts = then ?? event.origin_server_ts;
    if (known && known.ts >= ts) return;
    const membership = then === undefined ? event.content['membership'] : event.unsigned?.prev_content?.['membership'];
    membersOf(event.room_id).set(event.state_key, { joined: membership === 'join', ts });
  }

  /**
   * Synapse limits accounts to about 0.2 messages/s with a burst of 10 unless a server
   * admin exempts them. Only an admin token can read the override, so say what is known.
   */
  async function reportRateLimits(): Promise<void> {
    const response = await fetch(
      `${options.homeserverUrl}/_synapse/admin/v1/users/${encodeURIComponent(options.userId)}/override_ratelimit`,
      {
        headers: { authorization: `Bearer ${options.accessToken}` },
      },
    ).catch(() => undefined);
    if (response?.ok) {
      const body = (await response.json()) as { messages_per_second?: number; burst_count?: number };
      const exempt = body.messages_per_second === 0 && body.burst_count === 0;
      if (exempt) logger.info('rate limits: the bot account is exempt');
      else
        logger.warn('rate limits: the bot account is NOT exempt; sends are queued and retried when limited', {
          override: body,
        });
    } else {
      logger.warn(
        'rate limits: cannot tell whether the bot account is exempt (that needs a server admin); sends are queued and retried when limited',
      );
    }
  }

  /** Foyer cannot read end-to-end encrypted rooms: it says so, in the log and once in the room. */
  /** Events from an upgraded room's replacement carry the configured room's id: the channel features know. */
  function asConfiguredChannel(event: FoyerEvent): FoyerEvent {
    const configuredChannel = (channel: ChannelId) =>
      channelId('matrix', lifecycle.configuredRoomOf(localPart(channel)));
    if (event.type === 'command.invoked')
      return { ...event, invocation: { ...event.invocation, channel: configuredChannel(event.invocation.channel) } };
    return 'channel' in event ? ({ ...event, channel: configuredChannel(event.channel) } as FoyerEvent) : event;
  }

  /** A notice in the moderators' room, unless that is the room the news is about (Foyer is no longer there). */
  async function tellModerators(message: RichText, unlessRoom: string): Promise<void> {
    if (!options.alertRoom) return;
    const room = lifecycle.currentRoom(options.alertRoom);
    if (room === unlessRoom || lifecycle.configuredRoomOf(unlessRoom) === options.alertRoom) return;
    const sent = await sendMessage(room, message);
    if (!sent.ok) logger.warn('could not tell the moderators', { reason: sent.error.reason });
  }

  function isEncrypted(roomId: string): boolean {
    const state = client.getRoom(roomId)?.currentState.getStateEvents('m.room.encryption', '');
    return state !== null && state !== undefined;
  }

  async function warnEncrypted(roomId: string): Promise<void> {
    if (!isEncrypted(roomId)) return;
    logger.error('this room is end-to-end encrypted: Foyer cannot read it and will not act on its messages', {
      room: roomId,
    });
    if (keyValue.get(`${KV}.encrypted-notice`, roomId)) return;
    keyValue.set(`${KV}.encrypted-notice`, roomId, String(options.clock.now().getTime()));
    // Straight to the server: matrix-js-sdk without end-to-end crypto refuses to send into an encrypted room.
    const [content] = renderMatrixMessages(rich(paragraph(...translator.t('platform.matrix.encrypted'))), 'm.notice');
    const path = `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(`foyer-encrypted-${options.clock.now().getTime()}`)}`;
    await client.http
      .authedRequest(Method.Put, path, undefined, content as never)
      .catch((error: unknown) => logger.warn('could not post the encryption notice', { error }));
  }

  // The server keeps transaction ids per device for a while: unique across restarts too.
  const txnPrefix = `foyer.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}`;
  let txnCount = 0;
  const nextTxnId = () => `${txnPrefix}.${++txnCount}`;
  /** One queue per limit the server applies: messages (rc_message), and room creation (rc_room_creation). */
  const waitMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
  const messageQueue = createSendQueue({ wait: waitMs, logger, answersFirst: options.answersFirst ?? true });
  const directRooms = createDirectRooms(client, keyValue, logger, options.clock, {
    messages: messageQueue,
    creations: createSendQueue({ wait: waitMs, logger }),
  });

  /**
   * Sends one event through the account's queue, straight to the server: no local echo
   * (Foyer never reads its own events back), and one transaction id for all its attempts,
   * so a retry after a lost answer is not a second message.
   */
  const send = (
    roomId: string,
    content: Record<string, unknown>,
    priority: SendPriority = 'broadcast',
    type = 'm.room.message',
  ): Promise<Result<MessageId>> =>
    withMatrix(async () => {
      // Without end-to-end crypto, Foyer must not post in the clear into an encrypted room.
      if (isEncrypted(roomId)) return fail('unsupported', 'the room is end-to-end encrypted');
      const path = `/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(type)}/${encodeURIComponent(nextTxnId())}`;
      const { event_id } = await messageQueue.run(priority, () =>
        client.http.authedRequest<{ event_id: string }>(Method.Put, path, undefined, content as never),
      );
      return ok(messageId('matrix', event_id));
    });

  /** Sends rich text as as many events as the event size limit needs; the first carries `relation`. */
  async function sendMessage(
    roomId: string,
    message: RichText,
    relation?: Record<string, unknown>,
    priority: SendPriority = 'broadcast',
  ): Promise<Result<MessageId>> {
    let first: Result<MessageId> | undefined;
    for (const content of renderMatrixMessages(message, 'm.notice')) {
      const sent = await send(
        roomId,
        { ...content, ...(first === undefined && relation ? { 'm.relates_to': relation } : {}) },
        priority,
      );
      if (!sent.ok) return sent;
      first ??= sent;
    }
    return first ?? fail('invalid', 'nothing to send');
  }

  /**
   * Uploads the file to the media repository, then sends the message and the file (an m.image for an image, else an
   * m.file).
   */
  async function sendFile(
    roomId: string,
    message: RichText,
    file: OutgoingFile,
    relation?: Record<string, unknown>,
    priority: SendPriority = 'broadcast',
  ): Promise<Result<MessageId>> {
    const data = outgoingFileBytes(file);
    const uploaded = await withMatrix(async () =>
      ok((await client.uploadContent(data, { name: file.name, type: file.mediaType })).content_uri),
    );
    if (!uploaded.ok) return uploaded;
    const url = uploaded.value;
    const intro = await sendMessage(roomId, message, relation, priority);
    if (!intro.ok) return intro;
    const sent = await send(
      roomId,
      {
        msgtype: file.mediaType.startsWith('image/') ? 'm.image' : 'm.file',
        body: file.name,
        filename: file.name,
        url,
        info: {
          mimetype: file.mediaType,
          size: data.length,
          ...(file.image ? { w: file.image.width, h: file.image.height } : {}),
        },
        'm.mentions': {},
      },
      priority,
    );
    return sent.ok ? intro : sent;
  }

  const sendDirect = (userId: string, message: RichText): Promise<Result<MessageId>> =>
    withMatrix(async () => {
      const room = await directRooms.roomFor(userId, { reopen: false });
      return room.ok ? await sendMessage(room.value, message) : room;
    });

  /**
   * A command's answer: in the member's direct room when private (Matrix has no ephemeral messages), else as a reply.
   */
  async function answer(
    invocation: CommandInvocation,
    message: RichText,
    opts?: { private?: boolean },
    file?: OutgoingFile,
  ): Promise<Result<void>> {
    const handle = invocation.replyHandle as ReplyHandle;
    let sent: Result<MessageId>;
    if (opts?.private) {
      sent = await withMatrix(async () => {
        // The member asked: a direct room they left is replaced by a new one.
        const room = await directRooms.roomFor(localPart(invocation.invoker.id), { reopen: true });
        if (!room.ok) return room;
        return file
          ? await sendFile(room.value, message, file, undefined, 'answer')
          : await sendMessage(room.value, message, undefined, 'answer');
      });
    } else {
      const relation = answerRelation(handle.eventId, handle.threadRoot);
      sent = file
        ? await sendFile(handle.roomId, message, file, relation, 'answer')
        : await sendMessage(handle.roomId, message, relation, 'answer');
    }
    return sent.ok ? ok(undefined) : sent;
  }

  return {
    platform: 'matrix',
    client,
    ports: {
      messages: { send: (channel: ChannelId, message) => sendMessage(roomOf(channel), message) },
      edits: {
        async edit(channel, message, content) {
          // An edit carries its content twice (fallback and m.new_content), and cannot be split.
          const [rendered] = renderMatrixMessages(content, 'm.notice', MATRIX_CONTENT_BYTES / 2);
          if (!rendered) return fail('invalid', 'nothing to send');
          const sent = await send(roomOf(channel), {
            ...rendered,
            body: `* ${rendered.body}`,
            'm.new_content': rendered,
            'm.relates_to': { rel_type: 'm.replace', event_id: localPart(message) },
          });
          return sent.ok ? ok(undefined) : sent;
        },
      },
      directMessages: { sendDirect: (member, message) => sendDirect(localPart(member), message) },
      profiles: {
        getProfile: (member) =>
          withMatrix(async () => {
            const profile = await client.getProfileInfo(localPart(member));
            const bot = localPart(member) === options.userId || isOtherBot(localPart(member));
            return ok({
              member: { id: member, displayName: profile.displayname ?? localPart(member) },
              hasPhoto: Boolean(profile.avatar_url),
              ...(bot ? { bot: true } : {}),
            });
          }),
      },
      polls: {
        limits: { maxAnswers: 20, maxAnswerLength: 300, maxQuestionLength: 1_000, minHours: 0, maxHours: 24 * 365 },
        async publish(channel, poll) {
          const content = matrixPoll(poll);
          return withMatrix(async () => {
            const sent = await send(roomOf(channel), content, 'broadcast', 'm.poll.start');
            if (!sent.ok) return sent;
            keyValue.set(
              POLLS,
              localPart(sent.value),
              JSON.stringify({
                answers: content['m.poll'].answers.map((a) => a['m.id']),
                maxSelections: content['m.poll'].max_selections,
              }),
            );
            return sent;
          });
        },
        async end(channel, message, notice) {
          const content = {
            'm.relates_to': { rel_type: 'm.reference', event_id: localPart(message) },
            'm.text': [{ body: notice }],
            'org.matrix.msc3381.poll.end': {},
            'org.matrix.msc1767.text': notice,
            body: notice,
            'm.mentions': {},
          };
          const sent = await send(roomOf(channel), content, 'broadcast', 'm.poll.end');
          return sent.ok ? ok(undefined) : sent;
        },
      },
      memberRoles: {
        grant: (member, role) => levelPowerLevel(member, role, true),
        revoke: (member, role) => levelPowerLevel(member, role, false),
      },
      channelModeration: {
        async slowDown() {
          return fail('unsupported', 'Matrix rooms have no slowmode');
        },
        lock: (channel) =>
          withMatrix(async () => {
            const roomId = roomOf(channel);
            const current = (await client.getStateEvent(roomId, 'm.room.power_levels', '')) as Record<string, unknown>;
            const { content, changes } = lockPowerLevels(current, options.roles.moderatorPowerLevel);
            await client.sendStateEvent(roomId, 'm.room.power_levels' as never, content as never, '');
            return ok({ ...changes });
          }),
        async restore(channel, snapshot) {
          const changes = lockChangesOf(snapshot, options.roles.moderatorPowerLevel);
          if (!changes) return fail('invalid', 'unknown snapshot');
          return withMatrix(async () => {
            const roomId = roomOf(channel);
            const current = (await client.getStateEvent(roomId, 'm.room.power_levels', '')) as Record<string, unknown>;
            const unlocked = unlockPowerLevels(current, changes);
            if (unlocked) await client.sendStateEvent(roomId, 'm.room.power_levels' as never, unlocked as never, '');
            return ok(undefined);
          });
        },
      },
    },
    responder: { respond: (invocation, message, opts) => answer(invocation, message, opts) },
    fileResponder: { respondWithFile: (invocation, message, file, opts) => answer(invocation, message, opts, file) },
    async start(s) {
      sink = s;
      const prepared = new Promise<void>((resolve, reject) => {
        const onSync = (state: SyncState) => {
          if (state === SyncState.Prepared) {
            client.off(ClientEvent.Sync, onSync);
            resolve();
          } else if (state === SyncState.Error) logger.warn('matrix sync error: retrying');
        };
        client.on(ClientEvent.Sync, onSync);
        setTimeout(() => reject(new Error('matrix: first sync did not complete in 60 s')), 60_000).unref();
      });
      // No timeline in the first sync: Foyer acts only on what happens from now on.
      await client.startClient({
        initialSyncLimit: 0,
        lazyLoadMembers: true,
        disablePresence: true,
        filter: foyerSyncFilter(options.userId),
      });
      await prepared;
      await lifecycle.followMissedUpgrades();
      await lifecycle.joinRooms(options.clock.now().getTime());
      for (const roomId of rooms) await warnEncrypted(roomId);
      await reportRateLimits();
      live = true;
      await reconcile().catch((error: unknown) => logger.error('member reconciliation failed', { error }));
    },
    async stop() {
      if (live) markSeen();
      live = false;
      sink = undefined;
      client.stopClient();
    },
  };
}

import { ClientEvent, createClient, MatrixError, Preset, RoomEvent, RoomMemberEvent, SyncState, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import { logger as sdkRootLogger } from 'matrix-js-sdk/lib/logger.js';
import type { Clock } from '../../core/clock.ts';
import type { CommandInvocation, FoyerEvent } from '../../core/events.ts';
import { channelId, localPart, memberId, messageId, type ChannelId, type CommunityId, type MessageId } from '../../core/ids.ts';
import type { Logger } from '../../core/logger.ts';
import type { EventSink, KeyValueStore, PlatformAdapter } from '../../core/ports.ts';
import { fail, ok, type Failure, type Result } from '../../core/result.ts';
import type { RichText } from '../../core/rich-text.ts';
import { renderMatrix } from './matrix.render.ts';
import { membershipEvent, messageEvent, parseBang, pollAnswerIndex, roleFromPowerLevel, type RawMatrixEvent } from './matrix.translate.ts';

export interface MatrixAdapterOptions {
  homeserverUrl: string;
  userId: string;
  accessToken: string;
  community: CommunityId;
  /** The only rooms Foyer joins and listens to; invites to any other room are declined. */
  rooms: readonly string[];
  roles: { moderatorPowerLevel: number; adminPowerLevel: number };
  keyValue: KeyValueStore;
  logger: Logger;
  clock: Clock;
}

const KV = 'matrix';

function toFailure(error: unknown): Failure {
  if (error instanceof MatrixError) {
    if (error.errcode === 'M_LIMIT_EXCEEDED') return { kind: 'rate-limited', reason: error.message };
    if (error.errcode === 'M_FORBIDDEN') return { kind: 'missing-permission', reason: error.message };
    if (error.errcode === 'M_NOT_FOUND' || error.errcode === 'M_UNKNOWN_TOKEN') return { kind: 'not-found', reason: error.message };
    return { kind: 'invalid', reason: `${error.errcode ?? error.httpStatus}: ${error.message}` };
  }
  return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
}

/** Logs in with a password (when no access token is configured) and returns an access token. */
export async function matrixLogin(homeserverUrl: string, userId: string, password: string): Promise<string> {
  const client = createClient({ baseUrl: homeserverUrl });
  const response = await client.loginRequest({ type: 'm.login.password', identifier: { type: 'm.id.user', user: userId }, password, initial_device_display_name: 'Foyer' });
  return response.access_token;
}

/** matrix-js-sdk is chatty; its messages go to Foyer's logger at debug level. */
function sdkLogger(logger: Logger) {
  const make = (): Record<string, unknown> => {
    const log = (...args: unknown[]) => logger.debug('matrix-js-sdk', { message: args.map(String).join(' ').slice(0, 500) });
    return { trace: log, debug: log, info: log, warn: log, error: (...args: unknown[]) => logger.warn('matrix-js-sdk', { message: args.map(String).join(' ').slice(0, 500) }), getChild: () => make() };
  };
  return make();
}

/**
 * Parts of matrix-js-sdk (its send queue, local echo) log through a global root logger
 * straight to the console, several lines per message. Route it into Foyer's logger too.
 */
function routeSdkRootLogger(logger: Logger): void {
  type Factory = (method: string, level: number, name: string | symbol) => (...args: unknown[]) => void;
  const root = sdkRootLogger as unknown as { methodFactory: Factory; rebuild(): void };
  root.methodFactory = (method) => (...args: unknown[]) => {
    const message = args.map(String).join(' ').slice(0, 500);
    if (method === 'warn' || method === 'error') logger.warn('matrix-js-sdk', { message });
    else logger.debug('matrix-js-sdk', { message });
  };
  root.rebuild();
}

interface ReplyHandle {
  roomId: string;
  eventId: string;
}

/**
 * Matrix through matrix-js-sdk: only the configured rooms, only live events (never old
 * history), every message sent with explicit m.mentions. Commands are `!name args`.
 */
export function createMatrixAdapter(options: MatrixAdapterOptions): PlatformAdapter & { readonly client: MatrixClient } {
  const { logger, keyValue, community } = options;
  routeSdkRootLogger(logger);
  const client = createClient({ baseUrl: options.homeserverUrl, userId: options.userId, accessToken: options.accessToken, logger: sdkLogger(logger) as never });
  const rooms = new Set(options.rooms);
  const polls = new Map<string, string[]>(); // poll event id → answer ids, for counting responses
  let sink: EventSink | undefined;
  let live = false;

  const deliver = (event: FoyerEvent | undefined): void => {
    if (!event || !sink) return;
    sink(event).catch((error: unknown) => logger.error('event handling failed', { type: event.type, error }));
  };
  const markSeen = () => keyValue.set(KV, 'last-seen', String(options.clock.now().getTime()));

  const powerLevel = (roomId: string, userId: string): number => {
    const content = client.getRoom(roomId)?.currentState.getStateEvents('m.room.power_levels', '')?.getContent() as { users?: Record<string, number>; users_default?: number } | undefined;
    return content?.users?.[userId] ?? content?.users_default ?? 0;
  };
  const displayName = (roomId: string, userId: string) => client.getRoom(roomId)?.getMember(userId)?.name ?? userId.slice(1).split(':')[0]!;

  /** The replied-to event's text and sender, as evidence for a report; undefined if unreadable. */
  async function evidenceFor(roomId: string, eventId: string): Promise<CommandInvocation['evidence']> {
    try {
      const event = (await client.fetchRoomEvent(roomId, eventId)) as unknown as RawMatrixEvent;
      const body = typeof event.content['body'] === 'string' ? event.content['body'] : '';
      return { text: body, author: memberId('matrix', event.sender), at: new Date(event.origin_server_ts), link: `https://matrix.to/#/${encodeURIComponent(roomId)}/${encodeURIComponent(eventId)}` };
    } catch {
      return undefined;
    }
  }

  function handleRaw(raw: RawMatrixEvent): void {
    if (!rooms.has(raw.room_id) || raw.sender === options.userId) return;
    if (raw.type === 'm.room.member') return deliver(membershipEvent(raw, community));
    if (raw.type === 'm.room.message') {
      const body = typeof raw.content['body'] === 'string' ? raw.content['body'] : '';
      const bang = parseBang(body);
      if (!bang) return deliver(messageEvent(raw, community, displayName(raw.room_id, raw.sender)));
      const replyTo = (raw.content['m.relates_to'] as { 'm.in_reply_to'?: { event_id?: string } } | undefined)?.['m.in_reply_to']?.event_id;
      const invocation: CommandInvocation = {
        name: bang.name,
        argText: bang.argText,
        ...(replyTo ? { target: messageId('matrix', replyTo) } : {}),
        invoker: { id: memberId('matrix', raw.sender), displayName: displayName(raw.room_id, raw.sender) },
        role: roleFromPowerLevel(powerLevel(raw.room_id, raw.sender), options.roles),
        channel: channelId('matrix', raw.room_id),
        replyHandle: { roomId: raw.room_id, eventId: raw.event_id } satisfies ReplyHandle,
      };
      const event = { type: 'command.invoked' as const, id: `matrix:${raw.event_id}` as never, community, at: new Date(raw.origin_server_ts), invocation };
      if (!replyTo) return deliver(event);
      void evidenceFor(raw.room_id, replyTo).then((evidence) => deliver({ ...event, invocation: { ...invocation, ...(evidence ? { evidence } : {}) } }));
      return;
    }
    if (raw.type === 'm.reaction') {
      const relation = raw.content['m.relates_to'] as { event_id?: string; key?: string } | undefined;
      if (relation?.event_id && relation.key)
        deliver({ type: 'reaction.added', id: `matrix:${raw.event_id}` as never, community, at: new Date(raw.origin_server_ts), member: { id: memberId('matrix', raw.sender), displayName: displayName(raw.room_id, raw.sender) }, channel: channelId('matrix', raw.room_id), message: messageId('matrix', relation.event_id), emoji: relation.key });
      return;
    }
    if (raw.type === 'm.poll.response' || raw.type === 'org.matrix.msc3381.poll.response') {
      const pollId = (raw.content['m.relates_to'] as { event_id?: string } | undefined)?.event_id;
      const answers = pollId ? polls.get(pollId) : undefined;
      const answer = answers ? pollAnswerIndex(raw, answers) : undefined;
      if (pollId && answer !== undefined)
        deliver({ type: 'poll.voted', id: `matrix:${raw.event_id}` as never, community, at: new Date(raw.origin_server_ts), member: { id: memberId('matrix', raw.sender), displayName: displayName(raw.room_id, raw.sender) }, channel: channelId('matrix', raw.room_id), message: messageId('matrix', pollId), answer, added: true });
    }
  }

  client.on(RoomEvent.Timeline, (event: MatrixEvent, _room, toStartOfTimeline, _removed, data) => {
    // Only live events after the first sync: a restart never replays old history.
    if (!live || toStartOfTimeline || !data?.liveEvent) return;
    handleRaw(event.getEffectiveEvent() as RawMatrixEvent);
  });

  client.on(RoomMemberEvent.Membership, (_event, member) => {
    if (member.userId !== options.userId || member.membership !== 'invite') return;
    if (rooms.has(member.roomId)) void client.joinRoom(member.roomId).catch((error: unknown) => logger.warn('joining an invited room failed', { error }));
    else {
      logger.info('declined an invite to a room not in the config', { room: member.roomId });
      void client.leave(member.roomId).catch(() => undefined);
    }
  });

  /** Members who joined while Foyer was away are onboarded once (keyed by their join event id). */
  async function reconcile(): Promise<void> {
    const lastSeen = Number(keyValue.get(KV, 'last-seen') ?? NaN);
    markSeen();
    if (Number.isNaN(lastSeen)) return; // first start: nobody already here is a newcomer
    for (const roomId of rooms) {
      const response = (await client.members(roomId, undefined, undefined, undefined)) as { chunk: RawMatrixEvent[] };
      for (const event of response.chunk) if (event.origin_server_ts > lastSeen) handleRaw({ ...event, room_id: roomId });
    }
  }

  /**
   * Synapse limits accounts to about 0.2 messages/s with a burst of 10 unless a server
   * admin exempts them. Only an admin token can read the override, so say what is known.
   */
  async function reportRateLimits(): Promise<void> {
    const response = await fetch(`${options.homeserverUrl}/_synapse/admin/v1/users/${encodeURIComponent(options.userId)}/override_ratelimit`, {
      headers: { authorization: `Bearer ${options.accessToken}` },
    }).catch(() => undefined);
    if (response?.ok) {
      const body = (await response.json()) as { messages_per_second?: number; burst_count?: number };
      const exempt = body.messages_per_second === 0 && body.burst_count === 0;
      if (exempt) logger.info('rate limits: the bot account is exempt');
      else logger.warn('rate limits: the bot account is NOT exempt; sends are queued and retried when limited', { override: body });
    } else {
      logger.warn('rate limits: cannot tell whether the bot account is exempt (that needs a server admin); sends are queued and retried when limited');
    }
  }

  /** Foyer cannot read end-to-end encrypted rooms: it says so, in the log and once in the room. */
  async function warnEncrypted(roomId: string): Promise<void> {
    const encrypted = client.getRoom(roomId)?.currentState.getStateEvents('m.room.encryption', '') !== null && client.getRoom(roomId)?.currentState.getStateEvents('m.room.encryption', '') !== undefined;
    if (!encrypted) return;
    logger.error('this room is end-to-end encrypted: Foyer cannot read it and will not act on its messages', { room: roomId });
    if (keyValue.get(`${KV}.encrypted-notice`, roomId)) return;
    keyValue.set(`${KV}.encrypted-notice`, roomId, String(options.clock.now().getTime()));
    await client.sendEvent(roomId, 'm.room.message' as never, { msgtype: 'm.notice', body: 'Foyer cannot read end-to-end encrypted rooms: it sees joins, but not messages or commands here.', 'm.mentions': {} } as never).catch(() => undefined);
  }

  async function directRoom(userId: string): Promise<string> {
    const remembered = keyValue.get(`${KV}.dm`, userId);
    if (remembered && client.getRoom(remembered)?.getMyMembership() === 'join') return remembered;
    const direct = (client.getAccountData('m.direct' as never)?.getContent() ?? {}) as Record<string, string[]>;
    const existing = (direct[userId] ?? []).find((id) => client.getRoom(id)?.getMyMembership() === 'join');
    if (existing) {
      keyValue.set(`${KV}.dm`, userId, existing);
      return existing;
    }
    const { room_id: roomId } = await client.createRoom({ is_direct: true, invite: [userId], preset: Preset.TrustedPrivateChat });
    // Keep m.direct right, so the member's client shows it as a direct chat with Foyer.
    await client.setAccountData('m.direct' as never, { ...direct, [userId]: [...(direct[userId] ?? []), roomId] } as never);
    keyValue.set(`${KV}.dm`, userId, roomId);
    return roomId;
  }

  async function send(roomId: string, content: Record<string, unknown>): Promise<Result<MessageId>> {
    try {
      // matrix-js-sdk's scheduler queues sends and retries M_LIMIT_EXCEEDED after its retry delay.
      const { event_id } = await client.sendEvent(roomId, 'm.room.message' as never, content as never);
      return ok(messageId('matrix', event_id));
    } catch (error) {
      return { ok: false, error: toFailure(error) };
    }
  }

  const sendDirect = async (userId: string, message: RichText): Promise<Result<MessageId>> => {
    try {
      return await send(await directRoom(userId), { ...renderMatrix(message, 'm.notice') });
    } catch (error) {
      return { ok: false, error: toFailure(error) };
    }
  };

  return {
    platform: 'matrix',
    client,
    ports: {
      messages: { send: (channel: ChannelId, message) => send(localPart(channel), { ...renderMatrix(message, 'm.notice') }) },
      edits: {
        async edit(channel, message, content) {
          const rendered = renderMatrix(content, 'm.notice');
          const sent = await send(localPart(channel), {
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
        async getProfile(member) {
          try {
            const profile = await client.getProfileInfo(localPart(member));
            return ok({ member: { id: member, displayName: profile.displayname ?? localPart(member) }, hasPhoto: Boolean(profile.avatar_url) });
          } catch (error) {
            return { ok: false, error: toFailure(error) };
          }
        },
      },
      polls: {
        limits: { maxAnswers: 20, maxAnswerLength: 300, maxQuestionLength: 1_000, minHours: 0, maxHours: 24 * 365 },
        async publish(channel, poll) {
          const answers = poll.answers.map((body, i) => ({ id: `a${i + 1}`, body }));
          const fallback = [poll.question, ...answers.map((a, i) => `${i + 1}. ${a.body}`)].join('\n');
          try {
            const { event_id } = await client.sendEvent(localPart(channel), 'm.poll.start' as never, {
              'm.poll': {
                kind: 'm.disclosed',
                max_selections: poll.multipleChoice ? answers.length : 1,
                question: { 'm.text': [{ body: poll.question }] },
                answers: answers.map((a) => ({ 'm.id': a.id, 'm.text': [{ body: a.body }] })),
              },
              // Clients without poll support show this text.
              'm.text': [{ body: fallback }],
              body: fallback,
              'm.mentions': {},
            } as never);
            polls.set(event_id, answers.map((a) => a.id));
            return ok(messageId('matrix', event_id));
          } catch (error) {
            return { ok: false, error: toFailure(error) };
          }
        },
        async end(channel, message) {
          try {
            await client.sendEvent(localPart(channel), 'm.poll.end' as never, {
              'm.relates_to': { rel_type: 'm.reference', event_id: localPart(message) },
              'm.text': [{ body: 'The poll has ended.' }],
              body: 'The poll has ended.',
              'm.mentions': {},
            } as never);
            return ok(undefined);
          } catch (error) {
            return { ok: false, error: toFailure(error) };
          }
        },
      },
      channelModeration: {
        async slowDown() {
          return fail('unsupported', 'Matrix rooms have no slowmode');
        },
        async lock(channel) {
          try {
            const roomId = localPart(channel);
            const current = (await client.getStateEvent(roomId, 'm.room.power_levels', '')) as Record<string, unknown>;
            const needed = options.roles.moderatorPowerLevel;
            const events = { ...((current['events'] as Record<string, number> | undefined) ?? {}) };
            for (const type of ['m.room.message', 'm.reaction', 'm.poll.response']) events[type] = Math.max(events[type] ?? 0, needed);
            await client.sendStateEvent(roomId, 'm.room.power_levels' as never, { ...current, events_default: Math.max(Number(current['events_default'] ?? 0), needed), events } as never, '');
            return ok({ kind: 'power-levels', content: current });
          } catch (error) {
            return { ok: false, error: toFailure(error) };
          }
        },
        async restore(channel, snapshot) {
          if (snapshot['kind'] !== 'power-levels') return fail('invalid', 'unknown snapshot');
          try {
            await client.sendStateEvent(localPart(channel), 'm.room.power_levels' as never, snapshot['content'] as never, '');
            return ok(undefined);
          } catch (error) {
            return { ok: false, error: toFailure(error) };
          }
        },
      },
    },
    responder: {
      async respond(invocation, message, opts) {
        const handle = invocation.replyHandle as ReplyHandle;
        // Matrix has no ephemeral messages: private answers go to the member's direct room.
        if (opts?.private) {
          const sent = await sendDirect(localPart(invocation.invoker.id), message);
          return sent.ok ? ok(undefined) : sent;
        }
        const sent = await send(handle.roomId, { ...renderMatrix(message, 'm.notice'), 'm.relates_to': { 'm.in_reply_to': { event_id: handle.eventId } } });
        return sent.ok ? ok(undefined) : sent;
      },
    },
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
      await client.startClient({ initialSyncLimit: 0, lazyLoadMembers: true, disablePresence: true });
      await prepared;
      for (const roomId of rooms) {
        if (client.getRoom(roomId)?.getMyMembership() !== 'join') await client.joinRoom(roomId).catch((error: unknown) => logger.error('cannot join a configured room', { room: roomId, error }));
      }
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

/**
 * A protocol-level fake Discord for tests and benchmarks: the REST API v10 over HTTP and
 * the gateway v10 over WebSocket, on 127.0.0.1 at a random port, good enough for the
 * real discord.js Client to log in and work against it.
 *
 *   const discord = await startFakeDiscord({ guild: { name: 'Test' }, channels: [{ name: 'general' }] });
 *   const client = new Client({ intents, rest: { api: discord.restUrl } });
 *   await client.login(discord.token);
 *   discord.addMember({ username: 'alice' });           // → guildMemberAdd
 *   discord.requests.filter((r) => r.route === 'POST /channels/:channelId/messages');
 *   await discord.close();
 *
 * It imports no discord.js: only `ws`, node:http and types from discord-api-types.
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIApplicationCommand, APIGuildMember, APIUser } from 'discord-api-types/v10';
import {
  FakeGateway,
  PRIVILEGED_INTENTS,
  type FakeDispatch,
  type GatewayConnectionRecord,
  type IdentifyRecord,
  type MemberRequestRecord,
} from './gateway.ts';
import {
  InteractionRegistry,
  type FakeInteractionSpec,
  type InteractionRecord,
  type PendingInteraction,
} from './interactions.ts';
import { FakeRest, type RateLimitRule, type RecordedRequest } from './rest.ts';
import { RateLimitModel, type RateLimitModelOptions, type RateLimitStats } from './rate-limits.ts';
import {
  FakeState,
  type FakeMember,
  type FakeMemberPatch,
  type FakeOverwriteInit,
  type FakeStateOptions,
  type FakeUserInit,
  type StoredMessage,
} from './state.ts';

export { CloseCode, GatewayOp, Intent, PRIVILEGED_INTENTS } from './gateway.ts';
export type { FakeDispatch, GatewayConnectionRecord, IdentifyRecord, MemberRequestRecord } from './gateway.ts';
export type {
  FakeCommandOptions,
  FakeInteractionSpec,
  InteractionCallbackRecord,
  InteractionRecord,
  PendingInteraction,
} from './interactions.ts';
export { ALL_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, Permission } from './permissions.ts';
export type { RecordedFile, RecordedRequest, RateLimitRule } from './rest.ts';
export {
  DISCORD_GLOBAL_LIMIT,
  DISCORD_ROUTE_LIMITS,
  INVALID_REQUEST_LIMIT,
  type RateLimitModelOptions,
  type RateLimitStats,
  type RouteLimit,
} from './rate-limits.ts';
export { DISCORD_EPOCH, SnowflakeGenerator, snowflakeAt, snowflakeTime } from './snowflake.ts';
export { generateMembers } from './state.ts';
export type {
  FakeChannelInit,
  FakeGuildInit,
  FakeMember,
  FakeMemberPatch,
  FakeOverwriteInit,
  FakeRoleInit,
  FakeUserInit,
  StoredMessage,
} from './state.ts';

export interface FakeDiscordOptions extends FakeStateOptions {
  /** The bot token the fake accepts ("Bot <token>" on REST, the raw token in IDENTIFY). */
  token?: string;
  /** HELLO's heartbeat_interval. Discord sends ~41250. */
  heartbeatIntervalMs?: number;
  /** Members per GUILD_MEMBERS_CHUNK (Discord: 1000). */
  memberChunkSize?: number;
  /** Dispatches kept per session for RESUME; older ones make a resume fail (OP 9). */
  replayBufferSize?: number;
  /** Privileged intents switched on in the developer portal (default: all three). Others close with 4014. */
  privilegedIntents?: number;
  /** Close connections that stop heartbeating (4009). Default false. */
  enforceHeartbeats?: boolean;
  /** Check the bot's permissions on REST calls (403 50001/50013). Default true. */
  enforcePermissions?: boolean;
  /** Send MESSAGE_CREATE for the bot's own messages, as Discord does. Default true. */
  echoOwnMessages?: boolean;
  /** Time to send the initial interaction response (Discord: 3 s). */
  interactionResponseTimeoutMs?: number;
  /** After a deferred response, how long `interaction()` waits for the edit or follow-up. */
  interactionSettleTimeoutMs?: number;
  /** Bytes queued on a socket before dispatchMany / member chunks wait for it to drain. */
  highWaterMark?: number;
  /** How often the whole member list may be requested (Discord: 30 s; RATE_LIMITED before that). */
  allMembersWindowMs?: number;
  /**
   * Model Discord's real REST limits (per-route buckets, 50/s global; rate-limits.ts):
   * `true` for Discord's figures, or your own. Default off: every answer then says 4 of 5
   * left, so tests that do not care never wait.
   */
  rateLimits?: boolean | RateLimitModelOptions;
}

export interface PostMessageInit {
  /** A guild channel; omit with `dm`. */
  channelId?: string;
  authorId: string;
  content?: string;
  /** Sent in the author's DM with the bot. */
  dm?: boolean;
  /** Reply to this message (in the same channel). */
  replyTo?: string;
  embeds?: unknown[];
  components?: unknown[];
  attachments?: Array<{ filename: string; size?: number; contentType?: string }>;
  poll?: unknown;
  /** Default: as Discord resolves them from the content (`<@id>`, `<@&id>`, @everyone). */
  mentions?: string[];
  id?: string;
  timestamp?: Date;
  webhookId?: string;
  type?: number;
  flags?: number;
}

/** Guild system_channel_flags bit and message type used by the join message. */
const SUPPRESS_JOIN_NOTIFICATIONS = 1 << 0;
const MESSAGE_TYPE_USER_JOIN = 7;

export interface RateLimitOptions {
  /** How many matching requests get a 429 (default 1). */
  times?: number;
  global?: boolean;
  scope?: 'user' | 'global' | 'shared';
  /** Send Retry-After rounded up to whole seconds, as Discord does (slower tests). */
  integerRetryAfterHeader?: boolean;
}

interface FakeDiscordEvents {
  request: [RecordedRequest];
  identify: [IdentifyRecord];
  resume: [{ sessionId: string; replayed: number }];
  connection: [GatewayConnectionRecord];
  disconnect: [GatewayConnectionRecord];
  memberRequest: [MemberRequestRecord];
}

export class FakeDiscord extends EventEmitter<FakeDiscordEvents> {
  readonly state: FakeState;
  readonly token: string;
  readonly #server: Server;
  readonly #gateway: FakeGateway;
  readonly #rest: FakeRest;
  readonly #interactions: InteractionRegistry;
  #port = 0;

  /** Use `startFakeDiscord`. */
  constructor(options: FakeDiscordOptions) {
    super();
    this.state = new FakeState(options);
    this.token =
      options.token ??
      `${Buffer.from(this.state.bot.id).toString('base64url')}.fake.${Math.random().toString(36).slice(2, 12)}`;
    const privilegedIntents = options.privilegedIntents ?? PRIVILEGED_INTENTS;
    this.#interactions = new InteractionRegistry(this.state, {
      responseTimeoutMs: options.interactionResponseTimeoutMs ?? 3_000,
      settleTimeoutMs: options.interactionSettleTimeoutMs ?? 5_000,
    });
    this.#gateway = new FakeGateway(
      this.state,
      {
        token: this.token,
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
        memberChunkSize: options.memberChunkSize ?? 1_000,
        replayBufferSize: options.replayBufferSize ?? 5_000,
        allMembersWindowMs: options.allMembersWindowMs ?? 30_000,
        privilegedIntents,
        enforceHeartbeats: options.enforceHeartbeats ?? false,
        highWaterMark: options.highWaterMark ?? 1024 * 1024,
        resumeUrl: () => `ws://127.0.0.1:${this.#port}/resume`,
      },
      {
        onIdentify: (r) => this.emit('identify', r),
        onResume: (sessionId, replayed) => this.emit('resume', { sessionId, replayed }),
        onConnection: (r) => this.emit('connection', r),
        onClose: (r) => this.emit('disconnect', r),
        onMemberRequest: (r) => this.emit('memberRequest', r),
      },
    );
    this.#rest = new FakeRest({
      state: this.state,
      token: this.token,
      gatewayUrl: () => this.gatewayUrl,
      dispatch: (t, d) => this.dispatch(t, d),
      interactions: this.#interactions,
      echoOwnMessages: options.echoOwnMessages ?? true,
      enforcePermissions: options.enforcePermissions ?? true,
      privilegedIntents,
      rateLimitModel: options.rateLimits
        ? new RateLimitModel(options.rateLimits === true ? {} : options.rateLimits)
        : undefined,
      onRequest: (r) => this.emit('request', r),
    });
    this.#server = createServer((req, res) => {
      this.#rest.handle(req, res).catch((error: unknown) => {
        console.error('fake-discord: request failed', error);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    this.#server.on('upgrade', (req, socket, head) => this.#gateway.handleUpgrade(req, socket, head));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  // ----- where and who -----------------------------------------------------------------

  /** The REST base for discord.js: `new Client({ rest: { api: discord.restUrl } })`. */
  get restUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  /** What GET /gateway/bot reports. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }

  /** Client options that point discord.js at the fake (merge with yours). */
  clientOptions(): { rest: { api: string } } {
    return { rest: { api: this.restUrl } };
  }

  get guildId(): string {
    return this.state.guild.id;
  }

  get applicationId(): string {
    return this.state.applicationId;
  }

  get botUser(): APIUser {
    return this.state.userPayload(this.state.bot);
  }

  /** A channel's id by name. */
  channelId(name: string): string {
    const channel = [...this.state.channels.values()].find((c) => c.name === name);
    if (!channel) throw new Error(`fake-discord: no channel named ${name}`);
    return channel.id;
  }

  /** A role's id by name. */
  roleId(name: string): string {
    const role = [...this.state.roles.values()].find((r) => r.name === name);
    if (!role) throw new Error(`fake-discord: no role named ${name}`);
    return role.id;
  }

  member(userId: string): APIGuildMember | undefined {
    const m = this.state.members.get(userId);
    return m ? this.state.memberPayload(m) : undefined;
  }

  get memberCount(): number {
    return this.state.members.size;
  }

  /** Messages kept for a channel (the newest `messageHistoryLimit`), oldest first. */
  messages(channelId: string): StoredMessage[] {
    return [...(this.state.messages.get(channelId)?.values() ?? [])];
  }

  /** The DM channel id with a user (made on first use, like POST /users/@me/channels). */
  dmChannelId(userId: string): string {
    return this.state.dmChannelFor(userId).id;
  }

  /** Registered application commands: global, or the guild's. */
  commands(scope: 'global' | 'guild' = 'guild'): APIApplicationCommand[] {
    return scope === 'global'
      ? [...this.state.globalCommands]
      : [...(this.state.guildCommands.get(this.guildId) ?? [])];
  }

  // ----- what happened -----------------------------------------------------------------

  /** Every REST request, in the order they were answered. */
  get requests(): RecordedRequest[] {
    return this.#rest.requests;
  }

  /** Requests no route matched (answered 404): the fake lacks a route discord.js used. */
  get unknownRequests(): RecordedRequest[] {
    return this.#rest.requests.filter((r) => r.route === 'unknown');
  }

  /** Requests matching a route template, e.g. `POST /channels/:channelId/messages`. */
  requestsTo(route: string, options: { succeeded?: boolean } = {}): RecordedRequest[] {
    return this.#rest.requests.filter(
      (r) => r.route === route && (options.succeeded === undefined || options.succeeded === r.status < 300),
    );
  }

  get identifyCount(): number {
    return this.#gateway.identifyCount;
  }

  /** Every REQUEST_GUILD_MEMBERS received, and whether it was rate limited. */
  get memberRequests(): readonly MemberRequestRecord[] {
    return this.#gateway.memberRequests;
  }

  get resumeCount(): number {
    return this.#gateway.resumeCount;
  }

  get identifies(): IdentifyRecord[] {
    return this.#gateway.identifies;
  }

  /** Every gateway connection (query, path, close code, payloads received). */
  get connections(): GatewayConnectionRecord[] {
    return this.#gateway.connections;
  }

  /** Sockets with an identified or resumed session. */
  get connectedCount(): number {
    return this.#gateway.connectedCount;
  }

  /** Requests sent again before an injected 429's retry_after had passed. */
  get rateLimitViolations(): number {
    return this.#rest.rateLimitViolations;
  }

  /** 429s answered by the modelled limits (route and global), and clients that did not wait (zeros when off). */
  get rateLimitStats(): RateLimitStats {
    return this.#rest.rateLimitStats;
  }

  /** 401, 403 and 429 answers since the start, as Discord counts them towards its invalid-request limit. */
  get invalidRequests(): number {
    return this.#rest.invalidRequests.total;
  }

  /** Invalid requests within the last 10 minutes; real Discord bans the IP for a while at 10,000. */
  get invalidRequestsInWindow(): number {
    return this.#rest.invalidRequests.inWindow(Date.now());
  }

  get interactions(): ReadonlyMap<string, InteractionRecord> {
    return this.#interactions.byId;
  }

  /** Resolves with the first request (already answered or coming) that matches. */
  waitForRequest(
    predicate: (r: RecordedRequest) => boolean,
    options: { timeoutMs?: number; includePast?: boolean } = {},
  ): Promise<RecordedRequest> {
    if (options.includePast !== false) {
      const past = this.#rest.requests.find(predicate);
      if (past) return Promise.resolve(past);
    }
    return this.waitFor('request', predicate, options.timeoutMs);
  }

  /** Resolves with the next event of a kind that matches. */
  waitFor<K extends keyof FakeDiscordEvents>(
    event: K,
    predicate: (...args: FakeDiscordEvents[K]) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<FakeDiscordEvents[K][0]> {
    return new Promise((resolve, reject) => {
      const listener = (...args: FakeDiscordEvents[K]) => {
        if (!predicate(...args)) return;
        clearTimeout(timer);
        this.off(event, listener as never);
        resolve(args[0]);
      };
      const timer = setTimeout(() => {
        this.off(event, listener as never);
        reject(new Error(`fake-discord: no matching ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on(event, listener as never);
    });
  }

  // ----- gateway -----------------------------------------------------------------------

  /**
   * Sends a DISPATCH to every live session that should get it (intents, shard), with
   * each session's next sequence number; disconnected sessions keep it for RESUME.
   * MESSAGE_CREATE / MESSAGE_DELETE also update the fake's message history.
   */
  dispatch(t: string, d: unknown): number {
    this.#remember(t, d);
    return this.#gateway.dispatch(t, d);
  }

  /** Many dispatches, waiting for sockets to drain (for load tests). Returns the count. */
  dispatchMany(
    events: Iterable<FakeDispatch> | AsyncIterable<FakeDispatch>,
    options: { remember?: boolean } = {},
  ): Promise<number> {
    if (options.remember === false) return this.#gateway.dispatchMany(events);
    const remember = (e: FakeDispatch) => this.#remember(e.t, e.d);
    const tapped = Symbol.asyncIterator in events ? tapAsync(events, remember) : tapSync(events, remember);
    return this.#gateway.dispatchMany(tapped);
  }

  #remember(t: string, d: unknown): void {
    const m = d as { id?: string; channel_id?: string } | undefined;
    if (!m?.id || !m.channel_id) return;
    if (t === 'MESSAGE_CREATE') {
      if (this.state.getMessage(m.channel_id, m.id)) return;
      const { guild_id: _g, member: _m, channel_type: _c, ...message } = d as Record<string, unknown>;
      this.state.storeMessage(message as unknown as StoredMessage);
    } else if (t === 'MESSAGE_DELETE') this.state.messages.get(m.channel_id)?.delete(m.id);
  }

  /**
   * Closes the gateway sockets; sessions stay resumable. 4000 (default): discord.js
   * resumes. 'no-code' (close frame without status, 1005) and null (TCP cut, 1006):
   * discord.js resumes. 1000: discord.js starts a new session, after its identify
   * throttle (about 5 s after the previous IDENTIFY).
   */
  dropConnections(code: number | 'no-code' | null = 4000): Promise<void> {
    return this.#gateway.dropConnections(code);
  }

  /** OP 7 RECONNECT. */
  requestReconnect(): void {
    this.#gateway.requestReconnect();
  }

  /**
   * OP 9 INVALID_SESSION. Not resumable (the default): the sessions end, the client must
   * identify again (a new READY and GUILD_CREATE), and whatever is dispatched until then
   * is lost to it, as on Discord (Gateway: "Resuming", "Invalid Session").
   */
  invalidateSessions(resumable = false): void {
    this.#gateway.invalidateSessions(resumable);
  }

  /** OP 1: asks clients to heartbeat now. */
  requestHeartbeat(): void {
    this.#gateway.requestHeartbeat();
  }

  // ----- members -----------------------------------------------------------------------

  /** A user who is not (yet) a member, e.g. to DM or to ban. */
  addUser(user: FakeUserInit): APIUser {
    return this.state.userPayload(this.state.createUser(user));
  }

  /** Users who left the guild: Discord flags their next join DID_REJOIN. */
  readonly #formerMembers = new Set<string>();

  /**
   * Adds a member and sends GUILD_MEMBER_ADD, then the system channel's join message (see
   * #postJoinMessage). A user who was a member before comes back with the DID_REJOIN flag
   * (1 << 0) set (Discord API docs, Guild Resource: "Guild Member Flags").
   */
  addMember(member: FakeMember): APIGuildMember {
    const rejoining = member.id !== undefined && this.#formerMembers.has(member.id);
    const record = this.state.addMemberRecord(rejoining ? { ...member, flags: (member.flags ?? 0) | 1 } : member);
    const payload = this.state.memberPayload(record);
    this.dispatch('GUILD_MEMBER_ADD', { ...payload, guild_id: this.guildId });
    this.#postJoinMessage(record.user.id);
    return payload;
  }

  /**
   * Discord posts "X joined the server" in the guild's system channel as a message of
   * type 7 (USER_JOIN) authored by the newcomer, with empty content, unless the guild's
   * system_channel_flags has SUPPRESS_JOIN_NOTIFICATIONS (1 << 0). Bots must not take
   * it for the newcomer's own words. See the Discord developer documentation: Message
   * resource, "Message Object" and "Message Types"; Guild resource, "Guild Object" and
   * "System Channel Flags".
   */
  #postJoinMessage(userId: string): void {
    const channelId = this.state.guild.systemChannelId;
    const suppressed = (this.state.guild.systemChannelFlags & SUPPRESS_JOIN_NOTIFICATIONS) !== 0;
    if (!channelId || suppressed || !this.state.channels.has(channelId)) return;
    this.postMessage({ channelId, authorId: userId, type: MESSAGE_TYPE_USER_JOIN });
  }

  /** Adds members without events (as if they were there before). */
  seedMembers(members: Iterable<FakeMember>): void {
    for (const m of members) this.state.addMemberRecord(m);
  }

  /** Removes a member (left or kicked) and sends GUILD_MEMBER_REMOVE. */
  removeMember(userId: string): void {
    const record = this.state.members.get(userId);
    if (!record) throw new Error(`fake-discord: ${userId} is not a member`);
    this.state.members.delete(userId);
    this.#formerMembers.add(userId);
    this.dispatch('GUILD_MEMBER_REMOVE', { guild_id: this.guildId, user: this.state.userPayload(record.user) });
  }

  /** Changes a member (or their user: avatar, username…) and sends GUILD_MEMBER_UPDATE. */
  updateMember(userId: string, patch: FakeMemberPatch): APIGuildMember {
    const record = this.state.members.get(userId);
    if (!record) throw new Error(`fake-discord: ${userId} is not a member`);
    this.state.patchMember(record, patch);
    const payload = this.state.memberPayload(record);
    this.dispatch('GUILD_MEMBER_UPDATE', { guild_id: this.guildId, ...payload });
    return payload;
  }

  // ----- channels --------------------------------------------------------------------

  /** An admin changes a channel's permission overwrites: stored, and CHANNEL_UPDATE sent. */
  setPermissionOverwrites(channelId: string, overwrites: FakeOverwriteInit[]): void {
    const channel = this.state.channels.get(channelId);
    if (!channel) throw new Error(`fake-discord: unknown channel ${channelId}`);
    channel.overwrites = overwrites.map((o) => ({
      id: o.id,
      type: o.type,
      allow: BigInt(o.allow ?? 0n).toString(),
      deny: BigInt(o.deny ?? 0n).toString(),
    }));
    this.dispatch('CHANNEL_UPDATE', this.state.channelPayload(channel));
  }

  // ----- threads and forum posts -------------------------------------------------------

  /**
   * A member starts a thread in a text channel, or a post in a forum: a channel of type 11
   * whose `parent_id` is that channel, announced with THREAD_CREATE (`newly_created`).
   * A forum post's first message has the thread's own id; a thread started in a text
   * channel leaves a THREAD_CREATED (18) system message in the parent. Messages in it
   * carry the thread's id as `channel_id` (Discord API docs, Channel Resource: "Start
   * Thread without Message", "Start Thread in Forum or Media Channel"; Threads topic).
   */
  startThread(init: { parentId: string; name: string; authorId: string; content?: string }): {
    id: string;
    firstMessage?: Record<string, unknown>;
  } {
    const parent = this.state.channels.get(init.parentId);
    if (!parent || ![0, 5, 15].includes(parent.type))
      throw new Error(`fake-discord: threads start in text, announcement or forum channels, not ${init.parentId}`);
    const forum = parent.type === 15;
    const thread = this.state.addChannel({ type: 11, name: init.name, parentId: parent.id, ownerId: init.authorId });
    this.dispatch('THREAD_CREATE', { ...this.state.channelPayload(thread), newly_created: true });
    if (!forum) {
      this.postMessage({ channelId: parent.id, authorId: init.authorId, type: 18, content: init.name });
      return { id: thread.id };
    }
    const firstMessage = this.postMessage({
      channelId: thread.id,
      authorId: init.authorId,
      content: init.content ?? init.name,
      id: thread.id,
    });
    return { id: thread.id, firstMessage };
  }

  // ----- messages ----------------------------------------------------------------------

  /** The MESSAGE_CREATE payload for a member's message, without storing or sending it. */
  messagePayload(init: PostMessageInit): Record<string, unknown> {
    const state = this.state;
    const channel = init.dm
      ? state.dmChannelFor(init.authorId)
      : init.channelId
        ? state.channels.get(init.channelId)
        : undefined;
    if (!channel) throw new Error(`fake-discord: unknown channel ${String(init.channelId)}`);
    const id = init.id ?? state.ids.next(init.timestamp ?? Date.now());
    const message = state.buildMessage({
      id,
      channelId: channel.id,
      authorId: init.authorId,
      content: init.content ?? '',
      timestamp: init.timestamp,
      type: init.type,
      embeds: init.embeds,
      components: init.components,
      poll: init.poll,
      flags: init.flags,
      webhookId: init.webhookId,
      messageReference: init.replyTo ? { message_id: init.replyTo, channel_id: channel.id } : undefined,
      attachments: init.attachments?.map((a) => {
        const attachmentId = state.ids.next();
        return {
          id: attachmentId,
          filename: a.filename,
          size: a.size ?? 1024,
          url: `https://cdn.discordapp.com/attachments/${channel.id}/${attachmentId}/${a.filename}`,
          proxy_url: `https://media.discordapp.net/attachments/${channel.id}/${attachmentId}/${a.filename}`,
          ...(a.contentType ? { content_type: a.contentType } : {}),
        };
      }),
      mentions: init.mentions
        ? {
            mentions: init.mentions
              .map((u) => state.users.get(u))
              .filter((u) => u !== undefined)
              .map((u) => state.userPayload(u)),
            mention_roles: [],
            mention_everyone: false,
          }
        : undefined,
    });
    return state.gatewayMessage(message);
  }

  /** A member posts a message: stored, and MESSAGE_CREATE sent. Returns the payload. */
  postMessage(init: PostMessageInit): Record<string, unknown> & { id: string; channel_id: string } {
    const payload = this.messagePayload(init) as Record<string, unknown> & { id: string; channel_id: string };
    this.dispatch('MESSAGE_CREATE', payload);
    return payload;
  }

  /**
   * A system message Discord generates on someone's action, authored by them: 6
   * CHANNEL_PINNED_MESSAGE (reference: the pinned message), 8–11 GUILD_BOOST*, 18
   * THREAD_CREATED (content: the thread's name), 24 AUTO_MODERATION_ACTION…
   */
  postSystemMessage(init: {
    type: number;
    channelId: string;
    authorId: string;
    content?: string;
    referencedMessageId?: string;
    timestamp?: Date;
  }): Record<string, unknown> & { id: string; channel_id: string } {
    if (init.type === 0 || init.type === 19)
      throw new Error('fake-discord: types 0 and 19 are member messages: use postMessage');
    const { referencedMessageId, ...rest } = init;
    return this.postMessage({ ...rest, ...(referencedMessageId ? { replyTo: referencedMessageId } : {}) });
  }

  /**
   * A message sent through a webhook: Discord gives it `webhook_id`, no `member`, and an
   * author made from the webhook (its id and name) with `bot: true`.
   */
  postWebhookMessage(init: {
    channelId: string;
    webhookId?: string;
    username: string;
    content?: string;
    timestamp?: Date;
  }): Record<string, unknown> & { id: string; channel_id: string; webhook_id: string } {
    const webhookId = init.webhookId ?? this.state.ids.next();
    if (!this.state.users.has(webhookId))
      this.state.createUser({ id: webhookId, username: init.username, discriminator: '0000', bot: true });
    const payload = this.postMessage({
      channelId: init.channelId,
      authorId: webhookId,
      content: init.content,
      webhookId,
      timestamp: init.timestamp,
    });
    return payload as typeof payload & { webhook_id: string };
  }

  // ----- interactions ------------------------------------------------------------------

  /**
   * Sends INTERACTION_CREATE. The result resolves once the bot has answered: at the
   * callback, or — after a deferred answer (5, 6) — at the edit of the original response
   * or the first follow-up. It resolves with `timedOut: true` (never rejects) when the
   * bot misses Discord's 3 s or the settle time.
   */
  interaction(spec: FakeInteractionSpec): PendingInteraction {
    const payload = this.#interactions.build(spec);
    const pending = this.#interactions.register(payload);
    this.dispatch('INTERACTION_CREATE', payload);
    return pending;
  }

  // ----- REST faults -------------------------------------------------------------------

  /**
   * The next matching request(s) get a 429 shaped like Discord's (Retry-After and
   * X-RateLimit-* headers, `{ message, retry_after, global }`); requests that come back
   * before retry_after has passed get 429 again and count as violations. The pattern is
   * tested against the path (`/channels/1/messages`) and `METHOD path`.
   */
  rateLimitNext(pattern: RegExp, retryAfterSeconds: number, options: RateLimitOptions = {}): RateLimitRule {
    const rule: RateLimitRule = {
      pattern,
      retryAfter: retryAfterSeconds,
      remaining: options.times ?? 1,
      global: options.global ?? false,
      scope: options.scope ?? (options.global ? 'global' : 'user'),
      integerRetryAfterHeader: options.integerRetryAfterHeader ?? false,
      blockedUntil: 0,
    };
    this.#rest.rateLimits.push(rule);
    return rule;
  }

  // ----- lifecycle ---------------------------------------------------------------------

  async close(): Promise<void> {
    this.#interactions.close();
    await this.#gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.removeAllListeners();
  }
}

function* tapSync<T>(items: Iterable<T>, f: (item: T) => void): Generator<T> {
  for (const item of items) {
    f(item);
    yield item;
  }
}

async function* tapAsync<T>(items: AsyncIterable<T>, f: (item: T) => void): AsyncGenerator<T> {
  for await (const item of items) {
    f(item);
    yield item;
  }
}

/** Starts a fake Discord on 127.0.0.1 at a random port. */
export function startFakeDiscord(options: FakeDiscordOptions): Promise<FakeDiscord> {
  return new FakeDiscord(options).listen();
}

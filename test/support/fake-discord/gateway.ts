/**
 * The fake gateway (v10, JSON encoding): HELLO, heartbeats, IDENTIFY → READY +
 * GUILD_CREATE, RESUME with replay of missed dispatches, OP 9 INVALID_SESSION,
 * REQUEST_GUILD_MEMBERS → GUILD_MEMBERS_CHUNK (or RATE_LIMITED), intent filtering (MESSAGE_CONTENT included), close codes as
 * Discord documents them, and dispatching with backpressure for load tests.
 * https://discord.com/developers/docs/topics/gateway
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { FakeState, MemberRecord } from './state.ts';

export const GatewayOp = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;

export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildModeration: 1 << 2,
  GuildExpressions: 1 << 3,
  GuildIntegrations: 1 << 4,
  GuildWebhooks: 1 << 5,
  GuildInvites: 1 << 6,
  GuildVoiceStates: 1 << 7,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  GuildMessageTyping: 1 << 11,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  DirectMessageTyping: 1 << 14,
  MessageContent: 1 << 15,
  GuildScheduledEvents: 1 << 16,
  AutoModerationConfiguration: 1 << 20,
  AutoModerationExecution: 1 << 21,
  GuildMessagePolls: 1 << 24,
  DirectMessagePolls: 1 << 25,
} as const;

const ALL_INTENTS = Object.values(Intent).reduce((a, b) => a | b, 0);
export const PRIVILEGED_INTENTS = Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent;

/** Gateway close codes (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
export const CloseCode = {
  UnknownError: 4000,
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidSeq: 4007,
  RateLimited: 4008,
  SessionTimedOut: 4009,
  InvalidShard: 4010,
  ShardingRequired: 4011,
  InvalidAPIVersion: 4012,
  InvalidIntents: 4013,
  DisallowedIntents: 4014,
} as const;

/** The intent an event needs, or undefined for events every session gets. */
function requiredIntent(t: string, inGuild: boolean): number | undefined {
  switch (t) {
    case 'GUILD_CREATE':
    case 'GUILD_UPDATE':
    case 'GUILD_DELETE':
    case 'GUILD_ROLE_CREATE':
    case 'GUILD_ROLE_UPDATE':
    case 'GUILD_ROLE_DELETE':
    case 'CHANNEL_CREATE':
    case 'CHANNEL_UPDATE':
    case 'CHANNEL_DELETE':
    case 'THREAD_CREATE':
    case 'THREAD_UPDATE':
    case 'THREAD_DELETE':
    case 'THREAD_LIST_SYNC':
    case 'THREAD_MEMBER_UPDATE':
    case 'STAGE_INSTANCE_CREATE':
    case 'STAGE_INSTANCE_UPDATE':
    case 'STAGE_INSTANCE_DELETE':
      return Intent.Guilds;
    case 'CHANNEL_PINS_UPDATE':
      return inGuild ? Intent.Guilds : Intent.DirectMessages;
    case 'GUILD_MEMBER_ADD':
    case 'GUILD_MEMBER_UPDATE':
    case 'GUILD_MEMBER_REMOVE':
      return Intent.GuildMembers;
    case 'GUILD_AUDIT_LOG_ENTRY_CREATE':
    case 'GUILD_BAN_ADD':
    case 'GUILD_BAN_REMOVE':
      return Intent.GuildModeration;
    case 'GUILD_EMOJIS_UPDATE':
    case 'GUILD_STICKERS_UPDATE':
    case 'GUILD_SOUNDBOARD_SOUND_CREATE':
    case 'GUILD_SOUNDBOARD_SOUND_UPDATE':
    case 'GUILD_SOUNDBOARD_SOUND_DELETE':
    case 'GUILD_SOUNDBOARD_SOUNDS_UPDATE':
      return Intent.GuildExpressions;
    case 'GUILD_INTEGRATIONS_UPDATE':
    case 'INTEGRATION_CREATE':
    case 'INTEGRATION_UPDATE':
    case 'INTEGRATION_DELETE':
      return Intent.GuildIntegrations;
    case 'WEBHOOKS_UPDATE':
      return Intent.GuildWebhooks;
    case 'INVITE_CREATE':
    case 'INVITE_DELETE':
      return Intent.GuildInvites;
    case 'VOICE_STATE_UPDATE':
    case 'VOICE_CHANNEL_EFFECT_SEND':
      return Intent.GuildVoiceStates;
    case 'PRESENCE_UPDATE':
      return Intent.GuildPresences;
    case 'MESSAGE_CREATE':
    case 'MESSAGE_UPDATE':
    case 'MESSAGE_DELETE':
    case 'MESSAGE_DELETE_BULK':
      return inGuild ? Intent.GuildMessages : Intent.DirectMessages;
    case 'MESSAGE_REACTION_ADD':
    case 'MESSAGE_REACTION_REMOVE':
    case 'MESSAGE_REACTION_REMOVE_ALL':
    case 'MESSAGE_REACTION_REMOVE_EMOJI':
      return inGuild ? Intent.GuildMessageReactions : Intent.DirectMessageReactions;
    case 'TYPING_START':
      return inGuild ? Intent.GuildMessageTyping : Intent.DirectMessageTyping;
    case 'GUILD_SCHEDULED_EVENT_CREATE':
    case 'GUILD_SCHEDULED_EVENT_UPDATE':
    case 'GUILD_SCHEDULED_EVENT_DELETE':
    case 'GUILD_SCHEDULED_EVENT_USER_ADD':
    case 'GUILD_SCHEDULED_EVENT_USER_REMOVE':
      return Intent.GuildScheduledEvents;
    case 'AUTO_MODERATION_RULE_CREATE':
    case 'AUTO_MODERATION_RULE_UPDATE':
    case 'AUTO_MODERATION_RULE_DELETE':
      return Intent.AutoModerationConfiguration;
    case 'AUTO_MODERATION_ACTION_EXECUTION':
      return Intent.AutoModerationExecution;
    case 'MESSAGE_POLL_VOTE_ADD':
    case 'MESSAGE_POLL_VOTE_REMOVE':
      return inGuild ? Intent.GuildMessagePolls : Intent.DirectMessagePolls;
    default:
      return undefined;
  }
}

/** A payload a test hands to `dispatch`. */
export interface FakeDispatch {
  t: string;
  d: unknown;
}

export interface GatewayConnectionRecord {
  id: number;
  /** The request path, e.g. "/" or "/resume" (the READY's resume_gateway_url). */
  path: string;
  /** Query parameters the client connected with: v, encoding, compress. */
  query: Record<string, string>;
  openedAt: number;
  closedAt?: number;
  closeCode?: number;
  closedBy?: 'client' | 'server';
  sessionId?: string;
  heartbeats: number;
  /** Every payload the client sent except heartbeats, IDENTIFY's token masked. */
  received: Array<{ op: number; d: unknown }>;
}

export interface IdentifyRecord {
  sessionId: string;
  intents: number;
  properties: unknown;
  shard: [number, number];
  largeThreshold: number;
  compress: boolean;
  presence: unknown;
  at: number;
}

export interface GatewayOptions {
  token: string;
  heartbeatIntervalMs: number;
  memberChunkSize: number;
  replayBufferSize: number;
  /** Privileged intents switched on in the (fake) developer portal. */
  privilegedIntents: number;
  /** Close sessions that miss heartbeats (4009), as Discord does. Off by default. */
  enforceHeartbeats: boolean;
  /** Bytes queued on a socket above which `dispatchMany` and member chunks wait. */
  highWaterMark: number;
  /** How often the whole member list may be requested per guild (Discord: once per 30 s). */
  allMembersWindowMs: number;
  resumeUrl: () => string;
}

/** One REQUEST_GUILD_MEMBERS the fake received: whether it asked for every member, and whether it was refused. */
export interface MemberRequestRecord {
  sessionId: string;
  nonce: string | undefined;
  allMembers: boolean;
  rateLimited: boolean;
  at: number;
}

export interface GatewayHooks {
  onIdentify(record: IdentifyRecord): void;
  onResume(sessionId: string, replayed: number): void;
  onConnection(record: GatewayConnectionRecord): void;
  onClose(record: GatewayConnectionRecord): void;
  onMemberRequest(record: MemberRequestRecord): void;
}

class ReplayBuffer {
  readonly #seqs: Float64Array;
  readonly #frames: (string | undefined)[];
  readonly #types: (string | undefined)[];
  #head = 0;
  #count = 0;

  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#seqs = new Float64Array(capacity);
    this.#frames = new Array<string | undefined>(capacity);
    this.#types = new Array<string | undefined>(capacity);
  }

  push(seq: number, t: string, frame: string): void {
    if (this.capacity === 0) return;
    const i = (this.#head + this.#count) % this.capacity;
    this.#seqs[i] = seq;
    this.#frames[i] = frame;
    this.#types[i] = t;
    if (this.#count < this.capacity) this.#count++;
    else this.#head = (this.#head + 1) % this.capacity;
  }

  /** The oldest sequence number kept, or undefined when empty. */
  get oldest(): number | undefined {
    return this.#count === 0 ? undefined : this.#seqs[this.#head];
  }

  *after(seq: number): Generator<{ t: string; frame: string }> {
    for (let k = 0; k < this.#count; k++) {
      const i = (this.#head + k) % this.capacity;
      if (this.#seqs[i]! > seq) yield { t: this.#types[i]!, frame: this.#frames[i]! };
    }
  }
}

class Session {
  seq = 0;
  conn: Connection | undefined;
  valid = true;
  readonly replay: ReplayBuffer;
  readonly id: string;
  readonly intents: number;
  readonly shard: [number, number];
  /** Whether the guild is on this session's shard. */
  readonly hasGuild: boolean;
  readonly largeThreshold: number;

  constructor(init: {
    id: string;
    intents: number;
    shard: [number, number];
    hasGuild: boolean;
    largeThreshold: number;
    replaySize: number;
  }) {
    this.id = init.id;
    this.intents = init.intents;
    this.shard = init.shard;
    this.hasGuild = init.hasGuild;
    this.largeThreshold = init.largeThreshold;
    this.replay = new ReplayBuffer(init.replaySize);
  }
}

interface Connection {
  ws: WebSocket;
  record: GatewayConnectionRecord;
  session: Session | undefined;
  serverClosing: boolean;
  heartbeatDeadline: NodeJS.Timeout | undefined;
  closed: Promise<void>;
}

const frame = (op: number, d: unknown, s: number | null = null, t: string | null = null): string =>
  JSON.stringify({ op, d, s, t });

export class FakeGateway {
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 16 * 1024 });
  readonly #state: FakeState;
  readonly #options: GatewayOptions;
  readonly #hooks: GatewayHooks;
  readonly sessions = new Map<string, Session>();
  readonly #connections = new Set<Connection>();
  readonly connections: GatewayConnectionRecord[] = [];
  readonly identifies: IdentifyRecord[] = [];
  readonly memberRequests: MemberRequestRecord[] = [];
  identifyCount = 0;
  resumeCount = 0;
  #connectionIds = 0;
  /** When the whole member list was last sent, for the all-members rate limit. */
  #allMembersSentAt: number | undefined;

  constructor(state: FakeState, options: GatewayOptions, hooks: GatewayHooks) {
    this.#state = state;
    this.#options = options;
    this.#hooks = hooks;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws, req));
  }

  #onConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'ws://fake');
    const record: GatewayConnectionRecord = {
      id: ++this.#connectionIds,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      openedAt: Date.now(),
      heartbeats: 0,
      received: [],
    };
    let resolveClosed!: () => void;
    const conn: Connection = {
      ws,
      record,
      session: undefined,
      serverClosing: false,
      heartbeatDeadline: undefined,
      closed: new Promise((r) => (resolveClosed = r)),
    };
    this.#connections.add(conn);
    this.connections.push(record);
    ws.on('error', () => {});
    ws.on('close', (code) => {
      clearTimeout(conn.heartbeatDeadline);
      this.#connections.delete(conn);
      record.closedAt = Date.now();
      record.closeCode = code;
      record.closedBy = conn.serverClosing ? 'server' : 'client';
      const session = conn.session;
      if (session && session.conn === conn) {
        session.conn = undefined;
        // Closing with 1000 or 1001 ends the session; any other way keeps it resumable.
        if (!conn.serverClosing && (code === 1000 || code === 1001)) this.#invalidate(session);
      }
      this.#hooks.onClose(record);
      resolveClosed();
    });
    ws.on('message', (data, isBinary) => this.#onMessage(conn, data, isBinary));
    this.#hooks.onConnection(record);

    if (record.query.v !== undefined && record.query.v !== '10')
      return this.#close(conn, CloseCode.InvalidAPIVersion, 'Invalid API version');
    // Only JSON: discord.js never asks for ETF. `compress=zlib-stream` is recorded but
    // frames are sent uncompressed (as text), which clients accept.
    if (record.query.encoding !== undefined && record.query.encoding !== 'json')
      return this.#close(conn, CloseCode.DecodeError, 'Only JSON encoding is supported by the fake');
    ws.send(
      frame(GatewayOp.Hello, {
        heartbeat_interval: this.#options.heartbeatIntervalMs,
        _trace: ['["fake-discord",{"micros":0}]'],
      }),
    );
    this.#armHeartbeat(conn, this.#options.heartbeatIntervalMs * 2);
  }

  #armHeartbeat(conn: Connection, ms: number): void {
    if (!this.#options.enforceHeartbeats) return;
    clearTimeout(conn.heartbeatDeadline);
    conn.heartbeatDeadline = setTimeout(() => this.#close(conn, CloseCode.SessionTimedOut, 'Session timed out'), ms);
    conn.heartbeatDeadline.unref();
  }

  #close(conn: Connection, code: number, reason: string): void {
    conn.serverClosing = true;
    if (conn.ws.readyState === WebSocket.OPEN || conn.ws.readyState === WebSocket.CONNECTING)
      conn.ws.close(code, reason);
  }

  #invalidate(session: Session): void {
    session.valid = false;
    this.sessions.delete(session.id);
  }

  #onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      const text = data.toString();
      if (text.length > 4096) return this.#close(conn, CloseCode.DecodeError, 'Payload too large');
      payload = JSON.parse(text) as typeof payload;
    } catch {
      return this.#close(conn, CloseCode.DecodeError, 'Error while decoding payload.');
    }
    const op = payload.op;
    if (op !== GatewayOp.Heartbeat) {
      const d =
        op === GatewayOp.Identify || op === GatewayOp.Resume
          ? { ...(payload.d as object), token: '<hidden>' }
          : payload.d;
      conn.record.received.push({ op: Number(op), d });
    }
    switch (op) {
      case GatewayOp.Heartbeat:
        conn.record.heartbeats++;
        this.#armHeartbeat(conn, this.#options.heartbeatIntervalMs * 1.5);
        return void conn.ws.send(frame(GatewayOp.HeartbeatAck, null));
      case GatewayOp.Identify:
        return this.#identify(conn, payload.d as Record<string, unknown>);
      case GatewayOp.Resume:
        return this.#resume(conn, payload.d as Record<string, unknown>);
      case GatewayOp.RequestGuildMembers:
        if (!conn.session) return this.#close(conn, CloseCode.NotAuthenticated, 'Not authenticated.');
        return void this.#requestGuildMembers(conn.session, payload.d as Record<string, unknown>).catch(() => {});
      case GatewayOp.PresenceUpdate:
      case GatewayOp.VoiceStateUpdate:
      case GatewayOp.RequestSoundboardSounds:
        if (!conn.session) return this.#close(conn, CloseCode.NotAuthenticated, 'Not authenticated.');
        return;
      default:
        return this.#close(conn, CloseCode.UnknownOpcode, 'Unknown opcode.');
    }
  }

  #tokenMatches(token: unknown): boolean {
    return typeof token === 'string' && token.replace(/^Bot\s+/i, '') === this.#options.token;
  }

  #identify(conn: Connection, d: Record<string, unknown> | undefined): void {
    if (conn.session) return this.#close(conn, CloseCode.AlreadyAuthenticated, 'Already authenticated.');
    if (!d || typeof d !== 'object' || typeof d.properties !== 'object' || typeof d.intents !== 'number')
      return this.#close(conn, CloseCode.DecodeError, 'Error while decoding payload.');
    if (!this.#tokenMatches(d.token))
      return this.#close(conn, CloseCode.AuthenticationFailed, 'Authentication failed.');
    const intents = d.intents;
    if ((intents & ~ALL_INTENTS) !== 0) return this.#close(conn, CloseCode.InvalidIntents, 'Invalid intent(s).');
    if ((intents & PRIVILEGED_INTENTS & ~this.#options.privilegedIntents) !== 0)
      return this.#close(conn, CloseCode.DisallowedIntents, 'Disallowed intent(s).');
    const shard = (Array.isArray(d.shard) ? d.shard : [0, 1]) as [number, number];
    if (shard.length !== 2 || !(shard[1] >= 1) || !(shard[0] >= 0) || shard[0] >= shard[1])
      return this.#close(conn, CloseCode.InvalidShard, 'Invalid shard.');
    const largeThreshold = typeof d.large_threshold === 'number' ? Math.min(250, Math.max(50, d.large_threshold)) : 50;
    const guildShard = Number((BigInt(this.#state.guild.id) >> 22n) % BigInt(shard[1]));
    const session = new Session({
      id: randomBytes(16).toString('hex'),
      intents,
      shard,
      hasGuild: guildShard === shard[0],
      largeThreshold,
      replaySize: this.#options.replayBufferSize,
    });
    this.sessions.set(session.id, session);
    conn.session = session;
    session.conn = conn;
    conn.record.sessionId = session.id;
    this.identifyCount++;
    const record: IdentifyRecord = {
      sessionId: session.id,
      intents,
      properties: d.properties,
      shard,
      largeThreshold,
      compress: d.compress === true,
      presence: d.presence,
      at: Date.now(),
    };
    this.identifies.push(record);

    const state = this.#state;
    const p = this.#options.privilegedIntents;
    // Application flags for an unverified app with privileged intents switched on.
    const appFlags =
      (p & Intent.GuildPresences ? 1 << 13 : 0) |
      (p & Intent.GuildMembers ? 1 << 15 : 0) |
      (p & Intent.MessageContent ? 1 << 19 : 0) |
      (1 << 23);
    this.#send(session, 'READY', {
      v: 10,
      user_settings: {},
      user: { ...state.userPayload(state.bot), verified: true, mfa_enabled: false, email: null, flags: 0 },
      guilds: session.hasGuild ? [{ id: state.guild.id, unavailable: true }] : [],
      guild_join_requests: [],
      relationships: [],
      private_channels: [],
      presences: [],
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.#options.resumeUrl(),
      shard,
      application: { id: state.applicationId, flags: appFlags },
      geo_ordered_rtc_regions: ['fake'],
      auth: {},
      _trace: ['["fake-discord",{"micros":0}]'],
    });
    this.#hooks.onIdentify(record);
    if (session.hasGuild) {
      const payload = state.guildCreatePayload({ presences: (intents & Intent.GuildPresences) !== 0, largeThreshold });
      this.#send(session, 'GUILD_CREATE', payload);
    }
  }

  #resume(conn: Connection, d: Record<string, unknown> | undefined): void {
    if (conn.session) return this.#close(conn, CloseCode.AlreadyAuthenticated, 'Already authenticated.');
    if (!d || typeof d.session_id !== 'string' || typeof d.seq !== 'number')
      return this.#close(conn, CloseCode.DecodeError, 'Error while decoding payload.');
    if (!this.#tokenMatches(d.token))
      return this.#close(conn, CloseCode.AuthenticationFailed, 'Authentication failed.');
    const session = this.sessions.get(d.session_id);
    if (!session || !session.valid) return void conn.ws.send(frame(GatewayOp.InvalidSession, false));
    if (d.seq > session.seq) return this.#close(conn, CloseCode.InvalidSeq, 'Invalid seq.');
    const oldest = session.replay.oldest;
    if (d.seq < session.seq && (oldest === undefined || oldest > d.seq + 1)) {
      // The missed events are no longer buffered: the session cannot be resumed.
      this.#invalidate(session);
      return void conn.ws.send(frame(GatewayOp.InvalidSession, false));
    }
    if (session.conn) {
      const old = session.conn;
      session.conn = undefined;
      this.#close(old, CloseCode.UnknownError, 'Session resumed elsewhere');
    }
    conn.session = session;
    conn.record.sessionId = session.id;
    let replayed = 0;
    for (const { t, frame: f } of session.replay.after(d.seq)) {
      if (t === 'RESUMED') continue;
      conn.ws.send(f);
      replayed++;
    }
    session.conn = conn;
    this.resumeCount++;
    this.#send(session, 'RESUMED', { _trace: ['["fake-discord",{"micros":0}]'] });
    this.#hooks.onResume(session.id, replayed);
  }

  async #requestGuildMembers(session: Session, d: Record<string, unknown> | undefined): Promise<void> {
    if (!d) return;
    const guildId = Array.isArray(d.guild_id) ? d.guild_id[0] : d.guild_id;
    const state = this.#state;
    if (guildId !== state.guild.id || !session.hasGuild) return;
    let selected: MemberRecord[] = [];
    let notFound: string[] | undefined;
    if (d.user_ids !== undefined && d.user_ids !== null) {
      const ids = (Array.isArray(d.user_ids) ? d.user_ids : [d.user_ids]).map(String).slice(0, 100);
      notFound = [];
      for (const id of ids) {
        const m = state.members.get(id);
        if (m) selected.push(m);
        else notFound.push(id);
      }
    } else {
      const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
      const limit = typeof d.limit === 'number' ? d.limit : 0;
      if (query === '') {
        // The whole member list needs GUILD_MEMBERS; Discord sends nothing useful otherwise.
        if ((session.intents & Intent.GuildMembers) === 0) selected = [state.members.get(state.bot.id)!];
        else selected = limit > 0 ? [...take(state.members.values(), limit)] : [...state.members.values()];
      } else {
        const max = Math.min(limit > 0 ? limit : 100, 100);
        for (const m of state.members.values()) {
          const names = [m.user.username, m.nick, m.user.globalName];
          if (names.some((n) => n?.toLowerCase().startsWith(query))) selected.push(m);
          if (selected.length >= max) break;
        }
      }
    }
    const nonce = typeof d.nonce === 'string' && Buffer.byteLength(d.nonce) <= 32 ? d.nonce : undefined;
    const allMembers =
      (d.user_ids === undefined || d.user_ids === null) && (d.query ?? '') === '' && (d.limit ?? 0) === 0;
    const retryAfterMs = allMembers ? this.#allMembersRetryAfter() : 0;
    const record: MemberRequestRecord = {
      sessionId: session.id,
      nonce,
      allMembers,
      rateLimited: retryAfterMs > 0,
      at: Date.now(),
    };
    this.memberRequests.push(record);
    this.#hooks.onMemberRequest(record);
    if (retryAfterMs > 0)
      return this.#send(session, 'RATE_LIMITED', {
        opcode: GatewayOp.RequestGuildMembers,
        retry_after: retryAfterMs / 1000,
        meta: { guild_id: state.guild.id, ...(nonce !== undefined ? { nonce } : {}) },
      });
    if (allMembers) this.#allMembersSentAt = Date.now();
    const size = this.#options.memberChunkSize;
    const count = Math.max(1, Math.ceil(selected.length / size));
    const presences = d.presences === true && (session.intents & Intent.GuildPresences) !== 0;
    for (let i = 0; i < count; i++) {
      const members = selected.slice(i * size, (i + 1) * size).map((m) => state.memberPayload(m));
      this.#send(session, 'GUILD_MEMBERS_CHUNK', {
        guild_id: state.guild.id,
        members,
        chunk_index: i,
        chunk_count: count,
        ...(notFound && i === 0 && notFound.length > 0 ? { not_found: notFound } : {}),
        ...(presences ? { presences: [] } : {}),
        ...(nonce !== undefined ? { nonce } : {}),
      });
      await this.#drain([session]);
    }
  }

  /**
   * Since 2025-08, a request for every member (`query: ""`, `limit: 0`) may be made once
   * per guild every 30 seconds; a request within that window gets no chunks but a
   * RATE_LIMITED dispatch `{ opcode: 8, retry_after: seconds, meta: { guild_id, nonce } }`
   * (Discord API docs, change log "Introducing Rate Limit When Requesting All Guild
   * Members"; Gateway Events: "Rate Limited"). The docs say "per guild per bot" and, for
   * scope, "per guild per session"; the fake applies the stricter reading, across sessions,
   * so a restart within the window is refused too.
   */
  #allMembersRetryAfter(): number {
    if (this.#allMembersSentAt === undefined) return 0;
    return Math.max(0, this.#allMembersSentAt + this.#options.allMembersWindowMs - Date.now());
  }

  // ----- dispatching -------------------------------------------------------------------

  /** Sends one dispatch to one session (sequence number, replay buffer). No filtering. */
  #send(session: Session, t: string, d: unknown, json: string = JSON.stringify(d)): void {
    const s = ++session.seq;
    const f = `{"op":0,"s":${s},"t":"${t}","d":${json}}`;
    session.replay.push(s, t, f);
    const ws = session.conn?.ws;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(f);
  }

  /**
   * Sends a dispatch to every live session that should get it (intents, shard); sessions
   * that are disconnected but resumable keep it for replay. Returns how many sessions it
   * went to.
   */
  dispatch(t: string, d: unknown): number {
    const data = (d ?? {}) as Record<string, unknown>;
    const guildId = typeof data.guild_id === 'string' ? data.guild_id : undefined;
    const inGuild = guildId !== undefined;
    const intent = requiredIntent(t, inGuild);
    const botId = this.#state.bot.id;
    let full: string | undefined;
    let stripped: string | undefined;
    let sent = 0;
    for (const session of this.sessions.values()) {
      if (!session.valid) continue;
      // Guild events go to the guild's shard, DMs to shard 0. Interactions from guilds the
      // fake does not model (global commands reach every guild the app is installed in) go to
      // the shard that guild would have: (guild_id >> 22) % num_shards (Gateway: Sharding).
      if (inGuild && guildId !== this.#state.guild.id && t === 'INTERACTION_CREATE') {
        if (Number((BigInt(guildId!) >> 22n) % BigInt(session.shard[1])) !== session.shard[0]) continue;
      } else if (inGuild ? !session.hasGuild || guildId !== this.#state.guild.id : session.shard[0] !== 0) continue;
      if (intent !== undefined && (session.intents & intent) === 0) {
        // GUILD_MEMBER_UPDATE about the bot itself comes regardless of GUILD_MEMBERS.
        if (!(t === 'GUILD_MEMBER_UPDATE' && (data.user as { id?: string } | undefined)?.id === botId)) continue;
      }
      if (needsContentStripping(t, data, session.intents, botId))
        this.#send(session, t, undefined, (stripped ??= JSON.stringify(stripContent(data))));
      else this.#send(session, t, undefined, (full ??= JSON.stringify(d)));
      sent++;
    }
    return sent;
  }

  /**
   * Dispatches many events, waiting whenever a socket has more than `highWaterMark`
   * bytes queued (so a client in the same process gets to read them).
   */
  async dispatchMany(events: Iterable<FakeDispatch> | AsyncIterable<FakeDispatch>): Promise<number> {
    let n = 0;
    const step = async (e: FakeDispatch) => {
      this.dispatch(e.t, e.d);
      if ((++n & 63) === 0) await this.#drain();
    };
    if (Symbol.asyncIterator in events) for await (const e of events) await step(e);
    else for (const e of events) await step(e);
    await this.#drain();
    return n;
  }

  /** Waits until the sessions' sockets are below the high-water mark. */
  async #drain(sessions: Iterable<Session> = this.sessions.values()): Promise<void> {
    for (const session of sessions) {
      const ws = session.conn?.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN || ws.bufferedAmount <= this.#options.highWaterMark) continue;
      // A ping's send callback runs once everything queued before it is written out.
      await new Promise<void>((resolve) => ws.ping(undefined, undefined, () => resolve()));
    }
  }

  /** Sends OP 7 RECONNECT: clients close and resume. */
  requestReconnect(): void {
    for (const conn of this.#connections) if (conn.session) conn.ws.send(frame(GatewayOp.Reconnect, null));
  }

  /** Sends OP 9 INVALID_SESSION to every connected session (invalidating them unless resumable). */
  invalidateSessions(resumable = false): void {
    for (const conn of this.#connections) {
      if (!conn.session) continue;
      if (!resumable) this.#invalidate(conn.session);
      conn.ws.send(frame(GatewayOp.InvalidSession, resumable));
    }
  }

  /** Sends OP 1: the client must heartbeat now. */
  requestHeartbeat(): void {
    for (const conn of this.#connections) conn.ws.send(frame(GatewayOp.Heartbeat, null));
  }

  /**
   * Closes every gateway socket; sessions stay resumable. A number closes with that code
   * (4000: clients resume; 1000: discord.js starts a new session); 'no-code' sends a close
   * frame without a status (clients see 1005 and resume); null cuts the TCP connection
   * without a close frame (clients see 1006 and resume).
   */
  async dropConnections(code: number | 'no-code' | null = CloseCode.UnknownError): Promise<void> {
    const closing = [...this.#connections].map((conn) => {
      conn.serverClosing = true;
      if (code === null) conn.ws.terminate();
      else if (code === 'no-code') conn.ws.close();
      else conn.ws.close(code, 'fake-discord: connection dropped');
      return conn.closed;
    });
    await Promise.all(closing);
  }

  get connectedCount(): number {
    return [...this.#connections].filter((c) => c.session && c.ws.readyState === WebSocket.OPEN).length;
  }

  async close(): Promise<void> {
    const closing = [...this.#connections].map((conn) => {
      conn.serverClosing = true;
      conn.ws.terminate();
      return conn.closed;
    });
    await Promise.all(closing);
    this.sessions.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let i = 0;
  for (const item of items) {
    yield item;
    if (++i >= n) return;
  }
}

const CONTENT_EVENTS = new Set(['MESSAGE_CREATE', 'MESSAGE_UPDATE']);

/**
 * Without MESSAGE_CONTENT, guild messages arrive with empty content, embeds,
 * attachments and components and no poll — except the bot's own messages and those
 * that mention it (DMs always have content).
 */
function needsContentStripping(t: string, d: Record<string, unknown>, intents: number, botId: string): boolean {
  if (!CONTENT_EVENTS.has(t) || (intents & Intent.MessageContent) !== 0 || typeof d.guild_id !== 'string') return false;
  if ((d.author as { id?: string } | undefined)?.id === botId) return false;
  const mentions = d.mentions as Array<{ id?: string }> | undefined;
  return !mentions?.some((u) => u.id === botId);
}

function stripContent(d: Record<string, unknown>): Record<string, unknown> {
  const { poll: _poll, ...rest } = d;
  return {
    ...rest,
    ...('content' in d ? { content: '' } : {}),
    ...('embeds' in d ? { embeds: [] } : {}),
    ...('attachments' in d ? { attachments: [] } : {}),
    ...('components' in d ? { components: [] } : {}),
  };
}

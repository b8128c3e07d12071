/**
 * The fake REST API (v10): routes at `/api/v10/…` as @discordjs/rest builds them
 * (`${api}/v${version}${route}`), bot-token auth, Discord's error bodies and codes,
 * rate-limit headers and injected 429s, permission checks, and gateway events for what
 * a request changes (sent after the response, as Discord's usually arrive).
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { APIApplicationCommand, APIAttachment, APIMessage } from 'discord-api-types/v10';
import type { InteractionRecord, InteractionRegistry } from './interactions.ts';
import { InvalidRequestCounter, type RateLimitModel, type RateLimitStats } from './rate-limits.ts';
import { Permission, toBits } from './permissions.ts';
import {
  TEXT_BASED_CHANNEL_TYPES,
  THREAD_CHANNEL_TYPES,
  type ChannelRecord,
  type FakeState,
  type MemberRecord,
  type StoredMessage,
} from './state.ts';

export interface RecordedFile {
  /** The form field, e.g. "files[0]". */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RecordedRequest {
  id: number;
  method: string;
  /** The path after `/api/v10`, without the query: `/channels/123/messages`. */
  path: string;
  /** The route that matched, e.g. `POST /channels/:channelId/messages`, or `unknown`. */
  route: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON; for multipart requests the parsed `payload_json` (or the text fields). */
  body: unknown;
  files: RecordedFile[];
  /** The HTTP status answered. */
  status: number;
  /** The JSON answered (undefined for 204). */
  response: unknown;
  at: number;
  /** Answered with an injected or enforced 429. */
  rateLimited: boolean;
}

/** A Discord JSON error: `{ message, code, errors? }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: number;
  readonly errors: unknown;

  constructor(status: number, code: number, message: string, errors?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

const unknown = (what: string, code: number) => new ApiError(404, code, `Unknown ${what}`);
const missingAccess = () => new ApiError(403, 50001, 'Missing Access');
const missingPermissions = () => new ApiError(403, 50013, 'Missing Permissions');
const invalidForm = (errors: unknown) => new ApiError(400, 50035, 'Invalid Form Body', errors);
const fieldError = (code: string, message: string) => ({ _errors: [{ code, message }] });

export interface RateLimitRule {
  pattern: RegExp;
  retryAfter: number;
  /** How many more matching requests get a 429. */
  remaining: number;
  global: boolean;
  scope: 'user' | 'global' | 'shared';
  /** Real Discord sends Retry-After rounded up to whole seconds; off by default so tests stay fast. */
  integerRetryAfterHeader: boolean;
  blockedUntil: number;
}

interface Ctx {
  record: RecordedRequest;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
  files: RecordedFile[];
}

interface Reply {
  status: number;
  body?: unknown;
  /** Runs after the response is written (gateway events). */
  after?: () => void;
}

type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

interface Route {
  method: string;
  template: string;
  segments: string[];
  auth: boolean;
  handler: Handler;
}

export interface RestContext {
  state: FakeState;
  token: string;
  gatewayUrl(): string;
  dispatch(t: string, d: unknown): void;
  interactions: InteractionRegistry;
  echoOwnMessages: boolean;
  enforcePermissions: boolean;
  privilegedIntents: number;
  /** Discord's real per-route and global limits; undefined: never limited unless a 429 is injected. */
  rateLimitModel?: RateLimitModel;
  onRequest(record: RecordedRequest): void;
}

const ok = (body: unknown, status = 200): Reply => ({ status, body });
const noContent = (after?: () => void): Reply => ({ status: 204, after });

export class FakeRest {
  readonly requests: RecordedRequest[] = [];
  readonly rateLimits: RateLimitRule[] = [];
  /** Requests that came back while a 429's retry_after had not passed (the client did not wait). */
  rateLimitViolations = 0;
  get rateLimitStats(): RateLimitStats {
    return this.#ctx.rateLimitModel?.stats ?? { route: 0, global: 0, violations: 0 };
  }

  /** 401, 403 and 429 answers, as Discord counts them towards its invalid-request limit. */
  readonly invalidRequests = new InvalidRequestCounter();
  readonly #routes: Route[] = [];
  readonly #ctx: RestContext;
  #ids = 0;

  constructor(ctx: RestContext) {
    this.#ctx = ctx;
    this.#defineRoutes();
  }

  // ----- plumbing ----------------------------------------------------------------------

  #route(method: string, template: string, handler: Handler, auth = true): void {
    this.#routes.push({ method, template, segments: template.split('/').filter(Boolean), auth, handler });
  }

  #match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let matched = true;
      for (let i = 0; i < parts.length && matched; i++) {
        const seg = route.segments[i]!;
        if (seg.startsWith(':')) params[seg.slice(1)] = parts[i]!;
        else matched = seg === parts[i];
      }
      if (matched) return { route, params };
    }
    return undefined;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const versioned = url.pathname.startsWith('/api/v10/');
    const path = versioned ? url.pathname.slice('/api/v10'.length) : url.pathname;
    const record: RecordedRequest = {
      id: ++this.#ids,
      method,
      path,
      route: 'unknown',
      params: {},
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: undefined,
      files: [],
      status: 0,
      response: undefined,
      at: Date.now(),
      rateLimited: false,
    };
    let reply: Reply;
    const headers: Record<string, string> = {};
    try {
      await this.#parseBody(record, raw, req.headers['content-type']);
      const found = versioned ? this.#match(method, path) : undefined;
      if (!found) throw new ApiError(404, 0, '404: Not Found');
      record.route = `${method} ${found.route.template}`;
      record.params = found.params;
      if (found.route.auth && req.headers.authorization !== `Bot ${this.#ctx.token}`)
        throw new ApiError(401, 0, '401: Unauthorized');
      const limited = this.#rateLimited(record, headers) ?? this.#modelled(record, headers);
      if (limited) reply = limited;
      else {
        const body = (record.body ?? {}) as Record<string, unknown>;
        reply = await found.route.handler({
          record,
          params: found.params,
          query: record.query,
          body,
          files: record.files,
        });
        if (found.route.auth && !this.#ctx.rateLimitModel)
          Object.assign(headers, this.#bucketHeaders(found.route.template, 5, 4));
      }
    } catch (error) {
      if (error instanceof ApiError)
        reply = {
          status: error.status,
          body: { message: error.message, code: error.code, ...(error.errors ? { errors: error.errors } : {}) },
        };
      else {
        console.error('fake-discord: REST handler failed', error);
        reply = { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
      }
    }
    record.status = reply.status;
    record.response = reply.body;
    this.invalidRequests.observe(reply.status, headers['x-ratelimit-scope'], record.at);
    this.requests.push(record);
    if (reply.body === undefined || reply.status === 204) res.writeHead(reply.status, headers).end();
    else
      res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
    this.#ctx.onRequest(record);
    reply.after?.();
  }

  async #parseBody(record: RecordedRequest, raw: Buffer, contentType: string | undefined): Promise<void> {
    if (raw.length === 0) return;
    if (contentType?.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
      const fields: Record<string, unknown> = {};
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') fields[field] = value;
        else
          record.files.push({
            field,
            filename: value.name,
            contentType: value.type,
            size: value.size,
            data: Buffer.from(await value.arrayBuffer()),
          });
      }
      record.body = typeof fields.payload_json === 'string' ? JSON.parse(fields.payload_json) : fields;
      return;
    }
    try {
      record.body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ApiError(400, 50109, 'The request body contains invalid JSON.');
    }
  }

  #bucketHeaders(template: string, limit: number, remaining: number, resetAfter = 1): Record<string, string> {
    return {
      'x-ratelimit-bucket': createHash('sha1').update(template).digest('hex').slice(0, 32),
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': ((Date.now() + resetAfter * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
    };
  }

  /** Discord's real buckets, when the fake models them: a 429, or the bucket's headers on the answer to come. */
  #modelled(record: RecordedRequest, headers: Record<string, string>): Reply | undefined {
    const model = this.#ctx.rateLimitModel;
    if (!model) return undefined;
    const outcome = model.take(record.route, record.params, Date.now());
    if ('headers' in outcome) {
      Object.assign(headers, outcome.headers);
      return undefined;
    }
    record.rateLimited = true;
    if (outcome.limited.violation) this.rateLimitViolations++;
    Object.assign(headers, outcome.limited.headers);
    return { status: 429, body: outcome.limited.body };
  }

  #rateLimited(record: RecordedRequest, headers: Record<string, string>): Reply | undefined {
    const now = Date.now();
    const target = `${record.method} ${record.path}`;
    for (const rule of this.rateLimits) {
      if (!rule.pattern.test(record.path) && !rule.pattern.test(target)) continue;
      let retryAfter: number;
      if (rule.remaining > 0) {
        rule.remaining--;
        rule.blockedUntil = now + rule.retryAfter * 1000;
        retryAfter = rule.retryAfter;
      } else if (now < rule.blockedUntil) {
        this.rateLimitViolations++;
        retryAfter = (rule.blockedUntil - now) / 1000;
      } else continue;
      record.rateLimited = true;
      const header = rule.integerRetryAfterHeader
        ? String(Math.ceil(retryAfter))
        : String(Number(retryAfter.toFixed(3)));
      if (rule.global)
        Object.assign(headers, { 'retry-after': header, 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' });
      else
        Object.assign(headers, this.#bucketHeaders(record.route, 5, 0, retryAfter), {
          'retry-after': header,
          'x-ratelimit-scope': rule.scope,
        });
      const message = rule.scope === 'shared' ? 'The resource is being rate limited.' : 'You are being rate limited.';
      return { status: 429, body: { message, retry_after: Number(retryAfter.toFixed(3)), global: rule.global } };
    }
    return undefined;
  }

  // ----- helpers -----------------------------------------------------------------------

  get #state(): FakeState {
    return this.#ctx.state;
  }

  #guild(guildId: string | undefined): void {
    if (guildId !== this.#state.guild.id) throw unknown('Guild', 10004);
  }

  #channel(channelId: string | undefined): ChannelRecord {
    const channel = channelId ? this.#state.channels.get(channelId) : undefined;
    if (!channel) throw unknown('Channel', 10003);
    return channel;
  }

  /** Checks the bot's permissions (guild-wide or in a channel) when enforcement is on. */
  #require(permission: bigint, channel?: ChannelRecord): void {
    if (!this.#ctx.enforcePermissions) return;
    const state = this.#state;
    if (channel && channel.type !== 1 && !state.hasPermission(state.bot.id, Permission.ViewChannel, channel.id))
      throw missingAccess();
    if (channel?.type === 1) return;
    if (!state.hasPermission(state.bot.id, permission, channel?.id)) throw missingPermissions();
  }

  /**
   * "Only permissions your bot has in the guild or parent channel (if applicable) can be
   * allowed/denied (unless your bot has a MANAGE_ROLES overwrite in the channel)" (Discord
   * API docs, Channel Resource: Edit Channel Permissions): otherwise 403 50013. "Parent
   * channel" is the category (discord/discord-api-docs#3450); the fake checks the bits a
   * request changes, so putting back an overwrite exactly as it was is always allowed.
   */
  #requireMayGrant(channel: ChannelRecord, bits: bigint): void {
    if (!this.#ctx.enforcePermissions) return;
    const state = this.#state;
    const held = state.permissionsOf(state.bot.id);
    if (held & Permission.Administrator) return;
    const bot = state.members.get(state.bot.id)!;
    const manageRolesHere = channel.overwrites.some(
      (o) => (o.id === state.bot.id || bot.roles.includes(o.id)) && (toBits(o.allow) & Permission.ManageRoles) !== 0n,
    );
    if (!manageRolesHere && (bits & ~held) !== 0n) throw missingPermissions();
  }

  /** The bot's highest role must be above the target's (or the role's). */
  #requireAbove(position: number): void {
    if (!this.#ctx.enforcePermissions) return;
    const state = this.#state;
    if (state.bot.id !== state.guild.ownerId && state.highestRolePosition(state.bot.id) <= position)
      throw missingPermissions();
  }

  #member(userId: string | undefined): MemberRecord {
    const member = userId ? this.#state.members.get(userId) : undefined;
    if (!member) throw unknown('Member', 10007);
    return member;
  }

  #message(channel: ChannelRecord, messageId: string | undefined): StoredMessage {
    const message = messageId ? this.#state.getMessage(channel.id, messageId) : undefined;
    if (!message) throw unknown('Message', 10008);
    return message;
  }

  #dispatchAfter(t: string, d: () => unknown): () => void {
    return () => this.#ctx.dispatch(t, d());
  }

  /** Validates a create-message body as Discord does (the common mistakes, at least). */
  #validateMessageBody(body: Record<string, unknown>, files: RecordedFile[], creating: boolean): void {
    const content = body.content;
    const errors: Record<string, unknown> = {};
    if (content !== undefined && content !== null && typeof content !== 'string')
      errors.content = fieldError('STRING_TYPE_CONVERT', 'Could not interpret value as string.');
    else if (typeof content === 'string' && content.length > 2000)
      errors.content = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
    const embeds = body.embeds as unknown[] | undefined;
    if (Array.isArray(embeds) && embeds.length > 10)
      errors.embeds = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
    const allowed = body.allowed_mentions as { parse?: string[]; users?: string[]; roles?: string[] } | undefined;
    if (allowed?.parse?.includes('users') && allowed.users?.length)
      errors.allowed_mentions = fieldError(
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        'parse:["users"] and users: [ids...] are mutually exclusive.',
      );
    if (allowed?.parse?.includes('roles') && allowed.roles?.length)
      errors.allowed_mentions = fieldError(
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        'parse:["roles"] and roles: [ids...] are mutually exclusive.',
      );
    if (Array.isArray(allowed?.users) && allowed.users.length > 100)
      errors.allowed_mentions = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
    const components = body.components as
      Array<{ type?: number; components?: Array<{ custom_id?: string; label?: string }> }> | undefined;
    if (Array.isArray(components)) {
      const seen = new Set<string>();
      for (const [i, row] of components.entries()) {
        for (const [j, c] of (row.components ?? []).entries()) {
          if (c.custom_id !== undefined && (c.custom_id.length > 100 || c.custom_id.length < 1))
            errors[`components.${i}.components.${j}.custom_id`] = fieldError(
              'BASE_TYPE_BAD_LENGTH',
              'Must be between 1 and 100 in length.',
            );
          else if (c.custom_id !== undefined && seen.has(c.custom_id))
            errors[`components.${i}.components.${j}.custom_id`] = fieldError(
              'COMPONENT_CUSTOM_ID_DUPLICATED',
              'Component custom id cannot be duplicated',
            );
          if (c.custom_id !== undefined) seen.add(c.custom_id);
          if (typeof c.label === 'string' && c.label.length > 80)
            errors[`components.${i}.components.${j}.label`] = fieldError(
              'BASE_TYPE_MAX_LENGTH',
              'Must be 80 or fewer in length.',
            );
        }
      }
    }
    const poll = body.poll as { question?: { text?: string }; answers?: unknown[]; duration?: number } | undefined;
    if (poll) {
      if (!poll.question?.text || poll.question.text.length > 300)
        errors['poll.question.text'] = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 300 in length.');
      if (!Array.isArray(poll.answers) || poll.answers.length < 1 || poll.answers.length > 10)
        errors['poll.answers'] = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 10 in length.');
      if (poll.duration !== undefined && (poll.duration < 1 || poll.duration > 768))
        errors['poll.duration'] = fieldError('NUMBER_TYPE_MAX', 'int value should be between 1 and 768.');
    }
    if (Object.keys(errors).length > 0) throw invalidForm(errors);
    const empty =
      !(typeof content === 'string' && content.length > 0) &&
      !(Array.isArray(embeds) && embeds.length > 0) &&
      !(Array.isArray(components) && components.length > 0) &&
      files.length === 0 &&
      !poll &&
      !(Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0);
    if (creating && empty) throw new ApiError(400, 50006, 'Cannot send an empty message');
  }

  #attachments(channelId: string, files: RecordedFile[], declared: unknown): APIAttachment[] {
    const described = Array.isArray(declared)
      ? (declared as Array<{ id?: string | number; filename?: string; description?: string }>)
      : [];
    return files.map((file, index) => {
      const id = this.#state.ids.next();
      const meta = described.find((a) => String(a.id) === String(index));
      const filename = meta?.filename ?? file.filename;
      return {
        id,
        filename,
        size: file.size,
        url: `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`,
        proxy_url: `https://media.discordapp.net/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`,
        ...(file.contentType ? { content_type: file.contentType } : {}),
        ...(meta?.description ? { description: meta.description } : {}),
      } as APIAttachment;
    });
  }

  /** A request's poll as Discord returns it. */
  #poll(poll: Record<string, unknown>): Record<string, unknown> {
    const hours = typeof poll.duration === 'number' ? poll.duration : 24;
    return {
      question: poll.question,
      answers: ((poll.answers as Array<{ poll_media: unknown }>) ?? []).map((a, i) => ({
        answer_id: i + 1,
        poll_media: a.poll_media,
      })),
      expiry: new Date(Date.now() + hours * 3_600_000).toISOString(),
      allow_multiselect: poll.allow_multiselect ?? false,
      layout_type: poll.layout_type ?? 1,
      results: { is_finalized: false, answer_counts: [] },
    };
  }

  /** Creates, stores and (after the response) announces a message by the bot or the app. */
  createMessage(
    channel: ChannelRecord,
    body: Record<string, unknown>,
    files: RecordedFile[],
    extra: { type?: number; webhookId?: string; interactionMetadata?: unknown; flags?: number; store?: boolean } = {},
  ): { message: StoredMessage; after: () => void } {
    const state = this.#state;
    const reference = body.message_reference as
      { message_id?: string; channel_id?: string; fail_if_not_exists?: boolean } | undefined;
    if (
      reference?.message_id &&
      !state.getMessage(reference.channel_id ?? channel.id, reference.message_id) &&
      reference.fail_if_not_exists !== false
    ) {
      throw invalidForm({ message_reference: fieldError('MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message') });
    }
    const validReference =
      reference?.message_id && state.getMessage(reference.channel_id ?? channel.id, reference.message_id)
        ? reference
        : undefined;
    // Channel messages keep only the flags a bot may set: SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS,
    // IS_VOICE_MESSAGE, IS_COMPONENTS_V2; interaction responses also EPHEMERAL (and LOADING).
    const flags = extra.flags ?? Number(body.flags ?? 0) & (4 | 4096 | 8192 | 32768);
    const message = state.buildMessage({
      channelId: channel.id,
      authorId: state.bot.id,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: body.embeds as unknown[] | undefined,
      components: body.components as unknown[] | undefined,
      attachments: this.#attachments(channel.id, files, body.attachments),
      poll: body.poll ? this.#poll(body.poll as Record<string, unknown>) : undefined,
      flags,
      tts: body.tts === true,
      nonce: body.nonce as string | number | undefined,
      allowedMentions: body.allowed_mentions as never,
      messageReference: validReference,
      type: extra.type,
      webhookId: extra.webhookId,
      applicationId: extra.webhookId ? state.applicationId : undefined,
      interactionMetadata: extra.interactionMetadata,
    });
    if (extra.webhookId) {
      // Interaction responses are posted by the app's webhook but shown as the bot.
      message.author = state.userPayload(state.bot);
    }
    const ephemeral = (flags & 64) !== 0;
    if (extra.store !== false && !ephemeral) state.storeMessage(message);
    const after = () => {
      if (!ephemeral && this.#ctx.echoOwnMessages) this.#ctx.dispatch('MESSAGE_CREATE', state.gatewayMessage(message));
    };
    return { message, after };
  }

  /** Applies an edit body to a stored message and returns the MESSAGE_UPDATE to send. */
  editMessage(message: StoredMessage, body: Record<string, unknown>, files: RecordedFile[]): () => void {
    const state = this.#state;
    this.#validateMessageBody(body, files, false);
    if ('content' in body) message.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body)
      message.embeds = ((body.embeds as unknown[] | null) ?? []).map((e) => ({
        type: 'rich',
        ...(e as object),
      })) as APIMessage['embeds'];
    if ('components' in body)
      message.components = ((body.components as unknown[] | null) ?? []) as APIMessage['components'];
    if ('flags' in body && body.flags !== null) message.flags = ((message.flags ?? 0) & ~4) | (Number(body.flags) & 4);
    if ('attachments' in body || files.length > 0) {
      const kept = ((body.attachments as Array<{ id?: string | number }> | undefined) ?? []).filter((a) =>
        message.attachments.some((m) => m.id === String(a.id)),
      );
      message.attachments = [
        ...message.attachments.filter((m) => kept.some((k) => String(k.id) === m.id)),
        ...this.#attachments(message.channel_id, files, body.attachments),
      ];
    }
    if ('content' in body || 'allowed_mentions' in body) {
      const resolved = state.resolveMentions(
        message.content,
        body.allowed_mentions as never,
        message.author.id,
        message.channel_id,
      );
      message.mentions = resolved.mentions;
      message.mention_roles = resolved.mention_roles;
      message.mention_everyone = resolved.mention_everyone;
    }
    message.edited_timestamp = new Date().toISOString();
    return () => {
      if ((message.flags ?? 0) & 64) return;
      this.#ctx.dispatch('MESSAGE_UPDATE', state.gatewayMessage(message));
    };
  }

  // ----- routes ------------------------------------------------------------------------

  #defineRoutes(): void {
    const state = this.#state;
    const r = this.#route.bind(this);

    // Gateway and identity
    r('GET', '/gateway', () => ok({ url: this.#ctx.gatewayUrl() }), false);
    r('GET', '/gateway/bot', () =>
      ok({
        url: this.#ctx.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      }),
    );
    r('GET', '/users/@me', () =>
      ok({
        ...state.userPayload(state.bot),
        verified: true,
        mfa_enabled: false,
        email: null,
        flags: 0,
        locale: 'en-US',
        premium_type: 0,
      }),
    );
    r('GET', '/users/:userId', ({ params }) => {
      const user = state.users.get(params.userId!);
      if (!user) throw unknown('User', 10013);
      return ok(state.userPayload(user));
    });
    const application = () => ({
      id: state.applicationId,
      name: state.bot.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      hook: true,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: createHash('sha256').update(state.applicationId).digest('hex'),
      flags: 0,
      bot: state.userPayload(state.bot),
      owner: state.userPayload(state.users.get(state.guild.ownerId)!),
      team: null,
      redirect_uris: [],
      interactions_endpoint_url: null,
      role_connections_verification_url: null,
      event_webhooks_url: null,
      event_webhooks_status: 1,
      tags: [],
      approximate_guild_count: 1,
      approximate_user_install_count: 0,
      integration_types_config: { '0': {} },
      is_monetized: false,
      is_verified: false,
      is_discoverable: false,
    });
    r('GET', '/applications/@me', () => ok(application()));
    r('GET', '/oauth2/applications/@me', () => ok(application()));

    // Channels and messages
    r('GET', '/channels/:channelId', ({ params }) => {
      const channel = this.#channel(params.channelId);
      if (
        channel.type !== 1 &&
        this.#ctx.enforcePermissions &&
        !state.hasPermission(state.bot.id, Permission.ViewChannel, channel.id)
      )
        throw missingAccess();
      return ok(state.channelPayload(channel));
    });
    r('PATCH', '/channels/:channelId', ({ params, body }) => {
      const channel = this.#channel(params.channelId);
      if (channel.type === 1) throw new ApiError(403, 50003, 'Cannot execute action on a DM channel');
      this.#require(Permission.ManageChannels, channel);
      const errors: Record<string, unknown> = {};
      if ('rate_limit_per_user' in body) {
        const v = body.rate_limit_per_user;
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 21_600)
          errors.rate_limit_per_user = fieldError(
            'NUMBER_TYPE_MAX',
            'int value should be less than or equal to 21600.',
          );
      }
      if ('name' in body && (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 100))
        errors.name = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      if ('topic' in body && typeof body.topic === 'string' && body.topic.length > 1024)
        errors.topic = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 1024 or fewer in length.');
      if (Object.keys(errors).length > 0) throw invalidForm(errors);
      if (typeof body.name === 'string') channel.name = body.name;
      if ('topic' in body) channel.topic = (body.topic as string | null) ?? null;
      if ('nsfw' in body) channel.nsfw = body.nsfw === true;
      if (typeof body.rate_limit_per_user === 'number') channel.rateLimitPerUser = body.rate_limit_per_user;
      if (typeof body.position === 'number') channel.position = body.position;
      if ('parent_id' in body) channel.parentId = (body.parent_id as string | null) ?? null;
      if (Array.isArray(body.permission_overwrites)) {
        this.#require(Permission.ManageRoles, channel);
        channel.overwrites = (
          body.permission_overwrites as Array<{ id: string; type: 0 | 1; allow?: string; deny?: string }>
        ).map((o) => ({
          id: o.id,
          type: Number(o.type) as 0 | 1,
          allow: toBits(o.allow ?? '0').toString(),
          deny: toBits(o.deny ?? '0').toString(),
        }));
      }
      const payload = state.channelPayload(channel);
      return {
        status: 200,
        body: payload,
        after: this.#dispatchAfter('CHANNEL_UPDATE', () => state.channelPayload(channel)),
      };
    });
    r('PUT', '/channels/:channelId/permissions/:overwriteId', ({ params, body }) => {
      const channel = this.#channel(params.channelId);
      this.#require(Permission.ManageRoles, channel);
      const type = Number(body.type);
      if (type !== 0 && type !== 1)
        throw invalidForm({ type: fieldError('BASE_TYPE_CHOICES', 'Value must be one of (0, 1).') });
      if (type === 0 && !state.roles.has(params.overwriteId!)) throw unknown('Role', 10011);
      if (type === 1 && !state.users.has(params.overwriteId!)) throw unknown('User', 10013);
      const overwrite = {
        id: params.overwriteId!,
        type: type as 0 | 1,
        allow: toBits((body.allow as string | undefined) ?? '0').toString(),
        deny: toBits((body.deny as string | undefined) ?? '0').toString(),
      };
      const previous = channel.overwrites.find((o) => o.id === overwrite.id);
      this.#requireMayGrant(
        channel,
        (toBits(overwrite.allow) ^ toBits(previous?.allow ?? '0')) |
          (toBits(overwrite.deny) ^ toBits(previous?.deny ?? '0')),
      );
      channel.overwrites = [...channel.overwrites.filter((o) => o.id !== overwrite.id), overwrite];
      return noContent(this.#dispatchAfter('CHANNEL_UPDATE', () => state.channelPayload(channel)));
    });
    r('DELETE', '/channels/:channelId/permissions/:overwriteId', ({ params }) => {
      const channel = this.#channel(params.channelId);
      this.#require(Permission.ManageRoles, channel);
      const previous = channel.overwrites.find((o) => o.id === params.overwriteId);
      if (previous) this.#requireMayGrant(channel, toBits(previous.allow) | toBits(previous.deny));
      channel.overwrites = channel.overwrites.filter((o) => o.id !== params.overwriteId);
      return noContent(this.#dispatchAfter('CHANNEL_UPDATE', () => state.channelPayload(channel)));
    });
    r('POST', '/channels/:channelId/typing', ({ params }) => {
      const channel = this.#channel(params.channelId);
      this.#require(Permission.SendMessages, channel);
      return noContent();
    });
    r('GET', '/channels/:channelId/messages', ({ params, query }) => {
      const channel = this.#channel(params.channelId);
      this.#require(Permission.ReadMessageHistory, channel);
      const limit = Math.min(100, Math.max(1, Number(query.limit ?? 50)));
      let list = [...(state.messages.get(channel.id)?.values() ?? [])].sort((a, b) =>
        BigInt(b.id) > BigInt(a.id) ? 1 : -1,
      );
      if (query.before) list = list.filter((m) => BigInt(m.id) < BigInt(query.before!));
      if (query.after)
        list = list
          .filter((m) => BigInt(m.id) > BigInt(query.after!))
          .reverse()
          .slice(0, limit)
          .reverse();
      return ok(list.slice(0, limit));
    });
    r('GET', '/channels/:channelId/messages/:messageId', ({ params }) => {
      const channel = this.#channel(params.channelId);
      this.#require(Permission.ReadMessageHistory, channel);
      return ok(this.#message(channel, params.messageId));
    });
    r('POST', '/channels/:channelId/messages', ({ params, body, files }) => {
      const channel = this.#channel(params.channelId);
      if (!TEXT_BASED_CHANNEL_TYPES.has(channel.type))
        throw new ApiError(400, 50008, 'Cannot send messages in a non-text channel');
      if (channel.type === 1) {
        const recipient = state.users.get(channel.recipientId!);
        if (!recipient || recipient.dmsClosed || recipient.bot)
          throw new ApiError(403, 50007, 'Cannot send messages to this user');
      } else {
        // In a thread, posting takes Send Messages in Threads instead (Discord API docs,
        // Permissions: "Permissions for Threads").
        this.#require(
          THREAD_CHANNEL_TYPES.has(channel.type) ? Permission.SendMessagesInThreads : Permission.SendMessages,
          channel,
        );
        if (files.length > 0) this.#require(Permission.AttachFiles, channel);
        if (body.poll) this.#require(Permission.SendPolls, channel);
      }
      this.#validateMessageBody(body, files, true);
      const { message, after } = this.createMessage(channel, body, files);
      return { status: 200, body: message, after };
    });
    r('PATCH', '/channels/:channelId/messages/:messageId', ({ params, body, files }) => {
      const channel = this.#channel(params.channelId);
      const message = this.#message(channel, params.messageId);
      if (message.author.id !== state.bot.id)
        throw new ApiError(403, 50005, 'Cannot edit a message authored by another user');
      const after = this.editMessage(message, body, files);
      return { status: 200, body: message, after };
    });
    r('DELETE', '/channels/:channelId/messages/:messageId', ({ params }) => {
      const channel = this.#channel(params.channelId);
      const message = this.#message(channel, params.messageId);
      if (message.author.id !== state.bot.id) this.#require(Permission.ManageMessages, channel);
      state.messages.get(channel.id)?.delete(message.id);
      return noContent(
        this.#dispatchAfter('MESSAGE_DELETE', () => ({
          id: message.id,
          channel_id: channel.id,
          ...(channel.type !== 1 ? { guild_id: state.guild.id } : {}),
        })),
      );
    });
    r('PUT', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', ({ params }) => {
      const channel = this.#channel(params.channelId);
      this.#message(channel, params.messageId);
      this.#require(Permission.AddReactions | Permission.ReadMessageHistory, channel);
      return noContent();
    });
    r('DELETE', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', ({ params }) => {
      const channel = this.#channel(params.channelId);
      this.#message(channel, params.messageId);
      return noContent();
    });
    r('POST', '/channels/:channelId/polls/:messageId/expire', ({ params }) => {
      const channel = this.#channel(params.channelId);
      const message = this.#message(channel, params.messageId);
      if (!message.poll) throw new ApiError(400, 520_001, 'This message does not have a poll');
      if (message.author.id !== state.bot.id)
        throw new ApiError(403, 50005, 'Cannot edit a message authored by another user');
      const poll = message.poll as unknown as { expiry: string; results?: { is_finalized: boolean } };
      if (poll.results?.is_finalized) throw new ApiError(400, 520_000, 'Poll expired');
      poll.expiry = new Date().toISOString();
      poll.results = { ...poll.results, is_finalized: true };
      return {
        status: 200,
        body: message,
        after: this.#dispatchAfter('MESSAGE_UPDATE', () => state.gatewayMessage(message)),
      };
    });
    r('POST', '/users/@me/channels', ({ body }) => {
      const recipientId = body.recipient_id;
      if (typeof recipientId !== 'string')
        throw invalidForm({ recipient_id: fieldError('BASE_TYPE_REQUIRED', 'This field is required') });
      const user = state.users.get(recipientId);
      if (!user || user.id === state.bot.id) throw new ApiError(400, 50033, 'Invalid Recipient(s)');
      return ok(state.channelPayload(state.dmChannelFor(recipientId)));
    });

    // Guild
    r('GET', '/guilds/:guildId', ({ params, query }) => {
      this.#guild(params.guildId);
      return ok(state.guildPayload(query.with_counts === 'true'));
    });
    r('GET', '/guilds/:guildId/onboarding', ({ params }) => {
      this.#guild(params.guildId);
      return ok({
        guild_id: state.guild.id,
        prompts: [],
        default_channel_ids: [],
        enabled: state.guild.onboardingEnabled,
        mode: 0,
        below_requirements: false,
      });
    });
    r('GET', '/guilds/:guildId/channels', ({ params }) => {
      this.#guild(params.guildId);
      return ok([...state.channels.values()].filter((c) => c.type !== 1).map((c) => state.channelPayload(c)));
    });
    r('GET', '/guilds/:guildId/roles', ({ params }) => {
      this.#guild(params.guildId);
      return ok(state.rolePayloads());
    });
    r('GET', '/guilds/:guildId/members', ({ params, query }) => {
      this.#guild(params.guildId);
      // Listing members needs the GUILD_MEMBERS intent switched on in the developer portal.
      if ((this.#ctx.privilegedIntents & 2) === 0) throw missingAccess();
      const limit = Math.min(1000, Math.max(1, Number(query.limit ?? 1)));
      const after = BigInt(query.after ?? '0');
      const list = [...state.members.values()]
        .filter((m) => BigInt(m.user.id) > after)
        .sort((a, b) => (BigInt(a.user.id) < BigInt(b.user.id) ? -1 : 1));
      return ok(list.slice(0, limit).map((m) => state.memberPayload(m)));
    });
    r('GET', '/guilds/:guildId/members/search', ({ params, query }) => {
      this.#guild(params.guildId);
      const q = (query.query ?? '').toLowerCase();
      if (q === '') throw invalidForm({ query: fieldError('BASE_TYPE_REQUIRED', 'This field is required') });
      const limit = Math.min(1000, Math.max(1, Number(query.limit ?? 1)));
      const found = [...state.members.values()].filter((m) =>
        [m.user.username, m.user.globalName, m.nick].some((n) => n?.toLowerCase().startsWith(q)),
      );
      return ok(found.slice(0, limit).map((m) => state.memberPayload(m)));
    });
    r('GET', '/guilds/:guildId/members/:userId', ({ params }) => {
      this.#guild(params.guildId);
      return ok(state.memberPayload(this.#member(params.userId)));
    });
    r('PATCH', '/guilds/:guildId/members/:userId', ({ params, body }) => {
      this.#guild(params.guildId);
      const userId = params.userId === '@me' ? state.bot.id : params.userId;
      const member = this.#member(userId);
      const self = member.user.id === state.bot.id;
      if ('nick' in body) {
        this.#require(self ? Permission.ChangeNickname : Permission.ManageNicknames);
        if (!self) this.#requireAbove(state.highestRolePosition(member.user.id) - 1);
        if (typeof body.nick === 'string' && body.nick.length > 32)
          throw invalidForm({ nick: fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 32 or fewer in length.') });
        member.nick = (body.nick as string | null) || null;
      }
      if (Array.isArray(body.roles)) {
        this.#require(Permission.ManageRoles);
        const roles = body.roles as string[];
        for (const id of roles) if (!state.roles.has(id)) throw unknown('Role', 10011);
        const changed = [
          ...roles.filter((id) => !member.roles.includes(id)),
          ...member.roles.filter((id) => !roles.includes(id)),
        ];
        for (const id of changed) this.#requireAbove(state.roles.get(id)!.position);
        member.roles = [...new Set(roles)];
      }
      if ('communication_disabled_until' in body) {
        this.#require(Permission.ModerateMembers);
        if (
          member.user.id === state.guild.ownerId ||
          (state.permissionsOf(member.user.id) & Permission.Administrator) !== 0n
        )
          throw missingPermissions();
        this.#requireAbove(state.highestRolePosition(member.user.id) - 1);
        member.communicationDisabledUntil = (body.communication_disabled_until as string | null) ?? null;
      }
      if (typeof body.mute === 'boolean') member.mute = body.mute;
      if (typeof body.deaf === 'boolean') member.deaf = body.deaf;
      if (typeof body.flags === 'number') member.flags = body.flags;
      return {
        status: 200,
        body: state.memberPayload(member),
        after: this.#dispatchAfter('GUILD_MEMBER_UPDATE', () => ({
          guild_id: state.guild.id,
          ...state.memberPayload(member),
        })),
      };
    });
    r('PUT', '/guilds/:guildId/members/:userId/roles/:roleId', ({ params }) => this.#memberRole(params, true));
    r('DELETE', '/guilds/:guildId/members/:userId/roles/:roleId', ({ params }) => this.#memberRole(params, false));
    r('DELETE', '/guilds/:guildId/members/:userId', ({ params }) => {
      this.#guild(params.guildId);
      const member = this.#member(params.userId);
      this.#require(Permission.KickMembers);
      if (member.user.id === state.guild.ownerId) throw missingPermissions();
      this.#requireAbove(state.highestRolePosition(member.user.id));
      state.members.delete(member.user.id);
      return noContent(
        this.#dispatchAfter('GUILD_MEMBER_REMOVE', () => ({
          guild_id: state.guild.id,
          user: state.userPayload(member.user),
        })),
      );
    });
    r('GET', '/guilds/:guildId/bans/:userId', ({ params }) => {
      this.#guild(params.guildId);
      this.#require(Permission.BanMembers);
      const ban = state.bans.get(params.userId!);
      const user = state.users.get(params.userId!);
      if (!ban || !user) throw unknown('Ban', 10026);
      return ok({ reason: ban.reason, user: state.userPayload(user) });
    });
    r('PUT', '/guilds/:guildId/bans/:userId', ({ params, record }) => {
      this.#guild(params.guildId);
      const user = state.users.get(params.userId!);
      if (!user) throw unknown('User', 10013);
      this.#require(Permission.BanMembers);
      if (user.id === state.guild.ownerId) throw missingPermissions();
      const member = state.members.get(user.id);
      if (member) this.#requireAbove(state.highestRolePosition(user.id));
      const reason = record.headers['x-audit-log-reason'];
      state.bans.set(user.id, { reason: typeof reason === 'string' ? decodeURIComponent(reason) : null });
      if (member) state.members.delete(user.id);
      return noContent(() => {
        if (member)
          this.#ctx.dispatch('GUILD_MEMBER_REMOVE', { guild_id: state.guild.id, user: state.userPayload(user) });
        this.#ctx.dispatch('GUILD_BAN_ADD', { guild_id: state.guild.id, user: state.userPayload(user) });
      });
    });
    r('DELETE', '/guilds/:guildId/bans/:userId', ({ params }) => {
      this.#guild(params.guildId);
      this.#require(Permission.BanMembers);
      const user = state.users.get(params.userId!);
      if (!user || !state.bans.delete(user.id)) throw unknown('Ban', 10026);
      return noContent(
        this.#dispatchAfter('GUILD_BAN_REMOVE', () => ({ guild_id: state.guild.id, user: state.userPayload(user) })),
      );
    });

    // Application commands
    const commandList = (guildId?: string): APIApplicationCommand[] => {
      if (!guildId) return state.globalCommands;
      let list = state.guildCommands.get(guildId);
      if (!list) state.guildCommands.set(guildId, (list = []));
      return list;
    };
    const checkScope = (params: Record<string, string>) => {
      if (params.applicationId !== state.applicationId) throw new ApiError(403, 50001, 'Missing Access');
      if (params.guildId !== undefined && params.guildId !== state.guild.id) throw missingAccess();
    };
    const commandRoutes = (prefix: string) => {
      r('GET', `${prefix}/commands`, ({ params }) => {
        checkScope(params);
        return ok(commandList(params.guildId));
      });
      r('PUT', `${prefix}/commands`, ({ params, record }) => {
        checkScope(params);
        const bodies = record.body;
        if (!Array.isArray(bodies))
          throw invalidForm({
            _errors: [{ code: 'ARRAY_TYPE_CONVERT', message: 'Could not interpret value as array.' }],
          });
        const list = commandList(params.guildId);
        const next = validateCommands(bodies as Array<Record<string, unknown>>).map((body) =>
          this.#command(body, list, params.guildId),
        );
        list.splice(0, list.length, ...next);
        return ok(next);
      });
      r('POST', `${prefix}/commands`, ({ params, body }) => {
        checkScope(params);
        const list = commandList(params.guildId);
        const [valid] = validateCommands([body]);
        const existing = list.findIndex((c) => c.name === valid!.name && (c.type ?? 1) === Number(valid!.type ?? 1));
        const command = this.#command(valid!, list, params.guildId);
        if (existing >= 0) list[existing] = command;
        else list.push(command);
        return ok(command, existing >= 0 ? 200 : 201);
      });
      r('GET', `${prefix}/commands/:commandId`, ({ params }) => {
        checkScope(params);
        const command = commandList(params.guildId).find((c) => c.id === params.commandId);
        if (!command) throw unknown('application command', 10063);
        return ok(command);
      });
      r('PATCH', `${prefix}/commands/:commandId`, ({ params, body }) => {
        checkScope(params);
        const list = commandList(params.guildId);
        const index = list.findIndex((c) => c.id === params.commandId);
        if (index < 0) throw unknown('application command', 10063);
        const [valid] = validateCommands([{ ...list[index], ...body }]);
        list[index] = { ...list[index]!, ...this.#command(valid!, [], params.guildId), id: list[index]!.id };
        return ok(list[index]);
      });
      r('DELETE', `${prefix}/commands/:commandId`, ({ params }) => {
        checkScope(params);
        const list = commandList(params.guildId);
        const index = list.findIndex((c) => c.id === params.commandId);
        if (index < 0) throw unknown('application command', 10063);
        list.splice(index, 1);
        return noContent();
      });
    };
    commandRoutes('/applications/:applicationId');
    commandRoutes('/applications/:applicationId/guilds/:guildId');

    // Interactions: the callback and the interaction webhook (no bot token: auth false).
    r('POST', '/interactions/:interactionId/:token/callback', (ctx) => this.#interactionCallback(ctx), false);
    r('GET', '/webhooks/:applicationId/:token/messages/:messageId', (ctx) => this.#webhookMessage(ctx, 'GET'), false);
    r(
      'PATCH',
      '/webhooks/:applicationId/:token/messages/:messageId',
      (ctx) => this.#webhookMessage(ctx, 'PATCH'),
      false,
    );
    r(
      'DELETE',
      '/webhooks/:applicationId/:token/messages/:messageId',
      (ctx) => this.#webhookMessage(ctx, 'DELETE'),
      false,
    );
    r('POST', '/webhooks/:applicationId/:token', (ctx) => this.#followup(ctx), false);
  }

  #memberRole(params: Record<string, string>, add: boolean): Reply {
    const state = this.#state;
    this.#guild(params.guildId);
    const member = this.#member(params.userId);
    const role = state.roles.get(params.roleId!);
    if (!role || role.id === state.guild.id) throw unknown('Role', 10011);
    this.#require(Permission.ManageRoles);
    this.#requireAbove(role.position);
    if (role.managed) throw missingPermissions();
    const has = member.roles.includes(role.id);
    if (add === has) return noContent();
    member.roles = add ? [...member.roles, role.id] : member.roles.filter((id) => id !== role.id);
    return noContent(
      this.#dispatchAfter('GUILD_MEMBER_UPDATE', () => ({ guild_id: state.guild.id, ...state.memberPayload(member) })),
    );
  }

  /** A stored command from a create body, keeping the id of a same-named command (as Discord does). */
  #command(body: Record<string, unknown>, existing: APIApplicationCommand[], guildId?: string): APIApplicationCommand {
    const state = this.#state;
    const type = Number(body.type ?? 1);
    const previous = existing.find((c) => c.name === body.name && (c.type ?? 1) === type);
    return {
      id: previous?.id ?? state.ids.next(),
      application_id: state.applicationId,
      version: state.ids.next(),
      default_member_permissions: (body.default_member_permissions as string | null | undefined) ?? null,
      type,
      name: body.name as string,
      name_localizations: (body.name_localizations as never) ?? null,
      description: (body.description as string | undefined) ?? '',
      description_localizations: (body.description_localizations as never) ?? null,
      ...(body.options ? { options: body.options as never } : {}),
      dm_permission: guildId ? undefined : body.dm_permission !== false,
      contexts: (body.contexts as never) ?? (guildId ? null : [0, 1, 2]),
      integration_types: (body.integration_types as never) ?? [0],
      nsfw: body.nsfw === true,
      ...(guildId ? { guild_id: guildId } : {}),
    } as APIApplicationCommand;
  }

  // ----- interactions ------------------------------------------------------------------

  #interaction(id: string | undefined, token: string | undefined): InteractionRecord {
    const record = token ? this.#ctx.interactions.byToken.get(token) : undefined;
    if (!record || record.id !== id) throw new ApiError(404, 10062, 'Unknown interaction');
    return record;
  }

  #interactionChannel(record: InteractionRecord): ChannelRecord {
    const payload = record.payload as {
      channel_id?: string;
      guild_id?: string;
      channel?: { id: string; type: number; name?: string };
    };
    // An interaction from a guild the fake does not model is answered in that guild's channel.
    if (payload.guild_id && payload.guild_id !== this.#state.guild.id && payload.channel) {
      const c = payload.channel;
      return {
        id: c.id,
        type: c.type,
        name: c.name ?? null,
        position: 0,
        parentId: null,
        topic: null,
        nsfw: false,
        rateLimitPerUser: 0,
        overwrites: [],
        lastMessageId: null,
      };
    }
    return this.#channel(payload.channel_id);
  }

  #interactionMetadata(record: InteractionRecord): Record<string, unknown> {
    const p = record.payload as unknown as {
      type: number;
      data?: { name?: string; type?: number };
      member?: { user: unknown };
      user?: unknown;
      message?: { id: string };
    };
    const user = p.member?.user ?? p.user;
    return {
      id: record.id,
      type: p.type,
      user,
      authorizing_integration_owners: { '0': this.#state.guild.id },
      ...(p.type === 2 ? { name: p.data?.name, command_type: p.data?.type } : {}),
      ...(p.type === 3 && p.message ? { interacted_message_id: p.message.id } : {}),
    };
  }

  #interactionCallback({ params, body, files, query, record: req }: Ctx): Reply {
    const state = this.#state;
    const record = this.#interaction(params.interactionId, params.token);
    if (record.callback) throw new ApiError(400, 40060, 'Interaction has already been acknowledged.');
    if (record.expired) throw new ApiError(404, 10062, 'Unknown interaction');
    const type = Number(body.type);
    const data = body.data as Record<string, unknown> | undefined;
    const valid: Record<number, number[]> = {
      2: [4, 5, 9, 10, 12],
      3: [4, 5, 6, 7, 9, 10, 12],
      4: [8],
      5: [4, 5, 6, 7, 10],
    };
    if (!valid[record.type]?.includes(type))
      throw invalidForm({
        type: fieldError(
          'INTERACTION_RESPONSE_TYPE_INVALID',
          'Interaction response type is not valid for this interaction.',
        ),
      });
    const channel = this.#interactionChannel(record);
    const componentMessage = (record.payload as { message?: StoredMessage }).message;
    let after: (() => void) | undefined;
    let message: StoredMessage | undefined;
    let loading = false;
    const flags = Number(data?.flags ?? 0);
    switch (type) {
      case 4: {
        this.#validateMessageBody(data ?? {}, files, true);
        const messageType =
          record.type === 2 ? ((record.payload as { data?: { type?: number } }).data?.type === 1 ? 20 : 23) : 0;
        const created = this.createMessage(channel, data ?? {}, files, {
          type: messageType,
          webhookId: state.applicationId,
          interactionMetadata: this.#interactionMetadata(record),
          flags,
        });
        message = created.message;
        after = created.after;
        record.ephemeral = (flags & 64) !== 0;
        break;
      }
      case 5: {
        const created = this.createMessage(channel, { content: '' }, [], {
          type: record.type === 2 ? 20 : 0,
          webhookId: state.applicationId,
          interactionMetadata: this.#interactionMetadata(record),
          flags: 128 | (flags & 64),
        });
        message = created.message;
        after = created.after;
        loading = true;
        record.ephemeral = (flags & 64) !== 0;
        break;
      }
      case 6:
      case 7: {
        if (!componentMessage)
          throw invalidForm({
            type: fieldError(
              'INTERACTION_RESPONSE_TYPE_INVALID',
              'Interaction response type is not valid for this interaction.',
            ),
          });
        message = state.getMessage(componentMessage.channel_id, componentMessage.id) ?? componentMessage;
        if (type === 7 && data) after = this.editMessage(message, data, files);
        break;
      }
      case 9: {
        const modal = data as { custom_id?: string; title?: string; components?: unknown[] } | undefined;
        const errors: Record<string, unknown> = {};
        if (!modal?.custom_id) errors['data.custom_id'] = fieldError('BASE_TYPE_REQUIRED', 'This field is required');
        if (!modal?.title || modal.title.length > 45)
          errors['data.title'] = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 45 in length.');
        if (!Array.isArray(modal?.components) || modal.components.length < 1 || modal.components.length > 5)
          errors['data.components'] = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
        if (Object.keys(errors).length > 0) throw invalidForm(errors);
        break;
      }
    }
    if (message) {
      record.responseMessageId = message.id;
      record.messages.set(message.id, message);
    }
    record.callback = { type, data, request: req, at: Date.now() };
    this.#ctx.interactions.onCallback(record);
    if (query.with_response !== 'true') return noContent(after);
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id,
          type: record.type,
          ...(message
            ? {
                response_message_id: message.id,
                response_message_loading: loading,
                response_message_ephemeral: record.ephemeral,
              }
            : {}),
        },
        resource: { type, ...(message && type !== 6 ? { message } : {}) },
      },
      after,
    };
  }

  #webhookRecord(params: Record<string, string>): InteractionRecord {
    const record = params.token ? this.#ctx.interactions.byToken.get(params.token) : undefined;
    if (params.applicationId !== this.#state.applicationId || !record) throw unknown('Webhook', 10015);
    if (!record.callback) throw unknown('Webhook', 10015);
    return record;
  }

  #webhookMessage({ params, body, files, record: req }: Ctx, method: 'GET' | 'PATCH' | 'DELETE'): Reply {
    const state = this.#state;
    const record = this.#webhookRecord(params);
    const messageId = params.messageId === '@original' ? record.responseMessageId : params.messageId;
    const message = messageId ? record.messages.get(messageId) : undefined;
    if (!message) throw unknown('Message', 10008);
    if (method === 'GET') return ok(message);
    if (method === 'DELETE') {
      state.messages.get(message.channel_id)?.delete(message.id);
      record.messages.delete(message.id);
      this.#ctx.interactions.onWebhook(record);
      const ephemeral = ((message.flags ?? 0) & 64) !== 0;
      return noContent(
        ephemeral
          ? undefined
          : this.#dispatchAfter('MESSAGE_DELETE', () => ({
              id: message.id,
              channel_id: message.channel_id,
              guild_id: state.guild.id,
            })),
      );
    }
    if (params.messageId === '@original') record.edits.push(req);
    message.flags = (message.flags ?? 0) & ~128; // no longer "thinking"
    const after = this.editMessage(message, body, files);
    this.#ctx.interactions.onWebhook(record);
    return { status: 200, body: message, after };
  }

  #followup({ params, body, files, record: req }: Ctx): Reply {
    const state = this.#state;
    const record = this.#webhookRecord(params);
    record.followups.push(req);
    // After a deferred reply, the first follow-up replaces the "thinking" message.
    const original = record.responseMessageId ? record.messages.get(record.responseMessageId) : undefined;
    if (original && ((original.flags ?? 0) & 128) !== 0) {
      original.flags = (original.flags ?? 0) & ~128;
      const after = this.editMessage(original, body, files);
      this.#ctx.interactions.onWebhook(record);
      return { status: 200, body: original, after };
    }
    this.#validateMessageBody(body, files, true);
    const channel = this.#interactionChannel(record);
    const { message, after } = this.createMessage(channel, body, files, {
      type: 0,
      webhookId: state.applicationId,
      interactionMetadata: this.#interactionMetadata(record),
      flags: Number(body.flags ?? 0),
    });
    record.messages.set(message.id, message);
    this.#ctx.interactions.onWebhook(record);
    return { status: 200, body: message, after };
  }
}

const COMMAND_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Validates command bodies the way Discord rejects them (names, descriptions, options). */
function validateCommands(bodies: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const errors: Record<string, unknown> = {};
  const seen = new Set<string>();
  const checkOptions = (options: unknown, path: string) => {
    if (options === undefined) return;
    if (!Array.isArray(options) || options.length > 25)
      return void (errors[`${path}.options`] = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.'));
    let optionalSeen = false;
    for (const [i, o] of (options as Array<Record<string, unknown>>).entries()) {
      const p = `${path}.options.${i}`;
      if (typeof o.name !== 'string' || !COMMAND_NAME.test(o.name) || o.name !== o.name.toLowerCase())
        errors[`${p}.name`] = fieldError('APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
      if (typeof o.description !== 'string' || o.description.length < 1 || o.description.length > 100)
        errors[`${p}.description`] = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      if (o.type === 1 || o.type === 2) checkOptions(o.options, p);
      else if (o.required === true && optionalSeen)
        errors[`${p}.required`] = fieldError(
          'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          'Required options must be placed before non-required options',
        );
      else if (o.required !== true) optionalSeen = true;
    }
  };
  for (const [i, body] of bodies.entries()) {
    const type = Number(body.type ?? 1);
    const name = body.name;
    if (
      typeof name !== 'string' ||
      (type === 1 ? !COMMAND_NAME.test(name) || name !== name.toLowerCase() : name.length < 1 || name.length > 32)
    ) {
      errors[`${i}.name`] = fieldError('APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
    if (
      type === 1 &&
      (typeof body.description !== 'string' || body.description.length < 1 || body.description.length > 100)
    ) {
      errors[`${i}.description`] = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
    const key = `${type}:${String(name)}`;
    if (seen.has(key))
      errors[`${i}.name`] = fieldError(
        'APPLICATION_COMMANDS_DUPLICATE_NAME',
        'Application command names must be unique',
      );
    seen.add(key);
    if (type === 1) checkOptions(body.options, String(i));
  }
  if (bodies.filter((b) => Number(b.type ?? 1) === 1).length > 100)
    errors._errors = [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' }];
  if (Object.keys(errors).length > 0) throw invalidForm(errors);
  return bodies;
}

/**
 * Interactions: building INTERACTION_CREATE payloads as Discord sends them (slash
 * commands with options, context menus, buttons, select menus, modal submits,
 * autocomplete) and tracking what the bot answers (the callback, edits of the original
 * response, follow-ups). The REST routes that receive the answers are in rest.ts.
 * https://discord.com/developers/docs/interactions/receiving-and-responding
 */
import { randomBytes } from 'node:crypto';
import type {
  APIApplicationCommand,
  APIApplicationCommandInteractionDataOption,
  APIInteraction,
  APIMessage,
} from 'discord-api-types/v10';
import type { RecordedRequest } from './rest.ts';
import { DEFAULT_EVERYONE_PERMISSIONS } from './permissions.ts';
import type { ChannelRecord, FakeState } from './state.ts';

interface Common {
  /** Who interacts: a guild member (or, with `dm`, any known user). */
  userId: string;
  /** Where (a guild channel). Ignored with `dm`. */
  channelId?: string;
  /** In the DM with the bot instead of the guild. */
  dm?: boolean;
  /**
   * From another guild, by its id: commands registered globally reach every guild the
   * app is installed in (Discord API docs, Application Commands: "Registering a
   * Command" — global commands are available in all the app's authorized guilds), so
   * the interaction carries that guild's id and one of its channels (made up here;
   * `channelId` is ignored), and the user need not be a member of the fake's guild.
   */
  fromGuild?: string;
  /** The user's client locale. Default en-US. */
  locale?: string;
  /** Shallow overrides of the final payload, for cases the builders do not cover. */
  overrides?: Record<string, unknown>;
}

/** Options as Discord sends them, or name → value using the registered command's option types. */
export type FakeCommandOptions =
  APIApplicationCommandInteractionDataOption[] | Record<string, string | number | boolean>;

export type FakeInteractionSpec =
  | (Common & {
      type: 'chatInput';
      commandName: string;
      options?: FakeCommandOptions;
      subcommand?: string;
      subcommandGroup?: string;
    })
  | (Common & {
      type: 'autocomplete';
      commandName: string;
      options?: FakeCommandOptions;
      subcommand?: string;
      focused: string;
    })
  | (Common & { type: 'userContextMenu'; commandName: string; targetUserId: string })
  | (Common & { type: 'messageContextMenu'; commandName: string; targetMessageId: string })
  | (Common & { type: 'button'; customId: string; messageId: string })
  | (Common & {
      type: 'selectMenu';
      customId: string;
      messageId: string;
      values: string[];
      /** 3 string (default), 5 user, 6 role, 7 mentionable, 8 channel. */ componentType?: 3 | 5 | 6 | 7 | 8;
    })
  | (Common & {
      type: 'modalSubmit';
      customId: string;
      fields: Record<string, string>;
      /** The message whose button opened the modal, if any. */ messageId?: string;
    });

export interface InteractionCallbackRecord {
  /** InteractionResponseType: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete, 9 modal. */
  type: number;
  data: Record<string, unknown> | undefined;
  request: RecordedRequest;
  at: number;
}

export interface InteractionRecord {
  id: string;
  token: string;
  /** InteractionType: 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  type: number;
  payload: APIInteraction;
  createdAt: number;
  callback: InteractionCallbackRecord | undefined;
  /** The message the original response is (a reply, a deferred reply, or the updated component message). */
  responseMessageId: string | undefined;
  ephemeral: boolean;
  /** PATCH …/messages/@original requests. */
  edits: RecordedRequest[];
  /** POST /webhooks/:app/:token requests. */
  followups: RecordedRequest[];
  /** Messages created by the response and follow-ups (also ephemeral ones). */
  messages: Map<string, APIMessage>;
  /** Nothing (or, after a deferral, nothing more) came in time. */
  timedOut: boolean;
  /** Set once the initial response can no longer be sent (3 s). */
  expired: boolean;
}

export type PendingInteraction = Promise<InteractionRecord> & {
  readonly id: string;
  readonly token: string;
  readonly payload: APIInteraction;
  readonly record: InteractionRecord;
};

const OPTION_TYPES_WITH_RESOLVED = new Set([6, 7, 8, 9]);

export class InteractionRegistry {
  readonly byId = new Map<string, InteractionRecord>();
  readonly byToken = new Map<string, InteractionRecord>();
  readonly #waiters = new Map<string, { resolve: (r: InteractionRecord) => void; timer: NodeJS.Timeout | undefined }>();

  private readonly state: FakeState;
  private readonly timing: { responseTimeoutMs: number; settleTimeoutMs: number };

  constructor(state: FakeState, timing: { responseTimeoutMs: number; settleTimeoutMs: number }) {
    this.state = state;
    this.timing = timing;
  }

  build(spec: FakeInteractionSpec): APIInteraction {
    const state = this.state;
    const user = state.users.get(spec.userId);
    if (!user) throw new Error(`fake-discord: unknown user ${spec.userId}`);
    const channel = spec.fromGuild
      ? foreignChannel(state.ids.next(), spec.fromGuild)
      : spec.dm
        ? state.dmChannelFor(spec.userId)
        : spec.channelId
          ? state.channels.get(spec.channelId)
          : undefined;
    if (!channel) throw new Error(`fake-discord: interaction needs a known channelId (got ${String(spec.channelId)})`);
    const member = spec.dm || spec.fromGuild ? undefined : state.members.get(spec.userId);
    if (!spec.dm && !spec.fromGuild && !member)
      throw new Error(`fake-discord: ${spec.userId} is not a member of the guild`);

    const id = state.ids.next();
    const token = `aW50ZXJhY3Rpb246${id}${randomBytes(60).toString('base64url')}`;
    let type: number;
    let data: Record<string, unknown>;
    let message: APIMessage | undefined;
    const findMessage = (messageId: string) => {
      const m = state.getMessage(channel.id, messageId);
      if (!m) throw new Error(`fake-discord: no message ${messageId} in channel ${channel.id} (post it first)`);
      return m;
    };

    switch (spec.type) {
      case 'chatInput':
      case 'autocomplete': {
        const command = this.#command(spec.commandName, 1);
        const options = this.#options(
          command,
          spec.options ?? {},
          spec.subcommand,
          spec.type === 'chatInput' ? spec.subcommandGroup : undefined,
        );
        if (spec.type === 'autocomplete') markFocused(options, spec.focused);
        type = spec.type === 'chatInput' ? 2 : 4;
        data = {
          id: command?.id ?? state.ids.next(),
          name: spec.commandName,
          type: 1,
          ...(options.length ? { options } : {}),
          ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
        };
        const resolved = this.#resolved(options, channel.id);
        if (resolved) data.resolved = resolved;
        break;
      }
      case 'userContextMenu': {
        const command = this.#command(spec.commandName, 2);
        const target = state.users.get(spec.targetUserId);
        if (!target) throw new Error(`fake-discord: unknown user ${spec.targetUserId}`);
        const targetMember = state.members.get(spec.targetUserId);
        type = 2;
        data = {
          id: command?.id ?? state.ids.next(),
          name: spec.commandName,
          type: 2,
          target_id: target.id,
          resolved: {
            users: { [target.id]: state.userPayload(target) },
            ...(targetMember
              ? {
                  members: {
                    [target.id]: {
                      ...state.partialMemberPayload(targetMember),
                      permissions: state.permissionsOf(target.id, channel.id).toString(),
                    },
                  },
                }
              : {}),
          },
          ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
        };
        break;
      }
      case 'messageContextMenu': {
        const command = this.#command(spec.commandName, 3);
        const target = findMessage(spec.targetMessageId);
        type = 2;
        data = {
          id: command?.id ?? state.ids.next(),
          name: spec.commandName,
          type: 3,
          target_id: target.id,
          resolved: { messages: { [target.id]: { ...target } } },
          ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
        };
        break;
      }
      case 'button': {
        message = findMessage(spec.messageId);
        type = 3;
        data = { custom_id: spec.customId, component_type: 2 };
        break;
      }
      case 'selectMenu': {
        message = findMessage(spec.messageId);
        type = 3;
        const componentType = spec.componentType ?? 3;
        data = { custom_id: spec.customId, component_type: componentType, values: spec.values };
        if (componentType !== 3) data.resolved = this.#resolvedIds(spec.values, componentType, channel.id);
        break;
      }
      case 'modalSubmit': {
        if (spec.messageId) message = findMessage(spec.messageId);
        type = 5;
        data = {
          custom_id: spec.customId,
          components: Object.entries(spec.fields).map(([customId, value]) => ({
            type: 1,
            id: 0,
            components: [{ type: 4, id: 0, custom_id: customId, value }],
          })),
        };
        break;
      }
    }

    const locale = spec.locale ?? 'en-US';
    const payload: Record<string, unknown> = {
      app_permissions: (spec.dm
        ? state.permissionsOf(state.bot.id)
        : state.permissionsOf(state.bot.id, channel.id)
      ).toString(),
      application_id: state.applicationId,
      attachment_size_limit: 10 * 1024 * 1024,
      authorizing_integration_owners: { '0': state.guild.id },
      channel: state.channelPayload(channel, true),
      channel_id: channel.id,
      context: spec.dm ? 1 : 0,
      data,
      entitlement_sku_ids: [],
      entitlements: [],
      id,
      locale,
      token,
      type,
      version: 1,
      ...(message ? { message } : {}),
    };
    if (spec.dm) payload.user = state.userPayload(user);
    else if (spec.fromGuild) {
      payload.app_permissions = DEFAULT_EVERYONE_PERMISSIONS.toString();
      payload.authorizing_integration_owners = { '0': spec.fromGuild };
      payload.channel = {
        id: channel.id,
        type: 0,
        guild_id: spec.fromGuild,
        name: channel.name,
        position: 0,
        parent_id: null,
        permission_overwrites: [],
        flags: 0,
        nsfw: false,
        rate_limit_per_user: 0,
      };
      payload.guild = { id: spec.fromGuild, locale: 'en-US', features: [] };
      payload.guild_id = spec.fromGuild;
      payload.guild_locale = 'en-US';
      const joinedAt = new Date(Date.now() - 86_400_000).toISOString();
      payload.member = {
        user: state.userPayload(user),
        nick: null,
        avatar: null,
        banner: null,
        roles: [],
        joined_at: joinedAt,
        premium_since: null,
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        communication_disabled_until: null,
        permissions: DEFAULT_EVERYONE_PERMISSIONS.toString(),
      };
    } else {
      payload.guild = { id: state.guild.id, locale: state.guild.preferredLocale, features: state.guild.features };
      payload.guild_id = state.guild.id;
      payload.guild_locale = state.guild.preferredLocale;
      payload.member = {
        ...state.memberPayload(member!),
        permissions: state.permissionsOf(user.id, channel.id).toString(),
      };
    }
    return { ...payload, ...spec.overrides } as unknown as APIInteraction;
  }

  #command(name: string, type: number): APIApplicationCommand | undefined {
    const guildCommands = this.state.guildCommands.get(this.state.guild.id) ?? [];
    return [...guildCommands, ...this.state.globalCommands].find((c) => c.name === name && (c.type ?? 1) === type);
  }

  /** Options in Discord's shape; name → value records take types from the registered command. */
  #options(
    command: APIApplicationCommand | undefined,
    options: FakeCommandOptions,
    subcommand?: string,
    group?: string,
  ): APIApplicationCommandInteractionDataOption[] {
    if (Array.isArray(options)) return options;
    let defs = command?.options ?? [];
    const entries = Object.entries(options);
    if (!command && entries.length > 0)
      throw new Error(
        'fake-discord: options given by name need the command registered (PUT …/commands) to know their types; pass Discord-shaped options instead',
      );
    if (group)
      defs =
        (defs.find((o) => o.name === group && o.type === 2) as { options?: typeof defs } | undefined)?.options ?? [];
    if (subcommand)
      defs =
        (defs.find((o) => o.name === subcommand && o.type === 1) as { options?: typeof defs } | undefined)?.options ??
        [];
    let result = entries.map(([name, value]) => {
      const def = defs.find((d) => d.name === name);
      if (!def) throw new Error(`fake-discord: command ${command?.name} has no option ${name}`);
      return { name, type: def.type, value } as APIApplicationCommandInteractionDataOption;
    });
    if (subcommand)
      result = [{ name: subcommand, type: 1, options: result } as APIApplicationCommandInteractionDataOption];
    if (group) result = [{ name: group, type: 2, options: result } as APIApplicationCommandInteractionDataOption];
    return result;
  }

  /** `resolved` for user, channel, role and mentionable options, as Discord adds it. */
  #resolved(
    options: APIApplicationCommandInteractionDataOption[],
    channelId: string,
  ): Record<string, Record<string, unknown>> | undefined {
    const ids: Array<{ id: string; type: number }> = [];
    const walk = (opts: APIApplicationCommandInteractionDataOption[]) => {
      for (const o of opts) {
        if ('options' in o && o.options) walk(o.options as APIApplicationCommandInteractionDataOption[]);
        if (OPTION_TYPES_WITH_RESOLVED.has(o.type) && 'value' in o) ids.push({ id: String(o.value), type: o.type });
      }
    };
    walk(options);
    if (ids.length === 0) return undefined;
    const resolved: Record<string, Record<string, unknown>> = {};
    for (const { id, type } of ids)
      Object.assign(
        resolved,
        mergeResolved(
          resolved,
          this.#resolvedIds([id], type === 6 ? 5 : type === 7 ? 8 : type === 8 ? 6 : 7, channelId),
        ),
      );
    return resolved;
  }

  /** `resolved` for ids picked in a user (5), role (6), mentionable (7) or channel (8) select. */
  #resolvedIds(values: string[], componentType: number, channelId: string): Record<string, Record<string, unknown>> {
    const state = this.state;
    const resolved: Record<string, Record<string, unknown>> = {};
    const put = (kind: string, id: string, value: unknown) => ((resolved[kind] ??= {})[id] = value);
    for (const id of values) {
      const user = state.users.get(id);
      const role = state.roles.get(id);
      const channel = state.channels.get(id);
      if ((componentType === 5 || componentType === 7) && user) {
        put('users', id, state.userPayload(user));
        const member = state.members.get(id);
        if (member)
          put('members', id, {
            ...state.partialMemberPayload(member),
            permissions: state.permissionsOf(id, channelId).toString(),
          });
      } else if ((componentType === 6 || componentType === 7) && role) put('roles', id, { ...role });
      else if (componentType === 8 && channel)
        put('channels', id, {
          id,
          type: channel.type,
          name: channel.name,
          parent_id: channel.parentId,
          permissions: state.permissionsOf(state.bot.id, id).toString(),
        });
    }
    return resolved;
  }

  // ----- tracking answers ---------------------------------------------------------------

  register(payload: APIInteraction): PendingInteraction {
    const record: InteractionRecord = {
      id: payload.id,
      token: payload.token,
      type: payload.type,
      payload,
      createdAt: Date.now(),
      callback: undefined,
      responseMessageId: undefined,
      ephemeral: false,
      edits: [],
      followups: [],
      messages: new Map(),
      timedOut: false,
      expired: false,
    };
    this.byId.set(record.id, record);
    this.byToken.set(record.token, record);
    const promise = new Promise<InteractionRecord>((resolve) => {
      const timer = setTimeout(() => {
        record.expired = true;
        if (!record.callback) this.#settle(record, true);
      }, this.timing.responseTimeoutMs);
      timer.unref();
      this.#waiters.set(record.id, { resolve, timer });
    });
    return Object.assign(promise, { id: record.id, token: record.token, payload, record });
  }

  /** Called by the REST routes after the callback was accepted. */
  onCallback(record: InteractionRecord): void {
    const waiter = this.#waiters.get(record.id);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    const type = record.callback?.type;
    // Deferred answers settle when the bot edits the original response or follows up.
    if (type === 5 || type === 6) {
      waiter.timer = setTimeout(() => this.#settle(record, true), this.timing.settleTimeoutMs);
      waiter.timer.unref();
    } else this.#settle(record, false);
  }

  /** Called after an edit of the original response or a follow-up. */
  onWebhook(record: InteractionRecord): void {
    this.#settle(record, false);
  }

  #settle(record: InteractionRecord, timedOut: boolean): void {
    const waiter = this.#waiters.get(record.id);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.#waiters.delete(record.id);
    record.timedOut = timedOut;
    waiter.resolve(record);
  }

  /** Settles everything still waiting (as timed out). */
  close(): void {
    for (const id of [...this.#waiters.keys()]) {
      const record = this.byId.get(id);
      if (record) this.#settle(record, true);
    }
  }
}

/** A channel of a guild the fake does not model, for interactions from there. */
function foreignChannel(id: string, guildId: string): ChannelRecord {
  return {
    id,
    type: 0,
    name: `elsewhere-${guildId.slice(-4)}`,
    position: 0,
    parentId: null,
    topic: null,
    nsfw: false,
    rateLimitPerUser: 0,
    overwrites: [],
    lastMessageId: null,
  };
}

function markFocused(options: APIApplicationCommandInteractionDataOption[], focused: string): void {
  for (const o of options as Array<{
    name: string;
    options?: APIApplicationCommandInteractionDataOption[];
    focused?: boolean;
  }>) {
    if (o.options) markFocused(o.options, focused);
    else if (o.name === focused) o.focused = true;
  }
}

function mergeResolved(
  into: Record<string, Record<string, unknown>>,
  from: Record<string, Record<string, unknown>>,
): Record<string, Record<string, unknown>> {
  for (const [kind, values] of Object.entries(from)) into[kind] = { ...into[kind], ...values };
  return into;
}

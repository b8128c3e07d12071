import type { CommandInvocation, FoyerEvent } from '../../src/core/events.ts';
import { localPart, messageId, type ChannelId, type MemberId } from '../../src/core/ids.ts';
import type { EventSink, PlatformAdapter } from '../../src/core/ports.ts';
import { fail, ok, type Result } from '../../src/core/result.ts';
import { mentionedMembers, toPlainText, type RichText } from '../../src/core/rich-text.ts';

export interface Sent {
  kind: 'channel' | 'dm' | 'reply';
  /** `#welcome`, `@alice` (DM) or the invoker for replies. */
  to: string;
  text: string;
  message: RichText;
  mentions: MemberId[];
  private: boolean;
}

/**
 * A platform that records what Foyer sends and lets tests deliver events. Its ports
 * behave like a real platform's: closed DMs fail with `dm-closed`, sends can be made to
 * fail, and every message gets an id.
 */
export class FakePlatform implements PlatformAdapter {
  readonly platform = 'console' as const;
  readonly sent: Sent[] = [];
  readonly closedDms = new Set<MemberId>();
  readonly photos = new Map<MemberId, boolean>();
  /** Accounts the platform reports as bots in their profile. */
  readonly bots = new Set<MemberId>();
  failSends: Result<never> | undefined;
  /** Channel settings the crisis tools change: slowmode seconds and whether members may post. */
  readonly slowmode = new Map<string, number>();
  readonly locked = new Set<string>();
  #sink: EventSink | undefined;
  #n = 0;

  readonly ports = {
    messages: {
      send: async (channel: ChannelId, message: RichText) =>
        this.#record('channel', `#${localPart(channel)}`, message, false),
    },
    edits: {
      edit: async (channel: ChannelId, message: import('../../src/core/ids.ts').MessageId, content: RichText) => {
        const result = this.#record('channel', `#${localPart(channel)} (edit ${localPart(message)})`, content, false);
        return result.ok ? ok(undefined) : result;
      },
    },
    directMessages: {
      sendDirect: async (member: MemberId, message: RichText) => {
        if (this.closedDms.has(member)) return fail('dm-closed', 'member closed their DMs');
        return this.#record('dm', `@${localPart(member)}`, message, true);
      },
    },
    channelModeration: {
      slowDown: async (channel: ChannelId, seconds: number) => {
        const before = this.slowmode.get(channel) ?? 0;
        this.slowmode.set(channel, seconds);
        return ok({ kind: 'slowmode', seconds: before });
      },
      lock: async (channel: ChannelId) => {
        const was = this.locked.has(channel);
        this.locked.add(channel);
        return ok({ kind: 'lock', locked: was });
      },
      restore: async (channel: ChannelId, snapshot: Record<string, unknown>) => {
        if (snapshot['kind'] === 'slowmode') this.slowmode.set(channel, Number(snapshot['seconds']));
        else if (snapshot['locked']) this.locked.add(channel);
        else this.locked.delete(channel);
        return ok(undefined);
      },
    },
    profiles: {
      getProfile: async (member: MemberId) =>
        ok({
          member: { id: member, displayName: localPart(member) },
          hasPhoto: this.photos.get(member) ?? false,
          ...(this.bots.has(member) ? { bot: true } : {}),
        }),
    },
  };

  readonly responder = {
    respond: async (invocation: CommandInvocation, message: RichText, options?: { private?: boolean }) => {
      const result = this.#record('reply', `@${localPart(invocation.invoker.id)}`, message, options?.private ?? false);
      return result.ok ? ok(undefined) : result;
    },
  };

  #record(
    kind: Sent['kind'],
    to: string,
    message: RichText,
    isPrivate: boolean,
  ): Result<import('../../src/core/ids.ts').MessageId> {
    if (this.failSends && kind !== 'reply') return this.failSends;
    this.sent.push({
      kind,
      to,
      text: toPlainText(message),
      message,
      mentions: mentionedMembers(message),
      private: isPrivate,
    });
    return ok(messageId('console', `sent-${++this.#n}`));
  }

  async start(sink: EventSink): Promise<void> {
    this.#sink = sink;
  }

  async stop(): Promise<void> {
    this.#sink = undefined;
  }

  get started(): boolean {
    return this.#sink !== undefined;
  }

  /** Delivers an event as the platform would; resolves when Foyer has handled it. */
  async deliver(event: FoyerEvent): Promise<void> {
    if (!this.#sink) throw new Error('the bot is not started');
    await this.#sink(event);
  }

  /** What was sent since `from`, for assertions on one step of a story. */
  since(from: number): Sent[] {
    return this.sent.slice(from);
  }
}

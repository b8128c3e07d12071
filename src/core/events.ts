import type { ChannelId, CommunityId, EventId, MemberId, MessageId } from './ids.ts';
import type { Role } from './roles.ts';

/** Who did something, as the platform described them at that moment. */
export interface MemberRef {
  id: MemberId;
  displayName: string;
}

interface Base {
  /** The platform's own id for this delivery: the dedup ledger is keyed on it. */
  id: EventId;
  community: CommunityId;
  at: Date;
}

/**
 * Everything a platform can tell Foyer, as one discriminated union. Adapters produce
 * these; features consume them. Message text is carried but never stored by default.
 */
export type FoyerEvent =
  /**
   * `rejoined`: the platform says this member was here before (Discord's DID_REJOIN flag), even if Foyer never saw
   * them.
   */
  /** `invitedBy`: the member the platform says invited them (Matrix invite events), for referral figures. */
  | (Base & { type: 'member.joined'; member: MemberRef; hasPhoto: boolean; rejoined?: boolean; invitedBy?: MemberId })
  | (Base & { type: 'member.left'; member: MemberRef })
  | (Base & { type: 'member.updated'; member: MemberRef; hasPhoto: boolean })
  /**
   * `replyTo`: the message it answers, by the platform's reply relation (Discord message reference, Matrix
   * `m.in_reply_to`).
   */
  | (Base & {
      type: 'message.posted';
      author: MemberRef;
      channel: ChannelId;
      message: MessageId;
      text: string;
      replyTo?: MessageId;
    })
  /** A message was removed (a Matrix redaction): it no longer counts as activity. */
  | (Base & { type: 'message.removed'; channel: ChannelId; message: MessageId })
  | (Base & { type: 'reaction.added'; member: MemberRef; channel: ChannelId; message: MessageId; emoji: string })
  /** A member took a reaction back (what it meant, a thanks, is taken back; the activity stays). */
  | (Base & { type: 'reaction.removed'; member: MemberRef; channel: ChannelId; message: MessageId; emoji: string })
  | (Base & { type: 'command.invoked'; invocation: CommandInvocation })
  /** A member pressed one of Foyer's buttons; the adapter has already acknowledged it. */
  | (Base & { type: 'button.pressed'; member: MemberRef; channel: ChannelId; message: MessageId; customId: string })
  /** A vote added to or removed from a native poll (answers numbered from 1, in order). */
  | (Base & {
      type: 'poll.voted';
      member: MemberRef;
      channel: ChannelId;
      message: MessageId;
      answer: number;
      added: boolean;
    });

export type EventType = FoyerEvent['type'];
export type EventOf<T extends EventType> = Extract<FoyerEvent, { type: T }>;

/**
 * A command as a platform received it. Slash-command platforms fill `options`;
 * text platforms fill `argText` and core parses it against the command's schema.
 */
export interface CommandInvocation {
  name: string;
  argText?: string;
  options?: Record<string, unknown>;
  invoker: MemberRef;
  /** The role the adapter resolved from platform roles or power levels via config. */
  role: Role;
  channel: ChannelId;
  /**
   * The message this command answers, when it was sent as a reply (Matrix `!report` as a reply) or picked from a
   * menu.
   */
  target?: MessageId;
  /** What the target message said and who wrote it, captured by the adapter when it could read it. */
  evidence?: { text: string; author: MemberId; at: Date; link?: string };
  /** Opaque to core: what the adapter needs to answer this exact invocation. */
  replyHandle: unknown;
}

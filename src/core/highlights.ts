// Shared by the digest, "we missed you" and the email newsletter: all three show what
// happened in a period, and no feature may import another, so core offers this read view
// and storage implements it over the existing tables (src/storage/highlights.repository.ts).
// Aggregates and Foyer's own texts only: message bodies are never stored, so never shown.
import type { ChannelId, MemberId } from './ids.ts';

/** Members who joined in the period and are still here. */
export interface NewMembers {
  count: number;
  /** Who they are, oldest join first, for a welcome. */
  members: MemberId[];
}

/** A calendar post that goes out in the period after this one (approved, for everyone). */
export interface UpcomingPost {
  /** The post's first line, or its content file's name when it is read from a file. */
  title: string;
  at: Date;
  /** The logical channel name from the calendar entry (resolve it with the feature context's `channel`). */
  channel: string;
}

/** A poll for everyone that closed in the period. */
export interface PollResult {
  question: string;
  channel: ChannelId;
  closedAt: Date;
  /** Every option, in the poll's order, with how many ballots chose it. */
  options: { label: string; votes: number }[];
  /** Members who voted. */
  voters: number;
}

/** A channel's activity in the period, from message metadata. */
export interface LivelyChannel {
  channel: ChannelId;
  messages: number;
  /** Messages that reply to another, by the platform's reply relation. */
  replies: number;
  /** Distinct members who posted. */
  participants: number;
}

/** A conversation: a message and the replies to it in the period (by the reply relation). */
export interface LivelyConversation {
  channel: ChannelId;
  /** When the first reply of the period came (the message replied to may be older). */
  startedAt: Date;
  replies: number;
  /** Distinct members who replied, plus the author of the message replied to when Foyer saw it. */
  participants: number;
}

/** A question Foyer asked a quiet channel in the period that members answered. */
export interface RevivingQuestion {
  channel: ChannelId;
  /** Foyer's own text (from the question bank), never a member's. */
  question: string;
  askedAt: Date;
  /** Distinct members who posted in the channel after it, until the next question or the period's end. */
  answeredBy: number;
}

export interface PeriodHighlights {
  from: Date;
  to: Date;
  newMembers: NewMembers;
  /** Calendar posts due in [to, to + (to − from)): the next period of the same length. */
  upcoming: UpcomingPost[];
  polls: PollResult[];
  /** Most messages first (then participants); at most ten. */
  channels: LivelyChannel[];
  /** Most replies first (then participants); at most ten, only those with two replies or more. */
  conversations: LivelyConversation[];
  revivals: RevivingQuestion[];
  /** Reports closed (resolved) in the period: a count, never details. */
  reportsHandled: number;
}

/**
 * What happened in a community in [from, to). Message metadata is written in batches: call
 * the feature context's `flushActivity()` first so the latest messages count.
 */
export interface HighlightsView {
  between(from: Date, to: Date): PeriodHighlights;
}

/** Whether a period has anything worth telling members (the digest skips or shortens empty ones). */
export const isEmptyPeriod = (h: PeriodHighlights): boolean =>
  h.newMembers.count === 0 &&
  h.upcoming.length === 0 &&
  h.polls.length === 0 &&
  h.channels.length === 0 &&
  h.revivals.length === 0 &&
  h.reportsHandled === 0;

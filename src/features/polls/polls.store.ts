import type { Audience } from '../../core/groups.ts';

/** How a poll is run: the platform's own polls, buttons under Foyer's message, or typed votes. */
export const POLL_MODES = ['native', 'buttons', 'text'] as const;
export type PollMode = (typeof POLL_MODES)[number];

export interface Poll {
  id: number;
  communityId: string;
  channelId: string;
  /** The message that carries the poll, once it was posted. */
  messageId: string | null;
  mode: PollMode;
  question: string;
  options: string[];
  multiple: boolean;
  anonymous: boolean;
  createdBy: string;
  createdAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  /** Who may vote: everyone, or only the beta group. */
  audience: Audience;
  /** A poll previewed to the inner circle opens to everyone then; null when it opened at once. */
  opensAt: Date | null;
}

/** A poll as it is started: not yet posted, not closed. */
export type NewPoll = Omit<Poll, 'id' | 'closedAt' | 'messageId'>;

/** Polls and their ballots. A poll closes once: `close` reports whether this call closed it. */
export interface PollsStore {
  create(poll: NewPoll): number;
  setMessage(id: number, messageId: string): void;
  get(communityId: string, id: number): Poll | undefined;
  byMessage(communityId: string, messageId: string): Poll | undefined;
  /** Replaces the member's ballot (empty choices withdraw it). */
  vote(pollId: number, memberId: string, choices: number[], at: Date): void;
  ballot(pollId: number, memberId: string): number[];
  /** Every ballot cast in the poll, each the option numbers its voter chose. */
  ballots(pollId: number): number[][];
  close(id: number, at: Date): boolean;
}

declare module '../define.ts' {
  interface FeatureStores {
    polls: PollsStore;
  }
}

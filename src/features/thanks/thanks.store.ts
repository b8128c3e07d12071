import type { MemberId } from '../../core/ids.ts';

/** One thanks, as kept: who thanked whom, when, and how (no "for what": it is never stored). */
export interface ThanksEntry {
  giver: MemberId;
  receiver: MemberId;
  at: Date;
  via: 'command' | 'reaction';
  /** For a reaction: the thanked message and the emoji, so removing the reaction removes the thanks. */
  message?: string;
  emoji?: string;
}

/** What `/thanks stats` shows: counts only. */
export interface ThanksStats {
  thanks: number;
  givers: number;
  receivers: number;
  top: { member: MemberId; thanks: number; givers: number }[];
}

export interface ThanksStore {
  /** When `giver` last thanked `receiver`, for the cooldown. */
  lastBetween(community: string, giver: MemberId, receiver: MemberId): Date | undefined;
  /** Records a thanks; false when this reaction was already counted. */
  add(community: string, entry: ThanksEntry): boolean;
  /** Takes back the thanks a reaction gave; false when that reaction gave none. */
  removeReaction(community: string, giver: MemberId, message: string, emoji: string): boolean;
  /** Who posted a message Foyer recorded, and when (message metadata; bots' messages are never recorded). */
  messageAuthor(community: string, message: string): { author: MemberId; at: Date } | undefined;
  /** Whether Foyer has seen the member act as a moderator or admin. */
  isStaff(community: string, member: MemberId): boolean;
  /** Thanks in [from, to); staff are left out of the top list. */
  stats(community: string, from: Date, to: Date, limit: number): ThanksStats;
  /** Every thanks the member gave or received, oldest first, for `/mydata`. */
  ofMember(community: string, member: MemberId): ThanksEntry[];
}

declare module '../define.ts' {
  interface FeatureStores {
    thanks: ThanksStore;
  }
}

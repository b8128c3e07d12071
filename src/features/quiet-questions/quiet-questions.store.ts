/** A question Foyer asked a quiet channel, and whether members replied in time. */
export interface AskedQuestion {
  id: number;
  channelId: string;
  question: string;
  postedAt: Date;
  replies: number;
  /** Whether a member replied within the revive window; null until it is judged. */
  revived: boolean | null;
}

/** A watched channel: when a member last spoke, and whether Foyer spoke last. */
export interface QuietChannel {
  lastMemberAt: Date | null;
  lastWasOurs: boolean;
}

/** State of the quiet-channel questions: channel activity and every question asked. */
export interface QuietQuestionsStore {
  channel(communityId: string, channelId: string): QuietChannel | undefined;
  memberSpoke(communityId: string, channelId: string, at: Date): void;
  /** Counts a member's message as a reply to questions asked since `since` and not yet judged. */
  countReply(communityId: string, channelId: string, since: Date): void;
  recordQuestion(communityId: string, channelId: string, question: string, at: Date): void;
  /** Judges questions asked before `before`: revived when members replied. */
  judge(communityId: string, before: Date): number;
  asked(communityId: string, since: Date): AskedQuestion[];
  lastQuestion(communityId: string, channelId: string): AskedQuestion | undefined;
}

declare module '../define.ts' {
  interface FeatureStores {
    quietQuestions: QuietQuestionsStore;
  }
}

/** One tracked join of a member without a profile photo, and how nudging them went. */
export interface NudgeRecord {
  memberId: string;
  joinedAt: Date;
  messagesSeen: number;
  nudgesSent: number;
  firstNudgeAt: Date | null;
  lastNudgeAt: Date | null;
  photoSetAt: Date | null;
}

/** What shows whether photos matter: how members with and without one post, and what the nudges did. */
export interface PhotoFigures {
  withPhoto: { members: number; messages: number };
  withoutPhoto: { members: number; messages: number };
  nudged: number;
  photoAfterNudge: number;
}

/** Photo nudges per join, and the figures that show whether they matter. */
export interface PhotoNudgeStore {
  track(communityId: string, memberId: string, joinedAt: Date): void;
  /** The member's latest tracked join, if any. */
  latest(communityId: string, memberId: string): NudgeRecord | undefined;
  /** Counts one more message; returns the new count. */
  countMessage(communityId: string, memberId: string, joinedAt: Date): number;
  recordNudge(communityId: string, memberId: string, joinedAt: Date, at: Date): void;
  recordPhoto(communityId: string, memberId: string, at: Date): void;
  /** Reads message activity as written so far: flush buffered activity first for complete figures. */
  figures(communityId: string): PhotoFigures;
}

declare module '../define.ts' {
  interface FeatureStores {
    photoNudges: PhotoNudgeStore;
  }
}

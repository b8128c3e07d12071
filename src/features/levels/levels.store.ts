import type { MemberId } from '../../core/ids.ts';

/** A member's level as kept: the rank (0 = the first level), since when, and the grace and congratulation marks. */
export interface LevelRecord {
  member: MemberId;
  rank: number;
  level: string;
  since: Date;
  /** Since when the member has been below their level's thresholds (the grace period runs from here). */
  belowSince: Date | null;
  /** When the promotion to this level was announced; null while it is not. */
  congratulatedAt: Date | null;
}

/** What a member did in a window: days with any activity, and distinct members who thanked them. */
export interface WindowFigures {
  activeDays: number;
  givers: number;
}

/** A window: local days `fromDay`…`toDay` (inclusive) for active days, thanks given at or after `since`. */
export interface LevelWindow {
  fromDay: string;
  toDay: string;
  since: Date;
}

export interface LevelsStore {
  get(community: string, member: MemberId): LevelRecord | undefined;
  save(community: string, record: LevelRecord): void;
  remove(community: string, member: MemberId): void;
  /**
   * Every member to evaluate: active or thanked in the window, or holding a level; staff and
   * members who left are not among them (see `staffWithLevels`).
   */
  candidates(community: string, window: LevelWindow): (WindowFigures & { member: MemberId; displayName: string })[];
  figures(community: string, member: MemberId, window: LevelWindow): WindowFigures;
  /** Staff who hold a level: they are taken out of levels. */
  staffWithLevels(community: string): MemberId[];
  isStaff(community: string, member: MemberId): boolean;
  /** Promotions not yet announced, reached at or after `since`. */
  pendingCongratulations(community: string, since: Date): LevelRecord[];
  markCongratulated(community: string, member: MemberId, at: Date): void;
  /** Members per rank now, for moderators. */
  countsByRank(community: string): Map<number, number>;
}

declare module '../define.ts' {
  interface FeatureStores {
    levels: LevelsStore;
  }
}

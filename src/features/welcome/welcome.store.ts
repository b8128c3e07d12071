/** A newcomer whose welcome waits for the grouped message of a join burst. */
export interface QueuedNewcomer {
  memberId: string;
  joinedAt: Date;
  displayName: string;
}

/** Newcomers waiting for the grouped welcome of a join burst. */
export interface WelcomeStore {
  /** False when this join was already queued. */
  enqueue(communityId: string, newcomer: QueuedNewcomer): boolean;
  /** Queued newcomers not yet welcomed, earliest join first. */
  waiting(communityId: string): QueuedNewcomer[];
  markWelcomed(communityId: string, newcomers: QueuedNewcomer[], at: Date): void;
}

declare module '../define.ts' {
  interface FeatureStores {
    welcome: WelcomeStore;
  }
}

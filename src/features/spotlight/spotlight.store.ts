/** A spotlight's life: the member is asked; it ends posted, declined, expired (no answer) or unreachable. */
export const SPOTLIGHT_STATUSES = ['asking', 'posted', 'declined', 'expired', 'unreachable'] as const;
export type SpotlightStatus = (typeof SPOTLIGHT_STATUSES)[number];

export interface Spotlight {
  id: number;
  communityId: string;
  memberId: string;
  pickedBy: string;
  pickedAt: Date;
  status: SpotlightStatus;
  /** Without both a yes and the member's words by then, nothing is posted. */
  expiresAt: Date;
  /** When the member said yes. */
  consentAt: Date | null;
  /** The member's own words, posted as inert text. */
  story: string | null;
  storyAt: Date | null;
  closedAt: Date | null;
}

export type NewSpotlight = Pick<Spotlight, 'communityId' | 'memberId' | 'pickedBy' | 'pickedAt' | 'expiresAt'>;

export interface SpotlightStore {
  optOut(communityId: string, memberId: string, at: Date): void;
  optIn(communityId: string, memberId: string): void;
  optedOutAt(communityId: string, memberId: string): Date | undefined;
  create(spotlight: NewSpotlight): number;
  get(id: number): Spotlight | undefined;
  /** The member's spotlight still waiting for their answer, if any. */
  asking(communityId: string, memberId: string): Spotlight | undefined;
  /** Members picked and asked (whatever they answered) since `since`: not suggested again yet. */
  pickedSince(communityId: string, since: Date): string[];
  /** Members who asked never to be suggested. */
  optedOut(communityId: string): string[];
  /** Moderators and admins Foyer has seen acting as such: never suggested. */
  staff(communityId: string): string[];
  consent(id: number, at: Date): void;
  setStory(id: number, story: string, at: Date): void;
  /**
   * Ends a spotlight that is still asking; false when it had already ended, so only one
   * path (the post, a no, the deadline) ever acts on it. Ending it without a post forgets the words.
   */
  finish(id: number, status: Exclude<SpotlightStatus, 'asking'>, at: Date): boolean;
  ofMember(communityId: string, memberId: string): Spotlight[];
}

declare module '../define.ts' {
  interface FeatureStores {
    spotlight: SpotlightStore;
  }
}

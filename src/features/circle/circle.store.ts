export interface CircleMember {
  memberId: string;
  addedBy: string;
  addedAt: Date;
}

/** The inner circle: members moderators confirmed. */
export interface CircleStore {
  /** Returns false when the member was already in the circle. */
  add(communityId: string, memberId: string, addedBy: string, at: Date): boolean;
  remove(communityId: string, memberId: string): boolean;
  list(communityId: string): CircleMember[];
  get(communityId: string, memberId: string): CircleMember | undefined;
  /** Moderators and admins Foyer has seen acting as such: never suggested. */
  staff(communityId: string): string[];
}

declare module '../define.ts' {
  interface FeatureStores {
    circle: CircleStore;
  }
}

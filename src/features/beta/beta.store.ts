export interface BetaMembership {
  memberId: string;
  /** `invited`: a moderator invited them and they have not accepted yet; only `member` is in the group. */
  status: 'invited' | 'member';
  invitedBy: string | null;
  invitedAt: Date | null;
  joinedAt: Date | null;
}

/** The beta group: members who opted in, and invitations waiting for an answer. */
export interface BetaStore {
  get(communityId: string, memberId: string): BetaMembership | undefined;
  /** Joins (or accepts an invitation); returns false when the member was already in. */
  join(communityId: string, memberId: string, at: Date): boolean;
  /** Records an invitation unless the member is already invited or in; returns whether it is new. */
  invite(communityId: string, memberId: string, by: string, at: Date): boolean;
  /** Leaves the group or drops the invitation; returns whether there was anything. */
  leave(communityId: string, memberId: string): boolean;
  list(communityId: string): BetaMembership[];
}

declare module '../define.ts' {
  interface FeatureStores {
    beta: BetaStore;
  }
}

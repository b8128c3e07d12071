import type { MemberId } from './ids.ts';

/**
 * The member groups other features can address: the beta group (members who opted in to
 * try things first) and the inner circle (members moderators confirmed).
 */
export const GROUPS = ['beta', 'circle'] as const;
export type Group = (typeof GROUPS)[number];

/** Who a post or a poll is for: everyone where it is posted, or only the beta group. */
export const AUDIENCES = ['everyone', 'beta'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The groups' members, read-only, for one community; storage implements it. */
export interface GroupsView {
  /** Current members of the group (invited members who have not accepted are not in it). */
  members(group: Group): MemberId[];
  isIn(group: Group, member: MemberId): boolean;
}

/**
 * How to type a member in a command Foyer suggests, so it works as shown: a Discord
 * mention, a Matrix user id, a console name (the inverse of `parseMemberReference`).
 */
export function memberArgument(member: MemberId): string {
  const at = member.indexOf(':');
  const platform = member.slice(0, at);
  const raw = member.slice(at + 1);
  return platform === 'discord' ? `<@${raw}>` : raw;
}

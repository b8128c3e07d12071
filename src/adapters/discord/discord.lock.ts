import { OverwriteType, PermissionFlagsBits } from 'discord.js';

/** One permission overwrite, as Discord stores it. */
export interface OverwriteBits {
  id: string;
  type: OverwriteType;
  allow: bigint;
  deny: bigint;
}

/** An overwrite a lock sets, and what was there before (null: none), so a restore puts back exactly that. */
export interface OverwriteChange {
  id: string;
  type: OverwriteType;
  before: { allow: bigint; deny: bigint } | null;
  after: { allow: bigint; deny: bigint };
}

/** Posting, threads and reactions: what a lock takes away from members. */
export const LOCK_BITS =
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.AddReactions;
/** What Foyer keeps for itself in a locked channel, to post the crisis notice. */
const OWN_BITS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;

/**
 * The overwrites that lock a channel. Discord applies @everyone's overwrite first, then
 * the allows of every role a member has, so a role's allow beats @everyone's deny
 * (Discord API docs, Permissions: "Permission Overwrites"): @everyone is denied, and the
 * lock bits are taken out of every other role's allow, except the roles that stay able
 * to post (moderators, admins). A role without an overwrite needs nothing: @everyone's
 * deny already cancels what the role grants server-wide. Foyer, unless it is an
 * administrator (`self` undefined), allows itself to keep posting. Only `bits` are
 * touched: a bot can only deny permissions it holds.
 */
export function planLock(
  overwrites: readonly OverwriteBits[],
  who: { everyone: string; self: string | undefined; exemptRoles: ReadonlySet<string> },
  bits: bigint,
): OverwriteChange[] {
  const find = (id: string) => overwrites.find((o) => o.id === id);
  const before = (o: OverwriteBits | undefined) => (o ? { allow: o.allow, deny: o.deny } : null);
  const everyone = find(who.everyone);
  const changes: OverwriteChange[] = [
    {
      id: who.everyone,
      type: OverwriteType.Role,
      before: before(everyone),
      after: { allow: (everyone?.allow ?? 0n) & ~bits, deny: (everyone?.deny ?? 0n) | bits },
    },
  ];
  for (const o of overwrites) {
    if (o.type !== OverwriteType.Role || o.id === who.everyone || who.exemptRoles.has(o.id) || (o.allow & bits) === 0n)
      continue;
    changes.push({
      id: o.id,
      type: OverwriteType.Role,
      before: before(o),
      after: { allow: o.allow & ~bits, deny: o.deny },
    });
  }
  if (who.self !== undefined) {
    const self = find(who.self);
    const own = (bits & OWN_BITS) | PermissionFlagsBits.ViewChannel;
    changes.push({
      id: who.self,
      type: OverwriteType.Member,
      before: before(self),
      after: { allow: (self?.allow ?? 0n) | own, deny: (self?.deny ?? 0n) & ~own },
    });
  }
  return changes.filter((c) => !c.before || c.before.allow !== c.after.allow || c.before.deny !== c.after.deny);
}

/** A lock's snapshot as plain JSON (bitfields as decimal strings), stored by the feature. */
export const lockSnapshot = (changes: readonly OverwriteChange[]) => ({
  kind: 'lock',
  overwrites: changes.map((c) => ({
    id: c.id,
    type: c.type,
    before: c.before ? { allow: String(c.before.allow), deny: String(c.before.deny) } : null,
  })),
});

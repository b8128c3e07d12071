import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import type { ChannelUse } from '../../core/ports.ts';

/** What Discord says about a configured channel, as far as Foyer's checks go. */
export interface ChannelFacts {
  exists: boolean;
  /** Forum and media channels hold posts (threads), never messages of their own. */
  isForum: boolean;
  /** Foyer's own permissions there (after overwrites). */
  permissions: bigint;
}

export type ChannelProblem =
  | { kind: 'not-found'; use: ChannelUse; features: readonly string[] }
  | { kind: 'forum'; use: ChannelUse; features: readonly string[] }
  | { kind: 'missing'; use: ChannelUse; features: readonly string[]; permissions: readonly string[] }
  | { kind: 'crisis'; use: ChannelUse; action: 'lock' | 'slowmode'; permissions: readonly string[] };

/**
 * Without View Channel the gateway sends no messages from a channel and every request
 * there fails with 50001 Missing Access; without Send Messages a post fails with 50013
 * (Discord API docs, Opcodes and Status Codes: JSON error codes 50001/50013).
 */
const TO_READ = PermissionFlagsBits.ViewChannel;
const TO_POST = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
/**
 * A lock edits the channel's permission overwrites, which takes Manage Roles; slowmode
 * edits the channel, which takes Manage Channels (Discord API docs, Channel Resource:
 * "Edit Channel Permissions", "Modify Channel").
 */
const TO_MODERATE = {
  lock: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ManageRoles,
  slowmode: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ManageChannels,
} as const;

const missingNames = (have: bigint, need: bigint): string[] => new PermissionsBitField(need & ~have).toArray();

/** What will not work in each configured channel, and why. */
export function channelProblems(
  uses: readonly ChannelUse[],
  facts: (id: string) => ChannelFacts,
  crisisAction: 'lock' | 'slowmode' | undefined,
): ChannelProblem[] {
  const problems: ChannelProblem[] = [];
  for (const use of uses) {
    // A channel no feature names still counts for activity (members' messages anywhere).
    const features =
      use.postedBy.length + use.readBy.length > 0 ? [...new Set([...use.postedBy, ...use.readBy])] : ['activity'];
    const channel = facts(use.id);
    if (!channel.exists) {
      problems.push({ kind: 'not-found', use, features });
      continue;
    }
    if (channel.isForum && use.postedBy.length > 0) problems.push({ kind: 'forum', use, features: use.postedBy });
    const need = use.postedBy.length > 0 && !channel.isForum ? TO_POST : TO_READ;
    const missing = missingNames(channel.permissions, need);
    if (missing.length > 0) problems.push({ kind: 'missing', use, features, permissions: missing });
    else if (crisisAction) {
      const moderating = missingNames(channel.permissions, TO_MODERATE[crisisAction]);
      if (moderating.length > 0) problems.push({ kind: 'crisis', use, action: crisisAction, permissions: moderating });
    }
  }
  return problems;
}

/** A stable key for a set of problems: the moderators hear about each set once. */
export const problemsKey = (problems: readonly ChannelProblem[]): string =>
  problems
    .map((p) => `${p.kind}:${p.use.id}:${'permissions' in p ? p.permissions.join('+') : ''}`)
    .sort()
    .join('|');

/** Pure rules of the welcome: no I/O, so they are tested directly. */
import type { MemberRecord } from '../../core/members.ts';

/** A join is part of a burst when, counting it, more than `threshold` members joined within the window. */
export const isBurst = (joinsInWindow: number, threshold: number): boolean => joinsInWindow > threshold;

/** Whether a quiet welcome back is due: none was sent within the period. */
export const welcomeBackDue = (lastWelcomeBack: Date | undefined, now: Date, periodMs: number): boolean =>
  lastWelcomeBack === undefined || now.getTime() - lastWelcomeBack.getTime() >= periodMs;

/** What a welcome is about: one member's one join. A redelivered join has the same key. */
export const welcomeKey = (community: string, member: string, joinedAt: Date): string =>
  `welcome:${community}:${member}:${joinedAt.getTime()}`;

/**
 * Whether a queued join still stands when the grouped welcome goes out: the member
 * neither left since (a leave at the same instant counts) nor joined again later.
 */
export function joinStillStands(
  joinedAt: Date,
  member: Pick<MemberRecord, 'joinedAt' | 'leftAt'> | undefined,
): boolean {
  const leftSince = member?.leftAt != null && member.leftAt.getTime() >= joinedAt.getTime();
  const joinedAgain = member?.joinedAt != null && member.joinedAt.getTime() > joinedAt.getTime();
  return !leftSince && !joinedAgain;
}

/**
 * The earliest moment the next welcome message may go to the channel: at once, unless one
 * went out less than `paceMs` ago.
 */
export const nextWelcomeSlot = (lastSentAt: number | undefined, now: number, paceMs: number): number =>
  lastSentAt === undefined ? now : Math.max(now, lastSentAt + paceMs);

import type { MemberDataSection } from '../../core/members.ts';

/**
 * The order `/mydata` lists a member's data in, whichever part of Foyer keeps each
 * section: who they are, what they did, then what Foyer did towards them.
 */
const SUMMARY_ORDER: readonly string[] = ['profile', 'onboardingSteps', 'messages', 'reportsFiled', 'outreach'];

/** The export keeps the key order it has always had, so a member can compare two exports line by line. */
const EXPORT_ORDER: readonly string[] = ['profile', 'reportsFiled', 'onboardingSteps', 'messages', 'outreach'];

/** Sections by a fixed key order; sections not named there follow, in the order the features are listed. */
function ordered(sections: readonly MemberDataSection[], order: readonly string[]): MemberDataSection[] {
  const rank = (s: MemberDataSection) => {
    const at = order.indexOf(s.key);
    return at === -1 ? order.length : at;
  };
  // Array.prototype.sort is stable, so unnamed sections keep their feature order.
  return [...sections].sort((a, b) => rank(a) - rank(b));
}

/** The lines `/mydata` shows, section after section. */
export const summaryLines = (sections: readonly MemberDataSection[]) =>
  ordered(sections, SUMMARY_ORDER).flatMap((s) => s.lines);

/** The member's export: who and when, then each section's data under its key. */
export function exportDocument(
  header: { community: string; member: string; exportedAt: Date },
  sections: readonly MemberDataSection[],
): Record<string, unknown> {
  return { ...header, ...Object.fromEntries(ordered(sections, EXPORT_ORDER).map((s) => [s.key, s.data])) };
}

/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;

/** A confirmation code for `/mydata erase`, from a source of random integers in [0, n). */
export const erasureCode = (randomBelow: (n: number) => number): string =>
  Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomBelow(CODE_ALPHABET.length)]).join('');

export interface PendingErasure {
  code: string;
  expiresAt: Date;
}

/**
 * Whether a typed code confirms the erasure Foyer asked about. Case and surrounding spaces
 * do not matter: the code is read from a chat message and typed back by hand.
 */
export function checkErasureCode(
  pending: PendingErasure | undefined,
  typed: string,
  now: Date,
): 'confirmed' | 'none' | 'wrong' {
  if (!pending || now.getTime() > pending.expiresAt.getTime()) return 'none';
  return typed.trim().toUpperCase() === pending.code ? 'confirmed' : 'wrong';
}

/** How many records one erasure removed or made anonymous, for the member's confirmation. */
export const erasedCount = (summary: { removed: Record<string, number>; anonymised: Record<string, number> }) =>
  [...Object.values(summary.removed), ...Object.values(summary.anonymised)].reduce((sum, n) => sum + n, 0);

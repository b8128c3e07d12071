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

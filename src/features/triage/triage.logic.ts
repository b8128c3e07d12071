import type { ReportRecord, Severity } from '../../storage/reports.repository.ts';

export const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** The highest severity whose rules match the text; `low` when none does. */
export function classify(text: string, rules: { critical: string[]; high: string[]; medium: string[] }): Severity {
  for (const level of ['critical', 'high', 'medium'] as const)
    if (rules[level].some((rule) => new RegExp(rule, 'i').test(text))) return level;
  return 'low';
}

/**
 * The triage queue: severity first, then age; within a severity, a reporter whose past
 * reports were usually upheld counts as if their report were older.
 */
export function queueOrder(reports: readonly ReportRecord[], now: Date, accuracy: (reporter: string) => number | undefined): ReportRecord[] {
  const weight = (r: ReportRecord) => (now.getTime() - r.createdAt.getTime()) * (0.5 + (accuracy(r.reporterId) ?? 0.5));
  return [...reports].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || weight(b) - weight(a) || a.id - b.id);
}

/** A severity the reporter chose by starting the reason with it ("high: …"), and the rest. */
export function reporterChoice(reason: string): { severity?: Severity; reason: string } {
  const m = /^\s*(low|medium|high|critical|urgent)\s*:\s*(.+)$/is.exec(reason);
  if (!m) return { reason };
  const word = m[1]!.toLowerCase();
  return { severity: (word === 'urgent' ? 'high' : word) as Severity, reason: m[2]!.trim() };
}

/** The more serious of two severities. */
export const worst = (a: Severity, b: Severity | undefined): Severity => (b && SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a);

/** The code-of-conduct rules a text cites as "rule 2" / "règle 2", with their wording. */
export function citedRules(text: string, rules: readonly string[]): string[] {
  const numbers = [...text.matchAll(/\b(?:rule|règle)\s*#?(\d{1,2})\b/gi)].map((m) => Number(m[1]));
  return [...new Set(numbers)].filter((n) => n >= 1 && n <= rules.length).map((n) => `rule ${n}: ${rules[n - 1]}`);
}

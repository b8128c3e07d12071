import { SEVERITIES, type Report, type Severity } from './triage.store.ts';

/** Each severity's weight: its place in the one list, least serious first. */
export const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((s, rank) => [s, rank])) as Record<Severity, number>;

/** The severities that have rules, most serious first; a report that matches none is `low`. */
export type RuledSeverity = Exclude<Severity, 'low'>;
export const RULED_SEVERITIES = SEVERITIES.filter((s): s is RuledSeverity => s !== 'low').reverse();

/** The highest severity whose rules match the text; `low` when none does. */
export function classify(text: string, rules: Record<RuledSeverity, string[]>): Severity {
  for (const level of RULED_SEVERITIES) if (rules[level].some((rule) => new RegExp(rule, 'i').test(text))) return level;
  return 'low';
}

/**
 * The triage queue: severity first, then age; within a severity, a reporter whose past
 * reports were usually upheld counts as if their report were older.
 */
export function queueOrder(
  reports: readonly Report[],
  now: Date,
  accuracy: (reporter: string) => number | undefined,
): Report[] {
  const weight = (r: Report) => (now.getTime() - r.createdAt.getTime()) * (0.5 + (accuracy(r.reporterId) ?? 0.5));
  return [...reports].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || weight(b) - weight(a) || a.id - b.id,
  );
}

/** The words a reporter may start a report with to say how serious it is, in English and French. */
const SEVERITY_WORDS: Record<string, Severity> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
  urgent: 'high',
  faible: 'low',
  moyen: 'medium',
  moyenne: 'medium',
  élevé: 'high',
  élevée: 'high',
  critique: 'critical',
};
const REPORTER_CHOICE = new RegExp(`^\\s*(${Object.keys(SEVERITY_WORDS).join('|')})\\s*:\\s*(.+)$`, 'is');

/** A severity the reporter chose by starting the reason with it ("high: …", "urgent : …"), and the rest. */
export function reporterChoice(reason: string): { severity?: Severity; reason: string } {
  const m = REPORTER_CHOICE.exec(reason);
  if (!m) return { reason };
  return { severity: SEVERITY_WORDS[m[1]!.toLowerCase()]!, reason: m[2]!.trim() };
}

/** The more serious of two severities. */
export const worst = (a: Severity, b: Severity | undefined): Severity =>
  b && SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;

/** The code-of-conduct rules a text cites as "rule 2" / "règle 2", with their wording. */
export function citedRules(text: string, rules: readonly string[]): { number: number; rule: string }[] {
  const numbers = [...text.matchAll(/\b(?:rule|règle)\s*#?(\d{1,2})\b/gi)].map((m) => Number(m[1]));
  return [...new Set(numbers)]
    .filter((n) => n >= 1 && n <= rules.length)
    .map((number) => ({ number, rule: rules[number - 1]! }));
}

/** High or critical: the reports that count towards crisis mode. */
export const isSerious = (severity: Severity): boolean => SEVERITY_RANK[severity] >= SEVERITY_RANK.high;

/**
 * The crisis trigger: the number of serious reports about `channel` filed within the
 * window before `now`, when there are enough of them to turn crisis mode on.
 */
export function crisisTrigger(
  reports: readonly Pick<Report, 'channelId' | 'severity' | 'createdAt'>[],
  channel: string,
  now: Date,
  crisis: { reports: number; within: number },
): number | undefined {
  const since = now.getTime() - crisis.within;
  const serious = reports.filter(
    (r) => r.channelId === channel && isSerious(r.severity) && r.createdAt.getTime() >= since,
  ).length;
  return serious >= crisis.reports ? serious : undefined;
}

/** Who is told at each escalation level. */
export type EscalationAudience = 'admins' | 'on-call';

/** Escalation steps after the moderators' channel: admins there, then on-call members by DM when there are any. */
export const escalationSteps = (onCallCount: number): number => (onCallCount > 0 ? 2 : 1);

/** Level 1 mentions the admins; later levels page the on-call members, or the admins again when there are none. */
export const escalationAudience = (level: number, onCallCount: number): EscalationAudience =>
  level === 1 || onCallCount === 0 ? 'admins' : 'on-call';

/** When an unacknowledged report escalates one step, counted from `from` (when it was filed or last escalated). */
export const escalationDeadline = (severity: Severity, from: Date, acknowledgeWithin: Record<Severity, number>): Date =>
  new Date(from.getTime() + acknowledgeWithin[severity]);

/** Whether a moderator can still send a report up the chain. */
export const canEscalate = (report: Pick<Report, 'status' | 'escalationLevel'>, steps: number): boolean =>
  report.status !== 'resolved' && report.escalationLevel < steps;

/** A duration in the unit moderators read it in: minutes up to two hours, hours up to two days, then days. */
export function ageInUnits(ms: number): { value: number; unit: 'minute' | 'hour' | 'day' } {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return { value: minutes, unit: 'minute' };
  return minutes < 2_880
    ? { value: Math.round(minutes / 60), unit: 'hour' }
    : { value: Math.round(minutes / 1_440), unit: 'day' };
}

/** The middle value (the upper one of an even count); undefined for none. */
export const median = (xs: readonly number[]): number | undefined =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : undefined;

/** How fast moderators handled resolved reports of one severity (median times in ms). */
export function handlingTimes(
  resolved: readonly Report[],
  severity: Severity,
): { count: number; acknowledge: number | undefined; resolve: number | undefined } {
  const of = resolved.filter((r) => r.severity === severity);
  // A report resolved without an explicit acknowledgement was acknowledged by its resolution.
  const acknowledged = of.map((r) => (r.acknowledgedAt ?? r.resolvedAt!).getTime() - r.createdAt.getTime());
  return {
    count: of.length,
    acknowledge: median(acknowledged),
    resolve: median(of.map((r) => r.resolvedAt!.getTime() - r.createdAt.getTime())),
  };
}

const AGE_BUCKETS = [
  ['hour', 3_600_000],
  ['day', 86_400_000],
  ['week', 7 * 86_400_000],
  ['older', Infinity],
] as const;

/** An age bucket by its upper limit: under an hour, a day, a week, or older. */
export type AgeBucket = (typeof AGE_BUCKETS)[number][0];

/** Open reports counted by age, in fixed buckets from the youngest. */
export function openByAge(
  open: readonly Pick<Report, 'createdAt'>[],
  now: Date,
): { bucket: AgeBucket; count: number }[] {
  let from = 0;
  return AGE_BUCKETS.map(([bucket, limit]) => {
    const lower = from;
    from = limit;
    const count = open.filter((r) => {
      const age = now.getTime() - r.createdAt.getTime();
      return age >= lower && age < limit;
    }).length;
    return { bucket, count };
  });
}

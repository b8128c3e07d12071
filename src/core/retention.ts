import type { Logger } from './logger.ts';
import type { JobDefinition } from './scheduler.ts';

/**
 * The kinds of record that have a retention period, by their key under `retention:` in
 * the YAML. Every other kind of record is kept while the community keeps it (a member's
 * own data until they erase it with `/mydata erase`); the README's data table lists both.
 */
export const RETENTION_KINDS = [
  'messageActivity',
  'outreachLog',
  'resolvedReports',
  'dedupLedger',
  'finishedTasks',
  'closedPolls',
  'rollups',
  'thanks',
  'finishedSpotlights',
  'missedYouAbsences',
  'closedSurveys',
  'sentNewsletters',
  'digestIssues',
] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** How long a kind of record is kept, in milliseconds; `forever` is never pruned. */
export type RetentionPeriod = number | 'forever';
export type RetentionPeriods = Record<RetentionKind, RetentionPeriod>;

/**
 * The defaults, and why: raw message metadata only feeds the roll-ups and `/mydata`, so a
 * quarter is enough; the outreach log answers "did we contact them this year"; resolved
 * reports stay two years so a pattern of behaviour can still be seen; platforms replay
 * only recent events, so the dedup ledger needs a week; the roll-ups are counts that the
 * health figures compare year on year, so they stay.
 */
export const RETENTION_DEFAULTS: Readonly<Record<RetentionKind, string>> = {
  messageActivity: '90d',
  outreachLog: '365d',
  resolvedReports: '730d',
  dedupLedger: '7d',
  finishedTasks: '30d',
  closedPolls: 'forever',
  rollups: 'forever',
  // Levels read thanks over their window (28 days by default, a year at most): a year covers any window.
  thanks: '365d',
  // Ended spotlights keep recent picks from being suggested again (features.spotlight.cooldown, 180d by default).
  finishedSpotlights: '730d',
  // "We missed you" absences feed a 7-day return figure; a year keeps the effect comparable year on year.
  missedYouAbsences: '365d',
  // Closed surveys name nobody; two years keep the satisfaction score's history.
  closedSurveys: '730d',
  // Who got which newsletter issue: a year answers "did they get it"; the list itself stays until unsubscribed or erased.
  sentNewsletters: '365d',
  // Past digest issues (and their moderators' notes) only show what went out when: two years is plenty.
  digestIssues: '730d',
};

/** The moment before which a record of a kind is past its period, for a run at `slot`. */
export interface RetentionCutoff {
  at: Date;
  /** The community's local day of `at`: day-keyed roll-ups older than it are past their period. */
  day: string;
}

/** Storage's side of retention: deletes one kind's records older than the cutoff, returns how many. */
export interface RetentionStore {
  prune(community: string, kind: RetentionKind, cutoff: RetentionCutoff): number;
}

/** The cutoff of each kind that has a period, for a run at `slot`. */
export function retentionCutoffs(
  periods: RetentionPeriods,
  slot: Date,
  dayOf: (at: Date) => string,
): [RetentionKind, RetentionCutoff][] {
  return RETENTION_KINDS.flatMap((kind): [RetentionKind, RetentionCutoff][] => {
    const period = periods[kind];
    if (period === 'forever') return [];
    const at = new Date(slot.getTime() - period);
    return [[kind, { at, day: dayOf(at) }]];
  });
}

export interface RetentionJobDeps {
  community: string;
  periods: RetentionPeriods;
  store: RetentionStore;
  dayOf(at: Date): string;
  /** Buffered message metadata is written first, so nothing old is left in memory to write back later. */
  flush(): void;
  atomically<T>(work: () => T): T;
  logger: Logger;
}

export const RETENTION_JOB_ID = 'core.retention';

/**
 * The nightly job that enforces retention. Each run deletes everything past its period as
 * of its slot, so after downtime one run for the latest missed night covers every night
 * missed (`latestOnly`), and the slot claim makes it run once even across processes.
 */
export function retentionJob(deps: RetentionJobDeps): JobDefinition {
  return {
    id: RETENTION_JOB_ID,
    cron: '41 3 * * *',
    missed: { kind: 'catch-up', latestOnly: true },
    run: async (slot) => {
      deps.flush();
      const pruned = deps.atomically(() =>
        Object.fromEntries(
          retentionCutoffs(deps.periods, slot, deps.dayOf).map(([kind, cutoff]) => [
            kind,
            deps.store.prune(deps.community, kind, cutoff),
          ]),
        ),
      );
      const total = Object.values(pruned).reduce((sum, n) => sum + n, 0);
      if (total > 0) deps.logger.info('records past their retention period deleted', { pruned });
    },
  };
}

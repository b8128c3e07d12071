/**
 * Readiness: may traffic (and the operator's monitoring) count on this process now? Three
 * checks, each with its reason when it fails, worded for operators and free of secrets:
 * the platform connection is up, the database takes a write, the scheduler keeps up.
 */
import type { Connection } from './metrics.ts';

export interface ReadinessInputs {
  connection(): Connection;
  /** Why the database takes no write, or undefined when it does. */
  databaseProblem(): string | undefined;
  schedulerLagMs(): number;
  maxSchedulerLagMs: number;
}

export interface Check {
  name: 'platform' | 'database' | 'scheduler';
  ok: boolean;
  reason?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Check[];
}

const check = (name: Check['name'], problem: string | undefined): Check =>
  problem === undefined ? { name, ok: true } : { name, ok: false, reason: problem };

export function readiness(inputs: ReadinessInputs): Readiness {
  const connection = inputs.connection();
  const lagMs = inputs.schedulerLagMs();
  const checks = [
    check(
      'platform',
      connection.connected
        ? undefined
        : `${connection.platform ?? 'platform'} not connected: ${connection.reason ?? 'unknown'}`,
    ),
    check('database', inputs.databaseProblem()),
    check(
      'scheduler',
      lagMs > inputs.maxSchedulerLagMs
        ? `the oldest due task has waited ${Math.round(lagMs / 1000)} s (more than ${Math.round(inputs.maxSchedulerLagMs / 1000)} s)`
        : undefined,
    ),
  ];
  return { ready: checks.every((c) => c.ok), checks };
}

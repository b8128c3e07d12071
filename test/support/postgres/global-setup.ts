// vitest global setup: one throwaway PostgreSQL cluster for the whole run, shared by the
// test files through the environment (each test makes its own database in it). Under CI a
// missing PostgreSQL fails the run; elsewhere the PostgreSQL tests report why they cannot run.
import { startCluster, type Cluster } from './cluster.ts';

let cluster: Cluster | undefined;

export async function setup(): Promise<void> {
  try {
    cluster = await startCluster();
    process.env['FOYER_TEST_POSTGRES_SERVER'] = cluster.url('postgres');
  } catch (error) {
    if (process.env['CI'] === 'true') throw error;
    process.env['FOYER_TEST_POSTGRES_MISSING'] = (error as Error).message;
  }
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}

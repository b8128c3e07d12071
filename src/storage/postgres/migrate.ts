import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PostgresSyncClient } from './sync-client.ts';

/** An arbitrary, fixed key: processes starting together migrate one after the other. */
const MIGRATION_LOCK = 7_345_201;

/**
 * Applies the committed PostgreSQL migrations (`src/storage/migrations-pg/*.sql`, in name
 * order) that this database has not had yet, each in the transaction that records it.
 * Several Foyer processes may start at once on one database: a transaction-scoped
 * advisory lock makes them take turns, and the second finds nothing left to do.
 */
export function migratePostgres(client: PostgresSyncClient, folder: string): string[] {
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  client.transaction(() => {
    client.prepare(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`).get();
    client.exec('CREATE TABLE IF NOT EXISTS foyer_migrations (name text PRIMARY KEY, applied_at bigint NOT NULL)');
    const done = new Set(client.prepare('SELECT name FROM foyer_migrations').pluck().all() as string[]);
    for (const file of files) {
      if (done.has(file)) continue;
      client.exec(readFileSync(join(folder, file), 'utf8'));
      client.prepare('INSERT INTO foyer_migrations (name, applied_at) VALUES (?, ?)').run(file, Date.now());
      applied.push(file);
    }
  })();
  return applied;
}

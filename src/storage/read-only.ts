import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { HealthStore } from '../features/health/health.store.ts';
import type { TriageStore } from '../features/triage/triage.store.ts';
import { isPostgresUrl, type Db } from './database.ts';
import { createHealthStore } from './health.store.ts';
import { PostgresSyncClient } from './postgres/sync-client.ts';
import * as schema from './schema.ts';
import { createTriageStore } from './triage.store.ts';

export interface ReadOnlyStores {
  health: HealthStore;
  triage: TriageStore;
  close(): void;
}

/**
 * A second, read-only connection to the database (a SQLite file, or PostgreSQL), for work done off the main thread
 * (the dashboard's figures in a worker). WAL lets it read what the bot has committed while
 * the bot keeps writing; it never migrates and cannot write.
 */
export function openReadOnlyStores(path: string): ReadOnlyStores {
  const client = isPostgresUrl(path)
    ? (new PostgresSyncClient({
        url: path,
        readOnly: true,
        applicationName: 'foyer-read-only',
      }) as unknown as Database.Database)
    : new Database(path, { readonly: true, fileMustExist: true });
  if (!isPostgresUrl(path)) client.pragma('busy_timeout = 200');
  const db = drizzle({ client, schema }) as Db;
  return { health: createHealthStore({ db }), triage: createTriageStore({ db }), close: () => client.close() };
}

import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.ts';
import { ensureDailyCounts } from './active-members.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens (or creates) the SQLite database and applies the committed migrations.
 * `:memory:` gives tests a real database with the real schema.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const client = new Database(path);
  client.pragma('journal_mode = WAL');
  client.pragma('foreign_keys = ON');
  // WAL + NORMAL is durable against process crashes (kill -9); only an OS crash may
  // lose the last transactions, which is the documented SQLite trade-off.
  client.pragma('synchronous = NORMAL');
  // Low on purpose: a locked database should fail fast, never stall the event loop.
  client.pragma('busy_timeout = 200');
  const db = drizzle({ client, schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS });
  // Member-days written before the per-day counts existed are counted once, here.
  ensureDailyCounts(db);
  return db;
}

/**
 * Runs `work` in one transaction. It must be synchronous: better-sqlite3 commits when
 * the callback returns, so an async callback would commit before its awaited writes.
 */
export function transaction<T>(db: Db, work: () => T): T {
  const result = db.$client.transaction(work)();
  if (result instanceof Promise) throw new Error('transaction callbacks must be synchronous');
  return result;
}

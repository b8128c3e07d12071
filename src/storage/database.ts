import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.ts';
import { ensureDailyCounts } from './active-members.ts';
import { PostgresSyncClient, type PostgresOptions } from './postgres/sync-client.ts';
import { migratePostgres } from './postgres/migrate.ts';

/**
 * One database, SQLite or PostgreSQL, behind drizzle's SQLite interface: on PostgreSQL the
 * client is a `PostgresSyncClient`, which speaks better-sqlite3's synchronous interface
 * and translates the SQL (see postgres/sync-client.ts and postgres/translate.ts).
 */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export type SqlDialect = 'sqlite' | 'postgres';

/** Which database `db` is, for the few statements written per dialect. */
/** Whether a raw client (what `db.$client` is) talks to PostgreSQL through the bridge. */
export const isPostgresClient = (client: unknown): boolean => client instanceof PostgresSyncClient;

export const sqlDialect = (db: Db): SqlDialect => (isPostgresClient(db.$client) ? 'postgres' : 'sqlite');

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const PG_MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations-pg');

/** Whether a configured database is a PostgreSQL URL rather than a SQLite file. */
export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

/**
 * Opens a PostgreSQL database and applies the committed PostgreSQL migrations. The
 * password is not in the URL Foyer is configured with: it is added here from the
 * environment (`passwordEnv`), and never logged.
 */
export function openPostgresDatabase(options: PostgresOptions): Db {
  const client = new PostgresSyncClient(options);
  try {
    migratePostgres(client, PG_MIGRATIONS);
  } catch (error) {
    client.close();
    throw error;
  }
  return drizzle({ client: client as unknown as Database.Database, schema }) as Db;
}

/**
 * Opens (or creates) the SQLite database and applies the committed migrations.
 * `:memory:` gives tests a real database with the real schema.
 */
export function openDatabase(path: string): Db {
  if (isPostgresUrl(path)) return openPostgresDatabase({ url: path });
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

import { openDatabase, type Db } from '../../../src/storage/database.ts';
import { openStorage, type Storage } from '../../../src/storage/index.ts';
import { PostgresSyncClient } from '../../../src/storage/postgres/sync-client.ts';

let n = 0;

/** The shared test server's URL for `database` (see global-setup.ts); throws why there is none. */
export function postgresUrl(database = 'postgres'): string {
  const server = process.env['FOYER_TEST_POSTGRES_SERVER'];
  if (!server)
    throw new Error(
      `no PostgreSQL server for the tests: ${process.env['FOYER_TEST_POSTGRES_MISSING'] ?? 'the global setup did not run'}`,
    );
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A new, empty database on the shared test server; returns its URL. */
export function createTestDatabase(prefix = 'foyer_test'): string {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${++n}`;
  const admin = new PostgresSyncClient({ url: postgresUrl() });
  try {
    admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    admin.close();
  }
  return postgresUrl(name);
}

/** Which database the feature tests run on: FOYER_TEST_DATABASE=postgres runs them on PostgreSQL. */
export const testDatabaseKind = (): 'sqlite' | 'postgres' =>
  process.env['FOYER_TEST_DATABASE'] === 'postgres' ? 'postgres' : 'sqlite';

/** A fresh, empty storage on the database the tests run on. */
export function openTestStorage(): Storage {
  return openStorage(testDatabaseKind() === 'postgres' ? createTestDatabase() : ':memory:');
}

/** Where a fresh, empty database for one test is: a PostgreSQL URL, or a SQLite file in `folder`. */
export function testDatabaseLocation(sqliteFile: string): string {
  return testDatabaseKind() === 'postgres' ? createTestDatabase() : sqliteFile;
}

/** A fresh, migrated database on the database the tests run on (the raw Db, for store tests). */
export function openTestDatabase(): Db {
  return openDatabase(testDatabaseKind() === 'postgres' ? createTestDatabase() : ':memory:');
}

/** The database side of `npm run export` and `npm run import`: which connection each one uses. */
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { isPostgresUrl, openDatabase } from '../database.ts';
import { PostgresSyncClient } from '../postgres/sync-client.ts';
import { describeLocation } from '../location.ts';
import { importExport, type ImportSummary } from './import.ts';

/**
 * A read-only connection: the export cannot change anything, and it reads one consistent
 * snapshot (SQLite's WAL, PostgreSQL's repeatable read) while a running Foyer keeps writing.
 */
export function openForExport(path: string): Database.Database {
  if (isPostgresUrl(path))
    return new PostgresSyncClient({
      url: path,
      readOnly: true,
      applicationName: 'foyer-export',
    }) as unknown as Database.Database;
  if (path === ':memory:')
    throw new Error('database.path is ":memory:": nothing is kept, so there is nothing to export');
  if (!existsSync(path)) throw new Error(`no database at ${path} (database.path in the configuration)`);
  return new Database(path, { readonly: true, fileMustExist: true });
}

/**
 * Imports into the database at `path`, migrated first. A refused import leaves it as it
 * was; a database file the import itself created is removed again.
 */
export function importIntoDatabase(path: string, dir: string): ImportSummary {
  if (path === ':memory:') throw new Error('database.path is ":memory:": an import there would be lost at once');
  const created = !isPostgresUrl(path) && !existsSync(path);
  const db = openDatabase(path);
  let done = false;
  try {
    const summary = importExport(db.$client, dir, describeLocation(path));
    done = true;
    return summary;
  } finally {
    db.$client.close();
    if (created && !done) for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
  }
}

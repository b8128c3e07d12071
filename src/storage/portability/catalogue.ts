/**
 * Which tables an export holds, read from the SQLite catalogue rather than a list, so a
 * table a later migration adds is exported and imported without new code.
 */
import type Database from 'better-sqlite3';
import type { ColumnSchema } from './format.ts';

/** drizzle's own bookkeeping: the importer's migrations write it, so it is not community data. */
const MIGRATIONS_TABLE = '__drizzle_migrations';

export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Every table of community data, by name. SQLite's internal tables are left out (sequences travel in the manifest). */
export function dataTables(sqlite: Database.Database): string[] {
  return sqlite
    .prepare(
      `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ? ORDER BY name`,
    )
    .pluck()
    .all(MIGRATIONS_TABLE) as string[];
}

interface TableInfoRow {
  name: string;
  type: string;
  notnull: number;
  pk: number;
  dflt_value: string | null;
}

export interface ColumnInfo extends ColumnSchema {
  hasDefault: boolean;
}

export function tableColumns(sqlite: Database.Database, table: string): ColumnInfo[] {
  const rows = sqlite.prepare(`PRAGMA table_info(${quoteIdentifier(table)})`).all() as TableInfoRow[];
  return rows.map((r) => ({
    name: r.name,
    type: r.type,
    notNull: r.notnull === 1,
    primaryKey: r.pk,
    hasDefault: r.dflt_value !== null,
  }));
}

/** Rows in primary-key order make the output deterministic; a table without one is ordered by all its columns. */
export function orderColumns(columns: readonly ColumnSchema[]): string[] {
  const key = columns.filter((c) => c.primaryKey > 0).sort((a, b) => a.primaryKey - b.primaryKey);
  return (key.length > 0 ? key : columns).map((c) => c.name);
}

/** AUTOINCREMENT counters: without them an imported database would reuse the ids of deleted rows. */
export function sequences(sqlite: Database.Database): { table: string; seq: number }[] {
  const exists = sqlite.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'`).get();
  if (!exists) return [];
  return sqlite.prepare('SELECT name AS "table", seq FROM sqlite_sequence ORDER BY name').all() as {
    table: string;
    seq: number;
  }[];
}

/**
 * Which tables an export holds, read from the database's catalogue rather than a list, so
 * a table a later migration adds is exported and imported without new code. SQLite and
 * PostgreSQL each have their own catalogue; both answer in SQLite's terms (its declared
 * column types, its AUTOINCREMENT counters), so an export reads the same whichever
 * database it came from, and a community moves between them with export and import.
 */
import type Database from 'better-sqlite3';
import { isPostgresClient } from '../database.ts';
import type { ColumnSchema } from './format.ts';

/** Each database's migration bookkeeping: the importer's migrations write it, so it is not community data. */
const MIGRATIONS_TABLE = '__drizzle_migrations';
const PG_MIGRATIONS_TABLE = 'foyer_migrations';

export const onPostgres = (client: Database.Database): boolean => isPostgresClient(client);

/** PostgreSQL's types as the SQLite migrations declare them (the schema is generated from those, see postgres/ddl.ts). */
const SQLITE_TYPE: Readonly<Record<string, string>> = {
  bigint: 'INTEGER',
  text: 'TEXT',
  'double precision': 'REAL',
  bytea: 'BLOB',
  numeric: 'NUMERIC',
};

export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Every table of community data, by name. SQLite's internal tables are left out (sequences travel in the manifest). */
export function dataTables(sqlite: Database.Database): string[] {
  if (onPostgres(sqlite))
    return sqlite
      .prepare(
        `SELECT table_name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> ? ORDER BY table_name`,
      )
      .pluck()
      .all(PG_MIGRATIONS_TABLE) as string[];
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
  if (onPostgres(sqlite)) return postgresColumns(sqlite, table);
  const rows = sqlite.prepare(`PRAGMA table_info(${quoteIdentifier(table)})`).all() as TableInfoRow[];
  return rows.map((r) => ({
    name: r.name,
    type: r.type,
    notNull: r.notnull === 1,
    primaryKey: r.pk,
    hasDefault: r.dflt_value !== null,
  }));
}

function postgresColumns(client: Database.Database, table: string): ColumnInfo[] {
  const rows = client
    .prepare(
      `SELECT c.column_name, c.data_type, c.is_nullable, c.column_default IS NOT NULL OR c.is_identity = 'YES',
              coalesce((SELECT k.ordinal_position FROM information_schema.table_constraints t
                        JOIN information_schema.key_column_usage k
                          ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema
                        WHERE t.table_schema = c.table_schema AND t.table_name = c.table_name
                          AND t.constraint_type = 'PRIMARY KEY' AND k.column_name = c.column_name), 0)
       FROM information_schema.columns c
       WHERE c.table_schema = current_schema() AND c.table_name = ? ORDER BY c.ordinal_position`,
    )
    .raw()
    .all(table) as [string, string, string, number, number][];
  return rows.map(([name, type, nullable, hasDefault, primaryKey]) => {
    const declared = SQLITE_TYPE[type];
    if (!declared) throw new Error(`${table}.${name}: PostgreSQL type ${type} has no SQLite counterpart`);
    return { name, type: declared, notNull: nullable === 'NO', primaryKey, hasDefault: hasDefault === 1 };
  });
}

/** Rows in primary-key order make the output deterministic; a table without one is ordered by all its columns. */
export function orderColumns(columns: readonly ColumnSchema[]): string[] {
  const key = columns.filter((c) => c.primaryKey > 0).sort((a, b) => a.primaryKey - b.primaryKey);
  return (key.length > 0 ? key : columns).map((c) => c.name);
}

/** AUTOINCREMENT counters: without them an imported database would reuse the ids of deleted rows. */
export function sequences(sqlite: Database.Database): { table: string; seq: number }[] {
  if (onPostgres(sqlite))
    // An identity column stands for an AUTOINCREMENT key; one never used has no value yet, as SQLite has no row.
    return sqlite
      .prepare(
        `SELECT c.table_name AS "table", s.last_value AS seq FROM information_schema.columns c
         JOIN pg_sequences s ON s.schemaname = c.table_schema
           AND quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename) = pg_get_serial_sequence(quote_ident(c.table_name), c.column_name)
         WHERE c.table_schema = current_schema() AND c.is_identity = 'YES' AND s.last_value IS NOT NULL
         ORDER BY c.table_name`,
      )
      .all() as { table: string; seq: number }[];
  const exists = sqlite.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'`).get();
  if (!exists) return [];
  return sqlite.prepare('SELECT name AS "table", seq FROM sqlite_sequence ORDER BY name').all() as {
    table: string;
    seq: number;
  }[];
}

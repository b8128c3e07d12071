/**
 * Writes every table of a Foyer database as CSV and JSON, plus manifest.json, from one
 * read transaction: a consistent snapshot even while Foyer writes (SQLite WAL). Rows are
 * streamed in primary-key order, so the output is deterministic and never all in memory.
 */
import type Database from 'better-sqlite3';
import { mkdirSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataTables, onPostgres, orderColumns, quoteIdentifier, sequences, tableColumns } from './catalogue.ts';
import { CellError, csvCell, jsonValue, type SqlValue } from './cells.ts';
import { csvField } from './csv.ts';
import {
  columnKind,
  csvPath,
  FORMAT_VERSION,
  foyerVersion,
  jsonPath,
  MANIFEST,
  type ColumnSchema,
  type Manifest,
  type TableEntry,
} from './format.ts';
import { HashedFile } from './hashed-file.ts';

export interface ExportOptions {
  community: { id: string; name: string };
  exportedAt: Date;
  /**
   * Lets the event loop run every this many rows. Only for a connection of the export's
   * own: while a statement iterates, its connection can run nothing else.
   */
  yieldEvery?: number;
}

export interface ExportSummary {
  manifest: Manifest;
  rows: number;
  bytes: number;
}

/** Refuses to mix an export with what a folder already holds. */
export function prepareExportFolder(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new Error(`${dir} is not empty: give a new or empty folder for the export`);
  mkdirSync(join(dir, 'csv'), { recursive: true });
  mkdirSync(join(dir, 'json'), { recursive: true });
}

export async function exportDatabase(
  sqlite: Database.Database,
  dir: string,
  options: ExportOptions,
): Promise<ExportSummary> {
  prepareExportFolder(dir);
  const pause = pauser(options.yieldEvery);
  const tables: TableEntry[] = [];
  // One snapshot for every table: SQLite's read transaction (WAL), PostgreSQL's repeatable read.
  sqlite.exec(onPostgres(sqlite) ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
  try {
    for (const table of dataTables(sqlite)) tables.push(await exportTable(sqlite, dir, table, pause));
    const manifest: Manifest = {
      formatVersion: FORMAT_VERSION,
      foyerVersion: foyerVersion(),
      exportedAt: options.exportedAt.toISOString(),
      community: options.community,
      tables,
      sequences: sequences(sqlite),
    };
    // Written last: a folder without a manifest is an export that did not finish.
    writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return {
      manifest,
      rows: tables.reduce((n, t) => n + t.rows, 0),
      bytes: tables.reduce((n, t) => n + t.csv.bytes + t.json.bytes, 0),
    };
  } finally {
    sqlite.exec('COMMIT');
  }
}

type Pause = () => Promise<void> | undefined;

function pauser(every: number | undefined): Pause {
  if (!every) return () => undefined;
  let n = 0;
  return () => (++n % every === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined);
}

async function exportTable(sqlite: Database.Database, dir: string, table: string, pause: Pause): Promise<TableEntry> {
  const columns: ColumnSchema[] = tableColumns(sqlite, table).map(({ name, type, notNull, primaryKey }) => ({
    name,
    type,
    notNull,
    primaryKey,
  }));
  const kinds = columns.map((c) => columnKind(c.type));
  const orderBy = orderColumns(columns);
  const csv = new HashedFile(join(dir, csvPath(table)), csvPath(table));
  const json = new HashedFile(join(dir, jsonPath(table)), jsonPath(table));
  const names = columns.map((c) => JSON.stringify(c.name));
  csv.write(`${columns.map((c) => csvField(c.name)).join(',')}\r\n`);
  json.write('[');
  const select = sqlite
    .prepare(
      `SELECT ${columns.map((c) => quoteIdentifier(c.name)).join(', ')} FROM ${quoteIdentifier(table)}
      ORDER BY ${orderBy.map(quoteIdentifier).join(', ')}`,
    )
    .raw(true)
    .safeIntegers(true);
  let rows = 0;
  for (const row of select.iterate() as IterableIterator<SqlValue[]>) {
    try {
      csv.write(`${row.map((value, i) => csvCell(value, kinds[i]!)).join(',')}\r\n`);
      json.write(
        `${rows === 0 ? '' : ','}\n{${row.map((value, i) => `${names[i]}:${jsonValue(value, kinds[i]!)}`).join(',')}}`,
      );
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      throw new Error(`${table}, row ${rows + 1} in ${orderBy.join(', ')} order: ${error.message}`, { cause: error });
    }
    rows++;
    const paused = pause();
    if (paused) await paused;
  }
  json.write('\n]\n');
  return { table, rows, columns, orderBy, csv: csv.close(), json: json.close() };
}

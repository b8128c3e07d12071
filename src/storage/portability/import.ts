/**
 * Restores an export into an empty database, in one transaction, after checking the
 * manifest and every file: a refused import names the file and the reason (and the line
 * where there is one) and leaves the database as it was.
 */
import type Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataTables, onPostgres, quoteIdentifier, tableColumns } from './catalogue.ts';
import { CellError, cellValue, type SqlValue } from './cells.ts';
import { CsvError, CsvReader } from './csv.ts';
import { columnKind, FORMAT_VERSION, MANIFEST, type FileEntry, type Manifest, type TableEntry } from './format.ts';
import { fileDigest } from './hashed-file.ts';

export class ImportRefused extends Error {
  readonly file: string;
  readonly reason: string;
  readonly line: number | undefined;

  constructor(file: string, reason: string, line?: number) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${reason}`);
    this.file = file;
    this.reason = reason;
    this.line = line;
  }
}

export interface ImportSummary {
  tables: number;
  rows: number;
}

/** Reads and checks manifest.json: present, well-formed, and of a format version this Foyer reads. */
export function readManifest(dir: string): Manifest {
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) throw new ImportRefused(MANIFEST, `not found in ${dir}: this is not a finished Foyer export`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (error) {
    throw new ImportRefused(MANIFEST, `not valid JSON (${(error as Error).message})`);
  }
  const version = manifest?.formatVersion;
  if (!Number.isInteger(version) || version < 1)
    throw new ImportRefused(MANIFEST, 'formatVersion is missing or not a positive whole number');
  if (version > FORMAT_VERSION)
    throw new ImportRefused(
      MANIFEST,
      `format version ${version} is newer than the ${FORMAT_VERSION} this Foyer reads: import it with a newer Foyer`,
    );
  if (!Array.isArray(manifest.tables) || !Array.isArray(manifest.sequences))
    throw new ImportRefused(MANIFEST, 'tables or sequences is missing');
  return manifest;
}

/** Every file the manifest lists is there, whole and unchanged. */
export function verifyFiles(dir: string, manifest: Manifest): void {
  for (const entry of manifest.tables.flatMap((t) => [t.csv, t.json])) verifyFile(dir, entry);
}

function verifyFile(dir: string, entry: FileEntry): void {
  const file = join(dir, entry.path);
  if (!existsSync(file)) throw new ImportRefused(entry.path, 'missing: the manifest lists it');
  const { bytes, sha256 } = fileDigest(file);
  if (bytes < entry.bytes)
    throw new ImportRefused(entry.path, `truncated: ${bytes} bytes where the manifest says ${entry.bytes}`);
  if (bytes !== entry.bytes)
    throw new ImportRefused(entry.path, `${bytes} bytes where the manifest says ${entry.bytes}`);
  if (sha256 !== entry.sha256)
    throw new ImportRefused(entry.path, `checksum mismatch: sha256 ${sha256}, the manifest says ${entry.sha256}`);
}

/** Refuses a database that already holds anything: an import restores a community, it never merges two. */
export function assertEmpty(sqlite: Database.Database, label: string): void {
  const filled = dataTables(sqlite).filter(
    (table) => sqlite.prepare(`SELECT 1 FROM ${quoteIdentifier(table)} LIMIT 1`).get() !== undefined,
  );
  if (filled.length > 0)
    throw new ImportRefused(
      label,
      `the database is not empty (${filled.join(', ')} hold rows): import only into a new, empty database`,
    );
}

/** The export's tables must exist in this database, with columns it knows; columns it adds must be able to stay empty. */
function checkSchema(sqlite: Database.Database, manifest: Manifest): void {
  const known = new Set(dataTables(sqlite));
  for (const entry of manifest.tables) {
    if (!known.has(entry.table)) throw new ImportRefused(entry.csv.path, `table ${entry.table} does not exist here`);
    const here = tableColumns(sqlite, entry.table);
    const exported = new Set(entry.columns.map((c) => c.name));
    for (const column of entry.columns)
      if (!here.some((h) => h.name === column.name))
        throw new ImportRefused(entry.csv.path, `column ${column.name} does not exist in table ${entry.table} here`);
    for (const column of here)
      if (!exported.has(column.name) && column.notNull && !column.hasDefault)
        throw new ImportRefused(
          entry.csv.path,
          `column ${column.name}, which cannot be empty here, is not in the export`,
        );
  }
}

/**
 * Checks everything, then restores it in one transaction. Throws ImportRefused, after
 * which the database is exactly as it was.
 */
export function importExport(sqlite: Database.Database, dir: string, label = 'the database'): ImportSummary {
  const manifest = readManifest(dir);
  assertEmpty(sqlite, label);
  checkSchema(sqlite, manifest);
  verifyFiles(dir, manifest);
  let rows = 0;
  const restore = sqlite.transaction(() => {
    // Tables go in name order, so references are checked once every row is in.
    if (onPostgres(sqlite)) sqlite.exec('SET CONSTRAINTS ALL DEFERRED');
    else sqlite.pragma('defer_foreign_keys = ON');
    for (const entry of manifest.tables) rows += importTable(sqlite, dir, entry);
    restoreSequences(sqlite, manifest.sequences);
  });
  try {
    restore();
  } catch (error) {
    if (error instanceof ImportRefused) throw error;
    const code = (error as { code?: string }).code ?? '';
    // SQLite's constraint codes, or PostgreSQL's class 23 (integrity constraint violation).
    if (code.startsWith('SQLITE_CONSTRAINT') || /^23\d{3}$/.test(code))
      throw new ImportRefused(MANIFEST, `the rows break a constraint of the schema (${(error as Error).message})`);
    throw error;
  }
  return { tables: manifest.tables.length, rows };
}

function importTable(sqlite: Database.Database, dir: string, entry: TableEntry): number {
  const kinds = entry.columns.map((c) => columnKind(c.type));
  const insert = sqlite.prepare(
    `INSERT INTO ${quoteIdentifier(entry.table)} (${entry.columns.map((c) => quoteIdentifier(c.name)).join(', ')})
     VALUES (${entry.columns.map(() => '?').join(', ')})`,
  );
  const reader = new CsvReader(join(dir, entry.csv.path));
  const refuse = (reason: string, line = reader.line): never => {
    throw new ImportRefused(entry.csv.path, reason, line);
  };
  let rows = 0;
  try {
    const header = readRecord(reader, refuse);
    const expected = entry.columns.map((c) => c.name);
    if (!header || header.join(',') !== expected.join(','))
      refuse(`the header is not the manifest's columns (${expected.join(', ')})`, 1);
    for (;;) {
      const line = reader.line;
      const record = readRecord(reader, refuse);
      if (!record) break;
      if (record.length !== kinds.length)
        refuse(`${record.length} fields where table ${entry.table} has ${kinds.length} columns`, line);
      const values = record.map((cell, i): SqlValue => {
        const column = entry.columns[i]!;
        if (cell === null && column.notNull) refuse(`column ${column.name} is empty but can never be NULL`, line);
        try {
          return cellValue(cell, kinds[i]!);
        } catch (error) {
          if (error instanceof CellError)
            return refuse(`column ${column.name} (${column.type}): ${error.message}`, line);
          throw error;
        }
      });
      try {
        insert.run(...values);
      } catch (error) {
        refuse(`this row does not fit the table: ${(error as Error).message}`, line);
      }
      rows++;
    }
  } finally {
    reader.close();
  }
  if (rows !== entry.rows) refuse(`${rows} rows where the manifest says ${entry.rows}`);
  return rows;
}

function readRecord(
  reader: CsvReader,
  refuse: (reason: string, line?: number) => never,
): (string | null)[] | undefined {
  try {
    return reader.next();
  } catch (error) {
    if (error instanceof CsvError) return refuse(error.message, error.line);
    throw error;
  }
}

function restoreSequences(sqlite: Database.Database, sequences: Manifest['sequences']): void {
  if (sequences.length === 0) return;
  if (onPostgres(sqlite)) {
    const restart = sqlite.prepare(
      `SELECT setval(pg_get_serial_sequence(quote_ident(c.table_name), c.column_name), ?)
       FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = ? AND c.is_identity = 'YES'`,
    );
    for (const { table, seq } of sequences) restart.get(seq, table);
    return;
  }
  const update = sqlite.prepare('UPDATE sqlite_sequence SET seq = ? WHERE name = ?');
  const insert = sqlite.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)');
  for (const { table, seq } of sequences) if (update.run(seq, table).changes === 0) insert.run(table, seq);
}

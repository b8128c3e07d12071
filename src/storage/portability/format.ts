/**
 * The export format, shared by the exporter, the importer and docs/data.md: what
 * manifest.json holds and where each file lives. Bump FORMAT_VERSION when a change
 * would make an older Foyer misread an export; an importer refuses a newer version.
 */
import { readFileSync } from 'node:fs';

export const FORMAT_VERSION = 1;
export const MANIFEST = 'manifest.json';

/** How a column's values are written, from SQLite's type affinity of its declared type. */
export type ColumnKind = 'integer' | 'real' | 'numeric' | 'text' | 'blob';

export interface ColumnSchema {
  name: string;
  /** The declared SQLite type, as in the database (`integer`, `text`…). */
  type: string;
  notNull: boolean;
  /** 1-based position in the primary key; 0 when the column is not part of it. */
  primaryKey: number;
}

export interface FileEntry {
  /** Relative to the export folder, with `/` separators. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface TableEntry {
  table: string;
  rows: number;
  columns: ColumnSchema[];
  /** The columns rows are ordered by: the primary key, else every column. */
  orderBy: string[];
  csv: FileEntry;
  json: FileEntry;
}

export interface Manifest {
  formatVersion: number;
  foyerVersion: string;
  /** ISO 8601; the only field that differs between two exports of the same data. */
  exportedAt: string;
  community: { id: string; name: string };
  tables: TableEntry[];
  /** SQLite's AUTOINCREMENT counters, so an imported database never reuses a deleted row's id. */
  sequences: { table: string; seq: number }[];
}

/** SQLite's affinity rules (https://www.sqlite.org/datatype3.html, section 3.1), in their order. */
export function columnKind(declared: string): ColumnKind {
  const type = declared.toUpperCase();
  if (type.includes('INT')) return 'integer';
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return 'text';
  if (type.includes('BLOB') || type === '') return 'blob';
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return 'real';
  return 'numeric';
}

export const csvPath = (table: string): string => `csv/${table}.csv`;
export const jsonPath = (table: string): string => `json/${table}.json`;

/** Foyer's version from package.json, written into each manifest. */
export function foyerVersion(): string {
  const file = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

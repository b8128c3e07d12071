import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../../src/storage/schema.ts';
import { openDatabase } from '../../../src/storage/database.ts';
import {
  exportDatabase,
  importIntoDatabase,
  openForExport,
  type Manifest,
} from '../../../src/storage/portability/index.ts';
import { sequences } from '../../../src/storage/portability/catalogue.ts';
import { CsvReader } from '../../../src/storage/portability/csv.ts';
import { columnKind } from '../../../src/storage/portability/format.ts';
import { testDatabaseLocation } from '../../support/postgres/database.ts';
import { buildCommunity, filesOf, HOSTILE_NAMES, tempFolder } from './community.ts';

const AT = new Date('2026-03-05T12:00:00Z');
const COMMUNITY = { id: 'garden', name: 'The Garden' };

const work = tempFolder('roundtrip');
const source = join(work.path, 'source.sqlite');
// In the PostgreSQL run, the import goes into PostgreSQL: the move from SQLite, checked byte for byte.
const restored = testDatabaseLocation(join(work.path, 'restored.sqlite'));
const first = join(work.path, 'first');
const second = join(work.path, 'second');

async function exportFile(file: string, dir: string, exportedAt = AT): Promise<Manifest> {
  const sqlite = openForExport(file);
  try {
    return (await exportDatabase(sqlite, dir, { community: COMMUNITY, exportedAt })).manifest;
  } finally {
    sqlite.close();
  }
}

let manifest: Manifest;
beforeAll(async () => {
  await buildCommunity(source);
  manifest = await exportFile(source, first);
  importIntoDatabase(restored, first);
  await exportFile(restored, second);
}, 60_000);
afterAll(() => work.dispose());

describe('export → import → export', () => {
  it('gives byte-identical files and the same checksums', async () => {
    const a = filesOf(first);
    const b = filesOf(second);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, bytes] of a) expect(b.get(path)!.equals(bytes), path).toBe(true);
    const again = JSON.parse(readFileSync(join(second, 'manifest.json'), 'utf8')) as Manifest;
    expect(again.tables.map((t) => [t.csv.sha256, t.json.sha256])).toEqual(
      manifest.tables.map((t) => [t.csv.sha256, t.json.sha256]),
    );
  });

  it('keeps exported-at out of the files: another moment changes only manifest.json', async () => {
    const later = join(work.path, 'later');
    const other = await exportFile(restored, later, new Date('2027-01-01T00:00:00Z'));
    expect(other.exportedAt).toBe('2027-01-01T00:00:00.000Z');
    expect(other.tables).toEqual(manifest.tables);
  });

  it('exports a community the features really filled', () => {
    const rows = Object.fromEntries(manifest.tables.map((t) => [t.table, t.rows]));
    for (const table of [
      'communities',
      'members',
      'onboarding_steps',
      'message_activity',
      'outreach_log',
      'polls',
      'ballots',
      'calendar_entries',
      'calendar_posts',
      'reports',
      'report_events',
      'crisis_state',
      'member_days',
      'channel_days',
      'channel_day_members',
      'membership_events',
      'first_messages',
      'staff_members',
      'job_runs',
      'scheduled_tasks',
    ])
      expect(rows[table], table).toBeGreaterThan(0);
    expect(manifest.sequences.length).toBeGreaterThan(0);
  });

  it('leaves out no table of the migrated database, nor any table schema.ts declares', () => {
    const exported = new Set(manifest.tables.map((t) => t.table));
    const fresh = openDatabase(':memory:');
    const migrated = fresh.$client
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`)
      .pluck()
      .all() as string[];
    fresh.$client.close();
    const internal = (name: string) => name.startsWith('sqlite_') || name === '__drizzle_migrations';
    expect(migrated.filter((name) => !internal(name) && !exported.has(name))).toEqual([]);
    const declared = Object.values(schema)
      .filter((value) => value instanceof SQLiteTable)
      .map((table) => getTableConfig(table as SQLiteTable).name);
    expect(declared.length).toBeGreaterThan(20);
    expect(declared.filter((name) => !exported.has(name))).toEqual([]);
  });

  it('describes each file: rows, bytes, sha256 and the schema with its primary key', () => {
    const members = manifest.tables.find((t) => t.table === 'members')!;
    expect(members.csv.path).toBe('csv/members.csv');
    expect(members.json.path).toBe('json/members.json');
    expect(members.orderBy).toEqual(['community_id', 'member_id']);
    expect(members.columns.find((c) => c.name === 'display_name')).toEqual({
      name: 'display_name',
      type: 'TEXT',
      notNull: true,
      primaryKey: 0,
    });
    expect(members.csv.sha256).toMatch(/^[0-9a-f]{64}$/);
    const json = JSON.parse(readFileSync(join(first, members.json.path), 'utf8')) as unknown[];
    expect(json).toHaveLength(members.rows);
    expect(manifest.formatVersion).toBe(1);
    expect(manifest.community).toEqual(COMMUNITY);
  });

  it('restores hostile names exactly, and no CSV cell can run as a spreadsheet formula', () => {
    const sqlite = openForExport(restored);
    const names = sqlite.prepare('SELECT display_name FROM members').pluck().all() as string[];
    sqlite.close();
    for (const name of HOSTILE_NAMES.filter(Boolean)) expect(names).toContain(name);
    for (const table of manifest.tables) {
      const reader = new CsvReader(join(first, table.csv.path));
      const text = table.columns.map((c) => columnKind(c.type) === 'text');
      expect(text.length).toBeGreaterThan(0);
      let checked = 0;
      for (let record = reader.next(); record; record = reader.next())
        record.forEach((cell, i) => {
          if (!text[i] || cell === null) return;
          checked++;
          expect(cell, `${table.table}.${table.columns[i]!.name}`).not.toMatch(/^[=+\-@\t\r]/);
        });
      reader.close();
      if (table.table === 'members') expect(checked).toBeGreaterThan(HOSTILE_NAMES.length);
    }
    const csv = readFileSync(join(first, 'csv/members.csv'), 'utf8');
    expect(csv).toContain(`'=HYPERLINK(""https://evil.example"",""x"")`);
    expect(csv).toContain(`"Zoë, ""the"" one\r\nsecond line"`);
  });

  it('restores the same rows as the source, column for column', () => {
    // Integers compared as text: exact on both databases (SQLite's safe integers, PostgreSQL's BIGINT).
    const cell = (value: unknown) =>
      typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)) ? String(value) : value;
    const read = (location: string) => {
      const sqlite = openForExport(location);
      const all = manifest.tables.map((t) =>
        // Every column, in order (NULLs first on both databases): rowids of tables without an integer key are SQLite's own business.
        (
          sqlite
            .prepare(
              `SELECT * FROM "${t.table}" ORDER BY ${t.columns.map((_c, i) => `${i + 1} NULLS FIRST`).join(', ')}`,
            )
            .raw(true)
            .all() as unknown[][]
        ).map((row) => row.map(cell)),
      );
      const seq = sequences(sqlite);
      sqlite.close();
      return { all, seq };
    };
    expect(read(restored)).toEqual(read(source));
  });
});

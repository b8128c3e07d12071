import { cpSync, existsSync, readFileSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/storage/database.ts';
import {
  exportDatabase,
  FORMAT_VERSION,
  ImportRefused,
  importIntoDatabase,
  openForExport,
  type Manifest,
} from '../../../src/storage/portability/index.ts';
import { buildCommunity, dump, tempFolder } from './community.ts';

const work = tempFolder('refusals');
const source = join(work.path, 'source.sqlite');
const original = join(work.path, 'export');
let n = 0;

beforeAll(async () => {
  await buildCommunity(source);
  const sqlite = openForExport(source);
  await exportDatabase(sqlite, original, {
    community: { id: 'garden', name: 'The Garden' },
    exportedAt: new Date('2026-03-05T12:00:00Z'),
  });
  sqlite.close();
}, 60_000);
afterAll(() => work.dispose());

/** A copy of the export to spoil, and an empty migrated database to import into. */
function fresh(): { dir: string; target: string } {
  n++;
  const dir = join(work.path, `copy${n}`);
  cpSync(original, dir, { recursive: true });
  const target = join(work.path, `target${n}.sqlite`);
  openDatabase(target).$client.close();
  return { dir, target };
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
const writeManifest = (dir: string, manifest: Manifest) =>
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));

/** Spoils a CSV file, then fixes its size and checksum in the manifest, so only the row check can catch it. */
function rewriteCsv(dir: string, table: string, edit: (csv: string) => string): void {
  const path = `csv/${table}.csv`;
  const next = Buffer.from(edit(readFileSync(join(dir, path), 'utf8')), 'utf8');
  writeFileSync(join(dir, path), next);
  const manifest = manifestOf(dir);
  const entry = manifest.tables.find((t) => t.table === table)!;
  entry.csv.bytes = next.length;
  entry.csv.sha256 = createHash('sha256').update(next).digest('hex');
  writeManifest(dir, manifest);
}

/** The import's refusal, and proof the target database did not change. */
function refusal(dir: string, target: string): ImportRefused {
  const before = dump(target);
  let refused: unknown;
  try {
    importIntoDatabase(target, dir);
  } catch (error) {
    refused = error;
  }
  expect(refused).toBeInstanceOf(ImportRefused);
  expect(dump(target)).toBe(before);
  return refused as ImportRefused;
}

describe('import refuses and changes nothing', () => {
  it('a file with one byte changed: checksum mismatch, naming the file', () => {
    const { dir, target } = fresh();
    const file = join(dir, 'csv/members.csv');
    const bytes = readFileSync(file);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0x01;
    writeFileSync(file, bytes);
    const refused = refusal(dir, target);
    expect(refused.file).toBe('csv/members.csv');
    expect(refused.reason).toMatch(/^checksum mismatch: sha256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}$/);
  });

  it('a truncated file: truncated, with its size and the expected size', () => {
    const { dir, target } = fresh();
    const file = join(dir, 'json/report_events.json');
    const size = readFileSync(file).length;
    truncateSync(file, Math.floor(size / 2));
    const refused = refusal(dir, target);
    expect(refused.file).toBe('json/report_events.json');
    expect(refused.reason).toBe(`truncated: ${Math.floor(size / 2)} bytes where the manifest says ${size}`);
  });

  it('a missing file', () => {
    const { dir, target } = fresh();
    unlinkSync(join(dir, 'csv/ballots.csv'));
    const refused = refusal(dir, target);
    expect(refused.message).toBe('csv/ballots.csv: missing: the manifest lists it');
  });

  it('a newer format version', () => {
    const { dir, target } = fresh();
    writeManifest(dir, { ...manifestOf(dir), formatVersion: FORMAT_VERSION + 1 });
    const refused = refusal(dir, target);
    expect(refused.file).toBe('manifest.json');
    expect(refused.reason).toBe(
      `format version ${FORMAT_VERSION + 1} is newer than the ${FORMAT_VERSION} this Foyer reads: import it with a newer Foyer`,
    );
  });

  it('a folder without a manifest', () => {
    const { dir, target } = fresh();
    unlinkSync(join(dir, 'manifest.json'));
    expect(refusal(dir, target).message).toMatch(
      /^manifest\.json: not found in .*: this is not a finished Foyer export$/,
    );
  });

  it('a database that is not empty, naming the tables that hold rows', () => {
    const { dir } = fresh();
    const refused = refusal(dir, source);
    expect(refused.reason).toMatch(
      /^the database is not empty \(.*\bmembers\b.*\): import only into a new, empty database$/,
    );
  });

  it('a row that does not match the schema, with its line, after the rows before it were inserted', () => {
    const { dir, target } = fresh();
    // Break the last row of message_activity: its `at` (a timestamp) becomes text.
    rewriteCsv(dir, 'message_activity', (csv) => {
      const lines = csv.split('\r\n');
      const last = lines.length - 2;
      lines[last] = lines[last]!.replace(/,(\d{13}),/, ',soon,');
      return lines.join('\r\n');
    });
    const lines = readFileSync(join(dir, 'csv/message_activity.csv'), 'utf8').split('\r\n').length - 1;
    const refused = refusal(dir, target);
    expect(refused.file).toBe('csv/message_activity.csv');
    expect(refused.line).toBe(lines);
    expect(refused.reason).toBe('column at (INTEGER): "soon" is not a number');
  });

  it('an empty cell where the schema says never NULL', () => {
    const { dir, target } = fresh();
    rewriteCsv(dir, 'members', (csv) => csv.replace(/\r\n([^,\r\n]+),/, '\r\n,'));
    const refused = refusal(dir, target);
    expect(refused.message).toBe('csv/members.csv:2: column community_id is empty but can never be NULL');
  });

  it('a row count other than the manifest’s', () => {
    const { dir, target } = fresh();
    rewriteCsv(dir, 'polls', (csv) => csv.split('\r\n').slice(0, 1).join('\r\n') + '\r\n');
    const refused = refusal(dir, target);
    expect(refused.file).toBe('csv/polls.csv');
    expect(refused.reason).toMatch(/^0 rows where the manifest says [1-9]\d*$/);
  });

  it('a database file the refused import created is removed again', () => {
    const { dir } = fresh();
    writeManifest(dir, { ...manifestOf(dir), formatVersion: FORMAT_VERSION + 1 });
    const target = join(work.path, 'never.sqlite');
    expect(() => importIntoDatabase(target, dir)).toThrow(ImportRefused);
    expect(existsSync(target)).toBe(false);
  });
});

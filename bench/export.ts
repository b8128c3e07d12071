/**
 * `npm run export` / `npm run import` at scale: a community of BENCH_EXPORT_MEMBERS
 * members (default 100,000) and BENCH_EXPORT_ROWS message rows (default 10 million) with
 * their roll-ups, loaded with bench/health.ts's loaders. Measured in the
 * same run, each against a baseline:
 *  - export (CSV + JSON + checksums) vs reading every row of every table in the same order;
 *  - import (checks, CSV parsing, one transaction) vs SQLite copying the same tables
 *    itself (INSERT … SELECT from the attached source).
 * It prints rows/s and MB written; it never fails on speed. It fails when the import does
 * not hold the rows the source holds.
 *
 *   BENCH_EXPORT_MEMBERS, BENCH_EXPORT_ROWS  community size
 */
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/storage/database.ts';
import { dataTables, orderColumns, quoteIdentifier, tableColumns } from '../src/storage/portability/catalogue.ts';
import { exportDatabase, importIntoDatabase, openForExport } from '../src/storage/portability/index.ts';
import { COMMUNITY, loadMembers, loadMessages } from './health.ts';
import { collectGarbage, envPositiveInt as env, formatRate, now, prng, table, tempDatabase } from './support.ts';

/** The member records themselves (bench/health.ts loads only their joins and leaves). */
function loadMemberRecords(sqlite: Database.Database, joinedAt: Float64Array): void {
  sqlite.prepare('INSERT INTO communities (id, name, created_at) VALUES (?, ?, ?)').run(COMMUNITY, 'Bench', 0);
  const insert = sqlite.prepare(
    'INSERT INTO members (community_id, member_id, display_name, joined_at, has_photo) VALUES (?, ?, ?, ?, ?)',
  );
  sqlite.transaction(() => {
    // Every tenth name starts like a formula, so the CSV escaping is on the measured path.
    for (let i = 0; i < joinedAt.length; i++)
      insert.run(COMMUNITY, `member${i}`, i % 10 === 0 ? `=Member ${i}` : `Member ${i}`, joinedAt[i], i % 3);
  })();
}

/** Every row of every table, in the export's order: what any export must at least do. */
function readEverything(sqlite: Database.Database): number {
  let rows = 0;
  sqlite.exec('BEGIN');
  for (const name of dataTables(sqlite)) {
    const order = orderColumns(tableColumns(sqlite, name)).map(quoteIdentifier).join(', ');
    const select = sqlite.prepare(`SELECT * FROM ${quoteIdentifier(name)} ORDER BY ${order}`).raw(true);
    for (const _row of select.iterate()) rows++;
  }
  sqlite.exec('COMMIT');
  return rows;
}

/** SQLite copying every table into a fresh migrated database itself, in one transaction. */
function nativeCopy(source: string, target: string): void {
  const db = openDatabase(target);
  const sqlite = db.$client;
  sqlite.prepare('ATTACH DATABASE ? AS source').run(source);
  sqlite.transaction(() => {
    for (const name of dataTables(sqlite)) {
      // The source's columns by name: a column a newer migration added stays at its default, as in the import.
      const columns = (sqlite.prepare(`PRAGMA source.table_info(${quoteIdentifier(name)})`).all() as { name: string }[])
        .map((c) => quoteIdentifier(c.name))
        .join(', ');
      if (columns === '') continue;
      sqlite.exec(
        `INSERT INTO main.${quoteIdentifier(name)} (${columns}) SELECT ${columns} FROM source.${quoteIdentifier(name)}`,
      );
    }
  })();
  sqlite.exec('DETACH DATABASE source');
  sqlite.close();
}

const count = (file: string): number => {
  const sqlite = openForExport(file);
  const total = dataTables(sqlite).reduce(
    (n, name) =>
      n +
      (sqlite
        .prepare(`SELECT count(*) FROM ${quoteIdentifier(name)}`)
        .pluck()
        .get() as number),
    0,
  );
  sqlite.close();
  return total;
};

/** BENCH_EXPORT_VERBOSE=1 prints each phase's time as it ends. */
const phase = <T>(name: string, work: () => T): T => {
  const t0 = now();
  const result = work();
  if (process.env.BENCH_EXPORT_VERBOSE) process.stdout.write(`  ${name}: ${(now() - t0).toFixed(0)} ms\n`);
  return result;
};

const timed = async (work: () => unknown): Promise<number> => {
  collectGarbage();
  const t0 = now();
  await work();
  return now() - t0;
};

export async function runExportBench(): Promise<void> {
  const members = env('BENCH_EXPORT_MEMBERS', 100_000);
  const messages = env('BENCH_EXPORT_ROWS', 10_000_000);
  const began = now();
  const source = tempDatabase('export-source');
  const copy = tempDatabase('export-copy');
  const imported = tempDatabase('export-import');
  const out = mkdtempSync(join(tmpdir(), 'foyer-bench-export-'));
  try {
    const db = openDatabase(source.file);
    const random = prng(0xe4b0);
    const joinedAt = phase('members', () => loadMembers(db.$client, members, random));
    phase('member records', () => loadMemberRecords(db.$client, joinedAt));
    // Through Foyer's activity writer: raw rows and roll-ups as in production.
    phase('messages and roll-ups', () => loadMessages(db, messages, joinedAt, random));
    db.$client.close();
    const rows = phase('count', () => count(source.file));
    process.stdout.write(
      `\nexport/import: ${members.toLocaleString('en-US')} members, ${messages.toLocaleString('en-US')} message rows, ` +
        `${rows.toLocaleString('en-US')} rows in all tables with the roll-ups; loaded in ${((now() - began) / 1000).toFixed(1)} s\n`,
    );

    const reader = openForExport(source.file);
    const readMs = await timed(() => readEverything(reader));
    let written = 0;
    const exportMs = await timed(async () => {
      const summary = await exportDatabase(reader, join(out, 'export'), {
        community: { id: COMMUNITY, name: 'Bench' },
        exportedAt: new Date(),
      });
      written = summary.bytes;
    });
    reader.close();
    const copyMs = await timed(() => nativeCopy(source.file, copy.file));
    const importMs = await timed(() => importIntoDatabase(imported.file, join(out, 'export')));
    const restored = count(imported.file);
    if (restored !== rows) throw new Error(`the import holds ${restored} rows, the source ${rows}`);

    const rate = (ms: number) => formatRate(rows / (ms / 1000));
    process.stdout.write(
      `${table(
        ['measurement', 'rows/s', 'ms', 'ratio to baseline'],
        [
          ['baseline: read every row in key order', rate(readMs), readMs.toFixed(0), '1.00'],
          ['export: CSV + JSON + sha256', rate(exportMs), exportMs.toFixed(0), (readMs / exportMs).toFixed(2)],
          ['baseline: SQLite INSERT … SELECT copy', rate(copyMs), copyMs.toFixed(0), '1.00'],
          [
            'import: checks + CSV + one transaction',
            rate(importMs),
            importMs.toFixed(0),
            (copyMs / importMs).toFixed(2),
          ],
        ],
      )}\n`,
    );
    process.stdout.write(
      `export wrote ${(written / 1e6).toFixed(1)} MB (${(written / 1e6 / (exportMs / 1000)).toFixed(1)} MB/s); ` +
        `bench took ${((now() - began) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
    for (const t of [source, copy, imported]) t.dispose();
  }
}

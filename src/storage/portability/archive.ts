/**
 * The export packed as one zip, for `/export` in chat. The database file gets a
 * read-only connection of its own, so the export can let the bot run between rows
 * (a connection iterating a statement can run nothing else); `:memory:` has no file to
 * reopen, so it is exported on the bot's connection in one go.
 */
import Database from 'better-sqlite3';
import { zipSync, type Zippable } from 'fflate';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommunityArchive, PackedArchive } from '../../core/ports.ts';
import type { Db } from '../database.ts';
import { exportDatabase } from './export.ts';
import { MANIFEST } from './format.ts';

/** Beyond this many times the file limit unpacked, packing is not tried: CSV and JSON pack about 5 to 10 times. */
const PACKING_RATIO = 8;
const YIELD_EVERY = 2_000;

export function createCommunityArchive(deps: { db: Db; flush: () => void }): CommunityArchive {
  return {
    async pack({ community, at, maxBytes }) {
      deps.flush();
      const path = deps.db.$client.name;
      const own = path !== ':memory:' && existsSync(path);
      const reader = own ? new Database(path, { readonly: true, fileMustExist: true }) : deps.db.$client;
      const folder = mkdtempSync(join(tmpdir(), 'foyer-export-'));
      try {
        const dir = join(folder, 'export');
        const summary = await exportDatabase(reader, dir, {
          community,
          exportedAt: at,
          ...(own ? { yieldEvery: YIELD_EVERY } : {}),
        });
        const counts = { tables: summary.manifest.tables.length, rows: summary.rows };
        if (summary.bytes > maxBytes * PACKING_RATIO) return { fits: false, bytes: summary.bytes, ...counts };
        const zipped = zipExport(dir, summary.manifest.tables, at);
        if (zipped.length > maxBytes) return { fits: false, bytes: zipped.length, ...counts };
        const name = `foyer-export-${community.id}-${at.toISOString().slice(0, 10)}.zip`;
        return {
          fits: true,
          file: { name, mediaType: 'application/zip', content: zipped },
          ...counts,
        } satisfies PackedArchive;
      } finally {
        if (own) reader.close();
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

/** The export folder as a zip of the same layout, unzipped, it is what `npm run import` reads. */
function zipExport(
  dir: string,
  tables: readonly { csv: { path: string }; json: { path: string } }[],
  at: Date,
): Uint8Array {
  const entries: Zippable = { [MANIFEST]: readFileSync(join(dir, MANIFEST)) };
  for (const table of tables)
    for (const { path } of [table.csv, table.json]) entries[path] = readFileSync(join(dir, path));
  return zipSync(entries, { level: 6, mtime: at });
}

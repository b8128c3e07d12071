/**
 * `npm run export` and `npm run import`: the command lines, over the same configuration
 * loading as `npm start` (src/config/file.ts), so both find the database Foyer uses.
 * The scripts in scripts/ hand in argv and the environment; nothing here reads the process.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatConfigError, loadConfigFile } from '../../config/file.ts';
import { exportDatabase } from './export.ts';
import { ImportRefused } from './import.ts';
import { databaseLocation, describeLocation } from '../location.ts';
import { importIntoDatabase, openForExport } from './open.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  now(): Date;
}

const EXPORT_USAGE = 'Usage: npm run export -- --out DIR [--config FILE]';
const IMPORT_USAGE = 'Usage: npm run import -- DIR [--config FILE]';

type Parsed = { ok: true; values: { out?: string; config?: string }; positionals: string[] } | { ok: false };

function parse(argv: string[], io: CliIo, usage: string, withOut: boolean): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { config: { type: 'string' }, ...(withOut ? { out: { type: 'string' as const } } : {}) },
      allowPositionals: !withOut,
      strict: true,
    });
    return { ok: true, values: values as { out?: string; config?: string }, positionals };
  } catch (error) {
    io.err(`${(error as Error).message}\n${usage}`);
    return { ok: false };
  }
}

function databasePath(config: string | undefined, io: CliIo) {
  const loaded = loadConfigFile(config, io.env);
  if (!loaded.ok) {
    for (const error of loaded.errors) io.err(formatConfigError(error));
    return undefined;
  }
  const { config: foyer, file } = loaded.value;
  const path = databaseLocation(foyer.database, io.env);
  return {
    path,
    shown: describeLocation(path),
    file,
    community: { id: foyer.community.id, name: foyer.community.name },
  };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export async function runExportCli(argv: string[], io: CliIo): Promise<number> {
  const parsed = parse(argv, io, EXPORT_USAGE, true);
  if (!parsed.ok) return 2;
  if (!parsed.values.out) {
    io.err(`--out DIR is needed: the folder to write the export into\n${EXPORT_USAGE}`);
    return 2;
  }
  const target = databasePath(parsed.values.config, io);
  if (!target) return 2;
  const began = performance.now();
  try {
    const sqlite = openForExport(target.path);
    try {
      const summary = await exportDatabase(sqlite, parsed.values.out, {
        community: target.community,
        exportedAt: io.now(),
      });
      io.out(
        `Exported ${summary.rows} rows of ${summary.manifest.tables.length} tables from ${target.shown} (config ${target.file}) ` +
          `to ${resolve(parsed.values.out)}: ${mib(summary.bytes)} in ${((performance.now() - began) / 1000).toFixed(1)} s`,
      );
      return 0;
    } finally {
      sqlite.close();
    }
  } catch (error) {
    io.err(`Export failed: ${(error as Error).message}`);
    return 1;
  }
}

export function runImportCli(argv: string[], io: CliIo): number {
  const parsed = parse(argv, io, IMPORT_USAGE, false);
  if (!parsed.ok) return 2;
  if (parsed.positionals.length !== 1) {
    io.err(`give exactly one export folder (the one holding manifest.json)\n${IMPORT_USAGE}`);
    return 2;
  }
  const target = databasePath(parsed.values.config, io);
  if (!target) return 2;
  const dir = parsed.positionals[0]!;
  const began = performance.now();
  try {
    const summary = importIntoDatabase(target.path, dir);
    io.out(
      `Imported ${summary.rows} rows of ${summary.tables} tables from ${resolve(dir)} into ${target.shown} ` +
        `in ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ImportRefused) {
      io.err(`Import refused: ${error.message}\nNothing was changed in ${target.shown}.`);
      return 1;
    }
    io.err(`Import failed: ${(error as Error).message}\nNothing was changed in ${target.shown}.`);
    return 1;
  }
}

// `npm run newsletter:import -- FILE.csv [--config FILE]`: adds a list exported from another
// newsletter tool (Mailchimp, Buttondown…) to the community's newsletter, keeping each
// address's consent date and source; unsubscribed addresses stay unsubscribed. A file with
// any bad line is refused whole, each bad line named.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatConfigError, loadConfigFile } from '../src/config/file.ts';
import { readImport } from '../src/features/newsletter/newsletter.import.ts';
import { openStorage } from '../src/storage/index.ts';

const USAGE = 'Usage: npm run newsletter:import -- FILE.csv [--config FILE]';

export interface ImportIo {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  now(): Date;
}

export function runNewsletterImport(argv: string[], io: ImportIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { config: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.positionals.length !== 1) {
    io.err(`give exactly one CSV file\n${USAGE}`);
    return 2;
  }
  const file = parsed.positionals[0]!;
  const loaded = loadConfigFile(parsed.values.config, io.env);
  if (!loaded.ok) {
    for (const error of loaded.errors) io.err(formatConfigError(error));
    return 2;
  }
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    io.err(`cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  const rows = readImport(content, basename(file));
  if (!rows.ok) {
    for (const problem of rows.problems) io.err(`${file}:${problem.line}: ${problem.reason}`);
    io.err(
      `Import refused (${rows.problems.length} bad line${rows.problems.length > 1 ? 's' : ''}): nothing was changed.`,
    );
    return 1;
  }
  const { config } = loaded.value;
  const storage = openStorage(config.database.path);
  try {
    const summary = storage.atomically(() =>
      storage.stores.newsletter.importList(config.community.id, rows.rows, io.now()),
    );
    io.out(
      `Imported ${rows.rows.length} addresses from ${file}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged.`,
    );
    return 0;
  } finally {
    storage.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = runNewsletterImport(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    now: () => new Date(),
  });

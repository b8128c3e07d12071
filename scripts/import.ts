// `npm run import -- DIR [--config FILE]`: restores an export into an empty database, see docs/data.md.
import { runImportCli } from '../src/storage/portability/cli.ts';

const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
  env: process.env,
  now: () => new Date(),
};
process.exitCode = runImportCli(process.argv.slice(2), io);

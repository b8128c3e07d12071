// `npm run export -- --out DIR [--config FILE]`: the whole community's data, see docs/data.md.
import { runExportCli } from '../src/storage/portability/cli.ts';

const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
  env: process.env,
  now: () => new Date(),
};
process.exitCode = await runExportCli(process.argv.slice(2), io);

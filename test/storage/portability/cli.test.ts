import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExportCli, runImportCli, type CliIo } from '../../../src/storage/portability/cli.ts';
import type { Manifest } from '../../../src/storage/portability/index.ts';
import { run, tempConfig } from '../../e2e/process.ts';
import { filesOf } from './community.ts';

/** `npm run <script> -- args`, as an admin types it: the pinned Node.js, check-node, tsx. */
function npm(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function capture(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), env: {}, now: () => new Date() };
}

const source = tempConfig();
const target = tempConfig();
const unzipped = join(source.dir, 'unzipped');
let consoleRun: { code: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  consoleRun = await run(
    ['src/main.ts', '--config', source.config],
    [':join ana photo', ':as ana hello', ':as ana /rules accept', ':join admin', ':as admin /export', ':quit', ''].join(
      '\n',
    ),
    '2026-03-02T10:00:00Z',
  );
}, 60_000);
afterAll(() => {
  rmSync(source.dir, { recursive: true, force: true });
  rmSync(target.dir, { recursive: true, force: true });
});

describe('moving a community: /export on the console, npm run import, npm run export', () => {
  it('/export hands the admin a zip of the export, whose path the console prints', () => {
    expect(consoleRun.stderr).toBe('');
    expect(consoleRun.stdout).toMatch(
      /foyer ▸ @admin \(only you\) │ The community’s data, every table as CSV and JSON with its manifest, is in the attached file foyer-export-demo-garden-2026-03-02\.zip: \d+ rows\./,
    );
    const path = /📎 (\S+\.zip)/.exec(consoleRun.stdout)?.[1];
    expect(path).toBeDefined();
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(path!)))) {
      mkdirSync(dirname(join(unzipped, name)), { recursive: true });
      writeFileSync(join(unzipped, name), bytes);
    }
    const manifest = JSON.parse(readFileSync(join(unzipped, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.community.id).toBe('demo-garden');
    expect(manifest.tables.find((t) => t.table === 'members')!.rows).toBe(2);
    expect(manifest.tables.find((t) => t.table === 'onboarding_steps')!.rows).toBeGreaterThan(0);
  });

  it('npm run import restores it into an empty database, and npm run export gives the same files back', async () => {
    const imported = await npm('import', [unzipped, '--config', target.config]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`^Imported \\d+ rows of \\d+ tables from .* into ${target.db} in `));
    const out = join(target.dir, 'again');
    const exported = await npm('export', ['--out', out, '--config', target.config]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^Exported \d+ rows of \d+ tables from /);
    const before = filesOf(unzipped);
    const after = filesOf(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before)
      if (name !== 'manifest.json') expect(after.get(name)!.equals(bytes), name).toBe(true);
  }, 60_000);

  // The same command lines in this process: the refusals need no second Node.js start.
  it('the import refuses a database that is not empty, and says nothing changed', () => {
    const io = capture();
    expect(runImportCli([unzipped, '--config', target.config], io)).toBe(1);
    expect(io.errors.join('\n')).toContain(`Import refused: ${target.db}: the database is not empty (`);
    expect(io.errors.join('\n')).toContain(`Nothing was changed in ${target.db}.`);
  });

  it('the export needs --out, refuses a folder that is not empty, and names a bad option', async () => {
    const missing = capture();
    expect(await runExportCli(['--config', target.config], missing)).toBe(2);
    expect(missing.errors[0]).toContain('--out DIR is needed');
    const full = capture();
    expect(await runExportCli(['--out', unzipped, '--config', target.config], full)).toBe(1);
    expect(full.errors[0]).toBe(`Export failed: ${unzipped} is not empty: give a new or empty folder for the export`);
    const typo = capture();
    expect(await runExportCli(['--outt', 'x'], typo)).toBe(2);
    expect(typo.errors[0]).toMatch(/--outt/);
    const twoFolders = capture();
    expect(runImportCli(['a', 'b', '--config', target.config], twoFolders)).toBe(2);
    expect(twoFolders.errors[0]).toContain('give exactly one export folder');
  });
});

/**
 * Installs aiosmtpd from PyPI into a cached virtualenv (`$FOYER_AIOSMTPD_CACHE`, default
 * `~/.cache/foyer-aiosmtpd`), the way the Synapse harness installs Synapse: once, then reused.
 * Without Python or network: `{ skip }` locally, an error under CI (CI=true).
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { run, tail } from '../synapse/process.ts';

export type AiosmtpdInstall = { python: string; version: string } | { skip: string };

const MARKER = '.foyer-aiosmtpd-installed';

export const aiosmtpdCacheDir = (): string =>
  process.env['FOYER_AIOSMTPD_CACHE'] || join(homedir(), '.cache', 'foyer-aiosmtpd');

const giveUp = (reason: string): AiosmtpdInstall => {
  if (process.env['CI'] === 'true') throw new Error(`aiosmtpd is required under CI: ${reason}`);
  return { skip: reason };
};

async function probe(python: string): Promise<string | undefined> {
  if (!existsSync(python)) return undefined;
  const result = await run(python, ['-c', 'import aiosmtpd; print(aiosmtpd.__version__)'], { timeoutMs: 30_000 });
  return result.code === 0 ? result.stdout.trim() || undefined : undefined;
}

let pending: Promise<AiosmtpdInstall> | undefined;

/** The venv's Python with aiosmtpd importable, installing it on the first run. */
export function ensureAiosmtpd(): Promise<AiosmtpdInstall> {
  pending ??= ensure();
  return pending;
}

async function ensure(): Promise<AiosmtpdInstall> {
  const venv = join(aiosmtpdCacheDir(), 'venv');
  const python = join(venv, 'bin', 'python');
  if (existsSync(join(venv, MARKER))) {
    const version = await probe(python);
    if (version) return { python, version };
  }
  const base = process.env['FOYER_AIOSMTPD_PYTHON'] || 'python3';
  mkdirSync(aiosmtpdCacheDir(), { recursive: true });
  // A parallel test file may install at the same moment: each installs into its own folder and the first rename wins.
  const staging = `${venv}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const created = await run(base, ['-m', 'venv', staging], { timeoutMs: 120_000 });
  if (created.code !== 0)
    return giveUp(
      `could not create a virtualenv with ${base} -m venv: ${tail(created.stderr || created.error || '', 600)}`,
    );
  const systemBundle = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'].find(existsSync);
  const pip = [
    join(staging, 'bin', 'python'),
    '-m',
    'pip',
    'install',
    '--disable-pip-version-check',
    '--no-input',
    'aiosmtpd',
  ];
  let installed = await run(pip[0]!, pip.slice(1), { timeoutMs: 600_000 });
  // Behind a TLS-intercepting proxy only the system store knows the proxy's CA.
  if (installed.code !== 0 && systemBundle && !process.env['PIP_CERT'])
    installed = await run(pip[0]!, pip.slice(1), {
      timeoutMs: 600_000,
      env: { ...process.env, PIP_CERT: systemBundle },
    });
  if (installed.code !== 0) {
    rmSync(staging, { recursive: true, force: true });
    return giveUp(`pip install aiosmtpd failed: ${tail(installed.stdout + installed.stderr, 1500)}`);
  }
  writeFileSync(join(staging, MARKER), `aiosmtpd\n${new Date().toISOString()}\n`);
  if (!existsSync(join(venv, MARKER))) {
    rmSync(venv, { recursive: true, force: true });
    try {
      renameSync(staging, venv);
    } catch {
      // Another process renamed its own first: use that one.
    }
  }
  rmSync(staging, { recursive: true, force: true });
  const version = await probe(python);
  return version ? { python, version } : giveUp(`aiosmtpd installed but does not import in ${venv}`);
}

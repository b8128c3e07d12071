import { existsSync, mkdirSync, readdirSync, lstatSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { run, tail } from './process.ts';

export type SynapseInstall = {
  /** The virtualenv's Python, which runs Synapse: `<python> -m synapse.app.homeserver`. */
  python: string;
  /** The installed Synapse version, e.g. "1.163.2". */
  version: string;
  /** The virtualenv folder. */
  venv: string;
  /** Seconds the install took, when this call installed Synapse (absent when the cached venv was reused). */
  installSeconds?: number;
};

export type EnsureSynapseResult = SynapseInstall | { skip: string };

const isCI = (): boolean => process.env['CI'] === 'true';

/** `$FOYER_SYNAPSE_CACHE`, else `~/.cache/foyer-synapse`. The virtualenv lives in `venv/` inside. */
export function synapseCacheDir(): string {
  return process.env['FOYER_SYNAPSE_CACHE'] || join(homedir(), '.cache', 'foyer-synapse');
}

/** Written into the venv once pip succeeded, so an interrupted install is never mistaken for a good one. */
const MARKER = '.foyer-synapse-installed';
/** Installs take 20–60 s on a good connection; wait this long for another process's install. */
const LOCK_WAIT_MS = 15 * 60_000;
const PIP_TIMEOUT_MS = 15 * 60_000;

let pending: Promise<EnsureSynapseResult> | undefined;

/**
 * Makes sure a virtualenv with `matrix-synapse` exists in the cache folder (installing it
 * with pip on the first run, reusing it afterwards) and returns its Python and the Synapse
 * version. When Python 3 is missing or the install fails: throws under CI (CI=true), else
 * returns `{ skip: reason }` so a developer without Python can still run the other tests.
 *
 * `FOYER_SYNAPSE_VERSION` pins a version (`matrix-synapse==X`); `FOYER_SYNAPSE_PYTHON`
 * names the interpreter that creates the venv (default: python3, then python).
 */
export function ensureSynapse(): Promise<EnsureSynapseResult> {
  pending ??= ensure().catch((e: unknown) => {
    pending = undefined; // let a later call try again
    throw e;
  });
  return pending;
}

async function ensure(): Promise<EnsureSynapseResult> {
  const cache = synapseCacheDir();
  const venv = join(cache, 'venv');
  const wanted = process.env['FOYER_SYNAPSE_VERSION']?.trim() || undefined;

  const cached = await installed(venv, wanted);
  if (cached) return cached;

  const python = await findPython();
  if ('missing' in python)
    return giveUp(
      `Python 3 was not found (${python.missing}). Synapse needs Python 3.10 or newer with the venv module (Debian/Ubuntu: apt-get install python3 python3-venv).`,
    );

  mkdirSync(cache, { recursive: true });
  return withLock(join(cache, 'install.lock'), async () => {
    // Another process may have installed it while this one waited for the lock.
    const again = await installed(venv, wanted);
    if (again) return again;
    return install(python.command, venv, wanted);
  });
}

function giveUp(reason: string): { skip: string } {
  if (isCI()) throw new Error(`Synapse is required under CI: ${reason}`);
  return { skip: reason };
}

/** The cached install, if it is complete, imports, and matches the pinned version. */
async function installed(venv: string, wanted: string | undefined): Promise<SynapseInstall | undefined> {
  const python = venvPython(venv);
  if (!existsSync(python) || !existsSync(join(venv, MARKER))) return undefined;
  const probe = await run(python, ['-c', 'import synapse; print(synapse.__version__)'], { timeoutMs: 60_000 });
  const version = probe.stdout.trim();
  if (probe.code !== 0 || !version) return undefined;
  if (wanted && version !== wanted) return undefined;
  return { python, version, venv };
}

const venvPython = (venv: string): string =>
  process.platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');

async function findPython(): Promise<{ command: string } | { missing: string }> {
  const candidates = process.env['FOYER_SYNAPSE_PYTHON']
    ? [process.env['FOYER_SYNAPSE_PYTHON']]
    : ['python3', 'python'];
  const seen: string[] = [];
  for (const command of candidates) {
    const probe = await run(command, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
      timeoutMs: 30_000,
    });
    const version = probe.stdout.trim();
    if (probe.code === 0 && /^3\.\d+$/.test(version)) {
      const minor = Number(version.split('.')[1]);
      if (minor >= 10) return { command };
      seen.push(`${command} is Python ${version}, too old`);
    } else {
      seen.push(`${command}: ${probe.error ?? (tail(probe.stderr, 200) || `exit code ${probe.code}`)}`);
    }
  }
  return { missing: seen.join('; ') };
}

async function install(basePython: string, venv: string, wanted: string | undefined): Promise<EnsureSynapseResult> {
  const started = Date.now();
  const requirement = wanted ? `matrix-synapse==${wanted}` : 'matrix-synapse';
  console.warn(`[synapse] installing ${requirement} into ${venv} (first run only; usually 20–60 s)…`);
  rmSync(venv, { recursive: true, force: true });

  // `python -m venv` needs ensurepip, which Debian/Ubuntu ship separately (python3-venv).
  // Without it, make a venv without pip and let the system's pip install into it.
  let pip: { command: string; args: string[] } = { command: venvPython(venv), args: ['-m', 'pip'] };
  const created = await run(basePython, ['-m', 'venv', venv], { timeoutMs: 120_000 });
  if (created.code !== 0) {
    rmSync(venv, { recursive: true, force: true });
    const bare = await run(basePython, ['-m', 'venv', '--without-pip', venv], { timeoutMs: 120_000 });
    const systemPip = await run(basePython, ['-m', 'pip', '--version'], { timeoutMs: 60_000 });
    if (bare.code !== 0 || systemPip.code !== 0) {
      rmSync(venv, { recursive: true, force: true });
      return giveUp(
        `could not create a virtualenv with ${basePython} -m venv (Debian/Ubuntu: apt-get install python3-venv): ${tail(created.stderr || created.error || '', 800)}`,
      );
    }
    pip = { command: basePython, args: ['-m', 'pip', '--python', venvPython(venv)] };
  }

  const pipArgs = [
    ...pip.args,
    'install',
    '--disable-pip-version-check',
    '--no-input',
    '--progress-bar',
    'off',
    requirement,
  ];
  let result = await run(pip.command, pipArgs, { timeoutMs: PIP_TIMEOUT_MS });
  // Behind a TLS-intercepting proxy, pip's own CA bundle (certifi) does not know the proxy's
  // CA; the system bundle does. Retry with it, unless the user configured a bundle already.
  const systemBundle = [
    process.env['SSL_CERT_FILE'],
    '/etc/ssl/certs/ca-certificates.crt',
    '/etc/pki/tls/certs/ca-bundle.crt',
  ].find((f) => f && existsSync(f));
  if (
    result.code !== 0 &&
    /CERTIFICATE_VERIFY_FAILED|SSLError/.test(result.stdout + result.stderr) &&
    !process.env['PIP_CERT'] &&
    systemBundle
  ) {
    result = await run(pip.command, pipArgs, {
      timeoutMs: PIP_TIMEOUT_MS,
      env: { ...process.env, PIP_CERT: systemBundle },
    });
  }
  if (result.code !== 0) {
    rmSync(venv, { recursive: true, force: true });
    // pip's ERROR: lines say what went wrong; the output's end gives the context.
    const output = `${result.stdout}\n${result.stderr}`;
    const errors = output
      .split('\n')
      .filter((line) => line.startsWith('ERROR:'))
      .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line));
    return giveUp(
      `pip install ${requirement} failed (${result.error ?? `exit code ${result.code}`}):\n${errors.join('\n') || tail(output, 2000)}`,
    );
  }

  writeFileSync(join(venv, MARKER), `${requirement}\n${new Date().toISOString()}\n`);
  const done = await installed(venv, wanted);
  if (!done) {
    rmSync(venv, { recursive: true, force: true });
    return giveUp(`pip installed ${requirement} but "import synapse" fails in ${venv}`);
  }
  const installSeconds = (Date.now() - started) / 1000;
  console.warn(
    `[synapse] installed Synapse ${done.version} in ${installSeconds.toFixed(1)} s (venv: ${(dirSize(venv) / 1e6).toFixed(0)} MB)`,
  );
  return { ...done, installSeconds };
}

/** Total size of the files under a folder, in bytes (symlinks not followed). */
export function dirSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += dirSize(path);
    else total += lstatSync(path).size;
  }
  return total;
}

/**
 * Runs `fn` while holding a lock folder, so parallel test files (vitest forks) never install
 * into the same venv at once. A lock whose owner process is gone is taken over.
 */
async function withLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (!tryLock(lock)) {
    if (lockIsStale(lock)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${lock}: another process is installing Synapse (remove the folder if it is not).`,
      );
    await sleep(500);
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  return true;
}

function lockIsStale(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    // Created but the pid not written yet, or a crash in between: stale only when old.
    try {
      return Date.now() - statSync(lock).mtimeMs > 30_000;
    } catch {
      return false; // just released
    }
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary copy of the example config whose database lives in a fresh folder. */
export function tempConfig(edit: (yaml: string) => string = (y) => y): { dir: string; config: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-e2e-'));
  const db = join(dir, 'foyer.sqlite');
  const yaml = readFileSync('config/community.example.yaml', 'utf8').replace('path: data/foyer.sqlite', `path: ${db}`);
  const config = join(dir, 'community.yaml');
  writeFileSync(config, edit(yaml));
  return { dir, config, db };
}

export function run(
  args: string[],
  input: string,
  startAt?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // The way `npm start` runs Foyer: Node's own type stripping, no loader.
    const child = spawn(
      process.execPath,
      ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', ...args],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, FOYER_LOG_LEVEL: 'info', ...(startAt ? { FOYER_CONSOLE_START: startAt } : {}) },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** A console that stays open until it is signalled, fed line by line. */
export function startConsole(args: string[], startAt?: string) {
  const child = spawn(
    process.execPath,
    ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', ...args],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, FOYER_LOG_LEVEL: 'info', ...(startAt ? { FOYER_CONSOLE_START: startAt } : {}) },
    },
  );
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout.on('data', (d) => {
    stdout += d;
    for (const waiter of waiters.filter((w) => w.pattern.test(stdout))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    },
  );
  return {
    child,
    write: (line: string) => void child.stdin.write(`${line}\n`),
    /** Resolves once stdout matches `pattern`. */
    output: (pattern: RegExp) =>
      pattern.test(stdout) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ pattern, resolve })),
    exited,
  };
}

export type { ChildProcess };
export { copyFileSync };

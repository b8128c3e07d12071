import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = 'config/community.example.yaml';
const EXAMPLE_TEXT = readFileSync(join(ROOT, EXAMPLE), 'utf8');
const temp = mkdtempSync(join(tmpdir(), 'foyer-check-config-'));

afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Runs Foyer's real entry point with the Node that runs the tests first on the PATH and no platform secrets. */
function foyer(args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  };
  delete env.DISCORD_TOKEN;
  delete env.MATRIX_ACCESS_TOKEN;
  delete env.FOYER_LOG_LEVEL;
  const child = spawnSync(
    process.execPath,
    ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'src/main.ts', ...args],
    { cwd: ROOT, env, input: '', encoding: 'utf8', timeout: 30_000 },
  );
  if (child.error) throw child.error;
  return child;
}

function edit(source: string, from: string, to: string): string {
  const first = source.indexOf(from);
  if (first < 0 || source.indexOf(from, first + 1) >= 0)
    throw new Error(`expected exactly one ${JSON.stringify(from)}`);
  return source.slice(0, first) + to + source.slice(first + from.length);
}

function positionOf(source: string, needle: string, offset = 0): { line: number; column: number } {
  const index = source.indexOf(needle);
  if (index < 0) throw new Error(`${JSON.stringify(needle)} not found`);
  const lines = source.slice(0, index + offset).split('\n');
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

describe('foyer --check-config', () => {
  it('accepts the documented example, prints OK and exits 0', () => {
    const child = foyer(['--check-config', EXAMPLE]);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout).toContain(`${EXAMPLE}: OK`);
    expect(child.stdout).toContain('platform console');
  });

  it('refuses a broken file with exit code 2 and a file:line:col error on stderr', () => {
    const file = join(temp, 'broken-type.yaml');
    const source = edit(EXAMPLE_TEXT, 'threshold: 5', 'threshold: ten');
    writeFileSync(file, source);
    const { line, column } = positionOf(source, 'threshold: ten', 'threshold: '.length);
    const child = foyer(['--check-config', file]);
    expect(child.status).toBe(2);
    expect(child.stdout).not.toContain('OK');
    expect(child.stderr).toContain(
      `${file}:${line}:${column} features.welcome.burst.threshold: expected a number, got "ten"`,
    );
  });
});

describe('foyer --config with a broken file', () => {
  it('exits with code 2 without creating the database or its folder', () => {
    const dataDir = join(temp, 'data');
    const database = join(dataDir, 'foyer.sqlite');
    const file = join(temp, 'broken-start.yaml');
    // Parses and type-checks, then fails the semantic check: the last moment before anything starts.
    const source = edit(
      edit(EXAMPLE_TEXT, 'path: data/foyer.sqlite', `path: ${JSON.stringify(database)}`),
      'channel: welcome',
      'channel: lobby',
    );
    writeFileSync(file, source);
    const child = foyer(['--config', file]);
    expect(child.status).toBe(2);
    expect(child.stderr).toContain(`${file}:${positionOf(source, 'lobby').line}:`);
    expect(child.stderr).toContain('unknown channel "lobby"');
    expect(existsSync(database)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('foyer command line', () => {
  const okFile = join(temp, 'ok.yaml');
  const brokenFile = join(temp, 'broken-args.yaml');
  writeFileSync(okFile, edit(EXAMPLE_TEXT, 'path: data/foyer.sqlite', 'path: ":memory:"'));
  const brokenSource = edit(
    edit(EXAMPLE_TEXT, 'path: data/foyer.sqlite', 'path: ":memory:"'),
    'threshold: 5',
    'threshold: ten',
  );
  writeFileSync(brokenFile, brokenSource);
  const brokenAt = positionOf(brokenSource, 'threshold: ten', 'threshold: '.length);

  it('reads --config=FILE', () => {
    const child = foyer([`--config=${brokenFile}`]);
    expect(child.status).toBe(2);
    expect(child.stderr).toContain(
      `${brokenFile}:${brokenAt.line}:${brokenAt.column} features.welcome.burst.threshold:`,
    );
    expect(child.stdout).not.toContain('listening');
  });

  it.each([
    [['--confg', okFile], /unknown option "--confg"/],
    [['--config'], /--config needs a value/],
    [['--check-config', '--config'], /--config needs a value/],
    [['--config', '--check-config'], /--config needs a value/],
    [[okFile], /give --check-config to check a file, or --config FILE to start on it/],
  ])('refuses %j with a usage error, exit code 2, and starts nothing', (args, problem) => {
    const child = foyer(args);
    expect(child.status).toBe(2);
    expect(child.stderr).toMatch(problem);
    expect(child.stderr).toContain('Usage:');
    expect(child.stderr).toContain('npm start -- [--config FILE]');
    expect(child.stderr).not.toContain('[fatal]');
    expect(child.stdout).toBe('');
  });

  it('prints the usage on --help and exits 0', () => {
    const child = foyer(['--help']);
    expect(child.status).toBe(0);
    expect(child.stdout).toContain('Usage:');
    expect(child.stderr).toBe('');
  });

  it('checks the file given with --config=FILE, and says when it is missing', () => {
    const missing = join(temp, 'missing.yaml');
    const child = foyer(['--check-config', `--config=${missing}`]);
    expect(child.status).toBe(2);
    expect(child.stderr).toContain(`${missing}:1:1: cannot read the config: file not found`);
    expect(child.stdout).not.toContain('OK');
  });

  it('checks every file given, reports each, and fails if any is bad', () => {
    const child = foyer(['--check-config', okFile, brokenFile, EXAMPLE]);
    expect(child.status).toBe(2);
    expect(child.stdout).toContain(`${okFile}: OK`);
    expect(child.stdout).toContain(`${EXAMPLE}: OK`);
    expect(child.stderr).toContain(
      `${brokenFile}:${brokenAt.line}:${brokenAt.column} features.welcome.burst.threshold:`,
    );
    const both = foyer(['--check-config', okFile, EXAMPLE]);
    expect(both.status).toBe(0);
    expect(both.stdout.trim().split('\n')).toEqual([
      `${okFile}: OK (community "demo-garden", platform console)`,
      `${EXAMPLE}: OK (community "demo-garden", platform console)`,
    ]);
  });

  it('refuses an alias bomb with a located error, not a crash', () => {
    const file = join(temp, 'bomb.yaml');
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`),
    ].join('\n');
    writeFileSync(file, `${bomb}\n`);
    const child = foyer(['--check-config', file]);
    expect(child.status).toBe(2);
    expect(child.stderr).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: invalid YAML: too many aliases`, 'm'),
    );
    expect(child.stderr).not.toMatch(/fatal|ReferenceError|at /);
  });

  it('refuses a database path under a file when starting, before creating anything', () => {
    const file = join(temp, 'db-under-file.yaml');
    const source = edit(
      EXAMPLE_TEXT,
      'path: data/foyer.sqlite',
      `path: ${JSON.stringify(join(okFile, 'foyer.sqlite'))}`,
    );
    writeFileSync(file, source);
    const child = foyer(['--config', file]);
    expect(child.status).toBe(2);
    expect(child.stderr).toContain(`${file}:${positionOf(source, JSON.stringify(join(okFile, 'foyer.sqlite'))).line}:`);
    expect(child.stderr).toContain(`database.path: cannot create the database here: ${okFile} is a file, not a folder`);
    expect(child.stderr).not.toContain('[fatal]');
  });
});

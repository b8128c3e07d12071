import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildWorkload } from '../../bench/activity.ts';
// The guard is plain JavaScript so that an old Node.js can run it.
import { NEEDED, nodeVersionProblem } from '../../scripts/check-node.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
  scripts: Record<string, string>;
};

const major = (version: string) => Number(version.replace(/^[^\d]*/, '').split('.')[0]);

describe('the runtime npm scripts run on', () => {
  it('is the pinned Node.js, recent enough for type stripping, even where the machine has Node 20', () => {
    expect(major(process.version)).toBeGreaterThanOrEqual(22);
    expect(nodeVersionProblem(process.version)).toBeUndefined();
  });

  it('is pinned as a dependency whose install script npm is allowed to run', () => {
    expect(major(pkg.dependencies['node']!)).toBeGreaterThanOrEqual(major(NEEDED));
    expect(pkg.allowScripts['node']).toBe(true);
    expect(pkg.engines.node).toBe(`>=${NEEDED}`);
  });

  it('is checked first by every script that runs Foyer, so an old Node.js gets one line naming the version', () => {
    for (const name of ['start', 'test', 'check-config', 'bench'])
      expect(pkg.scripts[name]).toMatch(/^node scripts\/check-node\.mjs && /);
    expect(nodeVersionProblem('v20.20.2')).toBe(
      'Foyer needs Node.js 22.12 or newer; this is v20.20.2. Run `npm install` (it pins Node.js 24 for npm scripts, allowed by "allowScripts") and use the npm scripts.',
    );
    expect(nodeVersionProblem('v22.11.0')).toMatch(/needs Node\.js 22\.12/);
    expect(nodeVersionProblem('v22.12.0')).toBeUndefined();
  });
});

describe('the activity benchmark', () => {
  it('builds its workload from the example config, whatever number of channels it names', () => {
    const workload = buildWorkload(50, 10);
    expect(workload.events).toHaveLength(50);
    expect(workload.channels.length).toBeGreaterThan(0);
    expect(new Set(workload.rows.map((r) => r.channelId)).size).toBe(workload.channels.length);
  });
});

describe('the start-up preload (scripts/runtime.mjs)', () => {
  it('gives zod only the locales Foyer speaks, and zod still validates with its English messages', () => {
    const script = `
      const { z } = await import('zod');
      const parsed = z.object({ name: z.string() }).safeParse({ name: 1 });
      console.log(JSON.stringify({ locales: Object.keys(z.locales), message: parsed.error.issues[0].message }));`;
    const out = execFileSync(
      process.execPath,
      ['--import=./scripts/runtime.mjs', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(out)).toEqual({
      locales: ['en', 'fr'],
      message: 'Invalid input: expected string, received number',
    });
  });
});

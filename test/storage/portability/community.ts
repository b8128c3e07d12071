/**
 * A community built through the real bot and features, on a database file, so an export
 * has something in nearly every table: members with hostile names, onboarding, a poll
 * with ballots, calendar posts, reports with timelines, a crisis, outreach, roll-ups.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FakeTime } from '../../../src/core/fake-time.ts';
import { openDatabase } from '../../../src/storage/database.ts';
import { createStorage } from '../../../src/storage/index.ts';
import { Harness, START, testConfig } from '../../support/harness.ts';

/** Names a spreadsheet would run as formulas, or that break naive CSV. */
export const HOSTILE_NAMES = [
  '=HYPERLINK("https://evil.example","x")',
  '+cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(A1:A9)',
  '\tTabbed',
  "'quoted",
  'Zoë, "the" one\r\nsecond line',
  '',
];

export function tempFolder(label: string): { path: string; dispose(): void } {
  const path = mkdtempSync(join(tmpdir(), `foyer-${label}-`));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

/** Runs a small but complete community on the database at `file`, then stops it. */
export async function buildCommunity(file: string): Promise<void> {
  const config = testConfig({
    features: {
      health: { enabled: true },
      calendar: { grace: '2h', reportChannel: 'moderators', entries: [] },
    },
  });
  const h = new Harness(config, new FakeTime(START), createStorage(openDatabase(file)));
  await h.boot();
  h.roles.set('mod', 'moderator');
  h.roles.set('admin', 'admin');
  await h.join('mod');
  await h.join('admin');
  await h.join('ana', { photo: true });
  await h.join('bo');
  for (const name of HOSTILE_NAMES.filter(Boolean)) await h.join(name);
  await h.command('ana', '/rules accept');
  await h.command('ana', '/interests design');
  await h.command('bo', '/language fr');
  await h.post('ana', 'introductions', 'Hi, I am Ana');
  await h.post('bo', 'general', 'hello');
  await h.post(HOSTILE_NAMES[0]!, 'general', 'hi');
  await h.command('mod', '/poll Next meetup? | Paris | Lyon | for 1d');
  await h.command('ana', '/vote 1 1');
  await h.command('bo', '/vote 1 2');
  await h.command('mod', '/calendar add 2026-03-03T18:00 general Meetup tonight, =1+1 "quoted"');
  await h.command('mod', '/calendar approve c1');
  await h.command('ana', '/report urgent: bo breaks rule 2 in general =cmd');
  await h.command('mod', '/triage ack 1');
  await h.command('mod', '/triage resolve 1 upheld Thank you, "handled".');
  await h.command('bo', '/report spam');
  await h.command('mod', '/crisis on general');
  await h.command('mod', '/crisis off general');
  await h.command('mod', '/crisis on general');
  await h.command('bo', '/optout');
  await h.advance('2d');
  await h.post('ana', 'general', 'still here');
  await h.leave('bo');
  await h.advance('1d');
  await h.stop();
}

/** Every file under `dir`, relative path → bytes. */
export function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path).split('\\').join('/'), readFileSync(path));
    }
  };
  walk(dir);
  return out;
}

/** Everything a database holds: its schema and every row of every table, as text to compare. */
export function dump(file: string): string {
  const sqlite = new Database(file, { readonly: true });
  try {
    const objects = sqlite.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY type, name').all() as {
      type: string;
      name: string;
      sql: string | null;
    }[];
    const rows = objects
      .filter((o) => o.type === 'table')
      .map((o) => {
        const all = sqlite.prepare(`SELECT * FROM "${o.name}" ORDER BY rowid`).safeIntegers(true).all();
        return `${o.name}: ${JSON.stringify(all, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`;
      });
    return [JSON.stringify(objects), ...rows].join('\n');
  } finally {
    sqlite.close();
  }
}

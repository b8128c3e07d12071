/**
 * Message-activity ingest, three ways, each on its own fresh on-disk SQLite file:
 *  - baseline: raw better-sqlite3, one prepared INSERT, transactions of the writer's batch
 *    (ACTIVITY_BATCH rows) unless told otherwise;
 *  - writer:   Foyer's ActivityWriter (storage layer only);
 *  - full:     Foyer's whole event path, bot.handle(message.posted) for every event.
 * Every function returns the elapsed milliseconds of the ingest only (setup, migrations
 * and verification are not timed) and throws when the database does not hold N rows.
 */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsoleAdapter } from '../src/adapters/console/console.adapter.ts';
import { createBot } from '../src/bot.ts';
import { parseConfig, type LoadedConfig } from '../src/config/load.ts';
import type { FoyerConfig } from '../src/config/schema.ts';
import type { EventOf } from '../src/core/events.ts';
import { FakeTime } from '../src/core/fake-time.ts';
import { channelId, communityId, eventId, memberId, messageId, type CommunityId } from '../src/core/ids.ts';
import { createLogger, type LogRecord } from '../src/core/logger.ts';
import { FEATURES } from '../src/features/index.ts';
import { ACTIVITY_BATCH, createActivityWriter, type ActivityRow } from '../src/storage/activity.repository.ts';
import { openDatabase } from '../src/storage/database.ts';
import { openStorage } from '../src/storage/index.ts';
import { now, prng, tempDatabase } from './support.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MIGRATIONS = join(ROOT, 'src', 'storage', 'migrations');
export const EXAMPLE_CONFIG = join(ROOT, 'config', 'community.example.yaml');

type MessagePosted = EventOf<'message.posted'>;

export interface Workload {
  config: FoyerConfig;
  community: CommunityId;
  events: MessagePosted[];
  /** Exactly what core's track() hands the activity writer for each event. */
  rows: ActivityRow[];
  authors: number;
  /** Distinct authors that actually posted. */
  activeAuthors: number;
  channels: string[];
}

/** The example config, validated by the real loader; database.path is set per run. */
export function loadExampleConfig(): LoadedConfig {
  const parsed = parseConfig(EXAMPLE_CONFIG, readFileSync(EXAMPLE_CONFIG, 'utf8'), {});
  if (!parsed.ok)
    throw new Error(
      `example config rejected:\n${parsed.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`).join('\n')}`,
    );
  if (parsed.value.platform !== 'console')
    throw new Error(`example config resolved to platform ${parsed.value.platform}, expected console`);
  return parsed.value;
}

/** N message.posted events: distinct message and event ids, `authors` members, the config's channels. */
export function buildWorkload(n: number, authors = 1000): Workload {
  const { config } = loadExampleConfig();
  const community = communityId(config.community.id);
  const channelNames = Object.keys(config.channels);
  if (channelNames.length === 0) throw new Error('the example config names no channel to post in');
  const channels = channelNames.map((name) => channelId('console', config.channels[name]!));
  const people = Array.from({ length: authors }, (_, i) => ({
    id: memberId('console', `member${i}`),
    displayName: `Member ${i}`,
  }));
  const random = prng(0xf0e1);
  const start = Date.UTC(2025, 0, 6, 9, 0, 0);
  const events: MessagePosted[] = new Array(n);
  const rows: ActivityRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const author = people[Math.floor(random() * authors)]!;
    const channel = channels[Math.floor(random() * channels.length)]!;
    const at = new Date(start + i * 250);
    const message = messageId('console', `bench-m${i}`);
    events[i] = {
      id: eventId('console', `bench-e${i}`),
      community,
      at,
      type: 'message.posted',
      author,
      channel,
      message,
      text: `message ${i}`,
    };
    rows[i] = { communityId: community, channelId: channel, memberId: author.id, messageId: message, at };
  }
  const activeAuthors = new Set(rows.map((r) => r.memberId)).size;
  return { config, community, events, rows, authors, activeAuthors, channels: channelNames };
}

/** The first `n` events of a workload (for the warm-up), with the same config and authors. */
export function sliceWorkload(workload: Workload, n: number): Workload {
  const rows = workload.rows.slice(0, n);
  return {
    ...workload,
    events: workload.events.slice(0, n),
    rows,
    activeAuthors: new Set(rows.map((r) => r.memberId)).size,
  };
}

/** The message_activity table and its indexes, exactly as the committed migrations create them. */
export function activitySchemaSql(): string[] {
  const files = readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const statements = files
    .flatMap((f) => readFileSync(join(MIGRATIONS, f), 'utf8').split('--> statement-breakpoint'))
    .map((s) => s.trim())
    .filter((s) => /\bON\s+`?message_activity`?|TABLE\s+`?message_activity`?/i.test(s));
  if (!statements.some((s) => /^CREATE TABLE/i.test(s)))
    throw new Error('message_activity table not found in the migrations');
  // Added columns are part of the table as migrated; anything else would change what the baseline measures.
  if (
    statements.some(
      (s) => /^DROP/i.test(s) || (/^ALTER/i.test(s) && !/^ALTER TABLE\s+`?message_activity`?\s+ADD\b/i.test(s)),
    )
  )
    throw new Error('message_activity is altered by a later migration: update activitySchemaSql');
  return statements;
}

/**
 * Counts on a separate read-only connection: proves the rows were committed, not merely
 * visible to the writing connection. Throws unless the table holds exactly `expected` rows.
 */
/** The full path also records each author's first message in `members`. */
function expectActivated(file: string, expected: number): void {
  const client = new Database(file, { readonly: true });
  try {
    const actual = (
      client.prepare('SELECT count(*) AS n FROM members WHERE first_message_at IS NOT NULL').get() as { n: number }
    ).n;
    if (actual !== expected) throw new Error(`full path: ${actual} members activated, expected ${expected}`);
  } finally {
    client.close();
  }
}

function expectRows(what: string, file: string, expected: number): void {
  const client = new Database(file, { readonly: true });
  try {
    const actual = (client.prepare('SELECT count(*) AS n FROM message_activity').get() as { n: number }).n;
    if (actual !== expected) throw new Error(`${what}: message_activity holds ${actual} rows, expected ${expected}`);
  } finally {
    client.close();
  }
}

/** Baseline: raw better-sqlite3 with the pragmas of src/storage/database.ts. */
export function runBaseline(rows: readonly ActivityRow[], batch = ACTIVITY_BATCH): number {
  const tmp = tempDatabase('baseline');
  try {
    const client = new Database(tmp.file);
    client.pragma('journal_mode = WAL');
    client.pragma('foreign_keys = ON');
    client.pragma('synchronous = NORMAL');
    client.pragma('busy_timeout = 200');
    for (const sql of activitySchemaSql()) client.exec(sql);
    const t0 = now();
    const insert = client.prepare(
      'INSERT INTO message_activity (community_id, channel_id, member_id, message_id, at) VALUES (?, ?, ?, ?, ?)',
    );
    const writeBatch = client.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const r = rows[i]!;
        insert.run(r.communityId, r.channelId, r.memberId, r.messageId, r.at.getTime());
      }
    });
    for (let from = 0; from < rows.length; from += batch) writeBatch(from, Math.min(from + batch, rows.length));
    const elapsed = now() - t0;
    expectRows('baseline', tmp.file, rows.length);
    client.close();
    return elapsed;
  } finally {
    tmp.dispose();
  }
}

/** (a) Foyer's ActivityWriter over openDatabase (real migrations): add every row, then flush. */
export function runWriter(rows: readonly ActivityRow[]): number {
  const tmp = tempDatabase('writer');
  try {
    const db = openDatabase(tmp.file);
    const t0 = now();
    const writer = createActivityWriter({ db });
    for (const row of rows) writer.add(row);
    writer.flush();
    const elapsed = now() - t0;
    if (writer.buffered !== 0) throw new Error(`writer: ${writer.buffered} rows still buffered after flush`);
    expectRows('writer', tmp.file, rows.length);
    db.$client.close();
    return elapsed;
  } finally {
    tmp.dispose();
  }
}

export interface FullPathRun {
  ms: number;
  /** Records logged at level error (handler failures and the like): should be 0. */
  errors: LogRecord[];
}

/** (b) The whole event path: createBot over the console adapter, real storage and features. */
export async function runFullPath(workload: Workload): Promise<FullPathRun> {
  const tmp = tempDatabase('full');
  try {
    const config: FoyerConfig = { ...workload.config, database: { ...workload.config.database, path: tmp.file } };
    const storage = openStorage(config.database.path);
    const time = new FakeTime(workload.events[0]?.at ?? new Date(Date.UTC(2025, 0, 6, 9)));
    const errors: LogRecord[] = [];
    const logger = createLogger((record) => void errors.push(record), 'error');
    const adapter = createConsoleAdapter({
      community: communityId(config.community.id),
      write: () => {},
      now: () => time.now(),
      advance: (ms) => time.advance(ms),
      channels: Object.keys(config.channels),
      roles: config.roles.console,
      sessionId: 'bench',
    });
    const bot = createBot({ config, adapter, storage, clock: time.clock, waker: time, logger, features: FEATURES });
    if (bot.refused.length > 0) throw new Error(`features refused: ${JSON.stringify(bot.refused)}`);
    await bot.start();
    const t0 = now();
    for (const event of workload.events) await bot.handle(event);
    await bot.stop();
    const elapsed = now() - t0;
    if (storage.activity.buffered !== 0)
      throw new Error(`full path: ${storage.activity.buffered} rows still buffered after stop`);
    expectRows('full path', tmp.file, workload.events.length);
    expectActivated(tmp.file, workload.activeAuthors);
    storage.close();
    return { ms: elapsed, errors };
  } finally {
    tmp.dispose();
  }
}

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { ACTIVITY_BATCH } from '../../src/storage/activity.repository.ts';
import { createHealthStore } from '../../src/storage/health.store.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, transaction } from '../../src/storage/database.ts';
import { createStorage, openStorage, type Storage } from '../../src/storage/index.ts';
import { openTestDatabase, openTestStorage } from '../support/postgres/database.ts';
import { createActivityWriter } from '../../src/storage/activity.repository.ts';
import { memberId } from '../../src/core/ids.ts';

let storage: Storage | undefined;
const dirs: string[] = [];
afterEach(() => {
  storage?.close();
  storage = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'foyer-storage-'));
  dirs.push(dir);
  return join(dir, 'foyer.sqlite');
};

/** The committed migrations up to and including `last`, in a folder of their own. */
function migrationsUpTo(last: string): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'foyer-migrations-')), 'migrations');
  dirs.push(folder);
  cpSync(join(import.meta.dirname, '../../src/storage/migrations'), folder, { recursive: true });
  const journalFile = join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === last) + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

describe('storage', () => {
  it('prunes old joins and leaves but keeps each member’s latest one, so member counts do not change', () => {
    storage = openTestStorage();
    const health = storage.stores.health;
    const at = (d: string) => new Date(`${d}T12:00:00Z`);
    const record = (member: string, kind: 'join' | 'leave', d: string) =>
      storage!.rollups.recordMembership('c', member, kind, at(d), d);
    record('ann', 'join', '2025-01-01');
    record('bob', 'join', '2025-01-02');
    record('bob', 'leave', '2025-01-03');
    record('bob', 'join', '2025-01-04');
    record('cid', 'join', '2025-01-05');
    record('cid', 'leave', '2025-06-01');
    record('dan', 'join', '2025-06-02');
    const counts = () =>
      ['2025-01-04', '2025-03-01', '2025-06-01', '2025-07-01'].map((d) =>
        health.membersAt('c', at(d).getTime() + 1, []),
      );
    const before = counts();
    expect(before).toEqual([2, 3, 2, 3]);
    storage.retention.prune('c', 'rollups', { at: at('2025-03-01'), day: '2025-03-01' });
    const left = health.membershipEvents('c', 0, at('2026-01-01').getTime()).map((e) => `${e.member} ${e.kind}`);
    expect(left).toEqual(['ann join', 'bob join', 'cid join', 'cid leave', 'dan join']);
    // Instants after the cutoff are counted as before; earlier ones lost their detail, as retention says.
    expect(counts().slice(1)).toEqual(before.slice(1));
  });

  it('upgrades a database whose joins and member-days predate the member counts, DAU/WAU/MAU and communicator counts', () => {
    const file = tempDb();
    const old = new Database(file);
    migrate(drizzle({ client: old }), { migrationsFolder: migrationsUpTo('0009_member_erasures') });
    const event = old.prepare(
      'INSERT INTO membership_events (community_id, member_id, kind, at, day) VALUES (?, ?, ?, ?, ?)',
    );
    const day = old.prepare('INSERT INTO member_days (community_id, day, member_id, messages) VALUES (?, ?, ?, 1)');
    const at = (d: string) => Date.parse(`${d}T12:00:00Z`);
    event.run('c', 'ann', 'join', at('2026-03-01'), '2026-03-01');
    event.run('c', 'bob', 'join', at('2026-03-01'), '2026-03-01');
    event.run('c', 'bob', 'leave', at('2026-03-03'), '2026-03-03');
    event.run('c', 'cid', 'leave', at('2026-03-02'), '2026-03-02');
    event.run('c', 'cid', 'join', at('2026-03-04'), '2026-03-04');
    for (const [d, m] of [
      ['2026-03-01', 'ann'],
      ['2026-03-05', 'ann'],
      ['2026-03-02', 'bob'],
    ] as const)
      day.run('c', d, m);
    old
      .prepare("INSERT INTO member_days (community_id, day, member_id, messages) VALUES ('c', '2026-03-04', 'cid', 3)")
      .run();
    old.close();

    const db = openDatabase(file);
    const health = createHealthStore({ db });
    expect(health.membersAt('c', at('2026-03-02'), [])).toBe(2); // ann, bob
    expect(health.membersAt('c', at('2026-03-05'), [])).toBe(2); // ann, cid
    expect(health.membersAt('c', at('2026-03-05'), ['cid'])).toBe(1);
    const counts = health.activeCounts('c', '2026-03-05', '2026-03-05');
    expect(Object.fromEntries(counts.map((c) => [c.span, c.members]))).toEqual({ 1: 1, 7: 3, 28: 3 });
    expect(health.communicatorsOver28Days('c', '2026-03-05')).toBe(1); // cid's 3 messages
    expect(health.communicatorsOver28Days('c', '2026-04-01')).toBe(0); // 28 days after them
    db.$client.close();
  });

  it('opens with WAL, foreign keys and a low busy timeout, and applies the migrations', () => {
    const file = tempDb();
    const db = openDatabase(file);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBeLessThanOrEqual(500);
    const tables = db.$client
      .prepare("select name from sqlite_master where type='table'")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'communities',
        'members',
        'message_activity',
        'outreach_log',
        'job_runs',
        'scheduled_tasks',
        'processed_events',
        'onboarding_steps',
      ]),
    );
    db.$client.close();
    // Re-opening applies nothing twice.
    openDatabase(file).$client.close();
  });

  it('never stores message bodies: the activity table has no column for text', () => {
    const db = openDatabase(':memory:');
    const columns = db.$client
      .prepare('pragma table_info(message_activity)')
      .all()
      .map((c) => (c as { name: string }).name);
    expect(columns.sort()).toEqual(['at', 'channel_id', 'community_id', 'id', 'member_id', 'message_id', 'reply_to']);
  });

  it('refuses an async transaction callback and rolls back what it wrote', () => {
    const db = openTestDatabase();
    const insert = db.$client.prepare("insert into communities (id, name, created_at) values ('c', 'C', 0)");
    expect(() => transaction(db, (async () => insert.run()) as unknown as () => void)).toThrow(/promise|synchronous/i);
    expect(db.$client.prepare('select count(*) n from communities').get()).toEqual({ n: 0 });
  });

  it('batches message activity and ignores a redelivered message id', () => {
    const db = openTestDatabase();
    const writer = createActivityWriter({ db, batchSize: 4 });
    const count = () => (db.$client.prepare('select count(*) n from message_activity').get() as { n: number }).n;
    const row = (n: number) => ({
      communityId: 'c',
      channelId: 'console:general',
      memberId: 'console:a',
      messageId: `console:m${n}`,
      at: new Date(n),
    });
    for (let n = 0; n < 3; n++) writer.add(row(n));
    expect(count()).toBe(0); // buffered, not yet written
    writer.add(row(3)); // the fourth row fills the batch
    expect(count()).toBe(4);
    writer.add(row(1));
    writer.add(row(9));
    expect(writer.flush()).toBe(2);
    expect(count()).toBe(5);
  });

  it('counts an erased member who posts again the same day as a channel participant again', () => {
    const db = openTestDatabase();
    storage = createStorage(db);
    const members = () =>
      db.$client
        .prepare("SELECT member_id FROM channel_day_members WHERE channel_id = 'console:general' ORDER BY member_id")
        .pluck()
        .all();
    const post = (n: number, member: string) =>
      storage!.activity.add({
        communityId: 'c',
        channelId: 'console:general',
        memberId: member,
        messageId: `console:m${n}`,
        at: new Date(Date.UTC(2025, 0, 6, 9, n)),
        day: '2025-01-06',
      });
    post(1, 'console:a');
    post(2, 'console:b');
    storage.activity.flush();
    expect(members()).toEqual(['console:a', 'console:b']);
    storage.erasure.eraseMember('c', memberId('console', 'a'), 'a', new Date(Date.UTC(2025, 0, 6, 10)));
    storage.activity.forgetMember('c', 'console:a');
    expect(members()).toEqual(['console:b']);
    // The writer remembers who already took part today; an erased member is not among them any more.
    post(3, 'console:a');
    post(4, 'console:b');
    storage.activity.flush();
    expect(members()).toEqual(['console:a', 'console:b']);
  });

  it('the outreach log lets an effect happen only once', () => {
    storage = openTestStorage();
    const entry = {
      communityId: 'c',
      memberId: 'console:a',
      effectKey: 'welcome:c:a:1',
      feature: 'welcome',
      reason: 'r',
      via: 'channel' as const,
      at: new Date(1),
    };
    expect(storage.outreach.begin(entry)).toBe(true);
    expect(storage.outreach.begin(entry)).toBe(false);
    expect(storage.outreach.markInterrupted(new Date(2))).toBe(1);
    expect(storage.outreach.get('welcome:c:a:1')!.status).toBe('unknown');
  });

  it('records a join once per join time and keeps the first message time', () => {
    storage = openTestStorage();
    storage.members.ensureCommunity('c', 'C', new Date(0));
    expect(storage.members.recordJoin('c', 'console:a', 'a', false, new Date(10))).toBe(true);
    expect(storage.members.recordJoin('c', 'console:a', 'a', false, new Date(10))).toBe(false);
    expect(storage.members.recordFirstMessage('c', 'console:a', 'a', new Date(20))).toBe(true);
    expect(storage.members.recordFirstMessage('c', 'console:a', 'a', new Date(30))).toBe(false);
    expect(storage.members.get('c', 'console:a')!.firstMessageAt).toEqual(new Date(20));
    expect(storage.members.recordProfile('c', 'console:a', 'a', true, new Date(40))).toBe(true);
    expect(storage.members.recordProfile('c', 'console:a', 'a', true, new Date(50))).toBe(false);
  });

  it('counts rows written in a burst but not yet rolled up when the process stopped, once, at the next start', () => {
    const db = openTestDatabase();
    const sums = () =>
      db.$client
        .prepare(
          `SELECT (SELECT count(*) FROM message_activity) AS raw,
                  (SELECT coalesce(sum(messages), 0) FROM member_days) AS memberDays,
                  (SELECT coalesce(sum(messages), 0) FROM channel_days) AS channelDays,
                  (SELECT count(*) FROM channel_day_members) AS participants`,
        )
        .get() as { raw: number; memberDays: number; channelDays: number; participants: number };
    // Member m<n % 5> posts at n minutes past midnight (UTC), in one of two channels.
    const row = (n: number) => ({
      communityId: 'c',
      channelId: `ch${n % 2}`,
      memberId: `m${n % 5}`,
      messageId: `msg-${n}`,
      at: new Date(Date.UTC(2025, 0, 6) + n * 60_000),
    });
    const first = createActivityWriter({ db, batchSize: 4 });
    first.add(row(0));
    first.flush(); // a flush counts everything: the watermark now stands at the first row
    expect(sums()).toEqual({ raw: 1, memberDays: 1, channelDays: 1, participants: 1 });
    // A burst: batches fill and are written, their counts wait for the next roll-up.
    for (let n = 1; n <= 12; n++) first.add(row(n));
    expect(sums()).toEqual({ raw: 13, memberDays: 1, channelDays: 1, participants: 1 });
    // A process that writes no activity (a script beside the bot) flushes without counting them:
    // they are the writing process's to count.
    createActivityWriter({ db }).flush();
    expect(sums()).toEqual({ raw: 13, memberDays: 1, channelDays: 1, participants: 1 });
    // The process dies here (nothing more of `first` runs). The next one counts the 12 rows
    // above the watermark when it starts (the bot calls recover), and only those.
    const next = createActivityWriter({ db, batchSize: 4 });
    next.recover();
    expect(sums()).toEqual({ raw: 13, memberDays: 13, channelDays: 13, participants: 10 });
    next.add(row(13));
    expect(next.flush()).toBe(1);
    expect(sums()).toEqual({ raw: 14, memberDays: 14, channelDays: 14, participants: 10 });
    const perMember = db.$client.prepare('SELECT member_id, messages FROM member_days ORDER BY member_id').raw().all();
    expect(perMember).toEqual([
      ['m0', 3],
      ['m1', 3],
      ['m2', 3],
      ['m3', 3],
      ['m4', 2],
    ]);
    // A third process finds nothing to make good: the counts stay as they are.
    createActivityWriter({ db }).recover();
    expect(sums()).toEqual({ raw: 14, memberDays: 14, channelDays: 14, participants: 10 });
  });

  it('a database written before the watermark existed is taken as counted', () => {
    const db = openTestDatabase();
    const writer = createActivityWriter({ db });
    writer.add({ communityId: 'c', channelId: 'ch', memberId: 'm', messageId: 'x', at: new Date(0) });
    writer.flush();
    // As an earlier Foyer left it: the rows counted, and no watermark.
    db.$client.prepare(`DELETE FROM key_value WHERE namespace = 'activity'`).run();
    createActivityWriter({ db }).flush();
    const messages = db.$client.prepare('SELECT sum(messages) FROM member_days').pluck().get();
    expect(Number(messages)).toBe(1);
  });

  it('activity flushed before a crash is on disk for the next process', () => {
    const file = tempDb();
    storage = openStorage(file);
    for (let n = 0; n < 2 * ACTIVITY_BATCH + 200; n++)
      storage.activity.add({ communityId: 'c', channelId: 'ch', memberId: 'm', messageId: `m${n}`, at: new Date(n) });
    // Two full batches were committed; 200 rows are still buffered. Simulate the process
    // dying here by reading from a separate connection without closing.
    const other = new Database(file, { readonly: true });
    expect((other.prepare('select count(*) n from message_activity').get() as { n: number }).n).toBe(
      2 * ACTIVITY_BATCH,
    );
    other.close();
  });
});

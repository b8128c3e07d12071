import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, transaction } from '../../src/storage/database.ts';
import { openStorage, type Storage } from '../../src/storage/index.ts';
import { createActivityWriter } from '../../src/storage/activity.repository.ts';

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

describe('storage', () => {
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
    const db = openDatabase(':memory:');
    const insert = db.$client.prepare("insert into communities (id, name, created_at) values ('c', 'C', 0)");
    expect(() => transaction(db, (async () => insert.run()) as unknown as () => void)).toThrow(/promise|synchronous/i);
    expect(db.$client.prepare('select count(*) n from communities').get()).toEqual({ n: 0 });
  });

  it('batches message activity and ignores a redelivered message id', () => {
    const db = openDatabase(':memory:');
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

  it('the outreach log lets an effect happen only once', () => {
    storage = openStorage(':memory:');
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
    storage = openStorage(':memory:');
    storage.members.ensureCommunity('c', 'C', new Date(0));
    expect(storage.members.recordJoin('c', 'console:a', 'a', false, new Date(10))).toBe(true);
    expect(storage.members.recordJoin('c', 'console:a', 'a', false, new Date(10))).toBe(false);
    expect(storage.members.recordFirstMessage('c', 'console:a', 'a', new Date(20))).toBe(true);
    expect(storage.members.recordFirstMessage('c', 'console:a', 'a', new Date(30))).toBe(false);
    expect(storage.members.get('c', 'console:a')!.firstMessageAt).toEqual(new Date(20));
    expect(storage.members.recordProfile('c', 'console:a', 'a', true, new Date(40))).toBe(true);
    expect(storage.members.recordProfile('c', 'console:a', 'a', true, new Date(50))).toBe(false);
  });

  it('activity flushed before a crash is on disk for the next process', () => {
    const file = tempDb();
    storage = openStorage(file);
    for (let n = 0; n < 1200; n++)
      storage.activity.add({ communityId: 'c', channelId: 'ch', memberId: 'm', messageId: `m${n}`, at: new Date(n) });
    // 1000 rows were committed by two full batches; 200 are still buffered. Simulate the
    // process dying here by reading from a separate connection without closing.
    const other = new Database(file, { readonly: true });
    expect((other.prepare('select count(*) n from message_activity').get() as { n: number }).n).toBe(1000);
    other.close();
  });
});

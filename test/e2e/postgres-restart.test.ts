/**
 * PostgreSQL restarted (fast shutdown, as an operator or a failover does) while Foyer
 * ingests message activity: every batch committed before stays, the batches that failed
 * while the server was down stay buffered and go in once it is back, and the same storage
 * carries on without reopening anything.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTIVITY_BATCH } from '../../src/storage/activity.repository.ts';
import { openStorage, type Storage } from '../../src/storage/index.ts';
import { PostgresSyncClient } from '../../src/storage/postgres/sync-client.ts';
import { startCluster, type Cluster } from '../support/postgres/cluster.ts';

let cluster: Cluster;
let storage: Storage | undefined;
let reader: PostgresSyncClient | undefined;
beforeAll(async () => {
  cluster = await startCluster();
}, 60_000);
afterAll(async () => {
  storage?.close();
  reader?.close();
  await cluster?.stop();
});

/** A full batch flushes inside `add`. */
const BATCH = ACTIVITY_BATCH;
const row = (n: number) => ({
  communityId: 'garden',
  channelId: `discord:${n % 7}`,
  memberId: `discord:${n % 97}`,
  messageId: `discord:m${n}`,
  at: new Date(Date.UTC(2026, 2, 2) + n * 1_000),
});

it('loses no committed row and resumes ingest after the server restarts', async () => {
  const url = cluster.url(await cluster.createDatabase('foyer_restart'));
  storage = openStorage(url);
  // Counted over a connection of its own, which reconnects after the restart as Foyer's does.
  const sqlite = (reader = new PostgresSyncClient({ url }));
  const count = () => sqlite.prepare('SELECT count(*) FROM message_activity').pluck().get() as number;
  let added = 0;

  let failedFlushes = 0;
  const ingest = (n: number) => {
    for (let i = 0; i < n; i++) {
      try {
        storage!.activity.add(row(added++)); // a full batch flushes inside add
      } catch {
        failedFlushes++;
      }
    }
  };
  ingest(4 * BATCH);
  const committed = count();
  expect(committed).toBe(4 * BATCH);

  // The server goes down (fast shutdown: every session is cut) while members keep talking…
  await cluster.stopServer();
  ingest(2 * BATCH + 123);
  expect(() => storage!.activity.flush()).toThrow(/unavailable|terminat|connect/i);
  // …and comes back.
  await cluster.startServer();
  expect(failedFlushes).toBeGreaterThan(0);
  // Back: the buffered rows go in with the next flushes (the writer waits out its short
  // fail-fast window after a lost connection), on the same storage.
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      storage.activity.flush();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error('ingest did not resume within 15 s of the restart');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  ingest(2 * BATCH);
  storage.activity.flush();
  expect(count()).toBe(added);
  expect(storage.activity.buffered).toBe(0);
  // The roll-ups saw each message once: every member-day's count adds up to the raw rows.
  expect(sqlite.prepare('SELECT sum(messages) FROM member_days').pluck().get()).toBe(added);
  console.info(
    `[postgres restart] ${committed} rows committed before, ${added - committed} after; ${failedFlushes} flushes failed while it was down, none lost`,
  );
}, 60_000);

import { afterEach, describe, expect, it } from 'vitest';
import { FakeTime } from '../../src/core/fake-time.ts';
import { addDays } from '../../src/core/local-day.ts';
import type { MissedYouStore } from '../../src/features/missed-you/missed-you.store.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { createStorage } from '../../src/storage/index.ts';
import { Harness, START, testConfig } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

const MEMBERS = 1_500;
const features = {
  photoNudge: { enabled: false },
  missedYou: { enabled: true, silentDays: 14, lookbackDays: 28, minActiveDays: 3, holdoutShare: 0, time: '12:00' },
};

/**
 * The store's pages as the contract says, built on its whole reads: the feature's paging is
 * tested here; storage's own SQL for them is tested with storage. Counts the pages read.
 */
function paged(store: MissedYouStore, pages: { candidates: number; awaiting: number }): MissedYouStore {
  return {
    ...store,
    candidatesPage(community, query, { after, scan }) {
      pages.candidates++;
      const missed = store
        .candidates(community, query)
        .filter((m) => m.member > after)
        .slice(0, scan);
      return { missed, next: missed.at(-1)?.member };
    },
    awaitingContactPage(community, since, { after, limit }) {
      pages.awaiting++;
      const key = (at: Date, member: string) => [at.getTime(), member] as const;
      const isAfter = (at: Date, member: string) => {
        if (!after) return true;
        const [t, m] = key(at, member);
        return t > after.eligibleAt.getTime() || (t === after.eligibleAt.getTime() && m > after.member);
      };
      return store
        .awaitingContact(community, since)
        .filter((a) => isAfter(a.eligibleAt, a.member))
        .slice(0, limit);
    },
  };
}

/** A community of MEMBERS members, all active on 3 days that end 14 days before the look: all missed at once. */
async function startCommunity(wrap?: (store: MissedYouStore) => MissedYouStore): Promise<void> {
  const db = openDatabase(':memory:');
  const storage = createStorage(db);
  if (wrap) storage.stores.missedYou = wrap(storage.stores.missedYou);
  h = new Harness(testConfig({ features }), new FakeTime(START), storage);
  await h.boot();
  const today = START.toISOString().slice(0, 10);
  const member = db.$client.prepare('INSERT INTO members (community_id, member_id, display_name) VALUES (?, ?, ?)');
  const day = db.$client.prepare(
    'INSERT INTO member_days (community_id, day, member_id, messages) VALUES (?, ?, ?, 1)',
  );
  db.$client.transaction(() => {
    for (let i = 0; i < MEMBERS; i++) {
      member.run(h.community, h.member(`m${i}`), `m${i}`);
      for (let d = 14; d < 17; d++) day.run(h.community, addDays(today, -d), h.member(`m${i}`));
    }
  })();
}

/** Advances to the daily look, noting on every turn of the event loop how many had been written to by then. */
async function lookWhileWatchingTurns(): Promise<number[]> {
  const seen: number[] = [];
  let watching = true;
  const watch = () => {
    seen.push(h.sent.filter((s) => s.kind === 'dm').length);
    if (watching) setImmediate(watch);
  };
  setImmediate(watch);
  await h.advance('2h1m'); // 11:01 UTC: the look at 12:00 Paris has run
  watching = false;
  return seen;
}

describe('we missed you at scale: the daily look hands the event loop back', () => {
  it('writes once to each of 1,500 members missed at once, and other work runs between its slices', async () => {
    await startCommunity();
    const seen = await lookWhileWatchingTurns();
    const dms = h.sent.filter((s) => s.kind === 'dm').map((s) => s.to);
    expect(dms).toHaveLength(MEMBERS);
    expect(new Set(dms).size).toBe(MEMBERS);
    // Turns of the event loop ran while the look was half-way: it was not one block.
    expect(seen.some((n) => n > 0 && n < MEMBERS)).toBe(true);
  });

  it('reads the store page by page when the store can, and still writes once to each member', async () => {
    const pages = { candidates: 0, awaiting: 0 };
    await startCommunity((store) => paged(store, pages));
    const seen = await lookWhileWatchingTurns();
    const dms = h.sent.filter((s) => s.kind === 'dm').map((s) => s.to);
    expect(new Set(dms).size).toBe(MEMBERS);
    expect(dms).toHaveLength(MEMBERS);
    // 500 per page: three pages and the empty one that ends each read.
    expect(pages).toEqual({ candidates: 4, awaiting: 4 });
    expect(seen.some((n) => n > 0 && n < MEMBERS)).toBe(true);
    expect(h.logger.records.find((r) => r.message === 'missed members looked for')?.fields).toMatchObject({
      found: MEMBERS,
      waiting: MEMBERS,
      sent: MEMBERS,
    });
  });
});

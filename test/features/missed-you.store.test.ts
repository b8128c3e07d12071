import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/local-day.ts';
import type { Absence, CandidateQuery, MissedYouStore } from '../../src/features/missed-you/missed-you.store.ts';
import { openDatabase, type Db } from '../../src/storage/database.ts';
import { createMissedYouStore } from '../../src/storage/missed-you.store.ts';
import { createTestDatabase, testDatabaseKind } from '../support/postgres/database.ts';

const COMMUNITY = 'garden';
const OTHER = 'elsewhere';
const TODAY = '2026-03-18';
/** Missed today: last active 14 to 21 days ago, on at least 3 of the 28 days up to it. */
const QUERY: CandidateQuery = {
  latest: addDays(TODAY, -14),
  oldest: addDays(TODAY, -21),
  lookbackDays: 28,
  minActiveDays: 3,
};

let db: Db | undefined;
afterEach(() => {
  db?.$client.close();
  db = undefined;
});

function open(): { db: Db; store: MissedYouStore } {
  db = openDatabase(testDatabaseKind() === 'postgres' ? createTestDatabase() : ':memory:');
  for (const id of [COMMUNITY, OTHER])
    db.$client.prepare('INSERT INTO communities (id, name, created_at) VALUES (?, ?, ?)').run(id, id, 0);
  return { db, store: createMissedYouStore({ db }) };
}

/** A member of `community` active on each of `days` days before TODAY (1 = yesterday). */
function member(
  db: Db,
  id: string,
  daysAgo: readonly number[],
  options: { community?: string; left?: boolean; staff?: boolean } = {},
) {
  const community = options.community ?? COMMUNITY;
  db.$client
    .prepare('INSERT INTO members (community_id, member_id, display_name, joined_at, left_at) VALUES (?, ?, ?, ?, ?)')
    .run(community, id, `name of ${id}`, 1, options.left ? 2 : null);
  if (options.staff)
    db.$client
      .prepare('INSERT INTO staff_members (community_id, member_id, since) VALUES (?, ?, ?)')
      .run(community, id, 1);
  for (const ago of daysAgo)
    db.$client
      .prepare('INSERT INTO member_days (community_id, day, member_id, messages) VALUES (?, ?, ?, 1)')
      .run(community, addDays(TODAY, -ago), id);
}

/** Every page of `candidatesPage`, `scan` members at a time. */
function allPages(store: MissedYouStore, scan: number) {
  const pages: { missed: string[]; next: string | undefined }[] = [];
  for (let after: string | undefined = ''; after !== undefined;) {
    const page = store.candidatesPage!(COMMUNITY, QUERY, { after, scan });
    pages.push({ missed: page.missed.map((m) => m.member), next: page.next });
    after = page.next;
    if (pages.length > 100) throw new Error('the pages never end');
  }
  return pages;
}

describe('the missed-you store reads the daily look page by page', () => {
  it('pages the missed members in member order, each page looking at no more than `scan` members', () => {
    const { db, store } = open();
    member(db, 'm01', [15, 16, 17]); // missed
    member(db, 'm02', [15, 16]); // too few active days
    member(db, 'm03', [3, 15, 16, 17]); // active again since: not silent
    member(db, 'm04', [14, 18, 30]); // missed (3 days in the 28 up to the 14th day ago)
    member(db, 'm05', [15, 16, 17], { staff: true });
    member(db, 'm06', [15, 16, 17], { left: true });
    member(db, 'm07', [40, 41, 42]); // silent since before the window: not looked at
    member(db, 'm08', [21, 22, 23]); // missed, on the window's first day
    member(db, 'm09', [15, 16, 17], { community: OTHER });
    member(db, 'm10', [16, 17, 18]); // missed
    member(db, 'm11', [16, 17, 18]); // its absence is already recorded
    store.record(COMMUNITY, {
      member: 'm11' as Absence['member'],
      lastActiveDay: addDays(TODAY, -16),
      eligibleAt: new Date('2026-03-17T11:00:00Z'),
      eligibleDay: '2026-03-17',
      cohort: 'contact',
    });

    const whole = store.candidates(COMMUNITY, QUERY);
    expect(whole.map((m) => m.member)).toEqual(['m01', 'm04', 'm08', 'm10']);

    // Every member with a day on record, in order: m01 m02 m03 | m04 m05 m06 | m07 m08 m10 | m11, three a page.
    // m07 (silent since before the window) is looked at and is not missed; m09 is another community's.
    expect(allPages(store, 3)).toEqual([
      { missed: ['m01'], next: 'm03' },
      { missed: ['m04'], next: 'm06' },
      { missed: ['m08', 'm10'], next: 'm10' },
      { missed: [], next: 'm11' },
      { missed: [], next: undefined },
    ]);
    // The same members and details as the whole read, whatever the page size.
    for (const scan of [1, 2, 4, 50])
      expect(allPages(store, scan).flatMap((p) => p.missed)).toEqual(['m01', 'm04', 'm08', 'm10']);
    expect(store.candidatesPage!(COMMUNITY, QUERY, { after: '', scan: 50 }).missed).toEqual(whole);
    expect(whole[0]).toEqual({ member: 'm01', lastActiveDay: addDays(TODAY, -15), displayName: 'name of m01' });
  });

  it('pages the absences waiting for their message by eligibility time, then member', () => {
    const { db, store } = open();
    const absence = (memberId: string, eligibleAt: string, cohort: 'contact' | 'holdout' = 'contact') => {
      member(db, memberId, [20, 21, 22]);
      store.record(COMMUNITY, {
        member: memberId as Absence['member'],
        lastActiveDay: addDays(TODAY, -20),
        eligibleAt: new Date(eligibleAt),
        eligibleDay: eligibleAt.slice(0, 10),
        cohort,
      });
    };
    // Three found in one look (the same time), in an order other than the members'.
    absence('c', '2026-03-15T11:00:00Z');
    absence('a', '2026-03-15T11:00:00Z');
    absence('b', '2026-03-15T11:00:00Z');
    absence('h', '2026-03-15T11:00:00Z', 'holdout'); // the holdout gets no message
    absence('z', '2026-03-14T11:00:00Z');
    absence('s', '2026-03-16T11:00:00Z'); // sent already
    store.setContact(COMMUNITY, 's', addDays(TODAY, -20), 'sent', new Date('2026-03-16T11:00:00Z'));
    absence('k', '2026-03-16T11:00:00Z'); // capped: it waits for the next day
    store.setContact(COMMUNITY, 'k', addDays(TODAY, -20), 'capped', new Date('2026-03-16T11:00:00Z'));
    absence('r', '2026-03-16T12:00:00Z'); // active again since: no message
    db.$client
      .prepare('INSERT INTO member_days (community_id, day, member_id, messages) VALUES (?, ?, ?, 1)')
      .run(COMMUNITY, '2026-03-17', 'r');
    absence('old', '2026-03-05T11:00:00Z'); // its return window is over: found before `since`

    const since = '2026-03-11';
    const whole = store.awaitingContact(COMMUNITY, since);
    expect(whole.map((a) => a.member)).toEqual(['z', 'a', 'b', 'c', 'k']);

    const pages: string[][] = [];
    let after: { eligibleAt: Date; member: string } | undefined;
    for (;;) {
      const page = store.awaitingContactPage!(COMMUNITY, since, { after, limit: 2 });
      pages.push(page.map((a) => a.member));
      if (page.length < 2) break;
      after = { eligibleAt: page.at(-1)!.eligibleAt, member: page.at(-1)!.member };
    }
    // The ties at 11:00 on the 15th are split across pages and none is read twice or skipped.
    expect(pages).toEqual([['z', 'a'], ['b', 'c'], ['k']]);
    expect(store.awaitingContactPage!(COMMUNITY, since, { after: undefined, limit: 10 })).toEqual(whole);
    expect(whole[4]).toMatchObject({
      member: 'k',
      cohort: 'contact',
      contactStatus: 'capped',
      eligibleDay: '2026-03-16',
    });
    // Another community's absences are its own.
    expect(store.awaitingContactPage!(OTHER, since, { after: undefined, limit: 10 })).toEqual([]);
  });

  it('finds an absence found on `since` in a time zone ahead of UTC, before that UTC day began', () => {
    const { db, store } = open();
    member(db, 'kiri', [20, 21, 22]);
    // 00:30 on 11 March in Kiritimati (UTC+14) is 10:30 on 10 March, UTC.
    store.record(COMMUNITY, {
      member: 'kiri' as Absence['member'],
      lastActiveDay: addDays(TODAY, -20),
      eligibleAt: new Date('2026-03-10T10:30:00Z'),
      eligibleDay: '2026-03-11',
      cohort: 'contact',
    });
    expect(
      store.awaitingContactPage!(COMMUNITY, '2026-03-11', { after: undefined, limit: 10 }).map((a) => a.member),
    ).toEqual(['kiri']);
    expect(store.awaitingContactPage!(COMMUNITY, '2026-03-12', { after: undefined, limit: 10 })).toEqual([]);
  });
});

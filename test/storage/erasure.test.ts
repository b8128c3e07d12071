import { describe, expect, it } from 'vitest';
import { ERASED_MEMBER } from '../../src/core/erasure.ts';
import { memberId } from '../../src/core/ids.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { createStorage, type Db } from '../../src/storage/index.ts';
import { dataTables } from '../../src/storage/portability/catalogue.ts';
import { openTestDatabase } from '../support/postgres/database.ts';

const COMMUNITY = 'garden';
const AT = new Date('2026-03-02T09:00:00Z');

/** Every row of every table, so a test can tell whether anything at all changed. */
function dump(db: Db): Record<string, unknown[]> {
  const tables = dataTables(db.$client);
  return Object.fromEntries(tables.map((t) => [t, db.$client.prepare(`SELECT * FROM "${t}"`).all()]));
}

/** Two members whose ids share a prefix (console:ana, console:anabel), in the tables matched by key or id. */
function seed(db: Db) {
  const storage = createStorage(db);
  storage.members.ensureCommunity(COMMUNITY, 'The Garden', AT);
  for (const name of ['ana', 'anabel']) {
    const id = memberId('console', name);
    storage.members.recordJoin(COMMUNITY, id, name, false, AT);
    storage.scheduler.addTask({
      kind: 'photo-nudge',
      key: `${id}:${AT.getTime()}:1`,
      dueAt: AT,
      payload: { member: id },
    });
    storage.keyValue.set('discord.dm-closed', name, '1');
    storage.keyValue.set('matrix.poll-ballots', `$poll ${name}`, '{}');
    storage.ledger.record(`discord:join:${name}:${AT.getTime()}`, AT);
    storage.outreach.begin({
      communityId: COMMUNITY,
      memberId: id,
      effectKey: `welcome:${COMMUNITY}:${id}:${AT.getTime()}`,
      feature: 'welcome',
      reason: 'welcome on join',
      via: 'channel',
      at: AT,
    });
  }
  db.$client
    .prepare(
      `INSERT INTO reports (community_id, reporter_id, channel_id, reason, severity, status, created_at, evidence_author)
       VALUES (?, 'console:ana', 'console:general', 'anabel was rude', 'normal', 'open', ?, 'console:anabel')`,
    )
    .run(COMMUNITY, AT.getTime());
  db.$client
    .prepare("INSERT INTO report_events (report_id, at, actor, action) VALUES (1, ?, 'console:ana', 'reported')")
    .run(AT.getTime());
  return storage;
}

describe('member erasure in storage', () => {
  it('erases one member and leaves a member whose id starts the same untouched', () => {
    const db = openTestDatabase();
    const storage = seed(db);
    const summary = storage.erasure.eraseMember(COMMUNITY, memberId('console', 'ana'), 'ana', AT);
    expect(summary).toEqual({
      removed: { members: 1, outreach_log: 1, scheduled_tasks: 1, key_value: 2, processed_events: 1 },
      anonymised: { reports: 1, report_events: 1 },
    });
    const after = dump(db);
    expect(JSON.stringify(after)).not.toMatch(/console:ana\b(?!bel)/);
    // anabel: every row kept, including the report about her that ana filed.
    expect(storage.members.get(COMMUNITY, 'console:anabel')).toBeDefined();
    expect(after['scheduled_tasks']).toHaveLength(1);
    expect(after['key_value']).toHaveLength(2);
    expect(after['processed_events']).toEqual([
      expect.objectContaining({ event_id: 'discord:join:anabel:' + AT.getTime() }),
    ]);
    expect(after['reports']).toEqual([
      expect.objectContaining({
        reporter_id: ERASED_MEMBER,
        evidence_author: 'console:anabel',
        reason: 'anabel was rude',
      }),
    ]);
    expect(after['erasures']).toEqual([
      { id: 1, community_id: COMMUNITY, at: AT.getTime(), removed: JSON.stringify(summary) },
    ]);
  });

  it('a failure mid-erasure leaves every table as it was: all or nothing', () => {
    const db = openDatabase(':memory:');
    const storage = seed(db);
    // The last step fails, as a crash or a full disk would, after every other table was written.
    db.$client.exec(
      "CREATE TRIGGER crash BEFORE DELETE ON processed_events BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    );
    const before = dump(db);
    expect(() => storage.erasure.eraseMember(COMMUNITY, memberId('console', 'ana'), 'ana', AT)).toThrow(
      'disk I/O error',
    );
    expect(dump(db)).toEqual(before);
    expect(storage.members.get(COMMUNITY, 'console:ana')).toBeDefined();
  });
});

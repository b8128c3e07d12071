import { afterEach, describe, expect, it } from 'vitest';
import { FakeTime } from '../../../src/core/fake-time.ts';
import { channelId, eventId, type MemberId } from '../../../src/core/ids.ts';
import { createStorage, type Db } from '../../../src/storage/index.ts';
import { dataTables, tableColumns } from '../../../src/storage/portability/catalogue.ts';
import { openTestDatabase } from '../../support/postgres/database.ts';
import { Harness, START, testConfig } from '../../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

/** A harness whose raw database the test can read, to scan every table after an erasure. */
async function harnessWithDb(overrides: Record<string, unknown> = {}): Promise<{ h: Harness; db: Db }> {
  const db = openTestDatabase();
  const harness = new Harness(testConfig(overrides), new FakeTime(START), createStorage(db));
  await harness.boot();
  harness.roles.set('mod', 'moderator');
  return { h: harness, db };
}

/** The code Foyer asked for in its last reply to `name`. */
const codeIn = (reply: string | undefined) => /\/mydata erase ([A-Z0-9]{6})\b/.exec(reply ?? '')?.[1];

/**
 * Every table and column of the migrated database holding `needle` (case-insensitive), with
 * how many rows: read from the database's catalogue (SQLite's or PostgreSQL's), so a new
 * table is scanned without editing this test.
 */
function whereItIs(db: Db, needle: string): Record<string, number> {
  const sqlite = db.$client;
  const found: Record<string, number> = {};
  for (const table of dataTables(sqlite)) {
    for (const { name: column } of tableColumns(sqlite, table)) {
      const n = sqlite
        .prepare(`SELECT count(*) FROM "${table}" WHERE lower(CAST("${column}" AS TEXT)) LIKE ?`)
        .pluck()
        .get(`%${needle.toLowerCase()}%`) as number;
      if (n > 0) found[`${table}.${column}`] = n;
    }
  }
  return found;
}

/** Ana reports a message zephyrine wrote, with its evidence, as a context-menu report would. */
function reportAbout(harness: Harness, author: MemberId) {
  return harness.deliver({
    type: 'command.invoked',
    id: eventId('console', 'context-menu-report'),
    community: harness.community,
    at: harness.time.now(),
    invocation: {
      name: 'report',
      argText: 'zephyrine insulted me in general',
      invoker: { id: harness.member('ana'), displayName: 'ana' },
      role: 'member',
      channel: channelId('console', 'general'),
      replyHandle: null,
      evidence: { text: 'you are all idiots', author, at: harness.time.now() },
    },
  });
}

/** A member who did everything Foyer records: joined, onboarded, posted, voted, reported, was reported, was contacted. */
async function busyMember(harness: Harness): Promise<MemberId> {
  const zephyrine = harness.member('zephyrine');
  await harness.join('ana');
  await harness.join('zephyrine');
  await harness.command('mod', '/poll Next meetup? | Paris | Lyon | for 2d');
  await harness.post('zephyrine', 'general', 'hello all');
  await harness.advance('1h');
  await harness.post('zephyrine', 'introductions', 'I am zephyrine, I like maps');
  await harness.command('zephyrine', '/rules accept');
  await harness.command('zephyrine', '/interests design');
  await harness.command('zephyrine', '/vote 1 2');
  await harness.command('zephyrine', '/report bo was rude to me');
  await reportAbout(harness, zephyrine);
  await harness.command('mod', '/triage ack 1');
  await harness.command('mod', '/triage resolve 2 upheld Zephyrine was warned.');
  await harness.advance('1d'); // the photo nudge
  await harness.post('zephyrine', 'general', 'still here');
  await harness.advance('1h');
  // What an adapter keeps about a member, by the platform's own id (Discord: DMs closed).
  harness.storage.keyValue.set('discord.dm-closed', 'zephyrine', '1');
  return zephyrine;
}

describe('/mydata erase', () => {
  it('removes the member from every table except what the README keeps, and lists what remains', async () => {
    const built = await harnessWithDb();
    h = built.h;
    await busyMember(h);
    const before = whereItIs(built.db, 'zephyrine');
    // She is everywhere a member can be, so the scan after the erasure means something.
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining([
        'members.member_id',
        'members.display_name',
        'onboarding_steps.member_id',
        'message_activity.member_id',
        'outreach_log.member_id',
        'scheduled_tasks.payload',
        'welcome_queue.display_name',
        'photo_nudges.member_id',
        'ballots.member_id',
        'reports.reporter_id',
        'reports.evidence_author',
        'report_events.actor',
        'member_days.member_id',
        'channel_day_members.member_id',
        'first_messages.member_id',
        'membership_events.member_id',
        'key_value.key',
      ]),
    );
    expect(before['outreach_log.member_id']).toBe(2); // welcomed, then nudged for a photo

    await h.command('zephyrine', '/mydata erase');
    const ask = h.lastReplyTo('zephyrine')!;
    expect(ask).toContain('Kept, for the safety of others: reports other members filed about you');
    expect(ask).toContain('Reports you filed keep their evidence for the moderators but no longer name you');
    await h.command('zephyrine', `/mydata erase ${codeIn(ask)}`);
    expect(h.lastReplyTo('zephyrine')).toMatch(/^Done: \d+ records about you were removed or no longer name you\.$/);

    // What remains is exactly what the README's data section says is kept: the report
    // others filed about her (its author and the reason its reporter wrote) and the
    // moderator's decision on it.
    const remaining = {
      'reports.evidence_author': 1,
      'reports.reason': 1,
      'reports.outcome': 1,
      'report_events.note': 1,
    };
    expect(whereItIs(built.db, 'zephyrine')).toEqual(remaining);
    // The report she filed stays for the moderators, naming nobody; resolving it tells nobody.
    const dms = h.sent.filter((s) => s.kind === 'dm').length;
    await h.command('mod', '/triage resolve 1 upheld We talked to bo.');
    expect(h.lastReplyTo('mod')).toBe('Report #1 resolved; the reporter erased their data, so nobody was told.');
    expect(h.sent.filter((s) => s.kind === 'dm')).toHaveLength(dms);
    const filed = h.storage.stores.triage.get(h.community, 1)!;
    expect(filed).toMatchObject({ reporterId: 'erased-member', reason: 'bo was rude to me', status: 'resolved' });
    await h.command('mod', '/triage show 1');
    expect(h.lastReplyTo('mod')).toContain('nobody to tell: the reporter erased their data');
    expect(whereItIs(built.db, 'zephyrine')).toEqual(remaining);
    // The erasure is recorded, with counts only.
    const recorded = built.db.$client.prepare('SELECT at, removed FROM erasures').all() as {
      at: number;
      removed: string;
    }[];
    expect(recorded).toHaveLength(1);
    expect(JSON.parse(recorded[0]!.removed)).toMatchObject({
      removed: { members: 1, ballots: 1, key_value: 1 },
      anonymised: { reports: 1 },
    });
    // Channel totals name nobody and stay.
    expect(built.db.$client.prepare('SELECT sum(messages) FROM channel_days').pluck().get()).toBe(3);
  });

  it('welcomes a returning erased member as a newcomer, with a fresh onboarding; others are welcomed back', async () => {
    h = await Harness.start();
    for (const name of ['zephyrine', 'bo']) {
      await h.join(name);
      await h.command(name, '/rules accept');
      await h.leave(name);
      await h.advance('1h');
    }
    await h.command('zephyrine', '/mydata erase');
    await h.command('zephyrine', `/mydata erase ${codeIn(h.lastReplyTo('zephyrine'))}`);
    const from = h.sent.length;
    await h.advance('1h');
    await h.join('zephyrine');
    await h.advance('1h'); // a welcome back waits for a free welcome channel
    await h.join('bo');
    const greetings = h.platform.since(from).map((s) => s.text);
    expect(greetings.filter((text) => text.includes('zephyrine'))).toEqual([
      'Welcome to The Garden, @zephyrine! We are glad you are here.\n\nYour first steps are waiting: type /onboarding to see them.',
    ]);
    // The control: a member who did not erase is recognised, as the welcome feature promises.
    expect(greetings).toContain('Welcome back to The Garden, bo.');
    await h.command('zephyrine', '/onboarding');
    expect(h.lastReplyTo('zephyrine')).toContain('(0 of 4 done)');
    expect(h.lastReplyTo('zephyrine')).toContain('[ ] Read and accept the code of conduct');
    await h.command('bo', '/onboarding');
    expect(h.lastReplyTo('bo')).toContain('(1 of 4 done)');
  });

  it('answers in the member’s French, before and after their language choice is erased', async () => {
    h = await Harness.start();
    await h.join('zoé');
    await h.command('zoé', '/language fr');
    await h.command('zoé', '/mydata erase');
    const ask = h.lastReplyTo('zoé')!;
    expect(ask).toContain('Effacer ce que Foyer conserve sur vous ?');
    expect(ask).toContain('Conservés, pour la sécurité des autres');
    expect(ask).toMatch(/Pour confirmer, tapez \/mydata erase [A-Z0-9]{6} dans les 10 minutes\./);
    await h.command('zoé', `/mydata erase ${codeIn(ask)}`);
    expect(h.lastReplyTo('zoé')).toMatch(
      /^C’est fait : \d+ données à votre sujet ont été effacées ou ne vous nomment plus\.$/,
    );
    expect(h.storage.members.get(h.community, h.member('zoé'))).toBeUndefined();
  });

  it('refuses a wrong code and an expired one with what to type, and erases nothing', async () => {
    h = await Harness.start();
    await h.join('zephyrine');
    await h.command('zephyrine', '/mydata erase NOTIT');
    expect(h.lastReplyTo('zephyrine')).toBe(
      'Foyer did not ask you for a code, or it has expired. To start again, type /mydata erase.',
    );
    await h.command('zephyrine', '/mydata erase');
    const code = codeIn(h.lastReplyTo('zephyrine'))!;
    await h.command('zephyrine', '/mydata erase WRONG1');
    expect(h.lastReplyTo('zephyrine')).toBe(
      'That is not the code Foyer gave you: nothing was erased. Type the code from Foyer’s last message, or /mydata erase for a new one.',
    );
    await h.advance('10m');
    await h.advance('1s');
    await h.command('zephyrine', `/mydata erase ${code}`);
    expect(h.lastReplyTo('zephyrine')).toContain('or it has expired');
    expect(h.storage.members.get(h.community, h.member('zephyrine'))).toBeDefined();
    // A new code, typed in lower case and just in time, erases.
    await h.command('zephyrine', '/mydata erase');
    const fresh = codeIn(h.lastReplyTo('zephyrine'))!;
    await h.advance('10m');
    await h.command('zephyrine', `/mydata erase ${fresh.toLowerCase()}`);
    expect(h.lastReplyTo('zephyrine')).toMatch(/^Done:/);
    expect(h.storage.members.get(h.community, h.member('zephyrine'))).toBeUndefined();
  });

  it('one member’s code does not erase another', async () => {
    h = await Harness.start();
    await h.join('ana');
    await h.join('bo');
    await h.command('ana', '/mydata erase');
    await h.command('bo', `/mydata erase ${codeIn(h.lastReplyTo('ana'))}`);
    expect(h.lastReplyTo('bo')).toContain('or it has expired');
    expect(h.storage.members.get(h.community, h.member('ana'))).toBeDefined();
    expect(h.storage.members.get(h.community, h.member('bo'))).toBeDefined();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { FakeTime } from '../../src/core/fake-time.ts';
import { localDayOf } from '../../src/core/local-day.ts';
import { RETENTION_JOB_ID, retentionCutoffs } from '../../src/core/retention.ts';
import { parseConfig } from '../../src/config/load.ts';
import { computeFigures } from '../../src/features/health/health.kpis.ts';
import { createHealthStore } from '../../src/storage/health.store.ts';
import { createStorage, type Db } from '../../src/storage/index.ts';
import { Harness, START, testConfig } from '../support/harness.ts';
import { openTestDatabase } from '../support/postgres/database.ts';

let h: Harness;
afterEach(async () => h?.stop());

const DAY = 86_400_000;
const TZ = 'Europe/Paris';
const COMMUNITY = testConfig().community.id;
/** The first nightly run after START (2026-03-02, 10:00 in Paris): 03:41 Paris time the next night. */
const FIRST_RUN = new Date('2026-03-03T02:41:00Z');

async function harnessWithDb(overrides: Record<string, unknown> = {}, start = START) {
  const db = openTestDatabase();
  const harness = new Harness(testConfig(overrides), new FakeTime(start), createStorage(db));
  await harness.boot();
  return { h: harness, db };
}

/**
 * One record of each kind at `at` (or on `at`'s local day), labelled so the test can name
 * what survived. Inserted as storage would hold them, straight into the migrated tables.
 */
function seed(db: Db, label: string, at: Date, { pendingTask = false } = {}): void {
  const sqlite = db.$client;
  const t = at.getTime();
  const day = localDayOf(TZ)(at);
  sqlite
    .prepare(
      'INSERT INTO message_activity (community_id, channel_id, member_id, message_id, at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(COMMUNITY, 'console:general', 'console:ana', label, t);
  sqlite
    .prepare(
      `INSERT INTO outreach_log (community_id, member_id, effect_key, feature, reason, via, at, status)
       VALUES (?, 'console:ana', ?, 'welcome', 'welcome on join', 'channel', ?, 'sent')`,
    )
    .run(COMMUNITY, label, t);
  for (const status of ['resolved', 'open']) {
    const report = sqlite
      .prepare(
        `INSERT INTO reports (community_id, reporter_id, channel_id, reason, severity, status, created_at, resolved_at)
         VALUES (?, 'console:ana', 'console:general', ?, 'normal', ?, ?, ?) RETURNING id`,
      )
      .pluck()
      .get(COMMUNITY, `${label} ${status}`, status, t, status === 'resolved' ? t : null);
    sqlite
      .prepare("INSERT INTO report_events (report_id, at, actor, action) VALUES (?, ?, 'console:mod', 'resolved')")
      .run(report, t);
  }
  sqlite.prepare('INSERT INTO processed_events (event_id, handled_at) VALUES (?, ?)').run(label, t);
  // A pending task with no handler is never run: seeded only where the scheduler does not look for due tasks.
  for (const status of pendingTask ? ['done', 'pending'] : ['done'])
    sqlite
      .prepare("INSERT INTO scheduled_tasks (kind, key, due_at, status, finished_at) VALUES ('test', ?, ?, ?, ?)")
      .run(`${label} ${status}`, t, status, status === 'done' ? t : null);
  const poll = sqlite
    .prepare(
      `INSERT INTO polls (community_id, channel_id, mode, question, options, multiple, anonymous, created_by, created_at, closes_at, closed_at)
       VALUES (?, 'console:general', 'text', ?, '["a","b"]', 0, 0, 'console:mod', ?, ?, ?) RETURNING id`,
    )
    .pluck()
    .get(COMMUNITY, label, t, t, t);
  sqlite
    .prepare("INSERT INTO ballots (poll_id, member_id, choices, at) VALUES (?, 'console:ana', '[1]', ?)")
    .run(poll, t);
  sqlite
    .prepare('INSERT INTO member_days (community_id, day, member_id, messages) VALUES (?, ?, ?, 1)')
    .run(COMMUNITY, day, label);
  sqlite
    .prepare('INSERT INTO channel_days (community_id, channel_id, day, messages) VALUES (?, ?, ?, 1)')
    .run(COMMUNITY, label, day);
}

/** Which labels each table still holds, by the column the seed wrote the label in. */
function survivors(db: Db): Record<string, string[]> {
  const read = (sql: string) => (db.$client.prepare(sql).pluck().all() as string[]).sort();
  return {
    messageActivity: read('SELECT message_id FROM message_activity'),
    outreachLog: read('SELECT effect_key FROM outreach_log'),
    reports: read('SELECT reason FROM reports'),
    reportEvents: read('SELECT r.reason FROM report_events e JOIN reports r ON r.id = e.report_id'),
    dedupLedger: read('SELECT event_id FROM processed_events'),
    tasks: read("SELECT key FROM scheduled_tasks WHERE kind = 'test'"),
    polls: read('SELECT question FROM polls'),
    ballots: read('SELECT p.question FROM ballots b JOIN polls p ON p.id = b.poll_id'),
    memberDays: read('SELECT member_id FROM member_days'),
    channelDays: read('SELECT channel_id FROM channel_days'),
  };
}

/** Records at the cutoff of `period` as of `slot`, one millisecond past it, and just inside. */
function seedAround(db: Db, name: string, slot: Date, periodMs: number, options = {}): void {
  const cutoff = slot.getTime() - periodMs;
  seed(db, `${name}:past`, new Date(cutoff - 1), options);
  seed(db, `${name}:at`, new Date(cutoff), options);
}

const jobRuns = (db: Db) =>
  db.$client
    .prepare('SELECT slot, status, note FROM job_runs WHERE job_id = ? ORDER BY slot')
    .all(RETENTION_JOB_ID) as { slot: number; status: string; note: string | null }[];

const MINIMAL = `community:
  id: tiny
  name: Tiny
  codeOfConduct:
    url: https://example.org/coc
channels:
  welcome: welcome-room
  intro: intro-room
features:
  welcome:
    channel: welcome
  onboarding:
    introChannel: intro
    interests: [art]
`;

describe('retention settings', () => {
  it('default to the documented periods; a duration or forever overrides one kind', () => {
    const parsed = parseConfig('c.yaml', `${MINIMAL}retention:\n  outreachLog: 52w\n  rollups: 1000d\n`, {});
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.value.config.retention).toEqual({
      messageActivity: 90 * DAY,
      outreachLog: 364 * DAY,
      resolvedReports: 730 * DAY,
      dedupLedger: 7 * DAY,
      finishedTasks: 30 * DAY,
      closedPolls: 'forever',
      rollups: 1_000 * DAY,
      finishedSpotlights: 730 * DAY,
      thanks: 365 * DAY,
      missedYouAbsences: 365 * DAY,
      closedSurveys: 730 * DAY,
      sentNewsletters: 365 * DAY,
      digestIssues: 730 * DAY,
    });
  });

  it('refuses an unknown kind, a bad period and raw activity kept less than the roll-ups need, with line and column', () => {
    const parsed = parseConfig(
      'c.yaml',
      `${MINIMAL}retention:\n  messageActivity: 1d\n  outreachLog: someday\n  ballots: 7d\n`,
      {},
    );
    if (parsed.ok) throw new Error('expected the config to be refused');
    expect(parsed.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`)).toEqual([
      expect.stringMatching(/^16:\d+ retention.messageActivity: expected at least 2d/),
      expect.stringMatching(
        /^17:\d+ retention.outreachLog: expected a duration longer than zero such as 90d, or forever, got "someday"/,
      ),
      expect.stringMatching(/^18:\d+ retention.*ballots/),
    ]);
  });
});

describe('retention', () => {
  it('the nightly job deletes exactly what is past each kind’s period, and nothing else', async () => {
    const built = await harnessWithDb();
    h = built.h;
    const db = built.db;
    for (const [name, days] of [
      ['d7', 7],
      ['d30', 30],
      ['d90', 90],
      ['d365', 365],
      ['d730', 730],
      ['d2000', 2_000],
    ] as const)
      seedAround(db, name, FIRST_RUN, days * DAY, { pendingTask: true });
    await h.advance('17h41m'); // to the first run, 2026-03-03 03:41 in Paris
    expect(jobRuns(db).map((r) => [new Date(r.slot).toISOString(), r.status])).toEqual([
      [FIRST_RUN.toISOString(), 'done'],
    ]);
    const ages = [7, 30, 90, 365, 730, 2_000];
    /** What a period of `days` keeps: younger records, and a record exactly at its cutoff. */
    const keptAfter = (days: number, labels: (l: string) => string[]) =>
      ages
        .flatMap((d) => (d < days ? [`d${d}:past`, `d${d}:at`] : d === days ? [`d${d}:at`] : []))
        .flatMap(labels)
        .sort();
    const same = (l: string) => [l];
    const every = ages.flatMap((d) => [`d${d}:past`, `d${d}:at`]).sort();
    const got = survivors(db);
    // Raw message metadata: 90 days.
    expect(got.messageActivity).toEqual(keptAfter(90, same));
    // The outreach log: a year.
    expect(got.outreachLog).toEqual(keptAfter(365, same));
    // Resolved reports and their timelines: two years; open reports, however old, stay.
    const resolvedKept = keptAfter(730, (l) => [`${l} resolved`]);
    const openKept = every.map((l) => `${l} open`);
    expect(got.reports).toEqual([...openKept, ...resolvedKept].sort());
    expect(got.reportEvents).toEqual(got.reports);
    // The dedup ledger: a week.
    expect(got.dedupLedger).toEqual(keptAfter(7, same));
    // Finished tasks: 30 days; pending ones stay.
    expect(got.tasks).toEqual([...every.map((l) => `${l} pending`), ...keptAfter(30, (l) => [`${l} done`])].sort());
    // Closed polls and the roll-ups are kept forever by default.
    expect(got.polls).toEqual(every);
    expect(got.ballots).toEqual(every);
    expect(got.memberDays).toEqual(every);
    expect(got.channelDays).toEqual(every);
  });

  it('a period set in the YAML applies; day-keyed roll-ups go by the cutoff’s local day', async () => {
    const built = await harnessWithDb({
      retention: { rollups: '400d', closedPolls: '30d', messageActivity: 'forever' },
    });
    h = built.h;
    const db = built.db;
    const [, cutoff] = retentionCutoffs({ ...h.config.retention }, FIRST_RUN, localDayOf(TZ)).find(
      ([kind]) => kind === 'rollups',
    )!;
    expect(cutoff.day).toBe('2025-01-27');
    seed(db, 'day-before', new Date('2025-01-26T12:00:00Z'));
    seed(db, 'cutoff-day', new Date('2025-01-27T00:30:00Z')); // 01:30 in Paris, before the cutoff's time
    seed(db, 'recent-poll', new Date(FIRST_RUN.getTime() - 30 * DAY));
    await h.advance('17h41m');
    const got = survivors(db);
    expect(got.memberDays).toEqual(['cutoff-day', 'recent-poll']);
    expect(got.channelDays).toEqual(['cutoff-day', 'recent-poll']);
    expect(got.polls).toEqual(['recent-poll']);
    expect(got.ballots).toEqual(['recent-poll']);
    expect(got.messageActivity).toEqual(['cutoff-day', 'day-before', 'recent-poll']);
  });

  it('runs once a night: a restart on the same database does not run it again, and the next night does', async () => {
    const built = await harnessWithDb();
    h = built.h;
    const db = built.db;
    await h.advance('17h41m');
    expect(jobRuns(db)).toHaveLength(1);
    // Past its period as of tonight's run, but written after it: only the next night deletes it.
    seed(db, 'late', new Date(FIRST_RUN.getTime() - 8 * DAY));
    await h.restart(60_000);
    await h.restart(60_000);
    expect(jobRuns(db)).toHaveLength(1);
    expect(survivors(db).dedupLedger).toEqual(['late']);
    await h.advance('1d');
    expect(jobRuns(db).map((r) => r.status)).toEqual(['done', 'done']);
    expect(survivors(db).dedupLedger).toEqual([]);
  });

  it('after downtime, runs once for every missed night, as of the latest one', async () => {
    const built = await harnessWithDb();
    h = built.h;
    const db = built.db;
    await h.advance('17h41m');
    const lastMissed = new Date(FIRST_RUN.getTime() + 5 * DAY);
    seedAround(db, 'd7', lastMissed, 7 * DAY);
    await h.restart(5 * DAY + 3_600_000); // down five nights and an hour
    const runs = jobRuns(db);
    expect(runs.map((r) => [new Date(r.slot).toISOString(), r.status])).toEqual([
      [FIRST_RUN.toISOString(), 'done'],
      [lastMissed.toISOString(), 'done'],
    ]);
    expect(runs[1]!.note).toContain('missed while stopped: covers every slot since');
    expect(survivors(db).dedupLedger).toEqual(['d7:at']);
  });

  it('pruning raw message rows leaves the health figures from roll-ups unchanged', async () => {
    // Raw rows kept while the community is built, so the test prunes them at one moment it chooses.
    const built = await harnessWithDb({ retention: { messageActivity: 'forever' } }, new Date('2025-09-01T08:00:00Z'));
    h = built.h;
    const db = built.db;
    // Four months of a small community: joins, posts on many days, leaves.
    for (let week = 0; week < 17; week++) {
      await h.join(`m${week}`, { photo: week % 2 === 0 });
      for (const name of [`m${week}`, `m${Math.max(0, week - 1)}`, `m${Math.max(0, week - 3)}`]) {
        await h.post(name, 'general', 'hello');
        await h.advance('2h');
      }
      if (week % 5 === 4) await h.leave(`m${week - 2}`);
      await h.advance('6d');
    }
    const health = createHealthStore({ db });
    const figuresFor = (from: string, to: string) => {
      h.storage.activity.flush();
      return computeFigures(health, { community: COMMUNITY, from, to, timezone: TZ });
    };
    const periods = [
      ['2025-09-01', '2025-09-28'],
      ['2025-10-01', '2025-10-28'],
      ['2025-11-20', '2025-12-17'],
    ] as const;
    const before = periods.map(([from, to]) => figuresFor(from, to));
    // Raw rows older than 90 days are pruned, as the nightly job does with the default period.
    const cutoff = new Date(h.time.now().getTime() - 90 * DAY);
    const raw = (where: string) =>
      db.$client
        .prepare(`SELECT count(*) FROM message_activity WHERE ${where}`)
        .pluck()
        .get(cutoff.getTime()) as number;
    const older = raw('at < ?');
    const younger = raw('at >= ?');
    expect(older).toBeGreaterThan(5);
    const pruned = h.storage.retention.prune(COMMUNITY, 'messageActivity', { at: cutoff, day: localDayOf(TZ)(cutoff) });
    expect(pruned).toBe(older);
    expect(raw('at >= ?')).toBe(younger);
    const after = periods.map(([from, to]) => figuresFor(from, to));
    // Every figure, outcomes included, comes from roll-ups: pruning raw rows changes none.
    expect(after).toEqual(before);
    expect(before[0]!.activeMembers).toBeGreaterThan(0);
    expect(before[0]!.outcomes.postRateWithPhoto).toBeGreaterThan(0);
  });
});

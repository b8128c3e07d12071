/**
 * Three Foyer processes (`src/main.ts`, as `npm start` runs it) on one PostgreSQL database
 * and the fake Discord: one leads, two wait on standby (src/storage/postgres/leadership.ts).
 * Members join in bursts; the active process is killed with SIGKILL in the middle of them;
 * a standby takes over, and every newcomer is welcomed exactly once: nobody twice, nobody
 * missed, whether they joined before the kill, during the takeover, or after it. Around the
 * kill fall a report's two escalation deadlines, a poll's close and calendar slots: each
 * effect happens once, whichever process was leading when it fell due.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { PostgresSyncClient } from '../../src/storage/postgres/sync-client.ts';
import { snowflakeAt, startFakeDiscord, type FakeDiscord } from '../support/fake-discord/index.ts';
import type { InteractionRecord } from '../support/fake-discord/interactions.ts';
import { createTestDatabase } from '../support/postgres/database.ts';

const GUILD = snowflakeAt('2021-03-04T10:00:00Z');
const GENERAL = snowflakeAt('2021-03-04T10:00:01Z');
const WELCOME = snowflakeAt('2021-03-04T10:00:02Z');
const MODS = snowflakeAt('2021-03-04T10:00:03Z');
const MOD_ROLE = snowflakeAt('2021-03-04T10:00:04Z');
const OWNER = snowflakeAt('2020-01-01T00:00:00Z');
// Members before Foyer came (never welcomed): a moderator, the admin and the on-call
// moderator the escalation reaches, and a member who reports.
const MODERATOR = snowflakeAt('2020-02-01T00:00:00Z');
const ADMIN = snowflakeAt('2020-02-02T00:00:00Z');
const ON_CALL = snowflakeAt('2020-02-03T00:00:00Z');
const REPORTER = snowflakeAt('2020-02-04T00:00:00Z');
const MESSAGES = 'POST /channels/:channelId/messages';

interface Foyer {
  readonly name: string;
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  active?: number;
}

const dir = mkdtempSync(join(tmpdir(), 'foyer-multi-'));
const running: Foyer[] = [];
let discord: FakeDiscord | undefined;
let password = '';
afterAll(async () => {
  if (process.env['FOYER_MULTI_DUMP'])
    writeFileSync(process.env['FOYER_MULTI_DUMP'], JSON.stringify(running.map((f) => f.lines)));
  for (const f of running) if (f.child.exitCode === null && f.child.signalCode === null) f.child.kill('SIGKILL');
  await discord?.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(name: string, configFile: string): Foyer {
  // Node itself with the start script's loader, so a SIGKILL hits the process that works.
  const child = spawn(
    process.execPath,
    ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', 'src/main.ts', '--config', configFile],
    {
      env: {
        ...process.env,
        DISCORD_TOKEN: discord!.token,
        FOYER_DATABASE_PASSWORD: password,
        FOYER_LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const foyer: Foyer = { name, child, lines: [] };
  createInterface({ input: child.stderr! }).on('line', (line) => {
    try {
      const record = JSON.parse(line) as Record<string, unknown>;
      foyer.lines.push(record);
      if (String(record['msg']).startsWith('active:')) foyer.active = Date.now();
    } catch {
      foyer.lines.push({ msg: line });
    }
  });
  running.push(foyer);
  return foyer;
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}; the processes' last words:\n` +
          running
            .map(
              (f) =>
                `${f.name}: ${f.lines
                  .slice(-4)
                  .map((l) => JSON.stringify(l).slice(0, 400))
                  .join('\n   ')}`,
            )
            .join('\n'),
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How many times each member id is mentioned in Foyer's messages to the welcome channel. */
function welcomesByMember(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of discord!.requests) {
    if (request.route !== MESSAGES || request.params['channelId'] !== WELCOME || request.status >= 300) continue;
    const content = String((request.body as { content?: string }).content ?? '');
    for (const [, id] of content.matchAll(/<@!?(\d+)>/g)) counts.set(id!, (counts.get(id!) ?? 0) + 1);
  }
  return counts;
}

/** What Foyer answered to an interaction: its reply, or the deferred reply's edit and follow-ups. */
function answerOf(record: InteractionRecord): string {
  const said = [String(record.callback?.data?.['content'] ?? '')];
  for (const message of record.messages.values()) said.push(message.content);
  return said.join('\n');
}

/** Foyer's successful messages to a channel whose text matches. */
function postsTo(channelId: string, match: RegExp) {
  return discord!.requests.filter(
    (r) =>
      r.route === MESSAGES &&
      r.params['channelId'] === channelId &&
      r.status < 300 &&
      match.test(String((r.body as { content?: string }).content ?? '')),
  );
}

it('one active process, two on standby: SIGKILL the active one mid-burst, a standby takes over; every newcomer welcomed once, every calendar slot, escalation step and poll close done once', async () => {
  discord = await startFakeDiscord({
    guild: { id: GUILD, name: 'The Garden', ownerId: OWNER },
    channels: [
      { id: GENERAL, name: 'general' },
      { id: WELCOME, name: 'welcome' },
      { id: MODS, name: 'moderators' },
    ],
    roles: [{ id: MOD_ROLE, name: 'Moderators' }],
    heartbeatIntervalMs: 30_000,
  });
  discord.seedMembers([
    { id: MODERATOR, username: 'camille', roles: [MOD_ROLE] },
    { id: ADMIN, username: 'dominique', roles: [MOD_ROLE] },
    { id: ON_CALL, username: 'sacha', roles: [MOD_ROLE] },
    { id: REPORTER, username: 'lou' },
  ]);
  // The password goes through the environment, as the configuration demands.
  const url = new URL(createTestDatabase('foyer_multi'));
  password = decodeURIComponent(url.password);
  url.password = '';
  const createdUrl = new URL(url.toString());
  createdUrl.password = encodeURIComponent(password);
  const configFile = join(dir, 'community.yaml');
  writeFileSync(
    configFile,
    stringify({
      community: {
        id: 'garden',
        name: 'The Garden',
        timezone: 'Europe/Paris',
        codeOfConduct: { url: 'https://example.org/coc' },
      },
      platform: { kind: 'discord', discord: { guildId: GUILD, apiUrl: discord.restUrl } },
      database: { url: url.toString() },
      channels: { general: GENERAL, welcome: WELCOME, moderators: MODS },
      roles: { discord: { moderatorRoles: [MOD_ROLE] } },
      // A welcome may greet several newcomers at once (a burst, the catch-up after the takeover):
      // each newcomer's mention is counted.
      features: {
        welcome: { channel: 'welcome' },
        onboarding: { enabled: false },
        // A report nobody acknowledges escalates after 4 s to the admin, 4 s later to on-call.
        triage: {
          moderatorsChannel: 'moderators',
          acknowledgeWithin: { critical: '4s', high: '4s', medium: '4s', low: '4s' },
          admins: [ADMIN],
          onCall: [ON_CALL],
        },
        // A calendar post every 3 seconds: each slot is published once, across the kill too
        // (a slot due during the takeover goes out late, within the grace).
        calendar: {
          grace: '1m',
          entries: [
            {
              id: 'pulse',
              cron: '*/3 * * * * *',
              channel: 'general',
              text: 'Calendar pulse',
              author: 'mod',
              status: 'approved',
            },
          ],
        },
      },
    }),
  );

  const foyers = ['a', 'b', 'c'].map((name) => start(name, configFile));
  const leader = await until('a leader', () => foyers.find((f) => f.active !== undefined));
  await discord.waitForRequest((r) => r.route.startsWith('PUT /applications/:applicationId/guilds/:guildId/commands'), {
    includePast: true,
    timeoutMs: 20_000,
  });
  // The two others are on standby: they said so, and never connected to Discord.
  await until(
    'two standbys',
    () =>
      foyers.filter((f) => f !== leader && f.lines.some((l) => String(l['msg']).startsWith('standby:'))).length === 2,
  );
  expect(discord.identifies).toHaveLength(1);

  // A poll, and a report that nobody will acknowledge, both through the leader.
  const polled = await discord.interaction({
    type: 'chatInput',
    userId: MODERATOR,
    channelId: GENERAL,
    commandName: 'poll',
    subcommand: 'show',
    options: { spec: 'Lunch on Friday? | Pizza | Salad | for 5m' },
  });
  expect(answerOf(polled)).toContain('#1');
  const reported = await discord.interaction({
    type: 'chatInput',
    userId: REPORTER,
    channelId: GENERAL,
    commandName: 'report',
    options: { reason: 'someone keeps posting spam links here' },
  });
  const reportedAt = Date.now();
  expect(answerOf(reported)).toContain('#1');
  const joined: string[] = [];
  const arrive = (n: number) => {
    for (let i = 0; i < n; i++) joined.push(discord!.addMember({ username: `newcomer${joined.length}` }).user.id);
  };
  arrive(15);
  // Killed in the middle: some of the first burst are welcomed, others not yet.
  await until('some welcomes', () => welcomesByMember().size >= 3);
  leader.child.kill('SIGKILL');
  const killedAt = Date.now();
  // Polls last at least 5 minutes: the poll's close is brought forward in the database (as
  // if those minutes had passed), to fall due 2 s after the kill, when only a standby can
  // close it. Nothing runs meanwhile: the standbys take a second to notice.
  const control = new PostgresSyncClient({ url: createdUrl.toString() });
  try {
    const moved = control
      .prepare("UPDATE scheduled_tasks SET due_at = ? WHERE kind = 'polls.close' AND status = 'pending'")
      .run(killedAt + 2_000);
    expect(moved.changes).toBe(1);
    control.prepare('UPDATE polls SET closes_at = ?').run(killedAt + 2_000);
  } finally {
    control.close();
  }
  arrive(10); // while nobody is connected
  const next = await until('a new leader', () => foyers.find((f) => f !== leader && f.active !== undefined), 30_000);
  const takeoverMs = next.active! - killedAt;
  await until('the new leader on Discord', () => discord!.identifies.length === 2, 20_000);
  const connectedMs = Date.now() - killedAt;
  arrive(10); // after the takeover, live

  await until('everyone welcomed', () => joined.every((id) => welcomesByMember().has(id)), 60_000);
  // And two calendar slots after the takeover (however fast the rest went), so the slots
  // checked below run from before the kill to after the new process is on Discord.
  const pulses = () =>
    discord!.requests.filter(
      (r) =>
        r.route === MESSAGES &&
        r.params['channelId'] === GENERAL &&
        r.status < 300 &&
        String((r.body as { content?: string }).content).includes('Calendar pulse'),
    );
  await until(
    'two calendar posts after the takeover',
    () => pulses().filter((r) => r.at > killedAt + connectedMs).length >= 2,
    20_000,
  );
  // The report's second step (the on-call page) and the poll's results, whoever did them.
  const pages = () => postsTo(discord!.dmChannelId(ON_CALL), /triage ack 1/);
  const pollResults = () => postsTo(GENERAL, /Poll #1 closed/);
  await until('the on-call page and the poll results', () => pages().length > 0 && pollResults().length > 0, 30_000);
  // A moment for any repeat to show up, then a clean stop of the two left (SIGTERM: work in
  // flight is finished), so nothing is posted while the counting below runs.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const alive = foyers.filter((f) => f.child.exitCode === null && f.child.signalCode === null);
  await Promise.all(
    alive.map((f) => new Promise((resolve) => (f.child.once('exit', resolve), f.child.kill('SIGTERM')))),
  );
  const counts = welcomesByMember();
  const twice = joined.filter((id) => (counts.get(id) ?? 0) !== 1);
  expect(twice, 'members welcomed other than once').toEqual([]);
  expect(joined).toHaveLength(35);
  // The third process is still on standby; the database holds one welcome per member.
  expect(foyers.filter((f) => f.active !== undefined)).toHaveLength(2);
  let calendarSlots: number;
  let stepTimes: string;
  const db = new PostgresSyncClient({ url: createdUrl.toString() });
  try {
    const rows = db
      .prepare("SELECT member_id, count(*) AS n FROM outreach_log WHERE feature = 'welcome' GROUP BY member_id")
      .all() as { member_id: string; n: number }[];
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(rows).toHaveLength(35);
    // Calendar: every 3-second slot from the first to the last claimed once, and posted once.
    const slots = db
      .prepare("SELECT slot, status FROM calendar_posts WHERE entry_id = 'garden:pulse' ORDER BY slot")
      .all() as { slot: number; status: string }[];
    expect(slots.length).toBeGreaterThanOrEqual(3);
    expect(slots.filter((r) => r.status !== 'posted')).toEqual([]);
    const gaps = slots.slice(1).map((r, i) => r.slot - slots[i]!.slot);
    expect(gaps.filter((g) => g !== 3_000)).toEqual([]);
    // …before the kill and after it: the takeover is inside the run of slots.
    expect(slots[0]!.slot).toBeLessThan(killedAt);
    expect(slots.at(-1)!.slot).toBeGreaterThan(killedAt + connectedMs);
    expect(pulses()).toHaveLength(slots.length);
    calendarSlots = slots.length;
    // The report: filed once, escalated once to each level, each step said once.
    const steps = db
      .prepare("SELECT action, at FROM report_events WHERE report_id = 1 AND action LIKE 'escalated%' ORDER BY id")
      .all() as { action: string; at: number }[];
    expect(steps.map((r) => r.action)).toEqual(['escalated to level 1', 'escalated to level 2']);
    stepTimes = steps.map((r) => `${((r.at - reportedAt) / 1000).toFixed(1)} s`).join(' and ');
    // The poll: closed once.
    const poll = db.prepare('SELECT closed_at FROM polls WHERE id = 1').get() as { closed_at: number | null };
    expect(poll.closed_at).toBeGreaterThanOrEqual(killedAt + 2_000);
  } finally {
    db.close();
  }
  expect(postsTo(MODS, /someone keeps posting spam links/).length).toBeGreaterThanOrEqual(1);
  expect(postsTo(MODS, new RegExp(`<@!?${ADMIN}>`)), 'the admins alerted once').toHaveLength(1);
  expect(pages(), 'the on-call moderator paged once').toHaveLength(1);
  expect(pollResults(), 'the poll results posted once').toHaveLength(1);
  expect(discord.requestsTo('POST /channels/:channelId/polls/:messageId/expire', { succeeded: true })).toHaveLength(1);
  console.info(
    `[multi-process] after SIGKILL: a standby leads in ${takeoverMs} ms, is on Discord in ${connectedMs} ms (standbys try every 1 s); 35 members welcomed once each; ${calendarSlots} calendar slots posted once each, none missed; a report's 2 escalation steps (done ${stepTimes} after it, the kill at ${((killedAt - reportedAt) / 1000).toFixed(1)} s) and a poll's close (due 2 s after the kill) done once each`,
  );
}, 120_000);

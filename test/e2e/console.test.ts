import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { run, startConsole, tempConfig } from './process.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the console, as a piped script', () => {
  it('welcomes alice and records her activation in the database', async () => {
    const { dir, config, db } = tempConfig();
    dirs.push(dir);
    const { code, stdout } = await run(
      ['src/main.ts', '--config', config],
      ':join alice\n:as alice bonjour\n/onboarding\n',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('foyer ▸ #welcome │ Welcome to The Garden, @alice! Make yourself at home.');
    expect(stdout).toMatch(/foyer ▸ @alice \(only you\) │ Your first steps in The Garden \(0 of 4 done\)/);
    expect(stdout).toMatch(/First message: [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M GMT\+[12]/);
    // Script lines are echoed in order, each followed by what it caused.
    expect(stdout.indexOf('» :join alice')).toBeLessThan(stdout.indexOf('Welcome to The Garden'));
    const sqlite = new Database(db, { readonly: true });
    const alice = sqlite.prepare("select first_message_at from members where member_id = 'console:alice'").get() as {
      first_message_at: number | null;
    };
    const activity = sqlite.prepare('select count(*) n from message_activity').get() as { n: number };
    sqlite.close();
    expect(alice.first_message_at).toBeGreaterThan(0);
    expect(activity.n).toBe(1); // flushed on shutdown
  });

  it('speaks French when the community is configured in French', async () => {
    const { dir, config } = tempConfig((y) => y.replace('locale: en', 'locale: fr'));
    dirs.push(dir);
    const { code, stdout } = await run(['src/main.ts', '--config', config], ':join alice\n');
    expect(code).toBe(0);
    expect(stdout).toContain('Bienvenue dans The Garden, @alice ! Faites comme chez vous.');
  });

  it('moves time with :advance so a join burst’s grouped welcome goes out', async () => {
    const { dir, config } = tempConfig((y) => y.replace('threshold: 5', 'threshold: 2'));
    dirs.push(dir);
    const script = [':join a', ':join b', ':join c', ':join d', ':advance 3m', ':as mod /onboarding stats', ''].join(
      '\n',
    );
    const { stdout } = await run(['src/main.ts', '--config', config], script);
    expect(stdout).toContain('A warm welcome to our 3 newest members: @b, @c, @d!');
    expect(stdout).toContain('Newcomers of the last 30 days: 4');
  });

  it('a broken config never starts the bot and never creates the database', async () => {
    const { dir, config, db } = tempConfig((y) => y.replace('threshold: 5', 'threshold: five'));
    dirs.push(dir);
    const { code, stdout, stderr } = await run(['src/main.ts', '--config', config], ':join alice\n');
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /community\.yaml:\d+:\d+ features\.welcome\.burst\.threshold: expected a number, got "five"/,
    );
    expect(stdout).not.toContain('Welcome');
    expect(existsSync(db)).toBe(false);
  });
});

describe('the console during a long time travel', () => {
  it('`:advance 3650d` shows its progress, and the first SIGTERM stops it and Foyer cleanly', async () => {
    const { dir, config, db } = tempConfig();
    dirs.push(dir);
    const foyer = startConsole(['src/main.ts', '--config', config], '2026-03-02T09:00:00Z');
    try {
      await foyer.output(/Type :help for console commands/);
      foyer.write(':advance 3650d');
      await foyer.output(/· advancing: 2026-04-01T09:00:00\.000Z \(30 of 3650 days\)/);
      foyer.child.kill('SIGTERM');
      const { code, stdout } = await foyer.exited;
      expect(code).toBe(0);
      expect(stdout).toMatch(/· advance interrupted at \d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ of 3650 days\)/);
      expect(stdout).toContain('· Foyer stopped (SIGTERM).');
      // storage.close() ran: the write-ahead log was checkpointed and removed, and the file is whole.
      expect(existsSync(`${db}-wal`)).toBe(false);
      const sqlite = new Database(db, { readonly: true });
      const claims = sqlite.prepare('select count(*) n from job_runs').get() as { n: number };
      sqlite.close();
      expect(claims.n).toBeLessThan(10 * 96);
    } finally {
      if (foyer.child.exitCode === null && foyer.child.signalCode === null) foyer.child.kill('SIGKILL');
    }
  });
});

describe('the engagement demo script', () => {
  it('shows a nudge, a poll with votes and results, a quiet-channel question and a calendar post, with time advanced', async () => {
    // The demo's calendar post is dated 2030: start the console just before it, so the
    // run is the same whatever today is.
    const { dir, config } = tempConfig();
    dirs.push(dir);
    const { readFileSync } = await import('node:fs');
    const script = readFileSync('examples/engagement-demo.txt', 'utf8');
    const { code, stdout } = await run(['src/main.ts', '--config', config], script, '2030-01-06T10:00:00Z');
    expect(code).toBe(0);
    expect(stdout).toMatch(/foyer ▸ DM @ana │ Hi @ana! Members with a profile photo/);
    expect(stdout).toContain('Poll #1 is open (typed votes).');
    expect(stdout).toContain('Your vote in poll #1 is recorded: Lyon.');
    expect(stdout).toContain('if you have not voted yet');
    expect(stdout).toMatch(/foyer ▸ #general │ Poll #1 closed: Next meetup\?[\s\S]*2\. Lyon: 2 votes \(100%\)/);
    expect(stdout).toContain('foyer ▸ #general │ Happy new year, Garden!');
    expect(stdout).toMatch(
      /foyer ▸ #general │ (What are you working on this week\?|What is one tool you could not do without\?)/,
    );
  });
});

describe('the triage demo script', () => {
  it('shows a report, its triage by a moderator, an escalation after time is advanced, and a crisis on and off', async () => {
    const { dir, config } = tempConfig();
    dirs.push(dir);
    const { readFileSync } = await import('node:fs');
    const { code, stdout } = await run(
      ['src/main.ts', '--config', config],
      readFileSync('examples/triage-demo.txt', 'utf8'),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('foyer ▸ @ana (only you) │ Thank you: report #1 reached the moderators.');
    expect(stdout).toMatch(
      /foyer ▸ #moderators │ Report #1 \[high\] in #general by ana: bo keeps posting my phone number/,
    );
    expect(stdout).toMatch(/foyer ▸ #moderators │ Report #1 escalated \[high\]/);
    expect(stdout).toMatch(/foyer ▸ DM @mod │ Report #1 escalated/);
    expect(stdout).toContain('Sorry, /triage resolve is for moderators only.');
    expect(stdout).toContain(
      "foyer ▸ DM @ana │ Your report #1 has been handled. The moderators' answer: We removed the messages and warned the member.",
    );
    expect(stdout).toContain('Crisis mode ON in #general');
    expect(stdout).toContain('· #general slowmode: 60 s');
    expect(stdout).toContain('· #general is in slowmode: ana must wait before posting again');
    expect(stdout).toContain('· #general restored: slowmode 0 s, open');
    expect(stdout).toContain('Crisis mode OFF in #general: previous settings restored.');
  });
});

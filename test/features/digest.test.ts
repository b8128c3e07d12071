import { afterEach, describe, expect, it } from 'vitest';
import { channelId, eventId, messageId } from '../../src/core/ids.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeTime } from '../../src/core/fake-time.ts';
import { openStorage } from '../../src/storage/index.ts';
import { Harness, testConfig } from '../support/harness.ts';
import { parseConfig } from '../../src/config/load.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';

let h: Harness;
afterEach(async () => h?.stop());

// 2026-03-02 is a Monday, 10:00 in Paris (the example community's timezone, UTC+1 in March).
// The digest is due on Mondays at 09:00 Paris: the first issue on 2026-03-09 at 08:00 UTC.
const MONDAY = new Date('2026-03-02T09:00:00Z');
const SECRET = 'SECRET-BODY-XYZZY';

const digestOn = (over: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  ...extra,
  features: {
    digest: { enabled: true, channel: 'general', moderatorsChannel: 'moderators', exclude: ['moderators'], ...over },
    calendar: {
      entries: [
        {
          id: 'spring-meetup',
          at: '2026-03-12T18:00',
          channel: 'general',
          text: 'Spring meetup\nBring snacks',
          author: 'Camille',
          status: 'approved',
        },
      ],
    },
    quietQuestions: { channels: ['introductions'], quietAfter: '4h', reviveWindow: '2h' },
    ...((extra['features'] as Record<string, unknown> | undefined) ?? {}),
  },
});

const digests = (hh: Harness) =>
  hh.sent.filter(
    (s) => s.kind === 'channel' && s.to === '#general' && /: the (week|month) from|: la (semaine|mois) du/.test(s.text),
  );
const toModerators = (hh: Harness) => hh.sent.filter((s) => s.kind === 'channel' && s.to === '#moderators');

let n = 0;
/** A message with its reply relation, as the platform delivers it (the harness's `post` has none). */
async function say(hh: Harness, name: string, channel: string, body: string, replyTo?: string): Promise<string> {
  const id = `dg-${++n}`;
  await hh.deliver({
    type: 'message.posted',
    id: eventId('console', `ev-${id}`),
    community: hh.community,
    at: hh.time.now(),
    author: { id: hh.member(name), displayName: name },
    channel: channelId('console', channel),
    message: messageId('console', id),
    text: body,
    ...(replyTo ? { replyTo: messageId('console', replyTo) } : {}),
  });
  return id;
}

/** A week of community life: joins, a closed poll, conversations, a quiet question answered, a report closed. */
async function seedWeek(hh: Harness): Promise<string> {
  hh.roles.set('mod', 'moderator');
  for (const name of ['ana', 'bo', 'cy', 'dan']) await hh.join(name);
  await hh.leave('dan'); // joined and left: not a new member to welcome
  await say(hh, 'ana', 'introductions', `hello ${SECRET}`);
  await hh.advance('4h'); // introductions has been quiet long enough: Foyer asks a question
  const question = hh.sent.find((s) => s.kind === 'channel' && s.to === '#introductions')!.text;
  await say(hh, 'bo', 'introductions', `me! ${SECRET}`);
  await say(hh, 'cy', 'introductions', `and me ${SECRET}`);
  await hh.command('mod', '/poll Next meetup? | Paris | Lyon | for 1d');
  await hh.command('ana', '/vote 1 2');
  await hh.command('bo', '/vote 1 2');
  await hh.command('cy', '/vote 1 1');
  const root = await say(hh, 'ana', 'general', `A long story ${SECRET}`);
  await say(hh, 'bo', 'general', `reply ${SECRET}`, root);
  await say(hh, 'cy', 'general', `reply ${SECRET}`, root);
  await say(hh, 'ana', 'general', `reply ${SECRET}`, root);
  await say(hh, 'bo', 'random', `off topic ${SECRET}`);
  await say(hh, 'mod', 'moderators', `staff talk ${SECRET}`);
  await hh.command('ana', '/report someone is spamming');
  await hh.command('mod', '/triage resolve 1 upheld Warned them.');
  await hh.advance('1d'); // the poll closes
  return question;
}

/** Moves the fake clock on in day-sized steps, as a running bot lives through them. */
async function days(hh: Harness, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await hh.advance('1d');
}

const FIRST_ISSUE = new Date('2026-03-09T08:00:00Z');

describe('digest', () => {
  it('posts the week’s highlights once, with every figure from metadata and none of the message bodies', async () => {
    h = await Harness.start(digestOn(), MONDAY);
    const question = await seedWeek(h);
    await days(h, 5);
    expect(digests(h)).toHaveLength(0); // not before Monday 09:00
    await days(h, 1);
    expect(h.time.now().getTime()).toBeGreaterThan(FIRST_ISSUE.getTime());
    expect(digests(h)).toHaveLength(1);
    const issue = digests(h)[0]!.text;
    expect(issue).toContain('The Garden: the week from Mar 2, 2026 to Mar 9, 2026');
    expect(issue).toContain('3 new members joined: welcome @ana, @bo, @cy!');
    expect(issue).not.toContain('@dan');
    expect(issue).toContain('Next meetup? (3 voters): Paris: 1 vote; Lyon: 2 votes');
    expect(issue).toContain('#general: 4 messages, 3 replies, 3 members taking part');
    expect(issue).toContain('#introductions: 3 messages, 0 replies, 3 members taking part');
    expect(issue).toContain('#random: 1 message, 0 replies, 1 member taking part');
    expect(issue).not.toContain('#moderators'); // excluded in the config
    expect(issue).toContain('In #general, from Mar 2, 2026, 2:00 PM GMT+1: 3 replies, 3 members taking part');
    expect(issue).toContain(`In #introductions, "${question}": 2 members answered`);
    expect(issue).toContain('Mar 12, 2026, 6:00 PM GMT+1 in #general: Spring meetup');
    expect(issue).not.toContain('Bring snacks'); // a calendar post shows by its first line only
    expect(issue).toContain('The moderators handled 1 report.');
    expect(issue).not.toContain('spamming'); // no report details
    // No message body ever leaves the database: not in the digest, nor anywhere else Foyer wrote.
    expect(h.sent.filter((s) => s.text.includes(SECRET))).toEqual([]);
    await days(h, 3);
    expect(digests(h)).toHaveLength(1);
  });

  it('speaks the community’s language: French titles, plurals and dates', async () => {
    h = await Harness.start(digestOn({}, { community: { locale: 'fr' } }), MONDAY);
    await seedWeek(h);
    await days(h, 6);
    expect(digests(h)).toHaveLength(1);
    const issue = digests(h)[0]!.text;
    expect(issue).toContain('The Garden : la semaine du 2 mars 2026 au 9 mars 2026');
    expect(issue).toContain('3 nouveaux membres nous ont rejoints : bienvenue à @ana, @bo, @cy !');
    expect(issue).toContain('Next meetup? (3 votants) : Paris : 1 voix; Lyon : 2 voix');
    expect(issue).toContain('#random : 1 message, 0 réponse, 1 membre y a pris part');
    expect(issue).toContain('2 membres ont répondu');
    expect(issue).toContain('La modération a traité 1 signalement.');
    expect(h.sent.filter((s) => s.text.includes(SECRET))).toEqual([]);
  });

  it('goes monthly on monthDay, covering the month since the previous slot', async () => {
    // Two simulated months: quiet questions' 15-minute checks (5,600 slots, each claimed in
    // the database) have no part in this story and would only slow it down.
    h = await Harness.start(
      digestOn(
        { frequency: 'monthly', monthDay: 1, time: '08:30' },
        { features: { calendar: { entries: [] }, quietQuestions: { enabled: false } } },
      ),
      MONDAY,
    );
    await h.join('ana');
    await days(h, 29); // 2026-03-31: not yet
    expect(digests(h)).toHaveLength(0);
    await days(h, 1);
    expect(digests(h).map((d) => d.text.split('\n')[0])).toEqual([
      'The Garden: the month from Mar 1, 2026 to Apr 1, 2026',
    ]);
    expect(digests(h)[0]!.text).toContain('1 new member joined: welcome @ana!');
    await days(h, 29);
    expect(digests(h)).toHaveLength(1);
  });

  it('posts a short issue for a quiet week, or none with whenQuiet: skip', async () => {
    h = await Harness.start(digestOn({}, { features: { calendar: { entries: [] } } }), MONDAY);
    await days(h, 7);
    expect(digests(h).map((d) => d.text)).toEqual([
      'The Garden: the week from Mar 2, 2026 to Mar 9, 2026\n\nA quiet time: nothing to report, so why not start a conversation?',
    ]);
    await h.stop();
    h = await Harness.start(digestOn({ whenQuiet: 'skip' }, { features: { calendar: { entries: [] } } }), MONDAY);
    await days(h, 14);
    expect(digests(h)).toHaveLength(0);
  });

  it('lets moderators preview the next issue privately and add a note, carried by one issue only', async () => {
    h = await Harness.start(digestOn(), MONDAY);
    await seedWeek(h);
    await h.command('ana', '/digest preview');
    expect(h.lastReplyTo('ana')).toContain('is for moderators only');
    await h.command('ana', '/digest note hello');
    expect(h.lastReplyTo('ana')).toContain('is for moderators only');
    await h.command('mod', '/digest note');
    expect(h.lastReplyTo('mod')).toBe(
      'No note for the next digest yet. Add one with /digest note followed by its text.',
    );
    await h.command('mod', '/digest note Typo here');
    await h.command('mod', '/digest note Bring your own mug to the meetup! <@everyone> **not bold**');
    expect(h.lastReplyTo('mod')).toBe('Noted: the next digest carries your note.');
    await h.command('mod', '/digest preview');
    const preview = h.lastReplyTo('mod')!;
    expect(preview).toMatch(/^The next digest, due Mar 9, 2026, 9:00 AM GMT\+1, as it would look now:/);
    expect(preview).toContain('3 new members joined');
    expect(preview).toContain('A word from the moderators: Bring your own mug to the meetup!');
    expect(preview).not.toContain('Typo here'); // a new note replaces the waiting one
    expect(h.sent.filter((s) => s.kind === 'reply' && s.text === preview)).toHaveLength(1);
    expect(digests(h)).toHaveLength(0); // the preview went to the moderator alone
    await days(h, 6);
    expect(digests(h)).toHaveLength(1);
    expect(digests(h)[0]!.text).toContain('A word from the moderators: Bring your own mug to the meetup!');
    // The note is inert text: its markup and mention stay literal words, and nobody is mentioned by it.
    const posted = digests(h)[0]!;
    expect(posted.message.blocks).toContainEqual({
      type: 'paragraph',
      children: [
        { type: 'strong', children: [{ type: 'text', text: 'A word from the moderators: ' }] },
        { type: 'text', text: 'Bring your own mug to the meetup! <@everyone> **not bold**' },
      ],
    });
    expect(posted.mentions).toEqual(['ana', 'bo', 'cy'].map((name) => h.member(name)));
    await days(h, 7);
    expect(digests(h)).toHaveLength(2);
    expect(digests(h)[1]!.text).not.toContain('A word from the moderators');
    // The member who wrote a note sees it in /mydata.
    await h.command('mod', '/mydata');
    expect(h.lastReplyTo('mod')).toContain('A note you wrote for the digest on');
  });

  it('waits for approval: a preview for the approvers, one reminder, posted once when approved', async () => {
    h = await Harness.start(digestOn({ approval: { required: true, remindAfter: '4h' } }), MONDAY);
    await seedWeek(h);
    await days(h, 6);
    expect(digests(h)).toHaveLength(0);
    const asked = toModerators(h).filter((s) => s.text.startsWith('The digest for'));
    expect(asked.map((s) => s.text)).toEqual([
      'The digest for Mar 2, 2026 to Mar 9, 2026 waits for approval: /digest approve posts it now.',
    ]);
    expect(toModerators(h).some((s) => s.text.includes('3 new members joined'))).toBe(true);
    await days(h, 1); // the reminder came four hours after the slot, and only once
    const reminders = toModerators(h).filter((s) => s.text.startsWith('Reminder:'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain('dropped when the next one is due (Mar 16, 2026, 9:00 AM GMT+1)');
    await h.command('ana', '/digest approve');
    expect(h.lastReplyTo('ana')).toContain('is for moderators only');
    expect(digests(h)).toHaveLength(0);
    await h.command('mod', '/digest approve');
    expect(h.lastReplyTo('mod')).toBe('Approved: the digest due Mar 9, 2026, 9:00 AM GMT+1 is posted now.');
    expect(digests(h)).toHaveLength(1);
    expect(digests(h)[0]!.text).toContain('3 new members joined');
    await h.command('mod', '/digest approve');
    expect(h.lastReplyTo('mod')).toBe('No digest is waiting for approval.');
    expect(digests(h)).toHaveLength(1);
    expect(h.sent.filter((s) => s.text.includes(SECRET))).toEqual([]);
  });

  it('drops an issue nobody approved once the next one is due, and tells the moderators', async () => {
    h = await Harness.start(digestOn({ approval: { required: true } }), MONDAY);
    h.roles.set('mod', 'moderator');
    await days(h, 14); // two slots pass with nobody approving
    expect(toModerators(h).map((s) => s.text)).toContain(
      'The digest due Mar 9, 2026, 9:00 AM GMT+1 was never approved, so it was not posted.',
    );
    await h.command('mod', '/digest approve');
    expect(digests(h).map((d) => d.text.split('\n')[0])).toEqual([
      'The Garden: the week from Mar 9, 2026 to Mar 16, 2026',
    ]);
  });
});

describe('digest and member data', () => {
  it('shows a moderator their notes in /mydata, and /mydata erase keeps the words but not who wrote them', async () => {
    h = await Harness.start(digestOn(), MONDAY);
    h.roles.set('mod', 'moderator');
    await h.command('mod', '/digest note See you at the meetup');
    await h.command('mod', '/mydata');
    expect(h.lastReplyTo('mod')).toContain(
      'A note you wrote for the digest on Mar 2, 2026, 10:00 AM GMT+1: See you at the meetup',
    );
    await h.command('mod', '/mydata erase');
    const code = /\b([A-Z0-9]{6})\b/.exec(h.lastReplyTo('mod')!)?.[1];
    await h.command('mod', `/mydata erase ${code}`);
    expect(h.storage.stores.digest.notesBy(h.community, h.member('mod'))).toEqual([]);
    await days(h, 7);
    expect(digests(h)[0]!.text).toContain('A word from the moderators: See you at the meetup');
  });
});

describe('digest across restarts', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A bot on a database file, as a process started at `at`. */
  async function process(file: string, at: Date): Promise<Harness> {
    const started = new Harness(testConfig(digestOn()), new FakeTime(at), openStorage(file));
    await started.boot();
    return started;
  }

  it('never posts an issue twice: a period claimed by a process that crashed before sending is not posted again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'foyer-digest-'));
    const file = join(dir, 'foyer.sqlite');
    // A process claimed the first issue and died before the post went out.
    const crashed = openStorage(file);
    crashed.stores.digest.open('demo-garden', MONDAY, FIRST_ISSUE, FIRST_ISSUE);
    expect(crashed.stores.digest.claimPost('demo-garden', FIRST_ISSUE, FIRST_ISSUE)).toBe(true);
    crashed.close();
    h = await process(file, new Date(FIRST_ISSUE.getTime() - 3_600_000));
    await h.advance('2h');
    expect(digests(h)).toHaveLength(0);
    await days(h, 7);
    expect(digests(h).map((d) => d.text.split('\n')[0])).toEqual([
      'The Garden: the week from Mar 9, 2026 to Mar 16, 2026',
    ]);
  });

  it('posts each period exactly once when Foyer restarts after the slot, catches a missed one up late, once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'foyer-digest-'));
    const file = join(dir, 'foyer.sqlite');
    h = await process(file, MONDAY);
    await seedWeek(h);
    await days(h, 6);
    expect(digests(h)).toHaveLength(1);
    await h.stop();
    // Restarted an hour after the slot, within the grace window: the period is already posted.
    h = await process(file, new Date(FIRST_ISSUE.getTime() + 3_600_000));
    await h.advance('1h');
    expect(digests(h)).toHaveLength(0);
    await h.stop();
    // Down over the next slot (2026-03-16), back two hours later: posted late, once.
    h = await process(file, new Date('2026-03-16T10:00:00Z'));
    await h.advance('1m');
    expect(digests(h).map((d) => d.text.split('\n')[0])).toEqual([
      'The Garden: the week from Mar 9, 2026 to Mar 16, 2026',
    ]);
    await h.stop();
    h = await process(file, new Date('2026-03-16T11:00:00Z'));
    await days(h, 1);
    expect(digests(h)).toHaveLength(0);
    await h.stop();
    // Down for two days over the slot after (2026-03-23), past the one-day grace: reported, not posted.
    h = await process(file, new Date('2026-03-25T10:00:00Z'));
    await h.advance('1m');
    expect(digests(h)).toHaveLength(0);
    expect(toModerators(h).map((s) => s.text)).toEqual([
      'The digest due Mar 23, 2026, 9:00 AM GMT+1 was not posted: Foyer was not running until Mar 25, 2026, 11:00 AM GMT+1, past the grace period.',
    ]);
    await h.stop();
    h = await process(file, new Date('2026-03-25T12:00:00Z'));
    await h.advance('1m');
    expect(toModerators(h)).toHaveLength(0);
  });
});

describe('digest settings', () => {
  const withDigest = (section: string) =>
    readFileSync('config/community.example.yaml', 'utf8').replace(
      /\n {2}digest:\n(?: {4}.*\n| *#.*\n)*/,
      `\n  digest:\n${section}`,
    );
  const problems = (section: string) => {
    const parsed = parseConfig('c.yaml', withDigest(section), {});
    return parsed.ok ? [] : parsed.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it('needs a declared channel, and a moderators channel when approval is required', () => {
    expect(problems('    enabled: true\n    channel: general\n')).toEqual([]);
    expect(problems('    enabled: true\n').join('\n')).toMatch(/features\.digest\.channel/);
    expect(problems('    enabled: true\n    channel: nowhere\n').join('\n')).toMatch(/features\.digest\.channel/);
    expect(problems('    enabled: true\n    channel: general\n    approval: { required: true }\n').join('\n')).toMatch(
      /features\.digest\.moderatorsChannel: is needed when approval is required/,
    );
    expect(problems('    enabled: true\n    channel: general\n    monthDay: 31\n').join('\n')).toMatch(/monthDay/);
  });
});

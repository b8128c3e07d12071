import { afterEach, describe, expect, it } from 'vitest';
import { parseWhen } from '../../src/features/calendar/calendar.logic.ts';
import { Harness, START } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

// START is Monday 2026-03-02 09:00 UTC (10:00 in Paris).
const posts = (h: Harness, channel = '#general') => h.sent.filter((s) => s.kind === 'channel' && s.to === channel);
const calendar = (entries: unknown[], over: Record<string, unknown> = {}) => ({ features: { calendar: { grace: '2h', reportChannel: 'moderators', entries, ...over } } });

async function withModerator(overrides: Record<string, unknown> = {}): Promise<Harness> {
  const harness = await Harness.start(overrides);
  harness.roles.set('mod', 'moderator');
  return harness;
}

describe('editorial calendar', () => {
  it('publishes an approved YAML entry at its time, exactly once; a draft never', async () => {
    h = await withModerator(calendar([
      { id: 'launch', at: '2026-03-03T10:00', channel: 'general', text: 'We launch today!', author: 'Camille', status: 'approved' },
      { id: 'idea', at: '2026-03-03T11:00', channel: 'general', text: 'Just an idea', author: 'Camille' },
    ]));
    await h.advance('23h59m');
    expect(posts(h)).toHaveLength(0);
    await h.advance('1m');
    expect(posts(h).map((p) => p.text)).toEqual(['We launch today!']);
    await h.restart(60_000);
    await h.advance('3d');
    expect(posts(h).map((p) => p.text)).toEqual(['We launch today!']);
  });

  it('a recurring entry goes out at each slot in its timezone', async () => {
    h = await withModerator(calendar([{ id: 'digest', cron: '0 9 * * 1', channel: 'general', text: 'Weekly digest', author: 'Camille', status: 'approved' }]));
    await h.advance('14d');
    expect(posts(h)).toHaveLength(2); // Mondays 9 and 16 March, 09:00 Paris
  });

  it('a post missed while down goes out late inside the grace window', async () => {
    h = await withModerator(calendar([{ id: 'late', at: '2026-03-02T11:00', channel: 'general', text: 'Late but fine', author: 'Camille', status: 'approved' }]));
    await h.restart(2 * 3_600_000); // back at 11:00 UTC = 12:00 Paris, one hour after
    expect(posts(h).map((p) => p.text)).toEqual(['Late but fine']);
  });

  it('a post missed beyond the grace window is reported to moderators, never published or doubled', async () => {
    h = await withModerator(calendar([{ id: 'missed', at: '2026-03-02T11:00', channel: 'general', text: 'Too late', author: 'Camille', status: 'approved' }]));
    await h.restart(6 * 3_600_000);
    expect(posts(h)).toHaveLength(0);
    const reports = posts(h, '#moderators');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.text).toContain('"missed" was due 2026-03-02 10:00 UTC in #general and was not published');
    await h.restart(60_000);
    expect(posts(h, '#moderators')).toHaveLength(1);
  });

  it('draft → approved → published through commands, with permissions, list and week', async () => {
    h = await withModerator();
    await h.command('mod', '/calendar add 2026-03-04T18:00 #general Meetup tonight at 19:00');
    expect(h.lastReplyTo('mod')).toBe('Draft c1 added. It goes out once approved: /calendar approve c1.');
    await h.command('mod', '/calendar week');
    expect(h.lastReplyTo('mod')).toContain('2026-03-04 17:00 UTC — c1 [draft] in #general');
    await h.command('ana', '/calendar approve c1');
    expect(h.lastReplyTo('ana')).toContain('is for moderators only');
    await h.advance('3d');
    expect(posts(h)).toHaveLength(0); // a draft is never published
    await h.command('mod', '/calendar add "0 18 * * 5" general Friday thread');
    await h.command('mod', '/calendar approve c2');
    expect(h.lastReplyTo('mod')).toContain('Approved: c2 [approved]');
    await h.advance('4d'); // Friday 6 March 18:00 Paris
    expect(posts(h).map((p) => p.text)).toEqual(['Friday thread']);
    await h.command('mod', '/calendar cancel c2');
    await h.advance('7d');
    expect(posts(h)).toHaveLength(1);
    await h.command('mod', '/calendar list');
    expect(h.lastReplyTo('mod')).toContain('c1 [draft]');
  });

  it('refuses bad entries with a helpful reply and adds nothing', async () => {
    h = await withModerator();
    const now = START;
    expect(parseWhen('2026-03-01T09:00', 'Europe/Paris', now)).toBe('2026-03-01T09:00 (Europe/Paris) is in the past.');
    expect(parseWhen('2026-03-10T09:00@Mars/Olympus', 'Europe/Paris', now)).toBe('Unknown timezone "Mars/Olympus" (use a name such as Europe/Paris).');
    expect(parseWhen('every monday', 'Europe/Paris', now)).toContain('is neither a date and time');
    expect(parseWhen('61 9 * * 1', 'Europe/Paris', now)).toContain('is neither a date and time');
    await h.command('mod', '/calendar add 2020-01-01T09:00 general Old news');
    expect(h.lastReplyTo('mod')).toBe('2020-01-01T09:00 (Europe/Paris) is in the past.');
    await h.command('mod', '/calendar add 2026-04-01T09:00 #nowhere Hello');
    expect(h.lastReplyTo('mod')).toBe('Unknown channel "nowhere": use a channel name from the configuration.');
    await h.command('mod', '/calendar list');
    expect(h.lastReplyTo('mod')).toBe('The calendar is empty.');
  });
});

describe('calendar configuration', () => {
  it('names the entry that has both a date and a cron, or a cron that does not parse', async () => {
    await expect(Harness.start(calendar([{ id: 'x', at: '2026-04-01T09:00', cron: '0 9 * * 1', channel: 'general', text: 't', author: 'a' }]))).rejects.toThrow(/features\.calendar\.entries\.0: give either "at"/);
    await expect(Harness.start(calendar([{ id: 'y', cron: 'every day', channel: 'general', text: 't', author: 'a' }]))).rejects.toThrow(/features\.calendar\.entries\.0\.cron: the cron expression does not parse/);
  });
});

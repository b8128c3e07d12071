import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseWhen } from '../../src/features/calendar/calendar.logic.ts';
import { Harness, START } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

// START is Monday 2026-03-02 09:00 UTC (10:00 in Paris).
const posts = (h: Harness, channel = '#general') => h.sent.filter((s) => s.kind === 'channel' && s.to === channel);
const calendar = (entries: unknown[], over: Record<string, unknown> = {}) => ({
  features: { calendar: { grace: '2h', reportChannel: 'moderators', entries, ...over } },
});

async function withModerator(overrides: Record<string, unknown> = {}): Promise<Harness> {
  const harness = await Harness.start(overrides);
  harness.roles.set('mod', 'moderator');
  return harness;
}

describe('editorial calendar', () => {
  it('publishes an approved YAML entry at its time, exactly once; a draft never', async () => {
    h = await withModerator(
      calendar([
        {
          id: 'launch',
          at: '2026-03-03T10:00',
          channel: 'general',
          text: 'We launch today!',
          author: 'Camille',
          status: 'approved',
        },
        { id: 'idea', at: '2026-03-03T11:00', channel: 'general', text: 'Just an idea', author: 'Camille' },
      ]),
    );
    await h.advance('23h59m');
    expect(posts(h)).toHaveLength(0);
    await h.advance('1m');
    expect(posts(h).map((p) => p.text)).toEqual(['We launch today!']);
    await h.restart(60_000);
    await h.advance('3d');
    expect(posts(h).map((p) => p.text)).toEqual(['We launch today!']);
  });

  it('a recurring entry goes out at each slot in its timezone', async () => {
    h = await withModerator(
      calendar([
        {
          id: 'digest',
          cron: '0 9 * * 1',
          channel: 'general',
          text: 'Weekly digest',
          author: 'Camille',
          status: 'approved',
        },
      ]),
    );
    await h.advance('14d');
    expect(posts(h)).toHaveLength(2); // Mondays 9 and 16 March, 09:00 Paris
  });

  it('a post missed while down goes out late inside the grace window', async () => {
    h = await withModerator(
      calendar([
        {
          id: 'late',
          at: '2026-03-02T11:00',
          channel: 'general',
          text: 'Late but fine',
          author: 'Camille',
          status: 'approved',
        },
      ]),
    );
    await h.restart(2 * 3_600_000); // back at 11:00 UTC = 12:00 Paris, one hour after
    expect(posts(h).map((p) => p.text)).toEqual(['Late but fine']);
  });

  it('a post missed beyond the grace window is reported to moderators, never published or doubled', async () => {
    h = await withModerator(
      calendar([
        {
          id: 'missed',
          at: '2026-03-02T11:00',
          channel: 'general',
          text: 'Too late',
          author: 'Camille',
          status: 'approved',
        },
      ]),
    );
    await h.restart(6 * 3_600_000);
    expect(posts(h)).toHaveLength(0);
    const reports = posts(h, '#moderators');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.text).toContain(
      '"missed" was due Mar 2, 2026, 11:00 AM GMT+1 in #general and was not published',
    );
    await h.restart(60_000);
    expect(posts(h, '#moderators')).toHaveLength(1);
  });

  it('draft → approved → published through commands, with permissions, list and week', async () => {
    h = await withModerator();
    await h.command('mod', '/calendar add 2026-03-04T18:00 #general Meetup tonight at 19:00');
    expect(h.lastReplyTo('mod')).toBe('Draft c1 added. It goes out once approved: /calendar approve c1.');
    await h.command('mod', '/calendar week');
    expect(h.lastReplyTo('mod')).toContain('Mar 4, 2026, 6:00 PM GMT+1 — c1 [draft] in #general');
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
    expect(parseWhen('2026-03-01T09:00', 'Europe/Paris', now)).toEqual({
      kind: 'past',
      typed: '2026-03-01T09:00',
      timezone: 'Europe/Paris',
    });
    expect(parseWhen('2026-03-10T09:00@Mars/Olympus', 'Europe/Paris', now)).toEqual({
      kind: 'unknown-timezone',
      timezone: 'Mars/Olympus',
    });
    expect(parseWhen('every monday', 'Europe/Paris', now)).toEqual({ kind: 'unreadable', typed: 'every monday' });
    expect(parseWhen('61 9 * * 1', 'Europe/Paris', now)).toEqual({ kind: 'unreadable', typed: '61 9 * * 1' });
    await h.command('mod', '/calendar add "every monday" general Hello');
    expect(h.lastReplyTo('mod')).toBe(
      '"every monday" is neither a date and time (2026-12-01T09:00) nor a cron expression (0 9 * * 1).',
    );
    await h.command('mod', '/calendar add 2026-04-01T09:00@Mars/Olympus general Hello');
    expect(h.lastReplyTo('mod')).toBe('Unknown timezone "Mars/Olympus" (use a name such as Europe/Paris).');
    await h.command('mod', '/calendar add 2020-01-01T09:00 general Old news');
    expect(h.lastReplyTo('mod')).toBe('2020-01-01T09:00 (Europe/Paris) is in the past.');
    await h.command('mod', '/calendar add 2026-04-01T09:00 #nowhere Hello');
    expect(h.lastReplyTo('mod')).toBe('Unknown channel "nowhere": use a channel name from the configuration.');
    await h.command('mod', '/calendar list');
    expect(h.lastReplyTo('mod')).toBe('The calendar is empty.');
  });
});

describe('calendar dates that do not exist', () => {
  it.each([
    ['2030-02-30T10:00', 'day 30 does not exist in 2030-02 (that month has 28 days)'],
    ['2030-13-45T99:99', 'month 13 does not exist (01 to 12)'],
    ['2030-01-01T25:00', 'hour 25 does not exist (00 to 23)'],
    ['2030-01-01T10:61', 'minute 61 does not exist (00 to 59)'],
  ])('refuses /calendar add %s with the reason, and adds nothing', async (when, reason) => {
    h = await withModerator();
    expect(parseWhen(when, 'Europe/Paris', START)).toMatchObject({ kind: 'impossible', typed: when });
    await h.command('mod', `/calendar add ${when} general x`);
    expect(h.lastReplyTo('mod')).toBe(`${when} is not a real date and time: ${reason}.`);
    await h.command('mod', '/calendar list');
    expect(h.lastReplyTo('mod')).toBe('The calendar is empty.');
  });

  it('tells a French-speaking moderator why, in French', async () => {
    h = await withModerator();
    await h.join('mod');
    await h.command('mod', '/language fr');
    await h.command('mod', '/calendar add 2030-02-30T10:00 general x');
    expect(h.lastReplyTo('mod')).toBe(
      '2030-02-30T10:00 n’est pas une date et une heure qui existent : le jour 30 n’existe pas en 2030-02 (ce mois compte 28 jours).',
    );
    await h.command('mod', '/calendar add 2030-01-01T25:00 general x');
    expect(h.lastReplyTo('mod')).toBe(
      '2030-01-01T25:00 n’est pas une date et une heure qui existent : l’heure 25 n’existe pas (00 à 23).',
    );
  });

  it('refuses an impossible date in the YAML, located at the entry', async () => {
    await expect(
      Harness.start(
        calendar([{ id: 'x', at: '2030-13-45T99:99', channel: 'general', text: 't', author: 'a', status: 'approved' }]),
      ),
    ).rejects.toThrow(
      'features.calendar.entries.0.at: "2030-13-45T99:99" is not a real date and time: month 13 does not exist (01 to 12)',
    );
  });
});

describe('calendar text length', () => {
  const longest = 'é'.repeat(999) + '!';

  it('publishes the longest accepted command text whole, never cut', async () => {
    h = await withModerator();
    await h.command('mod', `/calendar add 2026-03-03T10:00 general ${longest}`);
    await h.command('mod', '/calendar approve c1');
    await h.advance('1d');
    expect(posts(h).map((p) => p.text)).toEqual([longest]);
  });

  it('refuses a longer command text with a clear reply in the moderator’s language, and adds nothing', async () => {
    h = await withModerator();
    await h.command('mod', `/calendar add 2026-03-03T10:00 general ${longest}x`);
    expect(h.lastReplyTo('mod')).toBe(
      'A calendar post can have at most 1000 characters; this text has 1001. Shorten it and try again.',
    );
    await h.join('mod');
    await h.command('mod', '/language fr');
    await h.command('mod', `/calendar add 2026-03-03T10:00 general ${'x'.repeat(1500)}`);
    expect(h.lastReplyTo('mod')).toBe(
      'Une publication du calendrier compte au plus 1000 caractères ; ce texte en compte 1500. Raccourcissez-le et réessayez.',
    );
    await h.command('mod', '/calendar list');
    expect(h.lastReplyTo('mod')).not.toContain('c1');
  });

  it('publishes the longest accepted YAML text whole and refuses a longer one, located', async () => {
    h = await withModerator(
      calendar([
        {
          id: 'long',
          at: '2026-03-03T10:00',
          channel: 'general',
          text: longest,
          author: 'Camille',
          status: 'approved',
        },
      ]),
    );
    await h.advance('1d');
    expect(posts(h).map((p) => p.text)).toEqual([longest]);
    await expect(
      Harness.start(
        calendar([
          { id: 'longer', at: '2026-03-03T10:00', channel: 'general', text: `${longest}x`, author: 'Camille' },
        ]),
      ),
    ).rejects.toThrow(
      'features.calendar.entries.0.text: a calendar post can have at most 1000 characters; this text has 1001',
    );
  });

  it('reports a file entry whose text is too long to publish whole, instead of cutting it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foyer-calendar-'));
    const file = join(dir, 'post.txt');
    writeFileSync(file, 'y'.repeat(1001));
    try {
      h = await withModerator(
        calendar([
          { id: 'from-file', at: '2026-03-03T10:00', channel: 'general', file, author: 'Camille', status: 'approved' },
        ]),
      );
      await h.advance('1d');
      expect(posts(h)).toHaveLength(0);
      const reports = posts(h, '#moderators');
      expect(reports).toHaveLength(1);
      expect(reports[0]!.text).toContain(`its text has 1001 characters, more than the 1000 a calendar post can have`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('calendar configuration', () => {
  it('names the entry that has both a date and a cron, or a cron that does not parse', async () => {
    await expect(
      Harness.start(
        calendar([{ id: 'x', at: '2026-04-01T09:00', cron: '0 9 * * 1', channel: 'general', text: 't', author: 'a' }]),
      ),
    ).rejects.toThrow(/features\.calendar\.entries\.0: give either "at"/);
    await expect(
      Harness.start(calendar([{ id: 'y', cron: 'every day', channel: 'general', text: 't', author: 'a' }])),
    ).rejects.toThrow(/features\.calendar\.entries\.0\.cron: the cron expression does not parse/);
  });
});

describe('calendar previews', () => {
  it('/calendar list and /calendar approve cut a long text between emoji, never inside one', async () => {
    h = await withModerator();
    await h.command('mod', `/calendar add 2026-03-10T10:00 general ${'y'.repeat(79)}${'🇫🇷'.repeat(10)}`);
    await h.command('mod', '/calendar list');
    const listed = h.lastReplyTo('mod')!;
    await h.command('mod', '/calendar approve c1');
    const approved = h.lastReplyTo('mod')!;
    for (const preview of [listed, approved]) {
      expect(preview).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(preview).toContain(`${'y'.repeat(79)}…`);
    }
  });
});

describe('calendar content files', () => {
  it('publishes a file entry as the bot reads it, trimmed, and reports one it cannot read', async () => {
    const files = new Map([['posts/spring.md', '  Spring is here!\n']]);
    const readContentFile = (path: string): string => {
      const body = files.get(path);
      if (body === undefined) throw new Error(`no file ${path}`);
      return body;
    };
    const entry = (id: string, at: string, file: string) => ({
      id,
      at,
      channel: 'general',
      file,
      author: 'Camille',
      status: 'approved',
    });
    const entries = [
      entry('spring', '2026-03-03T10:00', 'posts/spring.md'),
      entry('gone', '2026-03-03T11:00', 'posts/gone.md'),
    ];
    h = await Harness.start(calendar(entries), START, { readContentFile });
    await h.advance('2d');
    expect(posts(h).map((p) => p.text)).toEqual(['Spring is here!']);
    const reports = posts(h, '#moderators');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.text).toContain(
      '"gone" was due Mar 3, 2026, 11:00 AM GMT+1 in #general and was not published (cannot read posts/gone.md: no file posts/gone.md)',
    );
  });
});

describe('calendar in French', () => {
  const french = (over: Record<string, unknown> = {}) => ({ community: { locale: 'fr' }, ...over });

  it('adds, lists, previews the week, approves and cancels in French, dates in the community’s timezone', async () => {
    h = await withModerator(french());
    await h.command('mod', '/calendar add 2026-03-04T18:00 #general Rencontre ce soir');
    expect(h.lastReplyTo('mod')).toBe('Brouillon c1 ajouté. Il sera publié une fois approuvé : /calendar approve c1.');
    await h.command('mod', '/calendar week');
    expect(h.lastReplyTo('mod')).toBe(
      'Les 7 prochains jours :\n\n• 4 mars 2026, 18:00 UTC+1 — c1 [brouillon] dans #general',
    );
    await h.command('mod', '/calendar list');
    expect(h.lastReplyTo('mod')).toBe(
      'Calendrier :\n\n• c1 [brouillon] le 4 mars 2026, 18:00 UTC+1 dans #general, par mod : Rencontre ce soir',
    );
    await h.command('mod', '/calendar add "0 18 * * 5" general Fil du vendredi');
    await h.command('mod', '/calendar approve c2');
    expect(h.lastReplyTo('mod')).toBe(
      'Approuvé : c2 [approuvé] cron « 0 18 * * 5 » (Europe/Paris), prochaine le 6 mars 2026, 18:00 UTC+1, dans #general, par mod : Fil du vendredi',
    );
    await h.command('mod', '/calendar approve c2');
    expect(h.lastReplyTo('mod')).toBe('« c2 » est approuvé, ce n’est pas un brouillon.');
    await h.command('mod', '/calendar cancel c2');
    expect(h.lastReplyTo('mod')).toBe('« c2 » est annulé.');
    await h.command('mod', '/calendar cancel c2');
    expect(h.lastReplyTo('mod')).toBe('Aucune entrée active « c2 » dans le calendrier.');
    await h.command('mod', '/calendar approve c9');
    expect(h.lastReplyTo('mod')).toBe('Aucune entrée « c9 » dans le calendrier.');
    await h.command('mod', '/calendar cancel c1');
    await h.command('mod', '/calendar list');
    expect(h.lastReplyTo('mod')).toBe('Le calendrier est vide.');
    await h.command('mod', '/calendar week');
    expect(h.lastReplyTo('mod')).toBe('Rien ne part dans les 7 prochains jours.');
  });

  it('refuses bad entries in French', async () => {
    h = await withModerator(french());
    await h.command('mod', '/calendar add 2026-04-01T09:00 #nulle-part Bonjour');
    expect(h.lastReplyTo('mod')).toBe('Canal inconnu « nulle-part » : utilisez un nom de canal de la configuration.');
    await h.command('mod', '/calendar add "tous les lundis" general Bonjour');
    expect(h.lastReplyTo('mod')).toBe(
      '« tous les lundis » n’est ni une date et une heure (2026-12-01T09:00) ni une expression cron (0 9 * * 1).',
    );
    await h.command('mod', '/calendar add 2020-01-01T09:00 general Vieux');
    expect(h.lastReplyTo('mod')).toBe('2020-01-01T09:00 (Europe/Paris) est déjà passé.');
  });

  it('reports a missed post to the moderators in French, with the date in the community’s timezone', async () => {
    h = await withModerator(
      french(
        calendar([
          {
            id: 'rate',
            at: '2026-03-02T11:00',
            channel: 'general',
            text: 'Trop tard',
            author: 'Camille',
            status: 'approved',
          },
        ]),
      ),
    );
    await h.restart(6 * 3_600_000);
    expect(posts(h, '#moderators').map((p) => p.text)).toEqual([
      'Calendrier : « rate » devait partir le 2 mars 2026, 11:00 UTC+1 dans #general et n’a pas été publié (Foyer ne tournait pas et le délai de grâce était passé). Publiez-le à la main s’il compte encore.',
    ]);
  });

  it('reports in French a file too long to publish whole, and one it cannot read', async () => {
    const files = new Map([['posts/long.md', 'y'.repeat(1001)]]);
    const readContentFile = (path: string): string => {
      const body = files.get(path);
      if (body === undefined) throw new Error(`no file ${path}`);
      return body;
    };
    const entry = (id: string, at: string, file: string) => ({
      id,
      at,
      channel: 'general',
      file,
      author: 'C',
      status: 'approved',
    });
    h = await Harness.start(
      french(
        calendar([
          entry('long', '2026-03-03T10:00', 'posts/long.md'),
          entry('gone', '2026-03-03T11:00', 'posts/gone.md'),
        ]),
      ),
      START,
      { readContentFile },
    );
    await h.advance('2d');
    const reports = posts(h, '#moderators').map((p) => p.text);
    expect(reports[0]).toContain('(son texte compte 1001 caractères, plus que les 1000 qu’une publication peut avoir)');
    expect(reports[1]).toContain('(impossible de lire posts/gone.md : no file posts/gone.md)');
  });

  it('describes its commands in French', async () => {
    h = await withModerator(french());
    await h.command('mod', '/help');
    const help = h.lastReplyTo('mod')!;
    expect(help).toContain('Modérateurs : ajouter un brouillon');
    expect(help).toContain('Ce qui part dans les 7 prochains jours');
    expect(help).not.toContain('Moderators: add a draft post');
  });
});

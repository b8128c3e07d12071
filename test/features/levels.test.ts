import { afterEach, describe, expect, it } from 'vitest';
import { channelId, eventId, messageId } from '../../src/core/ids.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

/** Small thresholds so a story fits in a few simulated weeks; a 7-day window. */
const LEVELS = {
  windowDays: 7,
  grace: '30d',
  levels: [
    { id: 'exploring', activeDays: 0, thanksFrom: 0 },
    { id: 'participating', activeDays: 2, thanksFrom: 0 },
    { id: 'contributing', activeDays: 3, thanksFrom: 1 },
    { id: 'leading', activeDays: 4, thanksFrom: 2 },
  ],
};
const start = (levels: Record<string, unknown> = {}, more: Record<string, unknown> = {}) =>
  Harness.start({ features: { levels: { ...LEVELS, ...levels } }, ...more });

const rankOf = (name: string) => h.storage.stores.levels.get(h.community, h.member(name))?.rank ?? 0;
const congratulations = (name: string) =>
  h.sent.filter((s) => s.kind === 'dm' && s.to === `@${name}` && s.text.includes('you are now'));

let n = 0;
async function react(name: string, message: string) {
  await h.deliver({
    type: 'reaction.added',
    id: eventId('console', `r-${++n}`),
    community: h.community,
    at: h.time.now(),
    member: { id: h.member(name), displayName: name },
    channel: channelId('console', 'general'),
    message: messageId('console', message),
    emoji: '🙏',
  });
}

const advanceTo = (at: Date) => h.time.advance(at.getTime() - h.time.now().getTime());

/** `name` posts once a day for `days` days, then the clock is one day later. */
async function activeDays(name: string, days: number) {
  for (let d = 0; d < days; d++) {
    await h.post(name, 'general', 'hello');
    await h.advance('1d');
  }
}

describe('promotions, nightly', () => {
  it('promotes exactly at the active-days threshold, one day below: none', async () => {
    // Participating needs 4 active days in the window here.
    h = await start({
      levels: [
        { id: 'exploring', activeDays: 0, thanksFrom: 0 },
        { id: 'participating', activeDays: 4, thanksFrom: 0 },
      ],
    });
    await h.join('ana');
    await activeDays('ana', 3); // the nights after days 1, 2, 3 saw 1, 2, 3 active days
    expect(rankOf('ana')).toBe(0);
    await activeDays('ana', 1); // the night after day 4
    expect(rankOf('ana')).toBe(1);
    expect(congratulations('ana').map((d) => d.text)).toEqual([
      'Congratulations @ana: you are now Participating in The Garden! Thanks to everyone you helped. See where you stand with /level.',
    ]);
  });

  it('hundreds of messages on one day are one active day: no promotion from spam', async () => {
    h = await start();
    await h.join('spammer');
    for (let i = 0; i < 300; i++) await h.post('spammer', 'general', `filler ${i}`);
    await h.advance('3d');
    expect(rankOf('spammer')).toBe(0);
    h.roles.set('mod', 'moderator');
    await h.command('mod', '/levels spammer');
    expect(h.lastReplyTo('mod')).toContain('In the last 7 days: 1 day with activity, thanked by 0 members.');
  });

  it('needs thanks from distinct members: one member thanking twice is one', async () => {
    h = await start(
      {},
      { features: { levels: LEVELS, thanks: { cooldown: '1h' } }, outreach: { directMessages: { perWeek: 5 } } },
    );
    for (const m of ['ana', 'bob', 'cy']) await h.join(m);
    await h.command('bob', '/thanks ana');
    await h.advance('2h');
    await h.command('bob', '/thanks ana'); // two thanks, one giver
    await activeDays('ana', 4);
    expect(rankOf('ana')).toBe(2); // contributing (1 giver), not leading (2 givers)
    await h.command('cy', '/thanks ana');
    await h.advance('1d');
    expect(rankOf('ana')).toBe(3);
    expect(congratulations('ana').map((d) => d.text.match(/now (\w+)/)?.[1])).toEqual([
      'Participating',
      'Contributing',
      'Leading',
    ]);
  });

  it('the congratulation comes once per change and waits for the direct-message caps', async () => {
    h = await start({}, { outreach: { directMessages: { perDay: 1, perWeek: 5 } } });
    await h.join('ana');
    await h.join('bob');
    await h.post('ana', 'general', 'day one');
    await h.advance('1d');
    // 01:40 local: Foyer explains ana's self-thanks by DM, which takes today's one DM.
    await h.deliver({
      type: 'message.posted',
      id: eventId('console', 'own'),
      community: h.community,
      at: h.time.now(),
      author: { id: h.member('ana'), displayName: 'ana' },
      channel: channelId('console', 'general'),
      message: messageId('console', 'own'),
      text: 'day two',
    });
    await h.advance('15h');
    await react('ana', 'own');
    expect(h.sent.filter((s) => s.kind === 'dm' && s.to === '@ana')).toHaveLength(1);
    await h.advance('8h'); // the night: ana reaches participating, but the cap holds the congratulation
    expect(rankOf('ana')).toBe(1);
    expect(congratulations('ana')).toHaveLength(0);
    await h.advance('1d'); // the next night, within the caps
    expect(congratulations('ana')).toHaveLength(1);
    await h.advance('5d');
    expect(congratulations('ana')).toHaveLength(1);
  });
});

describe('demotions, at the monthly review', () => {
  it('drops one level per review once below the thresholds for the grace period', async () => {
    h = await start();
    for (const m of ['ana', 'bob', 'cy']) await h.join(m);
    await h.command('bob', '/thanks ana');
    await h.command('cy', '/thanks ana');
    await activeDays('ana', 4); // Mar 2–5; the night of Mar 6 makes her leading
    expect(rankOf('ana')).toBe(3);
    const announced = congratulations('ana').length;
    // Below leading from the night of Mar 9; the review of Apr 1 is inside the 30-day grace.
    await advanceTo(new Date('2026-04-01T12:00:00Z'));
    expect(rankOf('ana')).toBe(3);
    await h.command('ana', '/level');
    expect(h.lastReplyTo('ana')).toContain('Below this level’s thresholds since Mar 9, 2026');
    // May 1: one level down, not three, though her figures are nil.
    await advanceTo(new Date('2026-05-01T12:00:00Z'));
    expect(rankOf('ana')).toBe(2);
    // Still below, from the step down: the next review is 31 days later, past the grace: one more.
    await advanceTo(new Date('2026-06-01T12:00:00Z'));
    expect(rankOf('ana')).toBe(1);
    await advanceTo(new Date('2026-07-01T12:00:00Z'));
    expect(rankOf('ana')).toBe(0);
    expect(congratulations('ana')).toHaveLength(announced); // steps down are not announced
  });

  it('no demotion while the grace period runs, one level once it has run', async () => {
    // Below from the night of Mar 9 (02:30 CET); the review of Apr 1 (03:00 CEST, after the
    // change to summer time) is 22 days 23 h 30 min later.
    for (const [grace, expected] of [
      ['23d', 3],
      ['22d', 2],
    ] as const) {
      h = await start({ grace });
      for (const m of ['ana', 'bob', 'cy']) await h.join(m);
      await h.command('bob', '/thanks ana');
      await h.command('cy', '/thanks ana');
      await activeDays('ana', 4);
      await advanceTo(new Date('2026-04-01T12:00:00Z'));
      expect(rankOf('ana'), grace).toBe(expected);
      await h.stop();
    }
  });
});

describe('/level', () => {
  it('shows where a member stands and what the next level needs, in numbers', async () => {
    h = await start();
    await h.join('ana');
    await activeDays('ana', 2);
    await h.command('ana', '/level');
    expect(h.lastReplyTo('ana')).toBe(
      [
        'You are Participating (since Mar 4, 2026).',
        '',
        // Two days of posts, and today: /level is a command, and commands are activity.
        '• In the last 7 days: 3 days with activity, thanked by 0 members.',
        '• Next, Contributing needs 3 days with activity and thanks from 1 member in 7 days.',
        '• Still to go: 0 days and 1 member.',
      ].join('\n'),
    );
  });

  it('speaks French, with the YAML’s level names', async () => {
    h = await start(
      {
        levels: [
          { id: 'exploring', activeDays: 0, thanksFrom: 0 },
          { id: 'participating', activeDays: 2, thanksFrom: 0, name: { en: 'Regular', fr: 'Habitué' } },
        ],
      },
      { community: { locale: 'fr' } },
    );
    await h.join('ana');
    await activeDays('ana', 2);
    await h.command('ana', '/level');
    expect(h.lastReplyTo('ana')).toBe(
      [
        'Votre niveau : Habitué (depuis le 4 mars 2026).',
        '',
        '• Sur les derniers 7 jours : 3 jours avec de l’activité, remercié par 0 membre.',
        '• C’est le plus haut niveau. Merci pour tout ce que vous faites !',
      ].join('\n'),
    );
    expect(h.sent.find((s) => s.kind === 'dm' && s.to === '@ana')?.text).toBe(
      'Félicitations @ana : vous êtes maintenant au niveau Habitué dans The Garden ! Merci à tous ceux que vous avez aidés. Voyez où vous en êtes avec /level.',
    );
  });

  it('moderators read a member’s standing with /levels MEMBER; members may not; staff have no level', async () => {
    h = await start();
    h.roles.set('mod', 'moderator');
    await h.join('ana');
    await h.command('mod', '/levels'); // the moderator is seen acting as staff
    await activeDays('ana', 3);
    await activeDays('mod', 3);
    expect(rankOf('mod')).toBe(0);
    expect(h.storage.stores.levels.get(h.community, h.member('mod'))).toBeUndefined();
    await h.command('ana', '/levels mod');
    expect(h.lastReplyTo('ana')).toBe('Sorry, /levels is for moderators only.');
    await h.command('mod', '/levels @ana');
    expect(h.lastReplyTo('mod')).toContain('ana is Participating (since Mar 4, 2026).');
    await h.command('mod', '/levels mod');
    expect(h.lastReplyTo('mod')).toBe('mod is staff: staff are not given levels.');
    await h.command('mod', '/level');
    expect(h.lastReplyTo('mod')).toBe('Staff are not given levels: levels are for the community’s members.');
    await h.command('mod', '/levels');
    expect(h.lastReplyTo('mod')).toBe(
      [
        'Members at each level:',
        '',
        '• Participating: 1 member',
        '• Contributing: 0 members',
        '• Leading: 0 members',
      ].join('\n'),
    );
  });
});

describe('what levels and thanks keep', () => {
  it('shows in /mydata, goes into the export, and is erased', async () => {
    h = await start();
    for (const m of ['ana', 'bob']) await h.join(m);
    await h.command('bob', '/thanks ana');
    await h.command('ana', '/thanks bob');
    await activeDays('ana', 2);
    await h.command('ana', '/mydata');
    const shown = h.lastReplyTo('ana')!;
    expect(shown).toContain('Your level: Participating, since Mar 4, 2026');
    expect(shown).toContain('Thanks you gave: 1 (who you thanked and when)');
    expect(shown).toContain('Thanks you received: 1 from 1 member (who and when)');
    const summary = h.storage.erasure.eraseMember(h.community, h.member('ana'), 'ana', h.time.now());
    expect(summary.removed['member_levels']).toBe(1);
    expect(summary.removed['thanks']).toBe(1);
    expect(summary.anonymised['thanks']).toBe(1);
    expect(h.storage.stores.levels.get(h.community, h.member('ana'))).toBeUndefined();
    // bob keeps the thanks ana gave, from nobody in particular.
    const bobs = h.storage.stores.thanks.ofMember(h.community, h.member('bob'));
    expect(bobs.map((e) => [e.giver, e.receiver])).toEqual([['erased-member', h.member('bob')]]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { applyVote, fitsNative, isPollRefusal, parsePollSpec } from '../../src/features/polls/polls.logic.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

const DISCORD_LIMITS = { maxAnswers: 10, maxAnswerLength: 55, maxQuestionLength: 300, minHours: 1, maxHours: 768 };

async function withModerator(): Promise<Harness> {
  const harness = await Harness.start();
  harness.roles.set('mod', 'moderator');
  return harness;
}

describe('polls', () => {
  it('runs a poll with typed votes: one ballot per member, changeable, closed at the deadline once', async () => {
    h = await withModerator();
    await h.command('mod', '/poll Next meetup? | Paris | Lyon | Lille | for 2d');
    expect(h.lastReplyTo('mod')).toBe('Poll #1 is open (typed votes).');
    const announcement = h.sent.find((s) => s.kind === 'channel' && s.text.includes('Poll #1: Next meetup?'))!;
    expect(announcement.text).toContain('1. Paris');
    await h.command('ana', '/vote 1 1');
    await h.command('bo', '/vote 1 2');
    await h.command('ana', '/vote 1 2'); // changed her mind
    expect(h.lastReplyTo('ana')).toBe('Your vote in poll #1 is recorded: Lyon.');
    await h.command('cy', '/poll results 1');
    expect(h.lastReplyTo('cy')).toContain('2. Lyon: 2 votes (100%)');
    await h.advance('2d');
    const closing = h.sent.filter((s) => s.text.startsWith('Poll #1 closed:') && s.to === '#general');
    expect(closing).toHaveLength(1);
    expect(closing[0]!.text).toContain('1. Paris: 0 votes (0%)');
    expect(closing[0]!.text).toContain('2 members voted.');
    await h.command('cy', '/vote 1 1');
    expect(h.lastReplyTo('cy')).toBe('Poll #1 is closed: votes are no longer counted.');
    await h.command('cy', '/poll results 1');
    expect(h.lastReplyTo('cy')).toContain('2. Lyon: 2 votes');
  });

  it('closes a poll due while Foyer was down when it starts again, exactly once', async () => {
    h = await withModerator();
    await h.command('mod', '/poll Coffee or tea? | coffee | tea | for 1h');
    await h.command('ana', '/vote 1 2');
    await h.restart(3 * 3_600_000);
    expect(h.sent.filter((s) => s.text.startsWith('Poll #1 closed:') && s.to === '#general')).toHaveLength(1);
    await h.restart(60_000);
    await h.advance('1d');
    expect(h.sent.filter((s) => s.text.startsWith('Poll #1 closed:') && s.to === '#general')).toHaveLength(1);
  });

  it('/poll close closes early, once, and only for moderators', async () => {
    h = await withModerator();
    await h.command('mod', '/poll A or B? | A | B');
    await h.command('ana', '/poll close 1');
    expect(h.lastReplyTo('ana')).toContain('is for moderators only');
    await h.command('mod', '/poll close 1');
    expect(h.lastReplyTo('mod')).toBe('Poll #1 closed.');
    await h.command('mod', '/poll close 1');
    expect(h.lastReplyTo('mod')).toBe('Poll #1 does not exist or is already closed.');
    await h.advance('2d');
    expect(h.sent.filter((s) => s.text.startsWith('Poll #1 closed:') && s.to === '#general')).toHaveLength(1);
  });

  it('multiple choice takes several options; single choice refuses them', async () => {
    h = await withModerator();
    await h.command('mod', '/poll Which days? | mon | tue | wed | multiple');
    await h.command('ana', '/vote 1 1 3');
    expect(h.lastReplyTo('ana')).toBe('Your vote in poll #1 is recorded: mon and wed.');
    await h.command('mod', '/poll One day? | mon | tue');
    await h.command('ana', '/vote 2 1 2');
    expect(h.lastReplyTo('ana')).toBe('This poll takes one choice.');
    await h.command('ana', '/vote 2 7');
    expect(h.lastReplyTo('ana')).toBe('Choose option numbers from 1 to 2.');
    await h.command('ana', '/vote 9 1');
    expect(h.lastReplyTo('ana')).toBe('There is no poll #9.');
  });

  it('refuses bad polls with a helpful reply and creates nothing', async () => {
    h = await withModerator();
    for (const [spec, answer] of [
      ['Only one? | yes', 'A poll needs 2 to 10 options (got 1).'],
      [
        `Too many? | ${Array.from({ length: 11 }, (_, i) => `o${i}`).join(' | ')}`,
        'A poll needs 2 to 10 options (got 11).',
      ],
      ['Zero? | a | b | for 0m', 'A poll runs between 5 minutes and 30 days.'],
      ['A year? | a | b | for 52w', 'A poll runs between 5 minutes and 30 days.'],
      ['When? | a | b | for soon', '"soon" is not a duration (try 30m, 2h, 3d).'],
    ] as const) {
      await h.command('mod', `/poll ${spec}`);
      expect(h.lastReplyTo('mod')).toBe(answer);
    }
    await h.command('ana', '/poll results 1');
    expect(h.lastReplyTo('ana')).toBe('There is no poll #1.');
  });

  it('uses native polls only where they fit, and never for anonymous polls', () => {
    const poll = parsePollSpec('Q? | a | b | for 2d');
    if (isPollRefusal(poll)) throw new Error(poll.kind);
    expect(fitsNative(DISCORD_LIMITS, poll)).toBe(true);
    expect(fitsNative(DISCORD_LIMITS, { ...poll, anonymous: true })).toBe(false);
    expect(fitsNative(DISCORD_LIMITS, { ...poll, options: ['x'.repeat(56), 'b'] })).toBe(false);
    expect(fitsNative(DISCORD_LIMITS, { ...poll, durationMs: 30 * 60_000 })).toBe(true); // rounded up to 1 hour
    expect(applyVote([1], 2, false)).toEqual([2]);
    expect(applyVote([1], 2, true)).toEqual([1, 2]);
    expect(applyVote([1, 2], 2, true, false)).toEqual([1]);
  });
});

describe('poll extras', () => {
  it('shows live results on the poll message and reminds once before the close', async () => {
    h = await withModerator();
    await h.command('mod', '/poll Lunch? | soup | salad | for 3h | remind 1h');
    await h.command('ana', '/vote 1 2');
    const edits = () => h.sent.filter((s) => s.to.startsWith('#general (edit '));
    expect(edits().at(-1)!.text).toContain('2. salad: 1 vote (100%)');
    await h.advance('1h59m');
    expect(h.sent.filter((s) => s.text.includes('if you have not voted yet'))).toHaveLength(0);
    await h.advance('1m');
    const reminders = h.sent.filter((s) => s.text.includes('if you have not voted yet'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.mentions).toEqual([]);
    await h.advance('2h');
    expect(h.sent.filter((s) => s.text.includes('if you have not voted yet'))).toHaveLength(1);
    expect(h.sent.filter((s) => s.text.startsWith('Poll #1 closed:') && s.to === '#general')).toHaveLength(1);
  });

  it('refuses a reminder that would come after the close', async () => {
    h = await withModerator();
    await h.command('mod', '/poll Late? | a | b | for 1h | remind 2h');
    expect(h.lastReplyTo('mod')).toBe('The reminder must come before the poll closes.');
  });
});

describe('polls in French', () => {
  it('announces, confirms and closes in the community’s language', async () => {
    h = await Harness.start({ community: { locale: 'fr' } });
    h.roles.set('mod', 'moderator');
    await h.command('mod', '/poll Prochaine rencontre ? | Paris | Lyon | for 1h');
    expect(h.sent.find((s) => s.to === '#general')!.text).toContain('Sondage n°1 : Prochaine rencontre ?');
    await h.command('ana', '/vote 1 2');
    expect(h.lastReplyTo('ana')).toBe('Votre vote au sondage n°1 est enregistré : Lyon.');
    await h.advance('1h');
    expect(h.sent.filter((s) => s.to === '#general').at(-1)!.text).toContain('2. Lyon : 1 voix (100\u00a0%)');
    await h.command('ana', '/optout');
    expect(h.lastReplyTo('ana')).toContain('Foyer ne vous enverra plus de messages privés');
  });
});

describe('polls in French, every message', () => {
  const general = (h: Harness) => h.sent.filter((s) => s.kind === 'channel' && s.to === '#general');

  it('opens, reminds, counts and closes in French, with French plurals, dates and percentages', async () => {
    h = await Harness.start({ community: { locale: 'fr' } });
    h.roles.set('mod', 'moderator');
    await h.command('mod', '/poll Pique-nique ? | samedi | dimanche | pour 3h | plusieurs | rappel 1h');
    expect(h.lastReplyTo('mod')).toBe('Le sondage n°1 est ouvert (votes par commande).');
    expect(general(h).at(-1)!.text).toContain(
      'Un ou plusieurs choix, jusqu’au 2 mars 2026, 13:00 UTC+1. Votez avec /vote 1 1 ; vous pouvez changer d’avis jusque-là.',
    );
    await h.command('ana', '/vote 1 1 2');
    expect(h.lastReplyTo('ana')).toBe('Votre vote au sondage n°1 est enregistré : samedi et dimanche.');
    await h.command('bo', '/poll results 1');
    expect(h.lastReplyTo('bo')).toContain('1. samedi : 1 voix (50\u00a0%)');
    expect(h.lastReplyTo('bo')).toContain('1 membre a voté.');
    await h.advance('2h');
    expect(general(h).at(-1)!.text).toBe(
      'Le sondage n°1 se termine le 2 mars 2026, 13:00 UTC+1 : si vous n’avez pas encore voté, /vote 1 1 — « Pique-nique ? »',
    );
    await h.command('bo', '/vote 1 2');
    await h.advance('1h');
    const closing = general(h).at(-1)!.text;
    expect(closing).toContain('Sondage n°1 terminé : Pique-nique ?');
    expect(closing).toContain('2. dimanche : 2 voix (67\u00a0%)');
    expect(closing).toContain('2 membres ont voté.');
  });

  it('says "0 membre a voté" and "aucune voix" for a poll nobody voted in, and closes it in French', async () => {
    h = await Harness.start({ community: { locale: 'fr' } });
    h.roles.set('mod', 'moderator');
    await h.command('mod', '/poll Thé ou café ? | thé | café | anonyme');
    expect(general(h).at(-1)!.text).toContain('Un seul choix (anonyme), jusqu’au 3 mars 2026, 10:00 UTC+1.');
    await h.command('mod', '/poll close 1');
    expect(h.lastReplyTo('mod')).toBe('Sondage n°1 terminé.');
    expect(general(h).at(-1)!.text).toContain('1. thé : aucune voix');
    expect(general(h).at(-1)!.text).toContain('0 membre a voté.');
    await h.command('mod', '/poll close 1');
    expect(h.lastReplyTo('mod')).toBe('Le sondage n°1 n’existe pas ou est déjà terminé.');
    await h.command('ana', '/vote 1 1');
    expect(h.lastReplyTo('ana')).toBe('Le sondage n°1 est terminé : les votes ne sont plus comptés.');
  });

  it('refuses bad polls and bad votes in French', async () => {
    h = await Harness.start({ community: { locale: 'fr' } });
    h.roles.set('mod', 'moderator');
    for (const [spec, answer] of [
      ['| a | b', 'Écrivez d’abord la question, puis les options, séparées par |.'],
      [`${'q'.repeat(301)} | a | b`, 'La question est trop longue (300 caractères au plus).'],
      [`Q ? | ${'o'.repeat(201)} | b`, 'Une option est trop longue (200 caractères au plus).'],
      ['Une seule ? | oui', 'Un sondage propose de 2 à 10 options (ici 1).'],
      ['Zéro ? | a | b | pour 0m', 'Un sondage dure entre 5 minutes et 30 jours.'],
      ['Quand ? | a | b | pour bientôt', '« bientôt » n’est pas une durée (essayez 30m, 2h, 3j).'],
      ['Rappel ? | a | b | rappel jamais', '« jamais » n’est pas une durée (essayez 30m, 2h, 3j).'],
      ['Pareil ? | a | A', 'Deux options sont identiques.'],
      ['Tard ? | a | b | pour 1h | rappel 2h', 'Le rappel doit venir avant la fin du sondage.'],
    ] as const) {
      await h.command('mod', `/poll ${spec}`);
      expect(h.lastReplyTo('mod')).toBe(answer);
    }
    await h.command('mod', '/poll Un jour ? | lundi | mardi | pour 2j');
    expect(h.lastReplyTo('mod')).toBe('Le sondage n°1 est ouvert (votes par commande).');
    expect(general(h).at(-1)!.text).toContain('jusqu’au 4 mars 2026, 10:00 UTC+1');
    await h.command('ana', '/vote 1 1 2');
    expect(h.lastReplyTo('ana')).toBe('Ce sondage n’accepte qu’un seul choix.');
    await h.command('ana', '/vote 1 7');
    expect(h.lastReplyTo('ana')).toBe('Choisissez des numéros d’option de 1 à 2.');
    await h.command('ana', '/vote 9 1');
    expect(h.lastReplyTo('ana')).toBe('Il n’y a pas de sondage n°9.');
    await h.command('ana', '/poll results 9');
    expect(h.lastReplyTo('ana')).toBe('Il n’y a pas de sondage n°9.');
  });

  it('answers a member who chose French in an English community in French, and the channel in English', async () => {
    h = await withModerator();
    await h.command('mod', '/poll Lunch? | soup | salad');
    await h.join('ana');
    await h.command('ana', '/language fr');
    await h.command('ana', '/vote 1 2');
    expect(h.lastReplyTo('ana')).toBe('Votre vote au sondage n°1 est enregistré : salad.');
    await h.command('ana', '/poll results 1');
    expect(h.lastReplyTo('ana')).toContain('2. salad : 1 voix (100\u00a0%)');
    await h.command('mod', '/poll close 1');
    expect(general(h).at(-1)!.text).toContain('2. salad: 1 vote (100%)');
  });

  it('describes its commands and arguments in French', async () => {
    h = await Harness.start({ community: { locale: 'fr' } });
    await h.command('ana', '/help');
    const help = h.lastReplyTo('ana')!;
    expect(help).toContain('Voter à un sondage');
    expect(help).toContain('Voir les résultats actuels d’un sondage');
    expect(help).not.toContain('Vote in a poll');
  });
});

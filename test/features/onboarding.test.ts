import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

const congratulations = (h: Harness) => h.sent.filter((s) => s.text.includes('completed every first step'));

describe('onboarding', () => {
  it('suggests an /interests command that works when typed exactly as shown', async () => {
    h = await Harness.start();
    await h.join('alice');
    await h.command('alice', '/interests');
    const suggested = /\/interests [^.]+?(?= with|\. |$)/.exec(h.lastReplyTo('alice')!)?.[0];
    expect(suggested).toBe('/interests design, development');
    await h.command('alice', suggested!);
    expect(h.lastReplyTo('alice')).toContain('Saved your interests: design, development.');
  });

  it('shows a newcomer their checklist with nothing done yet', async () => {
    h = await Harness.start();
    await h.join('alice');
    await h.command('alice', '/onboarding');
    const reply = h.lastReplyTo('alice')!;
    expect(reply).toContain('Your first steps in The Garden (0 of 4 done)');
    expect(reply).toContain('[ ] Read and accept the code of conduct');
    expect(reply).toContain('[ ] Introduce yourself in #introductions');
    expect(h.sent.at(-1)!.private).toBe(true);
  });

  it('detects each step from what the member does, and congratulates once at the end', async () => {
    h = await Harness.start();
    await h.join('alice');
    await h.command('alice', '/rules accept');
    expect(h.lastReplyTo('alice')).toContain('Thank you for accepting');
    await h.post('alice', 'general', 'hello'); // not the intro channel
    await h.post('alice', 'introductions', 'Hi, I am Alice');
    await h.setPhoto('alice', true);
    await h.command('alice', '/onboarding');
    expect(h.lastReplyTo('alice')).toContain('(3 of 4 done)');
    expect(congratulations(h)).toHaveLength(0);
    await h.command('alice', '/interests Design, EVENTS');
    expect(h.lastReplyTo('alice')).toContain('Saved your interests: design, events.');
    expect(congratulations(h)).toHaveLength(1);
    expect(congratulations(h)[0]!.to).toBe('#welcome');
    // Repeating steps does not congratulate again.
    await h.command('alice', '/rules accept');
    expect(h.lastReplyTo('alice')).toContain('already accepted');
    await h.setPhoto('alice', false);
    await h.setPhoto('alice', true);
    await h.command('alice', '/interests writing');
    expect(congratulations(h)).toHaveLength(1);
    expect(h.storage.members.get(h.community, h.member('alice'))!.photoSetAt).not.toBeNull();
  });

  it('counts a profile photo present at join as done', async () => {
    h = await Harness.start();
    await h.join('bob', { photo: true });
    await h.command('bob', '/onboarding');
    expect(h.lastReplyTo('bob')).toContain('[x] Add a profile photo');
  });

  it('records the first message as activation, once', async () => {
    h = await Harness.start();
    await h.join('alice');
    await h.advance('3h');
    const first = h.time.now();
    await h.post('alice', 'general', 'bonjour');
    await h.advance('1h');
    await h.post('alice', 'general', 'encore');
    expect(h.storage.members.get(h.community, h.member('alice'))!.firstMessageAt).toEqual(first);
    await h.command('alice', '/onboarding');
    // 12:00 UTC is 1 PM in the example community's timezone (Europe/Paris).
    expect(h.lastReplyTo('alice')).toContain('First message: Mar 2, 2026, 1:00 PM GMT+1');
  });

  it('keeps progress across a restart and never repeats the congratulation', async () => {
    h = await Harness.start();
    await h.join('alice');
    await h.command('alice', '/rules accept');
    await h.post('alice', 'introductions', 'hi');
    await h.restart(3_600_000);
    await h.setPhoto('alice', true);
    await h.command('alice', '/interests design');
    expect(congratulations(h)).toHaveLength(1);
    await h.restart(60_000);
    await h.command('alice', '/interests events');
    expect(congratulations(h)).toHaveLength(1);
    await h.command('alice', '/onboarding');
    expect(h.lastReplyTo('alice')).toContain('(4 of 4 done)');
  });

  it('answers an unknown interest helpfully and records nothing', async () => {
    h = await Harness.start();
    await h.command('alice', '/interests knitting');
    expect(h.lastReplyTo('alice')).toContain(
      'Unknown interest: knitting. Available: design, development, events, writing',
    );
    expect(h.storage.stores.onboarding.progress(h.community, h.member('alice'))).toEqual([]);
    await h.command('alice', '/interests');
    expect(h.lastReplyTo('alice')).toContain('Available: design, development, events, writing');
  });

  it('only counts the configured steps', async () => {
    h = await Harness.start({ features: { onboarding: { steps: ['code-of-conduct', 'photo'] } } });
    await h.join('alice', { photo: true });
    await h.command('alice', '/rules accept');
    expect(congratulations(h)).toHaveLength(1);
  });

  it('speaks the language a member chose', async () => {
    h = await Harness.start();
    await h.join('amélie');
    await h.command('amélie', '/language fr');
    await h.command('amélie', '/onboarding');
    expect(h.lastReplyTo('amélie')).toContain('Vos premiers pas dans The Garden (0 sur 4 faits)');
  });
});

describe('commands in core', () => {
  it('refuses a moderator command to a member before it runs', async () => {
    h = await Harness.start();
    await h.join('alice');
    await h.command('alice', '/onboarding stats');
    expect(h.lastReplyTo('alice')).toBe('Sorry, /onboarding stats is for moderators only.');
    expect(h.logger.records.some((r) => r.message === 'command refused')).toBe(true);
    await h.command('alice', '/help');
    expect(h.lastReplyTo('alice')).not.toContain('/onboarding stats');
  });

  it('gives moderators the newcomers’ activation and onboarding figures', async () => {
    h = await Harness.start({ features: { onboarding: { steps: ['code-of-conduct'] } } });
    h.roles.set('mod', 'moderator');
    for (const name of ['a', 'b', 'c', 'd']) await h.join(name, { photo: name === 'a' });
    await h.post('a', 'general', 'hi');
    await h.post('b', 'general', 'hi');
    await h.command('a', '/rules accept');
    await h.command('mod', '/onboarding stats 7');
    const reply = h.lastReplyTo('mod')!;
    expect(reply).toContain('Newcomers of the last 7 days: 4');
    expect(reply).toContain('posted at least once (activation): 2 (50%)');
    expect(reply).toContain('finished onboarding: 1 (25%)');
    expect(reply).toContain('have a profile photo: 1 (25%)');
    await h.command('mod', '/onboarding stats 0');
    expect(h.lastReplyTo('mod')).toContain('Usage: /onboarding stats [days]');
  });

  it('explains bad arguments with the usage line', async () => {
    h = await Harness.start();
    await h.command('alice', '/language klingon');
    expect(h.lastReplyTo('alice')).toBe('locale must be one of: en, fr.\n\nUsage: /language <en|fr>');
    expect(h.storage.members.get(h.community, h.member('alice'))?.locale ?? null).toBeNull();
  });

  it('answers an unknown command with the available ones', async () => {
    h = await Harness.start();
    await h.command('alice', '/nonsense now');
    expect(h.lastReplyTo('alice')).toContain('Unknown command /nonsense. Available: /onboarding');
  });
});

describe('onboarding in French', () => {
  it('every command answers a member of a French community in French, errors for bad arguments included', async () => {
    h = await Harness.start({ community: { locale: 'fr' } });
    await h.join('amélie');
    await h.post('amélie', 'general', 'bonjour');
    await h.command('amélie', '/onboarding');
    expect(h.lastReplyTo('amélie')!.split('\n')).toEqual([
      'Vos premiers pas dans The Garden (0 sur 4 faits) :',
      '',
      '• [ ] Lire et accepter le code de conduite : /rules accept (à faire)',
      '• [ ] Vous présenter dans #introductions (à faire)',
      '• [ ] Ajouter une photo de profil, pour que l’on vous reconnaisse (à faire)',
      '• [ ] Choisir vos centres d’intérêt : /interests (à faire)',
      '',
      'Premier message : 2 mars 2026, 10:00 UTC+1',
    ]);
    await h.command('amélie', '/rules');
    expect(h.lastReplyTo('amélie')).toContain('Lire et accepter le code de conduite : /rules accept');
    await h.command('amélie', '/rules accept');
    expect(h.lastReplyTo('amélie')).toBe('Merci d’avoir accepté le code de conduite.');
    await h.command('amélie', '/rules accept');
    expect(h.lastReplyTo('amélie')).toBe('Vous avez déjà accepté le code de conduite.');
    await h.command('amélie', '/interests');
    expect(h.lastReplyTo('amélie')).toContain('Choisissez un ou plusieurs centres d’intérêt avec /interests design');
    await h.command('amélie', '/interests jardinage');
    expect(h.lastReplyTo('amélie')).toContain('Centre d’intérêt inconnu : jardinage. Disponibles :');
    await h.command('amélie', '/interests design');
    expect(h.lastReplyTo('amélie')).toBe('Centres d’intérêt enregistrés : design.');
    await h.command('amélie', '/language klingon');
    expect(h.lastReplyTo('amélie')).toBe('locale doit être l’un de : en, fr.\n\nUtilisation : /language <en|fr>');
    await h.command('amélie', '/language fr');
    expect(h.lastReplyTo('amélie')).toBe('Langue : français.');
  });

  it('congratulates in the community’s French once every step is done', async () => {
    h = await Harness.start({
      community: { locale: 'fr' },
      features: { onboarding: { steps: ['code-of-conduct'] } },
    });
    await h.join('amélie');
    await h.command('amélie', '/rules accept');
    const posted = h.sent.filter((s) => s.kind === 'channel' && s.text.includes('Bravo'));
    expect(posted.map((s) => [s.to, s.text])).toEqual([
      [
        '#welcome',
        'Bravo @amélie, vous avez terminé tous vos premiers pas dans The Garden ! Vous faites partie de la communauté.',
      ],
    ]);
  });

  it('gives moderators the figures in French, with French percentages, plurals and errors', async () => {
    h = await Harness.start({
      community: { locale: 'fr' },
      features: { onboarding: { steps: ['code-of-conduct'] } },
    });
    h.roles.set('mod', 'moderator');
    for (const name of ['a', 'b', 'c', 'd']) await h.join(name, { photo: name === 'a' });
    await h.post('a', 'general', 'salut');
    await h.post('b', 'general', 'salut');
    await h.command('a', '/rules accept');
    await h.command('mod', '/onboarding stats 7');
    expect(h.lastReplyTo('mod')!.split('\n')).toEqual([
      'Nouveaux venus sur les 7 derniers jours : 4',
      '',
      '• ont écrit au moins une fois (activation) : 2 (50\u00a0%)',
      '• ont terminé l’accueil : 1 (25\u00a0%)',
      '• ont une photo de profil : 1 (25\u00a0%)',
    ]);
    await h.command('mod', '/onboarding stats 1');
    expect(h.lastReplyTo('mod')).toContain('Nouveaux venus sur 1 jour : 4');
    await h.command('mod', '/onboarding stats 0');
    expect(h.lastReplyTo('mod')).toBe('days doit valoir 1 ou plus.\n\nUtilisation : /onboarding stats [days]');
    await h.command('a', '/onboarding stats');
    expect(h.lastReplyTo('a')).toBe('Désolé, /onboarding stats est réservée aux modérateurs.');
  });

  it('describes its commands and their arguments in French in /help', async () => {
    h = await Harness.start({ community: { locale: 'fr' } });
    h.roles.set('mod', 'moderator');
    await h.command('mod', '/help');
    const help = h.lastReplyTo('mod')!;
    for (const line of [
      '/onboarding — Voir vos premiers pas et ce qu’il reste à faire',
      '/rules — Lire le code de conduite',
      '/rules accept — Accepter le code de conduite',
      '/interests — Choisir vos centres d’intérêt (sans argument : les lister)',
      '/onboarding stats — Modération : où en sont les nouveaux venus des derniers jours',
      '/language — Choisir la langue que Foyer utilise avec vous',
    ])
      expect(help).toContain(line);
  });
});

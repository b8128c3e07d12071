import { afterEach, describe, expect, it } from 'vitest';
import { templateVariables } from '../../src/core/i18n/translator.ts';
import { triageSettings } from '../../src/features/triage/triage.config.ts';
import { classify } from '../../src/features/triage/triage.logic.ts';
import { triageMessages } from '../../src/features/triage/triage.messages.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

/** Intl puts (narrow) no-break spaces in "2 h" and "60 min", which ICU versions choose differently: read them as spaces. */
const spaced = (said: string | undefined) => said?.replace(/[\u00A0\u202F]/g, ' ');
const toMods = (h: Harness) => h.sent.filter((s) => s.to === '#moderators').map((s) => spaced(s.text));
const dmsTo = (h: Harness, who: string) =>
  h.sent.filter((s) => s.kind === 'dm' && s.to === `@${who}`).map((s) => spaced(s.text));
const replyTo = (h: Harness, who: string) => spaced(h.lastReplyTo(who));
const FRENCH = { community: { locale: 'fr' } };

async function team(overrides: Record<string, unknown> = {}): Promise<Harness> {
  const harness = await Harness.start(overrides);
  harness.roles.set('mod', 'moderator');
  harness.roles.set('admin', 'admin');
  return harness;
}

/**
 * The wording of the English triage messages, without their variables: pieces of at
 * least two words that the French catalogue does not share. None may reach a French reader.
 */
function englishSentences(): string[] {
  const french = Object.values(triageMessages.fr).join('\n');
  const pieces = Object.values(triageMessages.en).flatMap((template) =>
    template.split(/\{[a-zA-Z]\w*\}/).map((piece) => piece.trim()),
  );
  return [...new Set(pieces)].filter((piece) => /[a-z]{2,} [a-z]{2,}/i.test(piece) && !french.includes(piece));
}

function expectNoEnglish(texts: readonly string[]): void {
  const english = englishSentences();
  expect(english.length).toBeGreaterThan(40);
  for (const said of texts) for (const piece of english) expect(said, piece).not.toContain(piece);
}

describe('French severity rules by default', () => {
  it('files French reports with the severity their words call for, in any community', () => {
    const { rules } = triageSettings.parse({});
    expect(classify('il me harcèle depuis une semaine', rules)).toBe('high');
    expect(classify('du harcèlement', rules)).toBe('high');
    expect(classify('il me menace', rules)).toBe('high');
    expect(classify('elle a publié mon adresse', rules)).toBe('high');
    expect(classify('il a donné mon numéro de téléphone', rules)).toBe('high');
    expect(classify('je veux me suicider', rules)).toBe('critical');
    expect(classify('je vais me tuer', rules)).toBe('critical');
    expect(classify('elle parle d’automutilation', rules)).toBe('critical');
    expect(classify('une alerte à la bombe', rules)).toBe('critical');
    expect(classify('des injures', rules)).toBe('medium');
    expect(classify('il m’a insultée', rules)).toBe('medium');
    expect(classify('bonjour à tous', rules)).toBe('low');
    expect(classify('he harasses me', rules)).toBe('high');
  });

  it('the example config knows the French words too: "il me harcèle" is filed as high', async () => {
    h = await team();
    await h.command('ana', '/report il me harcèle');
    expect(h.storage.stores.triage.get(h.community, 1)!.severity).toBe('high');
  });

  it('a French reporter may set the severity in French ("urgent :")', async () => {
    h = await team(FRENCH);
    await h.command('ana', '/report urgent : il faut regarder ça');
    expect(h.storage.stores.triage.get(h.community, 1)!.severity).toBe('high');
    await h.command('bo', '/report critique: quelqu’un est en danger');
    expect(h.storage.stores.triage.get(h.community, 2)!.severity).toBe('critical');
  });
});

describe('a French community: report → triage → resolution, all in French', () => {
  it('speaks French to the reporter and to the moderators at every step', async () => {
    h = await team(FRENCH);
    await h.command('ana', '/report il me harcèle en privé');
    expect(replyTo(h, 'ana')).toBe(
      'Merci : le signalement n° 1 est bien arrivé chez les modérateurs. Vous aurez une réponse quand il sera traité ; la personne concernée ne saura jamais qui l’a signalée.',
    );
    expect(toMods(h)[0]).toBe(
      'Signalement n° 1 [élevée] dans #general par ana : il me harcèle en privé\n\nPrendre en charge : /triage ack 1 — détails : /triage show 1',
    );

    await h.advance('1h'); // the deadline for a high report: the admins are told
    expect(toMods(h)[1]).toBe(
      'Le signalement n° 1 remonte [élevée] — sans prise en charge depuis 60 min : il me harcèle en privé\n\nAdmins : @admin',
    );
    await h.advance('1h'); // then the on-call moderator, by direct message
    expect(dmsTo(h, 'mod')).toEqual([
      'Le signalement n° 1 remonte [élevée] — sans prise en charge depuis 2 h : il me harcèle en privé\n\nPrenez-le en charge avec /triage ack 1',
    ]);

    await h.command('mod', '/triage queue');
    expect(replyTo(h, 'mod')).toBe(
      '1 signalement ouvert :\n\n• n° 1 [élevée] remonté, depuis 2 h : il me harcèle en privé',
    );
    await h.command('mod', '/triage ack 1');
    expect(replyTo(h, 'mod')).toBe('Signalement n° 1 pris en charge.');
    await h.command('mod', '/triage ack 1');
    expect(replyTo(h, 'mod')).toBe('Le signalement n° 1 est déjà pris en charge.');
    await h.command('mod', '/triage assign 1 admin');
    expect(replyTo(h, 'mod')).toBe('Signalement n° 1 confié à admin.');
    await h.command('mod', '/triage escalate 1 encore');
    expect(replyTo(h, 'mod')).toBe('Le signalement n° 1 ne peut pas remonter plus haut.');

    await h.command('mod', '/triage resolve 1 upheld Nous avons averti la personne, règle 2.');
    expect(replyTo(h, 'mod')).toBe('Signalement n° 1 résolu ; la personne qui l’a fait a reçu la réponse.');
    expect(dmsTo(h, 'ana')).toEqual([
      'Votre signalement n° 1 a été traité. La réponse des modérateurs : Nous avons averti la personne, règle 2.\n\nCode de conduite — règle 2 : No harassment, threats or personal data about others.',
    ]);
    expect(h.storage.outreach.forMember(h.community, h.member('ana'))).toEqual([
      expect.objectContaining({ reason: 'la réponse à son signalement n° 1' }),
    ]);
    await h.command('mod', '/triage resolve 1 dismissed encore une fois');
    expect(replyTo(h, 'mod')).toBe('Le signalement n° 1 est déjà résolu.');

    await h.command('mod', '/triage show 1');
    const story = replyTo(h, 'mod')!;
    for (const line of [
      'n° 1 [élevée] résolu → admin, depuis 2 h : il me harcèle en privé',
      'Signalé par ana (aucun signalement précédent encore jugé) dans #general le 2 mars 2026',
      '2 mars 2026, 11:00 UTC+1 — remonté au niveau 1 par Foyer : délai dépassé',
      'astreinte appelée par Foyer : mod',
      'pris en charge par mod',
      'confié par mod : admin',
      'résolu (retenu) par mod : Nous avons averti la personne, règle 2.',
      'réponse envoyée à la personne qui a signalé par Foyer',
    ])
      expect(story).toContain(line);
    expect(story).toMatch(/signalé par ana\n/);

    await h.command('mod', '/triage stats');
    expect(replyTo(h, 'mod')).toBe(
      [
        'Signalements :',
        [
          '• critique : 0 résolu ; délai médian de prise en charge —, de résolution —',
          '• élevée : 1 résolu ; délai médian de prise en charge 2 h, de résolution 2 h',
          '• moyenne : 0 résolu ; délai médian de prise en charge —, de résolution —',
          '• faible : 0 résolu ; délai médian de prise en charge —, de résolution —',
        ].join('\n'),
        'Ouverts par ancienneté — < 1 h : 0, < 1 j : 0, < 1 semaine : 0, plus anciens : 0',
      ].join('\n\n'),
    );
    await h.command('mod', '/triage queue');
    expect(replyTo(h, 'mod')).toBe('Aucun signalement ouvert.');

    expectNoEnglish(h.sent.map((s) => s.text));
  });

  it('refuses bad arguments in French', async () => {
    h = await team(FRENCH);
    await h.command('ana', '/report il me harcèle');
    await h.command('mod', '/triage show 99');
    expect(replyTo(h, 'mod')).toBe('Il n’y a pas de signalement n° 99.');
    await h.command('mod', '/triage ack 7');
    expect(replyTo(h, 'mod')).toBe('Il n’y a pas de signalement n° 7.');
    await h.command('mod', '/triage assign 1 qui donc ?');
    expect(replyTo(h, 'mod')).toBe('« qui donc ? » ne désigne aucun membre ici.');
    await h.command('mod', '/triage resolve 1 peut-être sans doute');
    expect(replyTo(h, 'mod')).toMatch(/^verdict doit être/);
    await h.command('mod', '/crisis on nulle part !');
    expect(replyTo(h, 'mod')).toMatch(/^Je ne connais pas le salon/);
    await h.command('bo', '/report ok');
    expect(replyTo(h, 'bo')).toMatch(/^reason doit/);
    expectNoEnglish(h.sent.map((s) => s.text));
  });

  it('refuses too many reports in French', async () => {
    h = await team({ ...FRENCH, features: { triage: { maxReportsPerDay: 1 } } });
    await h.command('ana', '/report un premier problème');
    await h.command('ana', '/report un second problème');
    expect(replyTo(h, 'ana')).toBe(
      'Vous avez envoyé beaucoup de signalements aujourd’hui ; les modérateurs s’en occupent. Merci d’attendre avant d’en envoyer d’autres.',
    );
  });

  it('tells the moderators in French when the reporter cannot be reached', async () => {
    h = await team(FRENCH);
    await h.command('ana', '/report du spam partout');
    h.platform.closedDms.add(h.member('ana'));
    await h.command('mod', '/triage resolve 1 dismissed Ce n’était pas du spam.');
    expect(toMods(h).at(-1)).toBe(
      'Signalement n° 1 : impossible de joindre par message privé la personne qui l’a fait (ses messages privés sont fermés). Merci de lui transmettre la réponse autrement.',
    );
    expect(replyTo(h, 'mod')).toBe(
      'Signalement n° 1 résolu ; la personne qui l’a fait n’a pas pu recevoir de message privé (les modérateurs ont été priés de la prévenir).',
    );
  });

  it('crisis mode by hand and by itself, in French, with the French notice by default', async () => {
    h = await team(FRENCH);
    await h.command('mod', '/crisis on general');
    expect(replyTo(h, 'mod')).toBe('Le mode crise est actif dans #general : ralenti (un message toutes les 60 s).');
    expect(h.sent.filter((s) => s.to === '#general').at(-1)!.text).toBe(
      'Ce salon est en mode crise pendant que les modérateurs examinent ce qui s’est passé. Merci de rester patients et bienveillants ; le code de conduite s’applique.',
    );
    expect(toMods(h).at(-1)).toBe(
      'Mode crise ACTIVÉ dans #general : lancé par mod. Le salon est ralenti (un message toutes les 60 s). Terminez-le avec /crisis off general',
    );
    await h.command('mod', '/crisis on general');
    expect(replyTo(h, 'mod')).toBe('#general est déjà en mode crise.');
    await h.command('mod', '/crisis off general');
    expect(replyTo(h, 'mod')).toBe('Le mode crise est terminé dans #general ; ses réglages précédents sont revenus.');
    expect(toMods(h).at(-1)).toBe('Mode crise DÉSACTIVÉ dans #general : les réglages précédents sont rétablis.');
    await h.command('mod', '/crisis off general');
    expect(replyTo(h, 'mod')).toBe('#general n’est pas en mode crise.');

    for (const who of ['ana', 'bo', 'cy']) await h.command(who, '/report il nous menace');
    expect(toMods(h).at(-1)).toBe(
      'Mode crise ACTIVÉ dans #general : 3 signalements graves en 10 minutes. Le salon est ralenti (un message toutes les 60 s). Terminez-le avec /crisis off general',
    );
    await h.command('mod', '/triage show 1');
    expect(replyTo(h, 'mod')).toContain(
      'mode crise activé par Foyer : ralenti (un message toutes les 60 s) ; 3 signalements graves en 10 minutes',
    );
    expectNoEnglish(h.sent.map((s) => s.text));
  });

  it('a crisis notice the admins wrote is posted as written', async () => {
    h = await team({ ...FRENCH, features: { triage: { crisis: { notice: 'Pause : on se calme.' } } } });
    await h.command('mod', '/crisis on general');
    expect(h.sent.filter((s) => s.to === '#general').at(-1)!.text).toBe('Pause : on se calme.');
  });

  it('/help and /mydata show the triage texts in French', async () => {
    h = await team(FRENCH);
    await h.command('mod', '/help');
    const help = replyTo(h, 'mod')!;
    expect(help).toContain('/report — Signaler un problème aux modérateurs (en privé)');
    expect(help).toContain('/triage show — Modérateurs : toute l’histoire d’un signalement');
    expect(help).toContain('/crisis off — Modérateurs : terminer le mode crise et rétablir le salon à l’identique');
    await h.command('ana', '/mydata');
    expect(replyTo(h, 'ana')).toContain('signalements que vous avez faits : 0');
    await h.command('ana', '/report du spam');
    await h.command('ana', '/mydata');
    expect(replyTo(h, 'ana')).toContain('signalement que vous avez fait : 1 (n° 1 ouvert)');
    expectNoEnglish(h.sent.map((s) => s.text));
  });
});

describe('a member who chose French in an English community', () => {
  it('gets French in what is addressed to them; the moderators’ channel stays in the community’s language', async () => {
    h = await team();
    await h.join('ana');
    await h.join('mod');
    await h.command('ana', '/language fr');
    await h.command('ana', '/report il me harcèle');
    expect(replyTo(h, 'ana')).toContain('Merci : le signalement n° 1 est bien arrivé chez les modérateurs.');
    expect(toMods(h)[0]).toContain('Report #1 [high] in #general by ana: il me harcèle');
    await h.command('mod', '/triage resolve 1 upheld Réglé.');
    expect(dmsTo(h, 'ana')).toEqual(['Votre signalement n° 1 a été traité. La réponse des modérateurs : Réglé.']);
    expect(replyTo(h, 'mod')).toBe('Report #1 resolved; the reporter was told.');
    await h.command('mod', '/language fr');
    await h.command('mod', '/triage show 1');
    expect(replyTo(h, 'mod')).toContain('n° 1 [élevée] résolu, depuis 0 min : il me harcèle');
  });
});

describe('the triage catalogue', () => {
  it('has the same variables in English and French', () => {
    for (const [key, english] of Object.entries(triageMessages.en))
      expect(templateVariables(triageMessages.fr[key as keyof typeof triageMessages.fr]).sort(), key).toEqual(
        templateVariables(english).sort(),
      );
  });
});

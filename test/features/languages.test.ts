import { afterEach, describe, expect, it } from 'vitest';
import { FEATURES } from '../../src/features/index.ts';
import { englishFragments, englishIn, templatePieces } from '../support/english-fragments.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

/**
 * What admins of a French community write in their YAML is French too, so English in
 * the output can only come from Foyer. Calendar posts: one due on the first day, one due
 * while Foyer is down (reported as missed).
 */
const FRENCH_COMMUNITY = {
  community: {
    locale: 'fr',
    codeOfConduct: {
      url: 'https://example.org/charte',
      summary: 'Soyez bienveillants, pas de harcèlement, pas de spam.',
      rules: ['Soyez bienveillants.', 'Pas de harcèlement, de menaces ni de données personnelles.', 'Pas de spam.'],
    },
  },
  features: {
    quietQuestions: { channels: ['general'] },
    calendar: {
      entries: [
        {
          id: 'lundi',
          at: '2026-03-02T14:00',
          channel: 'general',
          text: 'Bonne semaine à tous !',
          author: 'Camille',
          status: 'approved',
        },
        {
          id: 'oubli',
          at: '2026-03-12T10:00',
          channel: 'general',
          text: 'Rendez-vous jeudi.',
          author: 'Camille',
          status: 'approved',
        },
      ],
    },
    links: { items: [{ title: 'Charte', url: 'https://example.org/charte' }] },
    newsletter: { enabled: true },
    missedYou: { enabled: true, minActiveDays: 1, holdoutShare: 0 },
    digest: { enabled: true, channel: 'general', moderatorsChannel: 'moderators', exclude: ['moderators'] },
    health: {
      goals: [
        {
          metric: 'activation',
          target: '50%',
          by: '2027-06-01',
          objective: 'Les nouveaux venus osent prendre la parole',
        },
      ],
    },
  },
};

async function team(overrides: Record<string, unknown>): Promise<Harness> {
  const harness = await Harness.start(overrides);
  harness.roles.set('mod', 'moderator');
  harness.roles.set('admin', 'admin');
  return harness;
}

/** Every text Foyer sent: channel posts, edits, direct messages and replies. */
const outputs = (harness: Harness) => harness.sent.map((s) => s.text);

/** Welcome: one newcomer, a join burst greeted in groups, and a welcome back on rejoin. */
async function welcomes(harness: Harness): Promise<void> {
  await harness.join('lea');
  for (const name of ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7']) await harness.join(name);
  await harness.advance('3m');
  await harness.leave('v1');
  await harness.join('v1');
}

/** Onboarding, its commands and their errors, up to the congratulation for a finished checklist. */
async function onboarding(harness: Harness): Promise<void> {
  await harness.command('lea', '/onboarding');
  await harness.command('lea', '/onboarding maintenant');
  await harness.command('lea', '/rules');
  await harness.command('lea', '/rules encore');
  await harness.command('lea', '/rules accept');
  await harness.command('lea', '/rules accept');
  await harness.command('lea', '/interests');
  await harness.command('lea', '/interests cuisine');
  await harness.command('lea', '/interests design, events');
  await harness.post('lea', 'introductions', 'Bonjour, je suis Léa.');
  await harness.setPhoto('lea', true);
  await harness.command('lea', '/onboarding');
  await harness.command('lea', '/language de');
  await harness.command('lea', '/language');
  await harness.command('lea', '/language fr');
  await harness.command('lea', '/onboarding stats');
  await harness.command('mod', '/onboarding stats');
  await harness.command('mod', '/onboarding stats 1');
  await harness.command('mod', '/onboarding stats 0');
  await harness.command('mod', '/onboarding stats beaucoup');
  await harness.command('mod', '/onboarding stats 1000');
}

/** The photo nudge after a newcomer's first messages, then its reminder, and the figures. */
async function photoNudge(harness: Harness): Promise<void> {
  await harness.join('zoe');
  for (const n of [1, 2, 3]) await harness.post('zoe', 'general', `message ${n}`);
  await harness.advance('3d');
  await harness.command('mod', '/photo stats');
  await harness.command('mod', '/photo stats tout');
  await harness.command('zoe', '/photo stats');
}

/** The quiet channel gets a question inside active hours; the figures say which one. */
async function quietQuestions(harness: Harness): Promise<void> {
  await harness.post('lea', 'general', 'Il y a quelqu’un ?');
  await harness.advance('5h');
  await harness.post('zoe', 'general', 'Je travaille sur mon jardin.');
  await harness.command('mod', '/questions stats');
  await harness.command('mod', '/questions stats semaine');
}

/** Calendar commands and their refusals; the configured entry is published on time. */
async function calendar(harness: Harness): Promise<void> {
  await harness.command('mod', '/calendar week');
  await harness.command('mod', '/calendar list');
  await harness.command('mod', '/calendar add 2026-03-05T18:00 general Apéro jeudi soir !');
  await harness.command('mod', '/calendar add "0 9 * * 5" general Bon vendredi !');
  await harness.command('mod', '/calendar add 2026-03-05T18:00@Mars/Olympe general Apéro');
  await harness.command('mod', '/calendar add demain general Apéro');
  await harness.command('mod', '/calendar add 2020-01-01T10:00 general Trop tard');
  await harness.command('mod', '/calendar add 2026-02-30T10:00 general Jamais');
  await harness.command('mod', '/calendar add 2026-03-05T18:00 nulle-part Apéro');
  await harness.command('mod', `/calendar add 2026-03-05T18:00 general ${'é'.repeat(1001)}`);
  await harness.command('mod', '/calendar add');
  await harness.command('mod', '/calendar approve c1');
  await harness.command('mod', '/calendar approve c1');
  await harness.command('mod', '/calendar approve c9');
  await harness.command('mod', '/calendar cancel c2');
  await harness.command('mod', '/calendar cancel c2');
  await harness.command('mod', '/calendar list');
  await harness.command('mod', '/calendar week');
  await harness.command('lea', '/calendar week');
  await harness.advance('4h'); // 14:00 in Paris: "lundi" goes out
}

/** A poll with a reminder and its close at the deadline, another closed by hand, and every refusal. */
async function polls(harness: Harness): Promise<void> {
  await harness.command('mod', '/poll Où se retrouver ? | Paris | Lyon | pour 2h | rappel 1h');
  await harness.command('mod', '/poll Quels ateliers ? | Dessin | Code | Cuisine | pour 1j | plusieurs | anonyme');
  await harness.command('mod', '/poll Sans options ?');
  await harness.command('mod', '/poll | Paris | Lyon');
  await harness.command('mod', '/poll Quand ? | Lundi | Lundi');
  await harness.command('mod', '/poll Quand ? | Lundi | Mardi | pour toujours');
  await harness.command('mod', '/poll Quand ? | Lundi | Mardi | pour 1m');
  await harness.command('mod', '/poll Quand ? | Lundi | Mardi | pour 1h | rappel 2h');
  await harness.command('mod', `/poll ${'Q'.repeat(400)} ? | Lundi | Mardi`);
  await harness.command('mod', `/poll Quand ? | ${'L'.repeat(120)} | Mardi`);
  await harness.command('mod', '/poll');
  await harness.command('lea', '/poll Moi aussi ? | Oui | Non');
  await harness.command('lea', '/vote 1 2');
  await harness.command('zoe', '/vote 1 1 2');
  await harness.command('zoe', '/vote 1 7');
  await harness.command('zoe', '/vote 9 1');
  await harness.command('zoe', '/vote un 1');
  await harness.command('zoe', '/vote 1');
  await harness.command('zoe', '/vote 2 1 3');
  await harness.command('lea', '/poll results 1');
  await harness.command('lea', '/poll results 9');
  await harness.command('lea', '/poll results');
  await harness.advance('1h'); // the reminder
  await harness.advance('1h'); // the close, with results
  await harness.command('zoe', '/vote 1 1');
  await harness.command('lea', '/poll results 1');
  await harness.command('mod', '/poll close 2');
  await harness.command('mod', '/poll close 2');
  await harness.command('mod', '/poll close deux');
  await harness.command('lea', '/poll results 2');
}

/** A report escalates (moderators' channel, admins, on-call by DM), is triaged and resolved; every refusal. */
async function triage(harness: Harness): Promise<void> {
  await harness.command('mod', '/triage queue');
  await harness.command('lea', '/report ab');
  await harness.command('lea', '/report');
  await harness.command('lea', '/report il me harcèle en privé, règle 2');
  await harness.command('mod', '/triage queue');
  await harness.advance('1h'); // the admins are told
  await harness.advance('1h'); // the on-call moderator, by direct message
  await harness.command('lea', '/triage queue');
  await harness.command('mod', '/triage show 1');
  await harness.command('mod', '/triage show 99');
  await harness.command('mod', '/triage show un');
  await harness.command('mod', '/triage ack 1');
  await harness.command('mod', '/triage ack 1');
  await harness.command('mod', '/triage ack 99');
  await harness.command('mod', '/triage assign 1 admin');
  await harness.command('mod', '/triage assign 1 <@!!>');
  await harness.command('mod', '/triage assign 1');
  await harness.command('mod', '/triage escalate 1 encore');
  await harness.command('zoe', '/report des insultes dans le salon');
  await harness.command('mod', '/triage escalate 2 à voir vite');
  await harness.command('mod', '/triage escalate 99');
  await harness.command('mod', '/triage resolve 1 peut-être Nous verrons.');
  await harness.command('mod', '/triage resolve 1 upheld ok');
  await harness.command('mod', '/triage resolve 1 upheld Nous avons averti la personne, règle 2.');
  await harness.command('mod', '/triage resolve 1 dismissed encore une fois');
  harness.platform.closedDms.add(harness.member('zoe'));
  await harness.command('mod', '/triage resolve 2 dismissed Rien de contraire à la charte.');
  await harness.command('mod', '/triage show 1');
  await harness.command('mod', '/triage stats');
  await harness.command('mod', '/triage stats maintenant');
  for (let n = 0; n < 6; n++) await harness.command('v2', `/report encore un souci n° ${n}`);
}

/** Crisis mode by hand and from several serious reports, and its refusals. */
async function crisis(harness: Harness): Promise<void> {
  await harness.command('mod', '/crisis on general');
  await harness.command('mod', '/crisis on general');
  await harness.command('mod', '/crisis on ???');
  await harness.command('mod', '/crisis off general');
  await harness.command('mod', '/crisis off general');
  await harness.command('lea', '/crisis on general');
  for (const name of ['v3', 'v4', 'v5']) await harness.command(name, '/report urgent : il menace tout le monde');
  await harness.command('mod', '/crisis off');
}

/** Outreach, data and help: what Foyer keeps, the contact history, and the general refusals. */
async function membersAndHelp(harness: Harness): Promise<void> {
  await harness.command('zoe', '/optout');
  await harness.command('zoe', '/optout maintenant');
  await harness.command('zoe', '/optin');
  await harness.command('zoe', '/optin maintenant');
  await harness.command('mod', '/member history lea');
  await harness.command('mod', '/member history zoe');
  await harness.command('mod', '/member history personne');
  await harness.command('mod', '/member history <@!!>');
  await harness.command('mod', '/member history');
  await harness.command('mod', '/dashboard');
  await harness.command('lea', '/member history zoe');
  await harness.command('lea', '/mydata');
  await harness.command('lea', '/mydata export');
  await harness.command('lea', '/mydata tout');
  await harness.command('newbie', '/mydata');
  await harness.command('lea', '/newsletter status');
  await harness.command('lea', '/newsletter subscribe lea@exemple.fr');
  await harness.command('lea', '/newsletter confirm ABCD2345');
  await harness.command('lea', '/newsletter unsubscribe');
  await harness.command('mod', '/newsletter send');
  await harness.command('lea', '/links');
  await harness.command('lea', '/links tous');
  await harness.command('lea', '/help');
  await harness.command('mod', '/help');
  await harness.command('admin', '/help');
  await harness.command('lea', '/help moi');
  await harness.command('lea', '/inconnue');
}

/** Community health: the figures, cohorts, the baseline and charts (the weekly summary goes out on Monday). */
async function health(harness: Harness): Promise<void> {
  await harness.command('mod', '/health');
  await harness.command('mod', '/health maintenant');
  await harness.command('mod', '/health cohorts');
  await harness.command('mod', '/health cohorts toutes');
  await harness.command('admin', '/health baseline');
  await harness.command('admin', '/health baseline encore');
  await harness.command('mod', '/health baseline');
  await harness.command('mod', '/health chart activity');
  await harness.command('mod', '/health chart activity csv');
  await harness.command('mod', '/health chart bonheur');
  await harness.command('mod', '/health chart activity 3w');
  await harness.command('mod', '/health chart');
  await harness.command('lea', '/health');
}

/** A calendar post due while Foyer is down past the grace window is reported to the moderators. */
async function missedCalendarPost(harness: Harness): Promise<void> {
  const hourBeforeDue = new Date('2026-03-12T08:00:00Z').getTime() - harness.time.now().getTime();
  await harness.time.advance(hourBeforeDue);
  await harness.restart(4 * 3_600_000);
}

/** A survey asked, answered and read; then two weeks of silence, so active members are missed. */
async function research(harness: Harness): Promise<void> {
  await harness.command('mod', '/survey start satisfaction 3');
  const asked = harness.sent.filter((s) => s.kind === 'dm' && s.text.includes('sondage d’une seule question'));
  for (const dm of asked) await harness.command(dm.to.slice(1), '/survey answer 4 très bien');
  await harness.command('mod', '/survey results');
  await harness.command('mod', '/survey close');
  await harness.advance('15d');
}

/** The digest's moderator commands (its weekly issues go out on their own as the story's days pass). */
async function digest(harness: Harness): Promise<void> {
  await harness.command('mod', '/digest note');
  await harness.command('mod', '/digest note Bon week-end à tous');
  await harness.command('mod', '/digest preview');
  await harness.command('mod', '/digest approve');
  await harness.command('mod', '/digest unnote');
}

/** The fragments of one feature's French messages that no other feature's messages have. */
function frenchOf(featureId: string): string[] {
  const frenchBy = (id: string) => Object.values((FEATURES.find((f) => f.id === id)!.messages?.fr ?? {}) as object);
  const others = FEATURES.filter((f) => f.id !== featureId)
    .flatMap((f) => frenchBy(f.id))
    .join('\n');
  return templatePieces(frenchBy(featureId) as string[]).filter((piece) => !others.includes(piece));
}

/** Where each scheduled message goes, and a French sentence of it: proof the story reached it. */
const SCHEDULED_IN_FRENCH: [to: string, sentence: string][] = [
  ['#welcome', 'Bienvenue dans The Garden, @lea ! Nous sommes ravis de vous accueillir.'],
  ['#welcome', 'Bienvenue à nos 7 nouveaux membres : @v1, @v2, @v3, @v4, @v5, @v6, @v7 !'],
  ['#welcome', 'Bon retour dans The Garden, v1.'],
  ['#welcome', 'Bravo @lea, vous avez terminé tous vos premiers pas dans The Garden !'],
  ['@zoe', 'Les membres avec une photo de profil sont plus faciles à reconnaître'],
  ['@zoe', 'Petit rappel, @zoe : une photo de profil aide les membres de The Garden à vous reconnaître.'],
  ['#general', 'Sur quoi travaillez-vous cette semaine ?'],
  ['#general', 'Bonne semaine à tous !'],
  ['#moderators', 'Calendrier : « oubli » devait partir le 12 mars 2026'],
  ['#general', 'Le sondage n°1 se termine le 5 mars 2026'],
  ['#general', 'Sondage n°1 terminé : Où se retrouver ?'],
  ['#moderators', 'Signalement n° 1 [élevée] dans #general par lea'],
  ['#moderators', 'Le signalement n° 1 remonte [élevée] — sans prise en charge depuis 60 min'],
  ['@mod', 'Prenez-le en charge avec /triage ack 1'],
  ['@lea', 'Votre signalement n° 1 a été traité. La réponse des modérateurs : Nous avons averti la personne'],
  ['#moderators', 'Signalement n° 2 : impossible de joindre par message privé la personne qui l’a fait'],
  ['#general', 'Ce salon est en mode crise pendant que les modérateurs examinent ce qui s’est passé.'],
  ['#moderators', 'Mode crise ACTIVÉ dans #general : lancé par mod.'],
  ['#moderators', 'Mode crise ACTIVÉ dans #general : 3 signalements graves en 10 minutes.'],
  ['#moderators', 'Mode crise DÉSACTIVÉ dans #general : les réglages précédents sont rétablis.'],
  ['#moderators', 'Bilan de santé hebdomadaire de The Garden, les 28 jours jusqu’au 8 mars 2026 :'],
];

/** Everything posted in a channel (`#general`) or said to a member (`@zoe`), as one text; Intl's no-break spaces read as spaces. */
const saidTo = (harness: Harness, to: string) =>
  harness.sent
    .filter((s) => s.to === to || s.to.startsWith(`${to} `))
    .map((s) => s.text.replace(/[\u00A0\u202F]/g, ' '))
    .join('\n');

describe('a French community hears no English', () => {
  it('runs every command and every scheduled message of every feature in French, with no English fragment', async () => {
    h = await team(FRENCH_COMMUNITY);
    await welcomes(h);
    await onboarding(h);
    await photoNudge(h);
    await quietQuestions(h);
    await calendar(h);
    await polls(h);
    await triage(h);
    await crisis(h);
    await membersAndHelp(h);
    await health(h);
    await missedCalendarPost(h);
    await research(h);
    await digest(h);

    for (const [to, sentence] of SCHEDULED_IN_FRENCH) expect(saidTo(h, to), sentence).toContain(sentence);
    const said = outputs(h);
    expect(said.length).toBeGreaterThan(150);
    expect(englishIn(said)).toEqual([]);
    const silent = FEATURES.map((f) => f.id).filter((id) => !said.some((s) => frenchOf(id).some((p) => s.includes(p))));
    expect(silent).toEqual([]);
  }, 90_000); // every feature over simulated weeks: about 7 s alone on PostgreSQL
});

describe('members who chose French in an English community', () => {
  it('a member Foyer never saw join (there before Foyer came) keeps the language they chose', async () => {
    h = await team({});
    await h.command('ana', '/language fr');
    expect(h.lastReplyTo('ana')).toBe('Langue : français.');
    await h.command('ana', '/rules accept');
    expect(h.lastReplyTo('ana')).toBe('Merci d’avoir accepté le code de conduite.');
  });

  it('hear French in every reply and direct message addressed to them', async () => {
    h = await team({ features: FRENCH_COMMUNITY.features });
    const everyone = ['lea', 'zoe', 'mod', 'admin', 'newbie', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7'];
    for (const name of everyone) await h.command(name, '/language fr');
    await welcomes(h);
    await onboarding(h);
    await photoNudge(h);
    await calendar(h);
    await polls(h);
    await triage(h);
    await crisis(h);
    await membersAndHelp(h);
    await health(h);

    const addressed = h.sent.filter((s) => s.kind !== 'channel');
    expect(addressed.length).toBeGreaterThan(100);
    expect(addressed.filter((s) => s.kind === 'dm').length).toBeGreaterThan(3);
    expect(englishIn(addressed.map((s) => s.text))).toEqual([]);
  });
});

describe('the English detector', () => {
  it('finds English fragments in an English community’s output, so the French test cannot pass vacuously', async () => {
    expect(englishFragments().length).toBeGreaterThan(200);
    h = await team({});
    await welcomes(h);
    await triage(h);
    await membersAndHelp(h);

    const found = new Set(englishIn(outputs(h)).map((s) => s.fragment));
    expect(found.size).toBeGreaterThan(30);
    expect(found).toContain('A warm welcome to our');
    expect(found).toContain(
      'reached the moderators. You will hear back when it is handled; the member concerned never learns who reported.',
    );
    expect(found).toContain('List the commands you can use');
  });
});

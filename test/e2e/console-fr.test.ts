import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { englishIn, foyerSaid } from '../support/english-fragments.ts';
import { run, tempConfig } from './process.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A French community's day: a report triaged and resolved, a poll, what Foyer keeps, the help. */
const SCRIPT = [
  ':join ana',
  ':join bo',
  ':as ana /report bo me harcèle et publie mon numéro de téléphone',
  ':as ana /report ok',
  ':advance 1h',
  ':advance 1h',
  ':as bo /triage resolve 1 dismissed rien du tout',
  ':as mod /triage queue',
  ':as mod /triage ack 1',
  ':as mod /triage resolve 1 upheld Nous avons retiré les messages et averti la personne.',
  ':as mod /triage show 1',
  ':as mod /triage stats',
  ':as mod /poll Où se retrouver ? | Paris | Lyon | pour 2h | rappel 1h',
  ':as ana /vote 1 2',
  ':as bo /vote 1 3',
  ':as ana /poll results 1',
  ':advance 2h',
  ':as ana /mydata',
  ':as ana /mydata export',
  ':as ana /help',
  ':as mod /help',
  ':as ana /aide',
  '',
].join('\n');

/** A French sentence of each step, in the order of the script. */
const FRENCH_STEPS = [
  'Bienvenue dans The Garden, @ana ! Faites comme chez vous.',
  'Merci : le signalement n° 1 est bien arrivé chez les modérateurs.',
  'Signalement n° 1 [élevée] dans #general par ana : bo me harcèle',
  'Prendre en charge : /triage ack 1 — détails : /triage show 1',
  'reason doit faire au moins 3 caractères.\n\nUtilisation : /report <reason>',
  'Le signalement n° 1 remonte [élevée] — sans prise en charge depuis 60 min',
  'Admins : @admin',
  'Prenez-le en charge avec /triage ack 1',
  'Désolé, /triage resolve est réservée aux modérateurs.',
  '1 signalement ouvert :',
  'Signalement n° 1 pris en charge.',
  'Votre signalement n° 1 a été traité. La réponse des modérateurs : Nous avons retiré les messages',
  'Signalement n° 1 résolu ; la personne qui l’a fait a reçu la réponse.',
  'Signalé par ana (aucun signalement précédent encore jugé) dans #general le 2 mars 2026, 10:00 UTC+1.',
  '— remonté au niveau 2 par Foyer : délai dépassé',
  'élevée : 1 résolu ; délai médian de prise en charge 2 h, de résolution 2 h',
  'Sondage n°1 : Où se retrouver ?',
  'Le sondage n°1 est ouvert (votes par commande).',
  'Votre vote au sondage n°1 est enregistré : Lyon.',
  'Choisissez des numéros d’option de 1 à 2.',
  'Le sondage n°1 se termine le 2 mars 2026, 14:00 UTC+1 : si vous n’avez pas encore voté',
  'Sondage n°1 terminé : Où se retrouver ?',
  '1 membre a voté.',
  'Ce que Foyer conserve sur vous :',
  '• signalement que vous avez fait : 1 (n° 1 résolu)',
  'Une copie en JSON : /mydata export',
  'Tout ce que Foyer conserve sur vous, en JSON :',
  '"reason": "accueil à l’arrivée"',
  'Commandes :',
  '/report — Signaler un problème aux modérateurs (en privé)',
  '/triage resolve — Modérateurs : clore un signalement',
  'Commande inconnue /aide.',
];

describe('the console in French, as a piped script', () => {
  it('speaks only French through a report, its triage and resolution, a poll, /mydata and /help', async () => {
    const { dir, config } = tempConfig((y) => y.replace('locale: en', 'locale: fr'));
    dirs.push(dir);
    const { code, stdout } = await run(['src/main.ts', '--config', config], SCRIPT, '2026-03-02T09:00:00Z');
    expect(code).toBe(0);
    const said = foyerSaid(stdout);
    const transcript = said.join('\n').replace(/[\u00A0\u202F]/g, ' ');
    for (const sentence of FRENCH_STEPS) expect(transcript, sentence).toContain(sentence);
    expect(said.length).toBeGreaterThan(25);
    expect(englishIn(said)).toEqual([]);
  });

  it('the same script in English shows English fragments, so the French run cannot pass vacuously', async () => {
    const { dir, config } = tempConfig();
    dirs.push(dir);
    const { stdout } = await run(['src/main.ts', '--config', config], SCRIPT, '2026-03-02T09:00:00Z');
    const found = new Set(englishIn(foyerSaid(stdout)).map((s) => s.fragment));
    expect(found).toContain(
      'reached the moderators. You will hear back when it is handled; the member concerned never learns who reported.',
    );
    expect(found).toContain('List the commands you can use');
    expect(found.size).toBeGreaterThan(20);
  });
});

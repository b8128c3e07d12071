import type { FeatureMessages } from '../define.ts';

/** English messages of the privacy feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'privacy.export': 'Everything Foyer keeps about you, as JSON:',
  'privacy.exportFile': 'Everything Foyer keeps about you, as JSON, is in the attached file {file}.',
  'privacy.title': 'What Foyer keeps about you:',
  'privacy.copy': 'A JSON copy: {command}',
  'privacy.command.mydata': 'See what Foyer keeps about you (add "export" for a JSON copy)',
  'privacy.arg.format': 'summary (what Foyer keeps, in words) or export (a JSON copy)',
} as const;

export type PrivacyMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<PrivacyMessageKey, string> = {
  'privacy.export': 'Tout ce que Foyer conserve sur vous, en JSON :',
  'privacy.exportFile': 'Tout ce que Foyer conserve sur vous, en JSON, est dans le fichier joint {file}.',
  'privacy.title': 'Ce que Foyer conserve sur vous :',
  'privacy.copy': 'Une copie en JSON : {command}',
  'privacy.command.mydata': 'Voir ce que Foyer conserve sur vous (ajoutez « export » pour une copie JSON)',
  'privacy.arg.format': 'summary (ce que Foyer conserve, en mots) ou export (une copie JSON)',
};

export const privacyMessages: FeatureMessages<PrivacyMessageKey> = { en, fr };

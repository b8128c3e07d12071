import type { FeatureMessages } from '../define.ts';

/** English messages of the privacy feature. `{name}` marks a variable; values are always inserted as inert text. */
const en = {
  'privacy.export': 'Everything Foyer keeps about you, as JSON:',
  'privacy.exportFile': 'Everything Foyer keeps about you, as JSON, is in the attached file {file}.',
} as const;

export type PrivacyMessageKey = keyof typeof en;

/** French messages; the type makes sure no key is missing. */
const fr: Record<PrivacyMessageKey, string> = {
  'privacy.export': 'Tout ce que Foyer conserve sur vous, en JSON :',
  'privacy.exportFile': 'Tout ce que Foyer conserve sur vous, en JSON, est dans le fichier joint {file}.',
};

export const privacyMessages: FeatureMessages<PrivacyMessageKey> = { en, fr };

import {
  CORE_MESSAGES,
  createTranslator as createCatalogueTranslator,
  LOCALES,
  type Catalogue,
  type CoreMessageKey,
  type Locale,
  type Overrides,
  type Translator,
} from '../core/i18n/translator.ts';
import type { MessageKeyOf } from './define.ts';
import { FEATURES } from './index.ts';

/** Every message Foyer says: core's and each feature's, composed from the feature list. */
export type MessageKey = CoreMessageKey | MessageKeyOf<(typeof FEATURES)[number]>;

function compose(): Catalogue<MessageKey> {
  const catalogue = Object.fromEntries(
    LOCALES.map((locale) => [locale, { ...CORE_MESSAGES[locale] }]),
  ) as unknown as Record<Locale, Record<string, string>>;
  for (const feature of FEATURES)
    for (const locale of LOCALES)
      for (const [key, message] of Object.entries((feature.messages?.[locale] ?? {}) as Record<string, string>)) {
        if (key in catalogue[locale]) throw new Error(`message "${key}" is defined twice (feature ${feature.id})`);
        catalogue[locale][key] = message;
      }
  return catalogue as Catalogue<MessageKey>;
}

export const BUILT_IN: Catalogue<MessageKey> = compose();
export const en = BUILT_IN.en;
export const fr = BUILT_IN.fr;

/** A translator over every message, with the community's YAML overrides on top. */
export const createTranslator = (
  locale: Locale,
  overrides: Overrides<MessageKey> = {},
  timeZone = 'UTC',
): Translator<MessageKey> => createCatalogueTranslator(locale, overrides, BUILT_IN, timeZone);

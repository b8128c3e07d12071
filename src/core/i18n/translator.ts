import { text, type Inline } from '../rich-text.ts';
import { en, type MessageKey } from './en.ts';
import { fr } from './fr.ts';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

export const BUILT_IN: Record<Locale, Record<MessageKey, string>> = { en, fr };

/** A variable's value: plain values become inert text; an Inline (a mention, a link) is kept. */
export type TemplateValue = string | number | Inline | Inline[];

/** The variables a template uses, e.g. `['member', 'community']`. */
export const templateVariables = (template: string): string[] =>
  [...template.matchAll(/\{([a-zA-Z][\w]*)\}/g)].map((m) => m[1]!);

/** Turns text + variables into inline rich text; nothing in a value can become markup. */
export function fillTemplate(template: string, vars: Record<string, TemplateValue>): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{([a-zA-Z][\w]*)\}/g)) {
    if (match.index > last) out.push(text(template.slice(last, match.index)));
    const value = vars[match[1]!];
    if (value === undefined) out.push(text(match[0]));
    else if (typeof value === 'string' || typeof value === 'number') out.push(text(String(value)));
    else if (Array.isArray(value)) out.push(...value);
    else out.push(value);
    last = match.index + match[0].length;
  }
  if (last < template.length) out.push(text(template.slice(last)));
  return out;
}

/** Messages that come in plural forms: `welcome.group` for `welcome.group.one` and `welcome.group.other`. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}.other` ? Base : never }[MessageKey];

export interface Translator {
  readonly locale: Locale;
  t(key: MessageKey, vars?: Record<string, TemplateValue>): Inline[];
  /** The form of `key` the locale's grammar uses for `count` (`{count}` is filled in too). */
  plural(key: PluralKey, count: number, vars?: Record<string, TemplateValue>): Inline[];
  /** The same translator in another locale (a member's own), sharing the overrides. */
  forLocale(locale: Locale): Translator;
}

/** Built-in messages with the community's YAML overrides on top. */
export function createTranslator(
  locale: Locale,
  overrides: Partial<Record<Locale, Partial<Record<MessageKey, string>>>> = {},
): Translator {
  const t = (key: MessageKey, vars: Record<string, TemplateValue> = {}) => fillTemplate(overrides[locale]?.[key] ?? BUILT_IN[locale][key], vars);
  const rules = new Intl.PluralRules(locale);
  return {
    locale,
    t,
    plural: (key, count, vars = {}) => t(pluralForm(key, rules.select(count)), { count, ...vars }),
    forLocale: (other) => createTranslator(other, overrides),
  };
}

/** English and French need only "one" and "other"; any other category a locale has reads as "other". */
function pluralForm(key: PluralKey, category: Intl.LDMLPluralRule): MessageKey {
  const form = `${key}.${category}`;
  return form in BUILT_IN.en ? (form as MessageKey) : `${key}.other`;
}

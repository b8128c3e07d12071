import { text, type Inline } from '../rich-text.ts';
import { en, type CoreMessageKey } from './en.ts';
import { fr } from './fr.ts';

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export type { CoreMessageKey };

/** Messages by locale, every locale complete. */
export type Catalogue<K extends string = string> = Record<Locale, Record<K, string>>;

/** Core's own messages (commands, time, roles, platform notices); features bring theirs. */
export const CORE_MESSAGES: Catalogue<CoreMessageKey> = { en, fr };

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
export type PluralKey<K extends string> = { [Key in K]: Key extends `${infer Base}.other` ? Base : never }[K];

export interface Translator<K extends string = CoreMessageKey> {
  readonly locale: Locale;
  t(key: K, vars?: Record<string, TemplateValue>): Inline[];
  /** The form of `key` the locale's grammar uses for `count` (`{count}` is filled in too). */
  plural(key: PluralKey<K>, count: number, vars?: Record<string, TemplateValue>): Inline[];
  /** The same translator in another locale (a member's own), sharing the overrides. */
  forLocale(locale: Locale): Translator<K>;
  /** A date and time in this language, in the community's timezone ("2 mars 2026 à 10:00 UTC+1"). */
  dateTime(date: Date): string;
  /** A day in this language, in the community's timezone ("2 mars 2026"). */
  date(date: Date): string;
  /** A number in this language ("1 234,5" in French). */
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** Items joined the way this language lists them ("a, b and c", "a, b et c"). */
  list(items: readonly string[]): string;
  /** A message's plain text by key, when the catalogue has that key (for keys built at run time). */
  lookup(key: string): string | undefined;
  /**
   * Text recorded in English (an outreach log's reason, an outcome) in this language, when
   * it is exactly one of the catalogue's English messages; any other text is left as it is.
   */
  rephrase(english: string): string;
}

export type Overrides<K extends string = string> = Partial<Record<Locale, Partial<Record<K, string>>>>;

const reverse = new WeakMap<object, Map<string, string>>();

/** Each English message without variables, to its key (the first key, if two read the same). */
function englishKeys(catalogue: Catalogue<string>): Map<string, string> {
  let keys = reverse.get(catalogue);
  if (!keys) {
    keys = new Map();
    for (const [key, message] of Object.entries(catalogue.en))
      if (templateVariables(message).length === 0 && !keys.has(message)) keys.set(message, key);
    reverse.set(catalogue, keys);
  }
  return keys;
}

/** Built-in messages (core's, or a composed catalogue) with the community's YAML overrides on top. */
export function createTranslator<K extends string = CoreMessageKey>(
  locale: Locale,
  overrides: Overrides<K> = {},
  catalogue: Catalogue<K> = CORE_MESSAGES as Catalogue<string> as Catalogue<K>,
  timeZone = 'UTC',
): Translator<K> {
  // Each formatter is made on first use: the first Intl objects load ICU's data (plural rules
  // and list patterns alone are about 5 MiB resident), which a process that has not yet said a
  // date, a list or a count need not carry.
  let dateTime: Intl.DateTimeFormat | undefined;
  let day: Intl.DateTimeFormat | undefined;
  let lists: Intl.ListFormat | undefined;
  let rules: Intl.PluralRules | undefined;
  const t = (key: K, vars: Record<string, TemplateValue> = {}) =>
    fillTemplate(overrides[locale]?.[key] ?? catalogue[locale][key], vars);
  // English and French need only "one" and "other"; any other category a locale has reads as "other".
  const pluralForm = (key: string, category: Intl.LDMLPluralRule): K => {
    const form = `${key}.${category}`;
    return (form in catalogue.en ? form : `${key}.other`) as K;
  };
  const lookup = (key: string): string | undefined =>
    key in catalogue.en ? (overrides[locale]?.[key as K] ?? catalogue[locale][key as K]) : undefined;
  // Built once per locale: the Intl formatters cost about a millisecond each, and /help or a member's language asks often.
  const others = new Map<Locale, Translator<K>>();
  const forLocale = (other: Locale): Translator<K> => {
    if (other === locale) return translator;
    let found = others.get(other);
    if (!found) others.set(other, (found = createTranslator(other, overrides, catalogue, timeZone)));
    return found;
  };
  const translator: Translator<K> = {
    locale,
    t,
    lookup,
    rephrase: (english) => {
      const key = englishKeys(catalogue).get(english);
      return key === undefined ? english : (lookup(key) ?? english);
    },
    plural: (key, count, vars = {}) =>
      t(pluralForm(key, (rules ??= new Intl.PluralRules(locale)).select(count)), { count, ...vars }),
    forLocale,
    dateTime: (date) =>
      (dateTime ??= new Intl.DateTimeFormat(locale, {
        ...{ year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
        ...{ timeZone, timeZoneName: 'short' },
      } as const)).format(date),
    date: (date) => (day ??= new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone })).format(date),
    number: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    list: (items) => (lists ??= new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' })).format(items),
  };
  return translator;
}

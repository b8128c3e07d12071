import { describe, expect, it } from 'vitest';
import { fillTemplate, LOCALES, templateVariables } from '../../src/core/i18n/translator.ts';
import { BUILT_IN, createTranslator, en, fr, type MessageKey } from '../../src/features/catalogue.ts';
import type { MemberId } from '../../src/core/ids.ts';
import {
  link,
  mention,
  mentionedMembers,
  rich,
  paragraph,
  toPlainText,
  type Inline,
} from '../../src/core/rich-text.ts';

const plainOf = (inlines: Inline[]) => toPlainText(rich(paragraph(...inlines)));

describe('built-in messages', () => {
  it('has a French message for every English key and no French key without an English one', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('uses exactly the same variables in each French message as in its English one', () => {
    const mismatches = (Object.keys(en) as MessageKey[]).filter(
      (key) =>
        [...new Set(templateVariables(fr[key]))].sort().join() !==
        [...new Set(templateVariables(en[key]))].sort().join(),
    );
    expect(mismatches).toEqual([]);
  });

  it('registers every locale in BUILT_IN', () => {
    expect(Object.keys(BUILT_IN).sort()).toEqual([...LOCALES].sort());
  });
});

describe('templateVariables', () => {
  it('lists the variables in braces, in order', () => {
    expect(templateVariables('Welcome to {community}, {member}! {x1_y}')).toEqual(['community', 'member', 'x1_y']);
  });

  it('ignores braces that do not hold a variable name', () => {
    expect(templateVariables('{} {1abc} { spaced }')).toEqual([]);
  });
});

describe('fillTemplate', () => {
  it('inserts a string value as a single inert text node with its literal content', () => {
    const nodes = fillTemplate('Hi {member}!', { member: '@everyone **x**' });
    expect(nodes).toEqual([
      { type: 'text', text: 'Hi ' },
      { type: 'text', text: '@everyone **x**' },
      { type: 'text', text: '!' },
    ]);
    expect(nodes.some((node) => node.type === 'mention')).toBe(false);
    expect(mentionedMembers(rich(paragraph(...nodes)))).toEqual([]);
  });

  it('does not expand variables found inside a value', () => {
    const nodes = fillTemplate('{member} joined {community}', { member: '{community}', community: 'The Garden' });
    expect(plainOf(nodes)).toBe('{community} joined The Garden');
  });

  it('sanitizes string values like any other member text', () => {
    const nodes = fillTemplate('Hi {member}', { member: 'ev\u202Eil\u200B' });
    expect(nodes[1]).toEqual({ type: 'text', text: 'evil' });
  });

  it('inserts numbers as text', () => {
    expect(fillTemplate('{count} new', { count: 3 })).toEqual([
      { type: 'text', text: '3' },
      { type: 'text', text: ' new' },
    ]);
  });

  it('keeps inline values such as mentions and links as they are', () => {
    const ana = mention('console:ana' as MemberId, 'Ana');
    const coc = link('https://example.org/coc', 'the rules');
    const nodes = fillTemplate('{member}, read {link}', { member: ana, link: [coc] });
    expect(nodes).toEqual([ana, { type: 'text', text: ', read ' }, coc]);
    expect(mentionedMembers(rich(paragraph(...nodes)))).toEqual(['console:ana']);
  });

  it('leaves an unknown variable as its literal text', () => {
    expect(plainOf(fillTemplate('Hello {nobody} and {member}', { member: 'Ana' }))).toBe('Hello {nobody} and Ana');
  });
});

describe('createTranslator', () => {
  it('returns the built-in message of its locale with the variables filled in', () => {
    const t = createTranslator('fr');
    expect(t.locale).toBe('fr');
    expect(plainOf(t.t('command.usage', { usage: '/rules' }))).toBe('Utilisation : /rules');
  });

  it('lets a locale override win over the built-in message of that locale only', () => {
    const overrides = { en: { 'welcome.single': 'Howdy {member}, this is {community}.' } };
    const english = createTranslator('en', overrides);
    expect(plainOf(english.t('welcome.single', { member: 'Ana', community: 'The Garden' }))).toBe(
      'Howdy Ana, this is The Garden.',
    );
    const french = createTranslator('fr', overrides);
    expect(plainOf(french.t('welcome.single', { member: 'Ana', community: 'The Garden' }))).toBe(
      'Bienvenue dans The Garden, Ana ! Nous sommes ravis de vous accueillir.',
    );
  });

  it('falls back to the built-in message for keys a locale does not override', () => {
    const t = createTranslator('en', { en: { 'welcome.single': 'Howdy {member}' } });
    expect(plainOf(t.t('rules.accepted'))).toBe(en['rules.accepted']);
  });

  it('switches locale with forLocale while keeping the overrides', () => {
    const overrides = { fr: { 'rules.accepted': 'Merci, c’est noté.' } };
    const english = createTranslator('en', overrides);
    const french = english.forLocale('fr');
    expect(french.locale).toBe('fr');
    expect(plainOf(french.t('rules.accepted'))).toBe('Merci, c’est noté.');
    expect(plainOf(french.t('rules.alreadyAccepted'))).toBe(fr['rules.alreadyAccepted']);
    expect(plainOf(english.t('rules.accepted'))).toBe(en['rules.accepted']);
  });
});

describe('plural', () => {
  it('picks the form the locale’s grammar wants for the count, and fills in the count', () => {
    const english = createTranslator('en');
    expect(plainOf(english.plural('welcome.group', 1, { members: 'Ana' }))).toBe(
      'A warm welcome to our newest member: Ana! We are glad you are here.',
    );
    expect(plainOf(english.plural('welcome.group', 2, { members: 'Ana, Bo' }))).toBe(
      'A warm welcome to our 2 newest members: Ana, Bo! We are glad you are all here.',
    );
    const french = createTranslator('fr');
    // French uses the singular for 0 and 1.
    expect(plainOf(french.plural('welcome.group', 0, { members: '' }))).toContain('notre nouveau membre');
    expect(plainOf(french.plural('welcome.group', 3, { members: 'A, B, C' }))).toContain('nos 3 nouveaux membres');
  });

  it('uses a community override of one form, and the built-in message for the other', () => {
    const t = createTranslator('en', { en: { 'welcome.group.one': 'Hello {members}!' } });
    expect(plainOf(t.plural('welcome.group', 1, { members: 'Ana' }))).toBe('Hello Ana!');
    expect(plainOf(t.plural('welcome.group', 2, { members: 'Ana, Bo' }))).toContain('our 2 newest members');
  });
});

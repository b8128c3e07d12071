import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

describe('useful links', () => {
  it('lists the configured links to any member, in their language', async () => {
    h = await Harness.start({ features: { links: { items: [{ title: 'Wiki', url: 'https://example.org/wiki' }] } } });
    await h.join('ana');
    await h.command('ana', '/links');
    expect(h.lastReplyTo('ana')).toBe('Useful links for The Garden:\n\n• Wiki (https://example.org/wiki)');
    await h.command('ana', '/language fr');
    await h.command('ana', '/links');
    expect(h.lastReplyTo('ana')).toContain('Liens utiles pour The Garden :');
  });

  it('says how to add links when there are none', async () => {
    h = await Harness.start({ features: { links: { items: [] } } });
    await h.join('ana');
    await h.command('ana', '/links');
    expect(h.lastReplyTo('ana')).toBe(
      'The Garden has no useful links yet. Admins add them under features.links.items.',
    );
  });

  it('has no /links command when disabled', async () => {
    h = await Harness.start({ features: { links: { enabled: false } } });
    await h.join('ana');
    await h.command('ana', '/links');
    expect(h.lastReplyTo('ana')).toContain('Unknown command /links');
  });

  it('refuses a link that is not a web address, and a title used twice, with file, line and column', () => {
    const source = [
      'community: { id: garden, name: The Garden }',
      'channels: { welcome: welcome }',
      'features:',
      '  welcome: { channel: welcome }',
      '  onboarding: { enabled: false }',
      '  links:',
      '    items:',
      '      - { title: Wiki, url: "javascript:alert(1)" }',
      '      - { title: Wiki, url: "https://example.org" }',
      '',
    ].join('\n');
    const result = parseConfig('c.yaml', source, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => `${e.line}:${e.column} ${e.path}`)).toEqual(['8:29 features.links.items.0.url']);
    const fixed = parseConfig('c.yaml', source.replace('javascript:alert(1)', 'https://example.org/wiki'), {});
    expect(fixed.ok ? [] : fixed.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`)).toEqual([
      '9:18 features.links.items.1.title: the title "Wiki" is used twice',
    ]);
  });
});

describe('useful links in French', () => {
  it('lists the links, says there are none and describes /links in the community’s French', async () => {
    h = await Harness.start({
      community: { locale: 'fr' },
      features: { links: { items: [{ title: 'Wiki', url: 'https://example.org/wiki' }] } },
    });
    await h.command('ana', '/links');
    expect(h.lastReplyTo('ana')).toBe('Liens utiles pour The Garden :\n\n• Wiki (https://example.org/wiki)');
    await h.command('ana', '/help');
    expect(h.lastReplyTo('ana')).toContain('/links — Les liens utiles de la communauté');
    await h.command('ana', '/links now');
    expect(h.lastReplyTo('ana')).toBe('Je n’attendais pas now après la commande.\n\nUtilisation : /links');
  });

  it('says in French that there are no links yet', async () => {
    h = await Harness.start({ community: { locale: 'fr' }, features: { links: { items: [] } } });
    await h.command('ana', '/links');
    expect(h.lastReplyTo('ana')).toBe(
      'The Garden n’a pas encore de liens utiles. Les admins les ajoutent sous features.links.items.',
    );
  });
});

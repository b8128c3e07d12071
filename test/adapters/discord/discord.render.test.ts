import { describe, expect, it } from 'vitest';
import { allowedMentions, escapeDiscord, renderDiscord } from '../../../src/adapters/discord/discord.render.ts';
import { memberId } from '../../../src/core/ids.ts';
import { code, link, list, mention, paragraph, plain, rich, strong, text } from '../../../src/core/rich-text.ts';

describe('Discord rendering', () => {
  it('renders member text inert: no mass ping, no markup, no mention tags', () => {
    const [out] = renderDiscord(plain('@everyone @here **bold** <@123> <@&456> [click](https://evil.example) `x` > quote'));
    expect(out).not.toMatch(/(^|[^\\])@everyone/);
    expect(out).toContain('@\u2060everyone');
    expect(out).toContain('@\u2060here');
    expect(out).toContain('\\*\\*bold\\*\\*');
    expect(out).toContain('\\<@123>');
    expect(out).toContain('\\<@&456>');
    expect(out).toContain('\\[click\\](https://evil.example)');
  });

  it('renders explicit mentions as user tags and allows only those to ping', () => {
    const alice = memberId('discord', '111111111111111111');
    const message = rich(paragraph(text('Welcome '), mention(alice, 'alice'), text('!')));
    expect(renderDiscord(message)).toEqual(['Welcome <@111111111111111111>\\!'.replace('\\!', '!')]);
    expect(allowedMentions([alice])).toEqual({ parse: [], users: ['111111111111111111'], roles: [], repliedUser: false });
  });

  it('shows a link’s real address beside its label, never a masked link', () => {
    const [out] = renderDiscord(rich(paragraph(link('https://example.org/coc', 'Code of conduct'))));
    expect(out).toBe('Code of conduct (<https://example.org/coc>)');
  });

  it('renders emphasis, code and lists', () => {
    const [out] = renderDiscord(rich(paragraph(strong(text('Steps'))), list([[text('one')], [code('/rules accept')]])));
    expect(out).toBe('**Steps**\n\n- one\n- `/rules accept`');
  });

  it('splits long messages under 2000 characters without losing words', () => {
    const words = Array.from({ length: 900 }, (_, i) => `word${i}`);
    // Text nodes are bounded (1000 characters), so a long message is many paragraphs.
    const paragraphs = Array.from({ length: 9 }, (_, p) => paragraph(text(words.slice(p * 100, p * 100 + 100).join(' '))));
    const pieces = renderDiscord(rich(...paragraphs));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.length <= 2000)).toBe(true);
    expect(pieces.join(' ').split(/\s+/)).toEqual(words);
  });

  it('escapes a numbered-list start so member text cannot become a list', () => {
    expect(escapeDiscord('1. not a list')).toBe('1\\. not a list');
  });
});

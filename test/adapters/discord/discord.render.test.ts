import { describe, expect, it } from 'vitest';
import {
  allowedMentions,
  discordPoll,
  escapeDiscord,
  renderDiscord,
} from '../../../src/adapters/discord/discord.render.ts';
import { channelId, memberId } from '../../../src/core/ids.ts';
import {
  channelRef,
  code,
  codeBlock,
  link,
  list,
  mention,
  paragraph,
  plain,
  rich,
  strong,
  text,
} from '../../../src/core/rich-text.ts';

/** The text between an opening fence and its closing fence, or undefined if the piece is not exactly one closed block. */
const fencedContent = (piece: string): string | undefined => /^```\n([^]*)\n```$/.exec(piece)?.[1];

describe('Discord rendering', () => {
  it('renders member text inert: no mass ping, no markup, no mention tags', () => {
    const [out] = renderDiscord(
      plain('@everyone @here **bold** <@123> <@&456> [click](https://evil.example) `x` > quote'),
    );
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
    expect(allowedMentions([alice])).toEqual({
      parse: [],
      users: ['111111111111111111'],
      roles: [],
      repliedUser: false,
    });
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
    const paragraphs = Array.from({ length: 9 }, (_, p) =>
      paragraph(text(words.slice(p * 100, p * 100 + 100).join(' '))),
    );
    const pieces = renderDiscord(rich(...paragraphs));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.length <= 2000)).toBe(true);
    expect(pieces.join(' ').split(/\s+/)).toEqual(words);
  });

  it('escapes a numbered-list start so member text cannot become a list', () => {
    expect(escapeDiscord('1. not a list')).toBe('1\\. not a list');
  });
});

describe('Discord rendering of a channel', () => {
  it('shows a channel as Discord’s own channel mention', () => {
    const [out] = renderDiscord(
      rich(paragraph(text('Crisis mode ON in '), channelRef(channelId('discord', '1577391218923499568'), 'general'))),
    );
    expect(out).toBe('Crisis mode ON in <#1577391218923499568>');
  });

  it('renders a code block fenced, and member text holding backticks cannot close the fence', () => {
    const [out] = renderDiscord(rich(codeBlock('{"reason": "``` @everyone <@&42> [x](https://evil.example) ````"}')));
    const inside = fencedContent(out!);
    expect(inside).toBeDefined();
    expect(inside).not.toContain('``');
    expect(inside).toContain('@everyone');
  });

  it('splits a long code block into pieces that are each one closed code block under the limit', () => {
    const lines = Array.from(
      { length: 400 },
      (_, i) => `  "reason${i}": "@everyone <@&1234> \`\`\` [click](https://evil.example) 🎉",`,
    );
    const json = `{\n${lines.join('\n')}\n}`;
    const pieces = renderDiscord(rich(paragraph(text('Everything Foyer keeps about you, as JSON:')), codeBlock(json)));
    expect(pieces.length).toBeGreaterThan(5);
    const [intro, ...code] = pieces;
    expect(intro!.startsWith('Everything Foyer keeps about you')).toBe(true);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(2000);
    for (const piece of code.slice(1)) expect(fencedContent(piece), piece.slice(0, 40)).toBeDefined();
    const first = code[0]!.startsWith('Everything') ? code[0]!.slice(code[0]!.indexOf('```')) : code[0]!;
    expect(fencedContent(first)).toBeDefined();
    const rejoined = [first, ...code.slice(1)]
      .map((piece) => fencedContent(piece)!.replaceAll('`\u200b', '`'))
      .join('\n');
    expect(rejoined).toBe(json);
  });

  it('sanitizes native poll text: no bidi, zero-width or mass ping, within Discord’s lengths', () => {
    const poll = discordPoll(
      {
        question: 'Best\u202E day\u200B? @everyone',
        answers: ['mon\u2066day', `${'🎉'.repeat(60)}`],
        durationHours: 24,
        multipleChoice: false,
      },
      { maxQuestionLength: 300, maxAnswerLength: 55 },
    );
    expect(poll.question.text).toBe('Best day? @\u2060everyone');
    expect(poll.answers[0]!.text).toBe('monday');
    // Discord counts UTF-16 units: 27 emoji and the ellipsis fill 55.
    expect(poll.answers[1]!.text).toBe(`${'🎉'.repeat(27)}…`);
    expect(poll.duration).toBe(24);
    expect(poll.allowMultiselect).toBe(false);
  });
});

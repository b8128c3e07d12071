import { describe, expect, it } from 'vitest';
import type { MemberId } from '../../src/core/ids.ts';
import {
  code,
  codeBlock,
  emphasis,
  link,
  list,
  MAX_INERT_LENGTH,
  mention,
  mentionedMembers,
  paragraph,
  plain,
  rich,
  sanitizeName,
  sanitizeText,
  splitRichText,
  splitToLimit,
  strong,
  text,
  toPlainText,
  truncate,
  type RichText,
} from '../../src/core/rich-text.ts';

const member = (id: string) => id as MemberId;
const codePoints = (value: string) => Array.from(value).length;
/** No lone surrogate: no emoji or other astral character was cut in half. */
const wellFormed = (value: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);

describe('sanitizeText', () => {
  it('strips right-to-left overrides from member text', () => {
    expect(sanitizeText('invoice\u202Eexe.pdf')).toBe('invoiceexe.pdf');
  });

  it('strips every bidi isolate (U+2066 to U+2069)', () => {
    expect(sanitizeText('a\u2066b\u2067c\u2068d\u2069e')).toBe('abcde');
  });

  it('strips zero-width spaces and byte-order marks', () => {
    expect(sanitizeText('\uFEFFev\u200Beryone')).toBe('everyone');
  });

  it('strips C0 control characters but keeps newlines and tabs', () => {
    expect(sanitizeText('a\u0000b\u0007c\u001Bd\re\nf\tg\u007F')).toBe('abcde\nf\tg');
  });

  it('leaves ordinary text, accents and emoji untouched', () => {
    const value = 'Zoë says héllo 🎉 — ça va ?';
    expect(sanitizeText(value)).toBe(value);
  });

  it('normalizes decomposed accents to their composed form', () => {
    expect(sanitizeText('e\u0301')).toBe('\u00E9');
  });

  it('keeps text at exactly the maximum length as it is', () => {
    const value = 'x'.repeat(10);
    expect(sanitizeText(value, 10)).toBe(value);
  });

  it('truncates long text to the maximum length, ending with an ellipsis', () => {
    const result = sanitizeText('abcdefghijklmnop', 10);
    expect(result).toBe('abcdefghi…');
    expect(codePoints(result)).toBe(10);
  });

  it('bounds text to MAX_INERT_LENGTH by default', () => {
    const result = sanitizeText('y'.repeat(MAX_INERT_LENGTH + 50));
    expect(codePoints(result)).toBe(MAX_INERT_LENGTH);
    expect(result.endsWith('…')).toBe(true);
  });

  it('counts emoji as one character each rather than as UTF-16 units', () => {
    // Eight emoji are sixteen UTF-16 units but only eight characters: no truncation.
    const eight = '🎉'.repeat(8);
    expect(sanitizeText(eight, 8)).toBe(eight);
    const result = sanitizeText('🎉'.repeat(20), 8);
    expect(result).toBe(`${'🎉'.repeat(7)}…`);
    expect(wellFormed(result)).toBe(true);
  });
});

describe('sanitizeText: joiners and separators', () => {
  it('strips a zero-width joiner outside an emoji sequence', () => {
    expect(sanitizeText('ev\u200Deryone')).toBe('everyone');
    expect(sanitizeText('\u200Dstart and end\u200D')).toBe('start and end');
    expect(sanitizeText('a 👩\u200D b')).toBe('a 👩 b');
  });

  it('keeps the joiner inside emoji ZWJ sequences', () => {
    const value = 'coder 👩\u200D💻, family 👨\u200D👩\u200D👧, rainbow 🏳️\u200D🌈, skin 👩🏽\u200D🚀';
    expect(sanitizeText(value)).toBe(value);
  });

  it('turns line and paragraph separators into ordinary newlines', () => {
    expect(sanitizeText('one\u2028two\u2029three')).toBe('one\ntwo\nthree');
    expect(sanitizeName('Ana\u2028Lopez')).toBe('Ana Lopez');
  });

  it('bounds its length in whole graphemes: an emoji sequence is kept or dropped, never cut', () => {
    const result = sanitizeText('👩\u200D💻'.repeat(20), 8);
    expect(result).toBe(`${'👩\u200D💻'.repeat(7)}…`);
  });
});

describe('truncate', () => {
  it('returns text that fits unchanged', () => {
    expect(truncate('short', 80)).toBe('short');
  });

  it('cuts on a grapheme boundary and ends with an ellipsis', () => {
    const flags = '🇫🇷'.repeat(100);
    const cut = truncate(flags, 80);
    expect(cut).toBe(`${'🇫🇷'.repeat(79)}…`);
    expect(wellFormed(cut)).toBe(true);
  });

  it('never separates a letter from its combining accent', () => {
    // q + combining acute has no precomposed form.
    expect(truncate('q\u0301'.repeat(5), 3)).toBe('q\u0301q\u0301…');
  });

  it('measures in the unit asked for, here UTF-16 units, still cutting between graphemes', () => {
    const cut = truncate(`ab${'👩\u200D💻'.repeat(3)}`, 9, { ellipsis: '', measure: (segment) => segment.length });
    expect(cut).toBe('ab👩\u200D💻');
  });
});

describe('codeBlock', () => {
  it('sanitizes its text but keeps long content whole', () => {
    const json = `{"name": "in\u202Evoice\u200B", "pad": "${'x'.repeat(5_000)}"}`;
    const block = codeBlock(json);
    expect(block).toEqual({ type: 'code', text: `{"name": "invoice", "pad": "${'x'.repeat(5_000)}"}` });
  });

  it('reads as its text in plain rendering', () => {
    expect(toPlainText(rich(paragraph(text('JSON:')), codeBlock('{\n "a": 1\n}')))).toBe('JSON:\n\n{\n "a": 1\n}');
  });
});

describe('splitRichText', () => {
  const plainLength = (limit: number) => (piece: RichText) => toPlainText(piece).length <= limit;

  it('keeps a message that fits as one piece', () => {
    const message = rich(paragraph(text('hello')), codeBlock('{}'));
    expect(splitRichText(message, plainLength(100))).toEqual([message]);
  });

  it('splits a long code block at line breaks into code blocks that each fit and rejoin to the original', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `  "key${i}": "value ${i} 👩\u200D💻",`);
    const source = `{\n${lines.join('\n')}\n}`;
    const pieces = splitRichText(rich(paragraph(text('Your data:')), codeBlock(source)), plainLength(500));
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces) expect(toPlainText(piece).length).toBeLessThanOrEqual(500);
    const code = pieces.flatMap((piece) => piece.blocks).filter((block) => block.type === 'code');
    expect(code.map((block) => block.text).join('\n')).toBe(source);
  });

  it('splits one code line longer than a piece between graphemes', () => {
    const source = '🇫🇷'.repeat(300);
    const pieces = splitRichText(rich(codeBlock(source)), plainLength(101));
    for (const piece of pieces) {
      expect(toPlainText(piece).length).toBeLessThanOrEqual(101);
      expect(wellFormed(toPlainText(piece))).toBe(true);
    }
    expect(pieces.map(toPlainText).join('')).toBe(source);
  });

  it('splits long lists by items and keeps mentions with their item', () => {
    const items = Array.from({ length: 60 }, (_, i) => [text(`item ${i} `), mention(member(`console:m${i}`), `m${i}`)]);
    const pieces = splitRichText(rich(list(items)), plainLength(200));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.flatMap(mentionedMembers)).toHaveLength(60);
    for (const piece of pieces) expect(piece.blocks.every((block) => block.type === 'list')).toBe(true);
  });
});

describe('sanitizeName', () => {
  it('collapses newlines and runs of whitespace into single spaces', () => {
    expect(sanitizeName('  Ana \n\n  Lopez\t\tjr  ')).toBe('Ana Lopez jr');
  });

  it('strips bidi and zero-width characters from display names', () => {
    expect(sanitizeName('ad\u202Emin\u200B')).toBe('admin');
  });

  it('never returns an empty name, even for only invisible characters or whitespace', () => {
    expect(sanitizeName('')).toBe('member');
    expect(sanitizeName('   \n\t ')).toBe('member');
    expect(sanitizeName('\u202E\u200B\uFEFF')).toBe('member');
  });

  it('limits a display name to 64 characters', () => {
    expect(codePoints(sanitizeName('n'.repeat(200)))).toBeLessThanOrEqual(64);
  });
});

describe('inline builders', () => {
  it('sanitizes the text of text nodes', () => {
    expect(text('hi\u202Ethere')).toEqual({ type: 'text', text: 'hithere' });
  });

  it('sanitizes the display name of mention nodes while keeping the member id', () => {
    expect(mention(member('console:ana'), ' Ana\n\u202E ')).toEqual({
      type: 'mention',
      member: 'console:ana',
      name: 'Ana',
    });
  });

  it('bounds code spans to 200 characters', () => {
    const node = code('c'.repeat(500));
    expect(node.type).toBe('code');
    expect(node.type === 'code' && codePoints(node.text)).toBe(200);
  });
});

describe('link', () => {
  it('makes a link node for an https URL', () => {
    expect(link('https://example.org/coc', 'code of conduct')).toEqual({
      type: 'link',
      url: 'https://example.org/coc',
      label: 'code of conduct',
    });
  });

  it('uses the URL as label when no label is given', () => {
    expect(link('http://example.org')).toEqual({
      type: 'link',
      url: 'http://example.org',
      label: 'http://example.org',
    });
  });

  it('refuses javascript: URLs and degrades them to inert text', () => {
    expect(link('javascript:alert(1)', 'click me')).toEqual({ type: 'text', text: 'click me' });
    expect(link('JavaScript:alert(1)')).toEqual({ type: 'text', text: 'JavaScript:alert(1)' });
  });

  it('refuses data: URLs and degrades them to inert text', () => {
    const url = 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==';
    expect(link(url)).toEqual({ type: 'text', text: url });
  });

  it('refuses URLs hiding a zero-width joiner or a line separator', () => {
    expect(link('https://exa\u200Dmple.org').type).toBe('text');
    expect(link('https://example.org/\u2028x').type).toBe('text');
  });

  it('refuses URLs with whitespace or angle brackets', () => {
    expect(link('https://example.org/a b').type).toBe('text');
    expect(link('https://example.org/<script>').type).toBe('text');
  });
});

describe('mentionedMembers', () => {
  it('finds mentions nested in strong and emphasis, in paragraphs and list items, once each', () => {
    const message = rich(
      paragraph(text('Hello '), strong(emphasis(mention(member('console:ana'), 'Ana')))),
      list([
        [text('first: '), mention(member('console:bo'), 'Bo')],
        [emphasis(strong(mention(member('console:cy'), 'Cy'))), mention(member('console:ana'), 'Ana')],
      ]),
    );
    expect(mentionedMembers(message).sort()).toEqual(['console:ana', 'console:bo', 'console:cy']);
  });

  it('finds no mention in text that merely looks like one', () => {
    expect(mentionedMembers(plain('@everyone <@123456789012345678> @here'))).toEqual([]);
  });
});

describe('toPlainText', () => {
  it('renders paragraphs, list bullets, mentions, links and nested emphasis without markup', () => {
    const message = rich(
      paragraph(
        text('Hi '),
        mention(member('console:ana'), 'Ana'),
        text(', read '),
        link('https://example.org/coc', 'the rules'),
        text('.'),
      ),
      paragraph(strong(text('bold')), text(' and '), emphasis(text('soft')), text(' '), code('x = 1')),
      list([[text('one')], [link('https://example.org')]]),
    );
    expect(toPlainText(message)).toBe(
      'Hi @Ana, read the rules (https://example.org/coc).\n\nbold and soft x = 1\n\n• one\n• https://example.org',
    );
  });
});

/** A small deterministic pseudo-random generator, so failures are reproducible. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function generateText(random: () => number): string {
  const words = [
    'a',
    'bee',
    'community',
    'welcome',
    'x',
    'onboarding',
    'supercalifragilistic',
    '🎉',
    'ça',
    'y'.repeat(45),
  ];
  const separators = [' ', ' ', ' ', ' ', '\n', '\n\n', '  '];
  let out = words[Math.floor(random() * words.length)]!;
  const length = 5 + Math.floor(random() * 120);
  for (let i = 0; i < length; i++) {
    out += separators[Math.floor(random() * separators.length)]! + words[Math.floor(random() * words.length)]!;
  }
  return out;
}

const nonWhitespace = (value: string) => value.replace(/\s+/g, '');

describe('splitToLimit', () => {
  it('returns short text as a single piece', () => {
    expect(splitToLimit('hello world', 50)).toEqual(['hello world']);
  });

  it('refuses a limit below one', () => {
    expect(() => splitToLimit('abc', 0)).toThrow();
  });

  it('never returns a piece longer than the limit and loses no non-whitespace character, over many generated inputs', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = generator(seed);
      const input = generateText(random);
      const limit = 10 + Math.floor(random() * 90);
      const pieces = splitToLimit(input, limit);
      for (const piece of pieces) expect(piece.length, `seed ${seed}, limit ${limit}`).toBeLessThanOrEqual(limit);
      expect(nonWhitespace(pieces.join('')), `seed ${seed}`).toBe(nonWhitespace(input));
    }
  });

  it('cuts at a paragraph boundary when one lies in the second half of the window', () => {
    const first = 'The first paragraph has some words in it.';
    const second = 'The second paragraph follows here.';
    const input = `${first}\n\n${second}`;
    // The window holds the paragraph break plus a few words of the next paragraph.
    const pieces = splitToLimit(input, first.length + 10);
    expect(pieces).toEqual([first, second]);
  });

  it('prefers a paragraph boundary over a later line break or space', () => {
    const input = `${'a'.repeat(30)}\n\n${'b'.repeat(5)}\n${'c'.repeat(5)} ${'d'.repeat(30)}`;
    const pieces = splitToLimit(input, 45);
    expect(pieces[0]).toBe('a'.repeat(30));
  });

  it('cuts at a word boundary rather than inside a word when there is no line break', () => {
    const input = 'alpha beta gamma delta epsilon zeta eta theta iota kappa';
    for (const piece of splitToLimit(input, 16)) {
      for (const word of piece.split(' ')) expect(input.split(' ')).toContain(word);
    }
  });

  it('hard-cuts a single word longer than the limit', () => {
    expect(splitToLimit('z'.repeat(25), 10)).toEqual(['z'.repeat(10), 'z'.repeat(10), 'z'.repeat(5)]);
  });

  it('never splits an emoji across two pieces', () => {
    const input = `a${'🎉'.repeat(30)}`;
    for (const limit of [5, 6, 7, 11]) {
      const pieces = splitToLimit(input, limit);
      for (const piece of pieces) expect(wellFormed(piece), `limit ${limit}: ${JSON.stringify(piece)}`).toBe(true);
      expect(pieces.join('')).toBe(input);
    }
  });

  it('never cuts a flag or an emoji ZWJ sequence across two pieces', () => {
    for (const unit of ['🇫🇷', '👩\u200D💻']) {
      const pieces = splitToLimit(unit.repeat(30), 11);
      for (const piece of pieces) expect(piece.replaceAll(unit, ''), JSON.stringify(piece)).toBe('');
      expect(pieces.join('')).toBe(unit.repeat(30));
    }
  });

  it('never returns an empty piece', () => {
    const input = `${' '.repeat(20)}${'x'.repeat(20)}`;
    const pieces = splitToLimit(input, 10);
    for (const piece of pieces) expect(piece.trim().length).toBeGreaterThan(0);
    expect(pieces.join('')).toBe('x'.repeat(20));
  });
});

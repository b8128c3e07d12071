import { describe, expect, it } from 'vitest';
import {
  MATRIX_CONTENT_BYTES,
  matrixPoll,
  renderMatrix,
  renderMatrixMessages,
} from '../../../src/adapters/matrix/matrix.render.ts';
import { channelId } from '../../../src/core/ids.ts';
import { channelRef, codeBlock, paragraph, rich, text } from '../../../src/core/rich-text.ts';

describe('Matrix rendering of a channel', () => {
  it('links a room by id with a matrix.to link and shows its id in the plain body', () => {
    const out = renderMatrix(
      rich(paragraph(text('in '), channelRef(channelId('matrix', '!abc:example.org'), 'general'))),
    );
    expect(out.body).toBe('in !abc:example.org');
    expect(out.formatted_body).toBe('<p>in <a href="https://matrix.to/#/!abc%3Aexample.org">#general</a></p>');
    expect(out['m.mentions']).toEqual({ user_ids: [] });
  });

  it('labels a room configured by its alias with that alias', () => {
    const out = renderMatrix(rich(paragraph(channelRef(channelId('matrix', '#lobby:example.org'), 'lobby'))));
    expect(out.body).toBe('#lobby:example.org');
    expect(out.formatted_body).toBe(
      '<p><a href="https://matrix.to/#/%23lobby%3Aexample.org">#lobby:example.org</a></p>',
    );
  });
});

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('Matrix message size', () => {
  it('splits a message into events whose JSON, HTML and plain body together, stays under the byte budget', () => {
    // Escaping makes bytes grow faster than characters: "<" is 4 bytes of HTML, é is 2 bytes of UTF-8.
    const lines = Array.from({ length: 3_000 }, (_, i) => `  "reason${i}": "<é> & \\"quoted\\" 🎉",`);
    const json = `{\n${lines.join('\n')}\n}`;
    const pieces = renderMatrixMessages(
      rich(paragraph(text('Everything Foyer keeps about you, as JSON:')), codeBlock(json)),
      'm.notice',
    );
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) expect(jsonBytes(piece)).toBeLessThanOrEqual(MATRIX_CONTENT_BYTES);
    const code = pieces
      .slice(1)
      .map((piece) => piece.body)
      .join('\n');
    expect(code).toBe(json);
    for (const piece of pieces.slice(1)) expect(piece.formatted_body).toMatch(/^<pre><code>[^]*<\/code><\/pre>$/);
  });

  it('keeps a short message as one event', () => {
    expect(renderMatrixMessages(rich(paragraph(text('hi'))), 'm.notice')).toEqual([
      renderMatrix(rich(paragraph(text('hi'))), 'm.notice'),
    ]);
  });

  it('shows code blocks escaped, so member text cannot become HTML', () => {
    const out = renderMatrix(rich(codeBlock('{"reason": "</code></pre><img src=x> @room"}')));
    expect(out.formatted_body).toBe(
      '<pre><code>{&quot;reason&quot;: &quot;&lt;/code&gt;&lt;/pre&gt;&lt;img src=x&gt; @room&quot;}</code></pre>',
    );
    expect(out.body).toBe('{"reason": "</code></pre><img src=x> @\u2060room"}');
  });
});

describe('Matrix polls', () => {
  it('sanitizes the question, the answers and the fallback body: no bidi, no zero-width, no @room', () => {
    const content = matrixPoll({
      question: 'Vote\u202E now @room\u200B?',
      answers: ['yes\u2066', '@room no'],
      durationHours: 24,
      multipleChoice: false,
    });
    expect(content['m.poll'].question['m.text'][0]!.body).toBe('Vote now @\u2060room?');
    expect(content['m.poll'].answers.map((a) => a['m.text'][0]!.body)).toEqual(['yes', '@\u2060room no']);
    expect(content.body).toBe('Vote now @\u2060room?\n1. yes\n2. @\u2060room no');
    expect(content['m.text'][0]!.body).toBe(content.body);
    expect(JSON.stringify(content)).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b]/);
    expect(content['m.mentions']).toEqual({});
    expect(content['m.poll'].max_selections).toBe(1);
  });
});

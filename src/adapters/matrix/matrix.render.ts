import { localPart } from '../../core/ids.ts';
import type { NativePoll } from '../../core/ports.ts';
import {
  mentionedMembers,
  sanitizeText,
  splitRichText,
  type Block,
  type Inline,
  type RichText,
} from '../../core/rich-text.ts';

/** Synapse and clients cope with large events, but Foyer keeps messages readable. */
export const MATRIX_BODY_LIMIT = 16_000;
/**
 * Synapse refuses events over 65,535 bytes of JSON, and that counts what the server adds
 * (ids, hashes, signatures) and a reply's relation: content is kept under this.
 */
export const MATRIX_CONTENT_BYTES = 60_000;

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

// Old clients still ping on "@room" in the body: a word joiner keeps it from matching.
const defuse = (value: string) => value.replace(/@room\b/gi, '@\u2060room');

function plainInline(nodes: Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
        case 'code':
          return defuse(n.text);
        case 'strong':
        case 'emphasis':
          return plainInline(n.children);
        case 'link':
          return n.label === n.url ? n.url : `${defuse(n.label)} (${n.url})`;
        case 'mention':
          return defuse(n.name);
        case 'channel':
          return localPart(n.channel);
      }
    })
    .join('');
}

/** A room as a matrix.to link, labelled with its alias when it is one (a room id reads badly). */
const roomLink = (room: string, name: string) =>
  `<a href="https://matrix.to/#/${encodeURIComponent(room)}">${escapeHtml(defuse(room.startsWith('#') ? room : `#${name}`))}</a>`;

function htmlInline(nodes: Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
          return escapeHtml(defuse(n.text));
        case 'code':
          return `<code>${escapeHtml(n.text)}</code>`;
        case 'strong':
          return `<strong>${htmlInline(n.children)}</strong>`;
        case 'emphasis':
          return `<em>${htmlInline(n.children)}</em>`;
        case 'link':
          // The address is visible beside the label: no disguised links.
          return n.label === n.url
            ? `<a href="${escapeHtml(n.url)}">${escapeHtml(n.url)}</a>`
            : `${escapeHtml(defuse(n.label))} (<a href="${escapeHtml(n.url)}">${escapeHtml(n.url)}</a>)`;
        case 'mention':
          return `<a href="https://matrix.to/#/${encodeURIComponent(localPart(n.member))}">${escapeHtml(defuse(n.name))}</a>`;
        case 'channel':
          return roomLink(localPart(n.channel), n.name);
      }
    })
    .join('');
}

export interface MatrixContent {
  msgtype: 'm.text' | 'm.notice';
  body: string;
  format: 'org.matrix.custom.html';
  formatted_body: string;
  /** Intentional mentions: exactly the members Foyer means to ping, never @room. */
  'm.mentions': { user_ids: string[] };
}

function plainBlock(b: Block): string {
  switch (b.type) {
    case 'paragraph':
      return plainInline(b.children);
    case 'list':
      return b.items.map((i) => `• ${plainInline(i)}`).join('\n');
    case 'code':
      return defuse(b.text);
  }
}

function htmlBlock(b: Block): string {
  switch (b.type) {
    case 'paragraph':
      return `<p>${htmlInline(b.children)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${htmlInline(i)}</li>`).join('')}</ul>`;
    case 'code':
      return `<pre><code>${escapeHtml(b.text)}</code></pre>`;
  }
}

/** Renders rich text as one Matrix message: plain body, HTML, and explicit m.mentions. */
export function renderMatrix(message: RichText, msgtype: MatrixContent['msgtype'] = 'm.text'): MatrixContent {
  return {
    msgtype,
    body: message.blocks.map(plainBlock).join('\n\n'),
    format: 'org.matrix.custom.html',
    formatted_body: message.blocks.map(htmlBlock).join(''),
    'm.mentions': { user_ids: mentionedMembers(message).map(localPart) },
  };
}

const contentBytes = (content: object): number => Buffer.byteLength(JSON.stringify(content), 'utf8');

/**
 * Renders rich text as as many Matrix messages as it takes for each event to stay
 * under `maxBytes` of JSON (HTML and plain body together) and readable.
 */
export function renderMatrixMessages(
  message: RichText,
  msgtype: MatrixContent['msgtype'],
  maxBytes = MATRIX_CONTENT_BYTES,
): MatrixContent[] {
  const fits = (piece: RichText) => {
    const content = renderMatrix(piece, msgtype);
    return content.body.length <= MATRIX_BODY_LIMIT && contentBytes(content) <= maxBytes;
  };
  return splitRichText(message, fits).map((piece) => renderMatrix(piece, msgtype));
}

// Poll text is shown bare by clients (no HTML): sanitized like any text node and defused.
const pollText = (value: string) => defuse(sanitizeText(value));

/** An m.poll.start content whose question, answers and fallback are as inert as any message. */
export function matrixPoll(poll: NativePoll) {
  const answers = poll.answers.map((answer, i) => ({ id: `a${i + 1}`, body: pollText(answer) }));
  const question = pollText(poll.question);
  // Clients without poll support show this text.
  const body = [question, ...answers.map((a, i) => `${i + 1}. ${a.body}`)].join('\n');
  return {
    'm.poll': {
      kind: 'm.disclosed',
      max_selections: poll.multipleChoice ? answers.length : 1,
      question: { 'm.text': [{ body: question }] },
      answers: answers.map((a) => ({ 'm.id': a.id, 'm.text': [{ body: a.body }] })),
    },
    // Element and the other clients of today read only MSC3381's unstable shape.
    'org.matrix.msc3381.poll.start': {
      kind: 'org.matrix.msc3381.poll.disclosed',
      max_selections: poll.multipleChoice ? answers.length : 1,
      question: { 'org.matrix.msc1767.text': question, body: question },
      answers: answers.map((a) => ({ id: a.id, 'org.matrix.msc1767.text': a.body })),
    },
    'org.matrix.msc1767.text': body,
    'm.text': [{ body }],
    body,
    'm.mentions': {},
  };
}

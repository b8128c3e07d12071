import { localPart } from '../../core/ids.ts';
import { mentionedMembers, type Inline, type RichText } from '../../core/rich-text.ts';

/** Synapse and clients cope with large events, but Foyer keeps messages readable. */
export const MATRIX_BODY_LIMIT = 16_000;

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
      }
    })
    .join('');
}

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
          return n.label === n.url ? `<a href="${escapeHtml(n.url)}">${escapeHtml(n.url)}</a>` : `${escapeHtml(defuse(n.label))} (<a href="${escapeHtml(n.url)}">${escapeHtml(n.url)}</a>)`;
        case 'mention':
          return `<a href="https://matrix.to/#/${encodeURIComponent(localPart(n.member))}">${escapeHtml(defuse(n.name))}</a>`;
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

/** Renders rich text as a Matrix message: plain body, HTML, and explicit m.mentions. */
export function renderMatrix(message: RichText, msgtype: MatrixContent['msgtype'] = 'm.text'): MatrixContent {
  const body = message.blocks
    .map((b) => (b.type === 'paragraph' ? plainInline(b.children) : b.items.map((i) => `• ${plainInline(i)}`).join('\n')))
    .join('\n\n');
  const html = message.blocks
    .map((b) => (b.type === 'paragraph' ? `<p>${htmlInline(b.children)}</p>` : `<ul>${b.items.map((i) => `<li>${htmlInline(i)}</li>`).join('')}</ul>`))
    .join('');
  return {
    msgtype,
    body: body.slice(0, MATRIX_BODY_LIMIT),
    format: 'org.matrix.custom.html',
    formatted_body: html,
    'm.mentions': { user_ids: mentionedMembers(message).map(localPart) },
  };
}

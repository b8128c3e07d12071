import type { MemberId } from './ids.ts';

/**
 * Platform-neutral rich text. Features build it; each adapter renders it (Discord
 * markdown, Matrix HTML + plain body, console plain text). Text nodes are always
 * inert: whatever they contain is escaped by the renderer, so member-supplied text
 * can never become a mention, a mass ping, markup or a disguised link. The only way
 * to ping someone is an explicit `mention` node.
 */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'emphasis'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; url: string; label: string }
  | { type: 'mention'; member: MemberId; name: string };

export type Block = { type: 'paragraph'; children: Inline[] } | { type: 'list'; items: Inline[][] };

export interface RichText {
  blocks: Block[];
}

/** Longest piece of member-supplied text Foyer repeats in one place. */
export const MAX_INERT_LENGTH = 1_000;

// Bidi overrides/isolates, zero-width and other invisible formatting characters, and
// C0/C1 controls except tab and newline: they can reorder or hide what a reader sees.
// The class lists combining and variation characters on purpose (they are what hides
// text), so the "misleading character class" warning does not apply here.
// eslint-disable-next-line no-control-regex, no-misleading-character-class
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufff8]/g;

/** Strips invisible and direction-changing characters and bounds the length. */
export function sanitizeText(raw: string, maxLength = MAX_INERT_LENGTH): string {
  const cleaned = raw.normalize('NFC').replace(INVISIBLE, '');
  const chars = Array.from(cleaned);
  return chars.length <= maxLength ? cleaned : `${chars.slice(0, maxLength - 1).join('')}…`;
}

/** A display name: sanitized, one line, at most 64 characters, never empty. */
export function sanitizeName(raw: string): string {
  const oneLine = sanitizeText(raw, 64).replace(/\s+/g, ' ').trim();
  return oneLine.length > 0 ? oneLine : 'member';
}

export const text = (value: string): Inline => ({ type: 'text', text: sanitizeText(value) });
export const strong = (...children: Inline[]): Inline => ({ type: 'strong', children });
export const emphasis = (...children: Inline[]): Inline => ({ type: 'emphasis', children });
export const code = (value: string): Inline => ({ type: 'code', text: sanitizeText(value, 200) });
export const mention = (member: MemberId, name: string): Inline => ({
  type: 'mention',
  member,
  name: sanitizeName(name),
});

/** A link only for http(s) URLs; anything else degrades to inert text. */
export function link(url: string, label?: string): Inline {
  const safe = /^https?:\/\/[^\s<>]+$/i.test(url) && url.replace(INVISIBLE, '') === url;
  if (!safe) return text(label ?? url);
  return { type: 'link', url, label: sanitizeText(label ?? url, 200) };
}

export const paragraph = (...children: Inline[]): Block => ({ type: 'paragraph', children });
export const list = (items: Inline[][]): Block => ({ type: 'list', items });
export const rich = (...blocks: Block[]): RichText => ({ blocks });
/** One paragraph of plain inert text: the common case. */
export const plain = (value: string): RichText => rich(paragraph(text(value)));

/** The members a message pings, so adapters can allow exactly those mentions and no other. */
export function mentionedMembers(message: RichText): MemberId[] {
  const found = new Set<MemberId>();
  const visit = (inlines: Inline[]): void => {
    for (const node of inlines) {
      if (node.type === 'mention') found.add(node.member);
      else if (node.type === 'strong' || node.type === 'emphasis') visit(node.children);
    }
  };
  for (const block of message.blocks) {
    if (block.type === 'paragraph') visit(block.children);
    else block.items.forEach(visit);
  }
  return [...found];
}

/** The plain reading of rich text, without any markup: for the console, logs and fallbacks. */
export function toPlainText(message: RichText): string {
  const inline = (nodes: Inline[]): string =>
    nodes
      .map((node) => {
        switch (node.type) {
          case 'text':
          case 'code':
            return node.text;
          case 'strong':
          case 'emphasis':
            return inline(node.children);
          case 'link':
            return node.label === node.url ? node.url : `${node.label} (${node.url})`;
          case 'mention':
            return `@${node.name}`;
        }
      })
      .join('');
  return message.blocks
    .map((block) => (block.type === 'paragraph' ? inline(block.children) : block.items.map((item) => `• ${inline(item)}`).join('\n')))
    .join('\n\n');
}

/**
 * Splits rendered text to a platform's length limit, preferring paragraph, then line,
 * then word boundaries, so a long welcome list never fails to send.
 */
export function splitToLimit(rendered: string, limit: number): string[] {
  if (limit < 1) throw new Error('limit must be positive');
  const pieces: string[] = [];
  let rest = rendered;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    let cut = window.lastIndexOf('\n\n');
    if (cut < limit / 2) cut = window.lastIndexOf('\n');
    if (cut < limit / 2) cut = window.lastIndexOf(' ');
    if (cut <= 0) {
      cut = limit;
      // Never cut between the two halves of a surrogate pair (an emoji).
      const code = rest.charCodeAt(cut - 1);
      if (cut > 1 && code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    const piece = rest.slice(0, cut).trimEnd();
    if (piece) pieces.push(piece);
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

import type { ChannelId, MemberId } from './ids.ts';

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
  | { type: 'mention'; member: MemberId; name: string }
  /** A channel as the platform shows it (`<#id>` on Discord); `name` is the reading without markup. */
  | { type: 'channel'; channel: ChannelId; name: string };

/** A `code` block is preformatted text shown as it is (a data export): monospace, never markup. */
export type Block =
  { type: 'paragraph'; children: Inline[] } | { type: 'list'; items: Inline[][] } | { type: 'code'; text: string };

export interface RichText {
  blocks: Block[];
}

/** Longest piece of member-supplied text Foyer repeats in one place. */
export const MAX_INERT_LENGTH = 1_000;

// Bidi overrides/isolates, zero-width and other invisible formatting characters, and
// C0/C1 controls except tab and newline: they can reorder or hide what a reader sees.
// The class lists combining and variation characters on purpose (they are what hides
// text), so the "misleading character class" warning does not apply here.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufff8]/g;
// A zero-width joiner is legitimate only between two emoji (👩‍💻, 🏳️‍🌈); anywhere else it
// hides inside a word ("every\u200done") to dodge filters.
const STRAY_JOINER =
  /(?<!\p{Extended_Pictographic}\u{fe0f}?|\p{Emoji_Modifier})\u200d|\u200d(?!\p{Extended_Pictographic})/gu;
// Line and paragraph separators break lines in some clients and not in others.
const SEPARATORS = /[\u2028\u2029]/g;

// Made on first use: the first Intl object loads ICU's data (a grapheme segmenter alone, about
// 2 MiB resident), which a process that never cuts text need not carry.
let segmenter: Intl.Segmenter | undefined;
const graphemes = {
  segment: (value: string) => (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(value),
};

export interface TruncateOptions {
  /** Appended when the text is cut (default "…"). */
  ellipsis?: string;
  /** The size of one grapheme in the unit `max` counts (default: 1, user-perceived characters). */
  measure?: (grapheme: string) => number;
}

/** How long a preview of member text is in a list (a report's reason, a calendar post). */
export const PREVIEW_LENGTH = 80;

/**
 * Cuts text to at most `max`, only between graphemes, so an emoji sequence, a flag or a
 * letter with its accent is never split (a half emoji shows as U+FFFD or a lone
 * surrogate). The one place Foyer cuts text: previews, length bounds, message splitting.
 */
export function truncate(
  value: string,
  max: number,
  { ellipsis = '…', measure = () => 1 }: TruncateOptions = {},
): string {
  const room =
    max -
    (ellipsis ? Array.from(graphemes.segment(ellipsis), (g) => measure(g.segment)).reduce((a, b) => a + b, 0) : 0);
  let used = 0;
  let fitting = 0;
  for (const { segment, index } of graphemes.segment(value)) {
    used += measure(segment);
    if (used > max) return value.slice(0, fitting) + ellipsis;
    if (used <= room) fitting = index + segment.length;
  }
  return value;
}

/** Strips invisible and direction-changing characters and bounds the length (in graphemes). */
export function sanitizeText(raw: string, maxLength = MAX_INERT_LENGTH): string {
  const cleaned = raw.normalize('NFC').replace(SEPARATORS, '\n').replace(INVISIBLE, '').replace(STRAY_JOINER, '');
  return truncate(cleaned, maxLength);
}

/**
 * JSON with every invisible or direction-changing character written as a `\\u` escape:
 * it shows inert wherever it is read, and parses back to exactly the data. (Such
 * characters only occur inside JSON strings, where an escape is valid.)
 */
export function inertJson(value: unknown): string {
  const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return JSON.stringify(value, null, 1)
    .replace(SEPARATORS, escape)
    .replace(INVISIBLE, escape)
    .replace(STRAY_JOINER, escape);
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

export const channelRef = (channel: ChannelId, name: string): Inline => ({
  type: 'channel',
  channel,
  name: sanitizeName(name),
});

/** A link only for http(s) URLs; anything else degrades to inert text. */
export function link(url: string, label?: string): Inline {
  const safe = /^https?:\/\/[^\s<>]+$/i.test(url) && url.replace(INVISIBLE, '').replace(/\u200d/g, '') === url;
  if (!safe) return text(label ?? url);
  return { type: 'link', url, label: sanitizeText(label ?? url, 200) };
}

/** Preformatted text (a JSON export), sanitized but not bounded: splitting keeps it whole across messages. */
export const codeBlock = (value: string): Block => ({ type: 'code', text: sanitizeText(value, Infinity) });
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
    else if (block.type === 'list') block.items.forEach(visit);
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
          case 'channel':
            return `#${node.name}`;
        }
      })
      .join('');
  const block = (b: Block): string => {
    switch (b.type) {
      case 'paragraph':
        return inline(b.children);
      case 'list':
        return b.items.map((item) => `• ${inline(item)}`).join('\n');
      case 'code':
        return b.text;
    }
  };
  return message.blocks.map(block).join('\n\n');
}

/**
 * Where to end the first piece of `value` so it keeps at most `limit` UTF-16 units:
 * at a paragraph, line or word break in the second half of the window, else at the
 * last grapheme boundary. `resume` skips the break itself.
 */
function cutPoint(value: string, limit: number): { end: number; resume: number } {
  const window = value.slice(0, limit + 1);
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at >= limit / 2 && at + separator.length <= limit + 1) return { end: at, resume: at + separator.length };
  }
  const end = truncate(value, limit, { ellipsis: '', measure: (g) => g.length }).length;
  // A single grapheme wider than the limit still has to go somewhere.
  const forced = end > 0 ? end : (graphemes.segment(value)[Symbol.iterator]().next().value?.segment.length ?? 1);
  return { end: forced, resume: forced };
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
    const { end, resume } = cutPoint(rest, limit);
    const piece = rest.slice(0, end).trimEnd();
    if (piece) pieces.push(piece);
    rest = rest.slice(resume).replace(/^\s+/, '');
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/**
 * Splits `value` into pieces that each `fit`, cutting where `cutPoint` prefers and
 * shrinking the window until the rendered piece fits. Nothing but the chosen breaks is lost.
 */
function splitTextToFit(value: string, fits: (piece: string) => boolean): string[] {
  const pieces: string[] = [];
  let rest = value;
  let size = value.length;
  while (rest.length > 0) {
    if (fits(rest)) {
      pieces.push(rest);
      break;
    }
    size = Math.min(size, rest.length - 1);
    let cut = cutPoint(rest, Math.max(1, size));
    while (size > 1 && !fits(rest.slice(0, cut.end))) {
      size = Math.max(1, Math.floor(size * 0.8));
      cut = cutPoint(rest, size);
    }
    pieces.push(rest.slice(0, cut.end));
    rest = rest.slice(cut.resume);
  }
  return pieces;
}

/** Smaller blocks that say the same, for a block too large for one message. */
function smallerBlocks(block: Block, fits: (piece: RichText) => boolean): Block[] {
  const alone = (b: Block) => fits(rich(b));
  switch (block.type) {
    case 'code':
      return splitTextToFit(block.text, (piece) => alone({ type: 'code', text: piece })).map((piece) => ({
        type: 'code',
        text: piece,
      }));
    case 'list':
      return block.items.flatMap((item) =>
        alone(list([item]))
          ? [list([item])]
          : smallerInlines(item, (inlines) => alone(list([inlines]))).map((inlines) => list([inlines])),
      );
    case 'paragraph':
      return smallerInlines(block.children, (inlines) => alone(paragraph(...inlines))).map((inlines) =>
        paragraph(...inlines),
      );
  }
}

/** Inline runs that each fit; a text or code node too long on its own is split between graphemes. */
function smallerInlines(nodes: Inline[], fits: (inlines: Inline[]) => boolean): Inline[][] {
  const runs: Inline[][] = [];
  let run: Inline[] = [];
  const push = (node: Inline) => {
    if (fits([...run, node])) return void run.push(node);
    if (run.length > 0) runs.push(run);
    run = [node];
  };
  for (const node of nodes) {
    if (fits([node]) || (node.type !== 'text' && node.type !== 'code')) push(node);
    else
      for (const piece of splitTextToFit(node.text, (t) => fits([{ ...node, text: t }])))
        push({ ...node, text: piece });
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * Splits rich text into messages that each `fit` (the platform's own check on the
 * rendered size): whole blocks while they fit, else list items, runs of a paragraph,
 * and lines of a code block. Every piece is rendered on its own, so bold, code spans
 * and code fences are closed in each one.
 */
export function splitRichText(message: RichText, fits: (piece: RichText) => boolean): RichText[] {
  if (fits(message)) return [message];
  const pieces: RichText[] = [];
  let current: Block[] = [];
  const add = (block: Block, splittable = true): void => {
    const last = current.at(-1);
    // Items split from one list stay in one list while they fit.
    if (last?.type === 'list' && block.type === 'list') {
      const merged = list([...last.items, ...block.items]);
      if (fits(rich(...current.slice(0, -1), merged))) return void current.splice(-1, 1, merged);
    }
    if (fits(rich(...current, block))) return void current.push(block);
    if (current.length > 0) pieces.push(rich(...current));
    current = [];
    // Split once: a piece that still cannot fit (one huge grapheme) goes alone rather than looping.
    if (!splittable || fits(rich(block))) current.push(block);
    else for (const smaller of smallerBlocks(block, fits)) add(smaller, false);
  };
  for (const block of message.blocks) add(block);
  if (current.length > 0) pieces.push(rich(...current));
  return pieces;
}

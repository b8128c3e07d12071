import { localPart } from '../../core/ids.ts';
import type { NativePoll } from '../../core/ports.ts';
import { sanitizeText, splitRichText, truncate, type Block, type Inline, type RichText } from '../../core/rich-text.ts';

/** Discord's limit for one message's content. */
export const DISCORD_MESSAGE_LIMIT = 2_000;

/**
 * Escapes member or template text for Discord markdown: every markdown character is
 * backslash-escaped, `<` cannot open a mention, channel or emoji tag, and @everyone /
 * @here are broken with a zero-width joiner, so they render as text even where
 * allowed_mentions would not stop them (e.g. when quoted by another bot).
 */
export function escapeDiscord(value: string): string {
  return (
    value
      .replace(/[\\*_~`|[\]<]/g, (c) => `\\${c}`)
      // Headings, quotes, lists and numbered lists only start a line.
      .replace(/^(\s*)([#>-])/gm, '$1\\$2')
      .replace(/^(\s*\d+)\./gm, '$1\\.')
      .replace(/@(everyone|here)/gi, '@\u2060$1')
  );
}

// Discord closes a fence at any three backticks: a zero-width space between two
// backticks keeps member text from ending the block early.
const fenced = (value: string) => `\`\`\`\n${value.replace(/`(?=`)/g, '`\u200b')}\n\`\`\``;

function inline(nodes: Inline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return escapeDiscord(node.text);
        case 'strong':
          return `**${inline(node.children)}**`;
        case 'emphasis':
          return `*${inline(node.children)}*`;
        case 'code':
          return node.text.includes('\n') ? fenced(node.text) : `\`${node.text.replace(/`/g, 'ˋ')}\``;
        case 'link':
          // The URL is shown whole (no masked-link disguise) unless the label is the URL itself.
          return node.label === node.url ? `<${node.url}>` : `${escapeDiscord(node.label)} (<${node.url}>)`;
        case 'mention':
          return `<@${localPart(node.member)}>`;
        case 'channel':
          return `<#${localPart(node.channel)}>`;
      }
    })
    .join('');
}

function block(b: Block): string {
  switch (b.type) {
    case 'paragraph':
      return inline(b.children);
    case 'list':
      return b.items.map((item) => `- ${inline(item)}`).join('\n');
    case 'code':
      return fenced(b.text);
  }
}

const markdown = (message: RichText): string => message.blocks.map(block).join('\n\n');

/**
 * Renders rich text as Discord markdown, split to the message limit. Each piece is
 * rendered from whole rich text, so code fences and emphasis close in every piece.
 */
export function renderDiscord(message: RichText, limit = DISCORD_MESSAGE_LIMIT): string[] {
  return splitRichText(message, (piece) => markdown(piece).length <= limit)
    .map(markdown)
    .filter((piece) => piece.length > 0);
}

// Discord counts poll lengths in UTF-16 units; a poll shows its text without markdown.
const pollText = (value: string, max: number) =>
  truncate(sanitizeText(value).replace(/@(everyone|here)/gi, '@\u2060$1'), max, { measure: (g) => g.length });

/** A native poll's payload, its text as inert as any message's and cut to Discord's lengths. */
export function discordPoll(poll: NativePoll, limits: { maxQuestionLength: number; maxAnswerLength: number }) {
  return {
    question: { text: pollText(poll.question, limits.maxQuestionLength) },
    answers: poll.answers.map((answer) => ({ text: pollText(answer, limits.maxAnswerLength) })),
    duration: poll.durationHours,
    allowMultiselect: poll.multipleChoice,
  };
}

/** Allowed mentions: nothing is parsed from the text; only the explicit mention nodes may ping. */
export function allowedMentions(mentioned: readonly string[]): {
  parse: [];
  users: string[];
  roles: [];
  repliedUser: false;
} {
  return { parse: [], users: mentioned.map(localPart).slice(0, 100), roles: [], repliedUser: false };
}

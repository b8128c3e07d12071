import { splitToLimit, type Inline, type RichText } from '../../core/rich-text.ts';
import { localPart } from '../../core/ids.ts';

/** Discord's limit for one message's content. */
export const DISCORD_MESSAGE_LIMIT = 2_000;

/**
 * Escapes member or template text for Discord markdown: every markdown character is
 * backslash-escaped, `<` cannot open a mention, channel or emoji tag, and @everyone /
 * @here are broken with a zero-width joiner, so they render as text even where
 * allowed_mentions would not stop them (e.g. when quoted by another bot).
 */
export function escapeDiscord(value: string): string {
  return value
    .replace(/[\\*_~`|[\]<]/g, (c) => `\\${c}`)
    // Headings, quotes, lists and numbered lists only start a line.
    .replace(/^(\s*)([#>-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\./gm, '$1\\.')
    .replace(/@(everyone|here)/gi, '@\u2060$1');
}

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
          return node.text.includes('\n') ? `\`\`\`\n${node.text.replace(/```/g, '`\u200b``')}\n\`\`\`` : `\`${node.text.replace(/`/g, 'ˋ')}\``;
        case 'link':
          // The URL is shown whole (no masked-link disguise) unless the label is the URL itself.
          return node.label === node.url ? `<${node.url}>` : `${escapeDiscord(node.label)} (<${node.url}>)`;
        case 'mention':
          return `<@${localPart(node.member)}>`;
      }
    })
    .join('');
}

/** Renders rich text as Discord markdown, split to the message limit. */
export function renderDiscord(message: RichText, limit = DISCORD_MESSAGE_LIMIT): string[] {
  const body = message.blocks
    .map((block) => (block.type === 'paragraph' ? inline(block.children) : block.items.map((item) => `- ${inline(item)}`).join('\n')))
    .join('\n\n');
  return splitToLimit(body, limit);
}

/** Allowed mentions: nothing is parsed from the text; only the explicit mention nodes may ping. */
export function allowedMentions(mentioned: readonly string[]): { parse: []; users: string[]; roles: []; repliedUser: false } {
  return { parse: [], users: mentioned.map(localPart).slice(0, 100), roles: [], repliedUser: false };
}

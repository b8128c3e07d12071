/**
 * The newsletter's pure rules: which addresses are accepted, the confirmation code, the
 * mail's two renderings and its unsubscribe headers.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Block, Inline, RichText } from '../../core/rich-text.ts';
import { toPlainText } from '../../core/rich-text.ts';

/** RFC 5321's limits: 254 characters in all, 64 before the @. */
const MAX_ADDRESS = 254;
const MAX_LOCAL_PART = 64;
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

export type AddressProblem = 'empty' | 'no-at' | 'too-long' | 'local-part' | 'domain';

/**
 * An address as stored: trimmed and lower-cased (nearly every provider ignores case, and
 * one person must be one row, mailed once), or why it cannot be mailed.
 */
export function normaliseAddress(
  typed: string,
): { ok: true; address: string } | { ok: false; problem: AddressProblem } {
  const trimmed = typed.trim().replace(/^<(.*)>$/, '$1');
  if (!trimmed) return { ok: false, problem: 'empty' };
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return { ok: false, problem: 'no-at' };
  if (trimmed.length > MAX_ADDRESS) return { ok: false, problem: 'too-long' };
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1).toLowerCase();
  if (local.length > MAX_LOCAL_PART || !LOCAL_PART.test(local)) return { ok: false, problem: 'local-part' };
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!))
    return { ok: false, problem: 'domain' };
  return { ok: true, address: `${local.toLowerCase()}@${domain}` };
}

/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;

/** A confirmation code to type back: 8 characters, about 40 bits, valid for a short while only. */
export function newCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** Codes are compared as typed, whatever the case and spaces. */
export const hashCode = (code: string): string =>
  createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');

/** The random key of an address's unsubscribe link. */
export const newUnsubscribeToken = (): string => randomBytes(18).toString('base64url');

/** The host part of the sender, for Message-IDs; `localhost` when the sender has none. */
export function senderDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1]?.toLowerCase() ?? 'localhost';
}

/** RFC 2369 and RFC 8058: the https link first, the mailbox when there is one, and one-click by POST. */
export function unsubscribeHeaders(url: string | undefined, mailto: string | undefined): Record<string, string> {
  const targets = [url ? `<${url}>` : undefined, mailto ? `<mailto:${mailto}?subject=unsubscribe>` : undefined].filter(
    Boolean,
  );
  if (targets.length === 0) return {};
  return {
    'List-Unsubscribe': targets.join(', '),
    ...(url ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
  };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe anywhere in HTML, attributes included. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

function inlineHtml(nodes: readonly Inline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return escapeHtml(node.text).replace(/\n/g, '<br>');
        case 'code':
          return `<code>${escapeHtml(node.text)}</code>`;
        case 'strong':
          return `<strong>${inlineHtml(node.children)}</strong>`;
        case 'emphasis':
          return `<em>${inlineHtml(node.children)}</em>`;
        case 'link':
          return `<a href="${escapeHtml(node.url)}">${escapeHtml(node.label)}</a>`;
        // A mail has no mentions: names are plain text.
        case 'mention':
          return escapeHtml(node.name);
        case 'channel':
          return `#${escapeHtml(node.name)}`;
      }
    })
    .join('');
}

const blockHtml = (block: Block): string => {
  switch (block.type) {
    case 'paragraph':
      return `<p>${inlineHtml(block.children)}</p>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</ul>`;
    case 'code':
      return `<pre>${escapeHtml(block.text)}</pre>`;
  }
};

/** A mail's HTML part: every text escaped, so nothing a member wrote can become markup. */
export function mailHtml(lang: string, title: string, body: RichText): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
${body.blocks.map(blockHtml).join('\n')}
</body></html>
`;
}

/** A mail's text part. */
export const mailText = (body: RichText): string => `${toPlainText(body)}\n`;

/** An issue's period, named by its local days: `2026-03-02..2026-03-09`. */
export const periodKey = (fromDay: string, toDay: string): string => `${fromDay}..${toDay}`;

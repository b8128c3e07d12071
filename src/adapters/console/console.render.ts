import { toPlainText, type RichText } from '../../core/rich-text.ts';

/**
 * Console rendering is plain text: nothing a member typed can change the terminal
 * (control characters are already stripped from text nodes by core).
 */
export function renderConsole(message: RichText): string {
  return toPlainText(message);
}

/** One bot line, clearly marked, with continuation lines indented under the first. */
export function botLine(target: string, body: string): string {
  const head = `foyer ▸ ${target} │ `;
  const pad = `${' '.repeat(Math.max(0, head.length - 2))}│ `;
  return body
    .split('\n')
    .map((line, i) => (i === 0 ? head : pad) + line)
    .join('\n');
}

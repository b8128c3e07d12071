import { BUILT_IN } from '../../src/features/catalogue.ts';

/** What a template is made of once its `{variables}` are taken out: the words Foyer itself wrote. */
const VARIABLE = /\{[a-zA-Z]\w*\}/;

/** Leading and trailing spaces and punctuation that say nothing about the language. */
const trimmed = (piece: string): string => piece.replace(/^[\s,.;:!?()[\]—–-]+|[\s,;:([—–-]+$/g, '');

/** Long enough to be a sentence of Foyer's rather than a name, a unit or a symbol. */
const isSentenceLike = (piece: string): boolean => piece.length >= 8 && piece.split(/\s+/).length >= 2;

export function templatePieces(templates: readonly string[]): string[] {
  const pieces = templates.flatMap((template) => template.split(VARIABLE).map(trimmed));
  return [...new Set(pieces)].filter(isSentenceLike);
}

/**
 * Pieces of Foyer's English messages that no French message contains: seeing one in
 * French output means some text escaped translation. Pieces both languages share (names,
 * URLs, commands, code) cannot tell the languages apart and are left out.
 */
export function englishFragments(catalogue: { en: object; fr: object } = BUILT_IN): string[] {
  const french = Object.values(catalogue.fr as Record<string, string>).join('\n');
  return templatePieces(Object.values(catalogue.en as Record<string, string>)).filter(
    (piece) => !french.includes(piece),
  );
}

export interface EnglishSighting {
  fragment: string;
  output: string;
}

/** Every English fragment found in the outputs, with the output it was found in. */
export function englishIn(outputs: readonly string[], fragments: readonly string[] = englishFragments()) {
  const sightings: EnglishSighting[] = [];
  for (const output of outputs) {
    // Intl separates numbers from units with no-break spaces; a fragment is written with plain ones.
    const spaced = output.replace(/[\u00A0\u202F]/g, ' ');
    for (const fragment of fragments) if (spaced.includes(fragment)) sightings.push({ fragment, output });
  }
  return sightings;
}

/**
 * What Foyer said in a console transcript: the bodies of its `foyer ▸ TARGET │ …` lines
 * and their continuation lines, without the target label the console adds, without the
 * echoed script lines (`» …`, the user's input) and the console's own notes (`· …`).
 */
export function foyerSaid(stdout: string): string[] {
  const said: string[] = [];
  for (const line of stdout.split('\n')) {
    const head = /^foyer ▸ .*? │ (.*)$/.exec(line);
    const continuation = /^ +│ (.*)$/.exec(line);
    if (head) said.push(head[1]!);
    else if (continuation && said.length > 0) said[said.length - 1] += `\n${continuation[1]!}`;
  }
  return said;
}

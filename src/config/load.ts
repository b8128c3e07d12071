import { closest, distance } from 'fastest-levenshtein';
import {
  isAlias,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  LineCounter,
  parseDocument,
  visit,
  type Alias,
  type Document,
  type Node,
} from 'yaml';
import type { z } from 'zod';
import { BUILT_IN } from '../features/catalogue.ts';
import { truncate } from '../core/rich-text.ts';
import { checkSemantics } from './semantics.ts';
import { configSchema, fieldKinds, type FieldKind, type FoyerConfig } from './schema.ts';

/** One configuration problem, located in the file. */
export interface ConfigError {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

export type PlatformKind = 'console' | 'discord' | 'matrix';

export interface LoadedConfig {
  file: string;
  config: FoyerConfig;
  platform: PlatformKind;
  /** Read from the environment only; never logged, never stored. */
  secrets: { discordToken?: string; matrixAccessToken?: string; matrixPassword?: string };
}

/** Formats an error as `file:line:col path: message`, the shape editors and CI logs link to. */
export const formatConfigError = (e: ConfigError): string =>
  `${e.file}:${e.line}:${e.column}${e.path ? ` ${e.path}` : ''}: ${e.message}`;

type Located = (path: readonly PropertyKey[], message: string, atKey?: boolean) => ConfigError;

/**
 * Parses and validates a YAML configuration. Every error names file, line and column;
 * nothing here opens the database or starts anything, so a bad file changes nothing.
 */
export function parseConfig(
  file: string,
  source: string,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; value: LoadedConfig } | { ok: false; errors: ConfigError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          file,
          line: pos.line,
          column: pos.col,
          path: '',
          message: `invalid YAML: ${e.message.split('\n')[0]}`,
        };
      }),
    };
  }
  const locate: Located = (path, message, atKey = false) => {
    const offset = offsetOf(doc, path, atKey);
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col, path: path.map(String).join('.'), message };
  };
  const read = readData(doc);
  if (!read.ok) {
    const pos = lineCounter.linePos(read.offset);
    return {
      ok: false,
      errors: [{ file, line: pos.line, column: pos.col, path: '', message: `invalid YAML: ${read.message}` }],
    };
  }
  const data = read.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, errors: [locate([], 'expected a mapping of settings at the top of the file')] };
  }
  const parsed = configSchema.safeParse(data);
  if (!parsed.success)
    return { ok: false, errors: parsed.error.issues.flatMap((issue) => explain(issue, doc, locate)) };

  const semantic = checkSemantics(parsed.data, env);
  if (semantic.errors.length > 0) {
    return { ok: false, errors: semantic.errors.map((e) => locate(e.path, e.message, e.atKey)) };
  }
  return { ok: true, value: { file, config: parsed.data, platform: semantic.platform, secrets: semantic.secrets } };
}

/** More values than this reached through aliases is an "alias bomb", not a configuration. */
const MAX_ALIAS_COUNT = 100;

type ReadResult = { ok: true; data: unknown } | { ok: false; offset: number; message: string };

/**
 * Turns the document into plain data. Aliases are checked first, because the YAML
 * library reports a bad alias by throwing, with no position.
 */
function readData(doc: Document): ReadResult {
  const aliases: Alias[] = [];
  const anchored = new Map<string, Node>();
  let problem: ReadResult | undefined;
  visit(doc, {
    Node(_key, node, path) {
      if (isAlias(node)) {
        aliases.push(node);
        problem ??= aliasProblem(node, anchored, path);
      } else if (node.anchor) anchored.set(node.anchor, node);
    },
  });
  if (problem) return problem;
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    const expanding =
      aliases.find((alias) =>
        aliases.some((inner) => inner !== alias && contains(anchored.get(alias.source), inner)),
      ) ?? aliases[0];
    const message = /alias count/i.test((error as Error).message)
      ? `too many aliases: the anchors (&) used with * expand to more than ${MAX_ALIAS_COUNT} values; write the values out instead`
      : (error as Error).message;
    return { ok: false, offset: expanding?.range?.[0] ?? 0, message };
  }
}

function aliasProblem(
  alias: Alias,
  anchored: ReadonlyMap<string, Node>,
  ancestors: readonly unknown[],
): ReadResult | undefined {
  const offset = alias.range?.[0] ?? 0;
  if (!anchored.has(alias.source))
    return {
      ok: false,
      offset,
      message: `the alias *${alias.source} is used before its anchor &${alias.source} is set (define the anchor first)`,
    };
  if (ancestors.some((a) => isNode(a) && (a as Node).anchor === alias.source))
    return {
      ok: false,
      offset,
      message: `the alias *${alias.source} is inside its own anchor &${alias.source}, so its value never ends`,
    };
  return undefined;
}

function contains(outer: Node | undefined, inner: Node): boolean {
  let found = false;
  if (outer && isCollection(outer))
    visit(outer, { Node: (_key, node) => (node === inner ? ((found = true), visit.BREAK) : undefined) });
  return found;
}

/** The source offset of the node at `path`, or of the nearest ancestor that exists. */
function offsetOf(doc: Document, path: readonly PropertyKey[], atKey: boolean): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    if (atKey || depth < path.length) {
      // Point at the key itself ("unknown key", "missing value"): more useful than its value.
      const parent = prefix.length === 0 ? doc.contents : doc.getIn(prefix.slice(0, -1), true);
      const last = prefix.at(-1);
      if (last !== undefined && isMap(parent)) {
        const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(last));
        if (pair && isNode(pair.key)) return (pair.key as Node).range?.[0] ?? 0;
      }
    }
    const node = prefix.length === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

/** A long word mixing capitals, small letters and digits: a token, a key or a password. */
const looksSecret = (value: string): boolean =>
  value.length >= 20 && !/\s/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value);

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    if (looksSecret(value)) return 'a value that looks like a secret (not shown)';
    return `"${truncate(value, 41)}"`;
  }
  if (typeof value === 'number' && Number.isNaN(value)) return '.nan';
  if (value === Infinity || value === -Infinity) return value > 0 ? '.inf' : '-.inf';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const ARTICLE: Record<string, string> = {
  string: 'a text (in quotes if it looks like a number)',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping of settings',
  record: 'a mapping',
  array: 'a list',
  enum: 'one of the listed values',
};

interface Expectation extends FieldKind {
  /** The allowed range of a number setting, e.g. "a whole number from 1 to 1000". */
  range?: string;
}

/** What the setting whose schema is `schema` expects, for any problem the validator found. */
function expectationOf(schema: z.ZodType | undefined): Expectation {
  for (let s = schema; s; s = unwrapOnce(s)) {
    const registered = fieldKinds.get(s);
    if (registered) return registered;
    const def = s._zod.def as { type: string };
    if (def.type === 'number') return { expected: ARTICLE['number']!, range: numberRange(s as z.ZodNumber) };
    if (!unwrapOnce(s)) return { expected: ARTICLE[def.type] ?? 'a different value' };
  }
  return { expected: 'a different value' };
}

function numberRange(schema: z.ZodNumber): string {
  const what = schema.isInt ? 'a whole number' : 'a number';
  const min = Number.isFinite(schema.minValue) ? schema.minValue : undefined;
  const max =
    Number.isFinite(schema.maxValue) && Math.abs(schema.maxValue!) < Number.MAX_SAFE_INTEGER
      ? schema.maxValue
      : undefined;
  if (min !== undefined && max !== undefined) return `${what} from ${min} to ${max}`;
  if (min !== undefined) return `${what} of at least ${min}`;
  if (max !== undefined) return `${what} of at most ${max}`;
  return what;
}

const plural = (n: number | bigint, one: string) => `${n} ${one}${Number(n) === 1 ? '' : 's'}`;

/** "expected a text of at most 100 characters, got 120 characters", for texts and lists. */
function sizeProblem(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, actual: unknown): string | undefined {
  const bound = issue.code === 'too_big' ? `at most ${issue.maximum}` : `at least ${issue.minimum}`;
  const limit = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
  if (issue.origin === 'string' && typeof actual === 'string')
    return `expected a text of ${bound} character${limit === 1 ? '' : 's'}, got ${actual.length === 0 ? 'an empty text' : plural(Array.from(actual).length, 'character')}`;
  if (issue.origin === 'array' && Array.isArray(actual))
    return `expected a list of ${bound} item${limit === 1 ? '' : 's'}, got ${actual.length === 0 ? 'an empty list' : plural(actual.length, 'item')}`;
  return undefined;
}

/**
 * One validator issue in the words of a community admin: what the setting expects and
 * what the file has. The validator's own wording never reaches the admin.
 */
function explain(issue: z.core.$ZodIssue, doc: Document, locate: Located): ConfigError[] {
  const path = issue.path;
  const found = doc.getIn(path as PropertyKey[]) as unknown;
  const actual = isNode(found) ? (found as Node).toJSON() : found;
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => unknownKey(path, key, locate));
  if (issue.code === 'custom') return [locate(path, issue.message)];
  if (issue.code === 'invalid_key') {
    const key = expectationOf(schemaAt(path.slice(0, -1), 'key'));
    return [locate(path, `expected ${key.expected}, got ${describeValue(path.at(-1))}`, true)];
  }
  if (issue.code === 'invalid_value')
    return [
      locate(
        path,
        `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(actual)}`,
      ),
    ];
  const want = expectationOf(schemaAt(path));
  if (actual === undefined) return [locate(path, `is required (expected ${want.expected})`, true)];
  if (want.secret) return [locate(path, `expected ${want.expected}`)];
  if (issue.code === 'too_big' || issue.code === 'too_small') {
    const size = sizeProblem(issue, actual);
    if (size) return [locate(path, size)];
  }
  if (want.range && typeof actual === 'number' && Number.isFinite(actual))
    return [locate(path, `expected ${want.range}, got ${describeValue(actual)}`)];
  const range = want.range && want.range !== want.expected ? `; use ${want.range}` : '';
  return [locate(path, `expected ${want.expected}, got ${describeValue(actual)}${range}`)];
}

function unknownKey(path: readonly PropertyKey[], key: string, locate: Located): ConfigError {
  const known = knownKeys(path);
  const suggestion = known.length > 0 ? closest(key, known) : undefined;
  const near = suggestion !== undefined && distance(key, suggestion) <= Math.max(2, Math.floor(key.length / 3));
  const secretHint = /token|password|secret/i.test(key)
    ? '; secrets are read from the environment, never from this file (use the *Env setting)'
    : '';
  return locate(
    [...path, key],
    `unknown key "${key}"${near ? ` (did you mean "${suggestion}"?)` : ''}${secretHint}`,
    true,
  );
}

type SchemaDef = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
};

/** The schema inside a wrapper (optional, default, a transform's input…), if `schema` is one. */
function unwrapOnce(schema: z.ZodType): z.ZodType | undefined {
  const def = schema._zod.def as SchemaDef;
  if (def.innerType) return def.innerType;
  if (def.type === 'pipe' && def.in) return def.in;
  return undefined;
}

function unwrapAll(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let inner = unwrapOnce(s); inner; inner = unwrapOnce(s)) s = inner;
  return s;
}

/** The schema of the setting at `path` (or of the keys of the mapping there), wrappers included. */
function schemaAt(path: readonly PropertyKey[], part: 'value' | 'key' = 'value'): z.ZodType | undefined {
  let schema: z.ZodType = configSchema;
  for (const segment of path) {
    const def = unwrapAll(schema)._zod.def as SchemaDef;
    const next =
      def.type === 'object'
        ? def.shape?.[String(segment)]
        : def.type === 'record'
          ? def.valueType
          : def.type === 'array'
            ? def.element
            : undefined;
    if (!next) return undefined;
    schema = next;
  }
  return part === 'key' ? (unwrapAll(schema)._zod.def as SchemaDef).keyType : schema;
}

/** The valid keys of the mapping at `path`, for "did you mean" suggestions. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  if (path[0] === 'templates' && path.length === 2) return Object.keys(BUILT_IN.en);
  const schema = schemaAt(path);
  const def = schema ? (unwrapAll(schema)._zod.def as SchemaDef) : undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

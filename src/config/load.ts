import { closest, distance } from 'fastest-levenshtein';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { BUILT_IN } from '../core/i18n/translator.ts';
import { checkSemantics } from './semantics.ts';
import { configSchema, type FoyerConfig } from './schema.ts';

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
export function parseConfig(file: string, source: string, env: Readonly<Record<string, string | undefined>>):
  { ok: true; value: LoadedConfig } | { ok: false; errors: ConfigError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '', message: `invalid YAML: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  const locate: Located = (path, message, atKey = false) => {
    const offset = offsetOf(doc, path, atKey);
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col, path: path.map(String).join('.'), message };
  };
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, errors: [locate([], 'expected a mapping of settings at the top of the file')] };
  }
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.flatMap((issue) => explain(issue, doc, locate)) };

  const semantic = checkSemantics(parsed.data, env);
  if (semantic.errors.length > 0) {
    return { ok: false, errors: semantic.errors.map((e) => locate(e.path, e.message, e.atKey)) };
  }
  return { ok: true, value: { file, config: parsed.data, platform: semantic.platform, secrets: semantic.secrets } };
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

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const ARTICLE: Record<string, string> = {
  string: 'a text', number: 'a number', boolean: 'true or false', object: 'a mapping', array: 'a list', int: 'a whole number',
};

function explain(issue: z.core.$ZodIssue, doc: Document, locate: Located): ConfigError[] {
  const path = issue.path;
  const found = doc.getIn(path as PropertyKey[]) as unknown;
  const actual = isNode(found) ? (found as Node).toJSON() : found;
  switch (issue.code) {
    case 'invalid_type':
      if (actual === undefined) return [locate(path, `is required (expected ${ARTICLE[issue.expected] ?? issue.expected})`, true)];
      return [locate(path, `expected ${ARTICLE[issue.expected] ?? issue.expected}, got ${describeValue(actual)}`)];
    case 'invalid_value':
      return [locate(path, `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(actual)}`)];
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = knownKeys(path);
        const suggestion = known.length > 0 ? closest(key, known) : undefined;
        const near = suggestion !== undefined && distance(key, suggestion) <= Math.max(2, Math.floor(key.length / 3));
        const secretHint = /token|password|secret/i.test(key) ? '; secrets are read from the environment, never from this file (use the *Env setting)' : '';
        return locate([...path, key], `unknown key "${key}"${near ? ` (did you mean "${suggestion}"?)` : ''}${secretHint}`, true);
      });
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
    case 'custom':
    default:
      return [locate(path, `${issue.message}${actual !== undefined && issue.code !== 'custom' ? ` (got ${describeValue(actual)})` : ''}`)];
  }
}

/** The valid keys of the mapping at `path`, for "did you mean" suggestions. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  if (path[0] === 'templates' && path.length === 2) return Object.keys(BUILT_IN.en);
  let schema: z.ZodType = configSchema;
  for (const segment of [...path, null]) {
    for (;;) {
      const def = schema._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType; valueType?: z.ZodType; shape?: Record<string, z.ZodType> };
      if (def.innerType) schema = def.innerType;
      else if (def.type === 'pipe' && def.in) schema = def.in;
      else break;
    }
    const def = schema._zod.def as { type: string; shape?: Record<string, z.ZodType>; valueType?: z.ZodType };
    if (segment === null) return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
    if (def.type === 'object' && def.shape?.[String(segment)]) schema = def.shape[String(segment)]!;
    else if (def.type === 'record' && def.valueType) schema = def.valueType;
    else return [];
  }
  return [];
}

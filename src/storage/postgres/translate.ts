/**
 * Foyer's stores are written once, in the SQL that SQLite and drizzle's SQLite dialect
 * speak. On PostgreSQL the same statements run after this translation, so both databases
 * share one implementation of every store (and one contract suite proves it). It is a
 * translation of the subset Foyer uses, not of SQLite in general:
 *
 * - parameters: `?` and named `@name` / `:name` / `$name` become `$1…$n`;
 * - `INSERT OR IGNORE` becomes `INSERT … ON CONFLICT DO NOTHING`;
 * - `CAST(x AS INTEGER)` / `AS REAL` become `BIGINT` / `DOUBLE PRECISION` (Foyer's integers
 *   are 64-bit: milliseconds since 1970 do not fit PostgreSQL's INTEGER);
 * - functions: scalar `max(a, b)` / `min(a, b)` → `GREATEST` / `LEAST`, `ifnull` →
 *   `coalesce`, `instr` → `strpos`, `json_each(x)` → `json_array_elements_text(x::json)`
 *   (its column is also called `value`), `json_quote(x)` → `to_json(x::text)::text`,
 *   `date(day, '+3 days')` → `to_char(day::date + '+3 days'::interval, 'YYYY-MM-DD')`,
 *   `unixepoch()` → whole seconds since 1970 from `now()`;
 * - camelCase aliases (`AS firstAt`) are quoted, since PostgreSQL folds unquoted names
 *   to lower case and rows are read by those names;
 * - a conflict target's columns lose their table (`ON CONFLICT ("t"."a")` → `("a")`);
 * - `BEGIN IMMEDIATE` / `DEFERRED` / `EXCLUSIVE` become `BEGIN`.
 *
 * Anything else SQLite-only (date arithmetic, `PRAGMA`, `sqlite_schema`) is written per
 * dialect in the store that needs it; `sqlDialect(db)` tells which.
 */

export interface TranslatedSql {
  readonly text: string;
  /** How the caller's arguments map to `$1…$n`. */
  readonly params:
    | { readonly kind: 'positional'; readonly count: number }
    | { readonly kind: 'named'; readonly names: readonly string[] };
}

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'param'; name: string | undefined }
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'comma' }
  | { kind: 'other'; text: string };

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let other = '';
  const flush = () => {
    if (other) tokens.push({ kind: 'other', text: other });
    other = '';
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      // A quoted string or identifier, with doubled quotes inside; backticks are SQLite's
      // identifier quotes, PostgreSQL's are double quotes.
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      const body = sql.slice(i, j + 1);
      other += c === '`' ? `"${body.slice(1, -1).replaceAll('``', '`').replaceAll('"', '""')}"` : body;
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c === '?') {
      flush();
      let j = i + 1;
      while (j < sql.length && sql[j]! >= '0' && sql[j]! <= '9') j++;
      if (j > i + 1) throw new Error(`numbered parameters (${sql.slice(i, j)}) are not supported`);
      tokens.push({ kind: 'param', name: undefined });
      i = j;
    } else if ((c === '@' || c === ':' || c === '$') && /[A-Za-z_]/.test(sql[i + 1] ?? '') && sql[i - 1] !== ':') {
      flush();
      WORD.lastIndex = i + 1;
      const name = WORD.exec(sql)![0];
      tokens.push({ kind: 'param', name });
      i += 1 + name.length;
    } else if (/[A-Za-z_]/.test(c)) {
      flush();
      WORD.lastIndex = i;
      const word = WORD.exec(sql)![0];
      tokens.push({ kind: 'word', text: word });
      i += word.length;
    } else if (c === '(') {
      flush();
      tokens.push({ kind: 'open' });
      i++;
    } else if (c === ')') {
      flush();
      tokens.push({ kind: 'close' });
      i++;
    } else if (c === ',') {
      flush();
      tokens.push({ kind: 'comma' });
      i++;
    } else {
      other += c;
      i++;
    }
  }
  flush();
  return tokens;
}

/** The index of the `close` token matching the `open` token at `open`. */
function matching(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close' && --depth === 0) return i;
  }
  throw new Error('unbalanced parentheses in SQL');
}

const hasTopLevelComma = (tokens: readonly Token[], open: number, close: number): boolean => {
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i]!;
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    else if (t.kind === 'comma' && depth === 0) return true;
  }
  return false;
};

/** The index of the first token from `from` that is not blank. */
const significant = (tokens: readonly Token[], from: number): number => {
  let i = from;
  while (tokens[i]?.kind === 'other' && (tokens[i] as { text: string }).text.trim() === '') i++;
  return i;
};

/** The tokens of each top-level argument between the parentheses at `open` and `close`. */
function splitArguments(tokens: readonly Token[], open: number, close: number): Token[][] {
  const args: Token[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i]!;
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    if (t.kind === 'comma' && depth === 0) args.push([]);
    else args.at(-1)!.push(t);
  }
  return args.length === 1 && args[0]!.length === 0 ? [] : args;
}

const RENAMED: Readonly<Record<string, string>> = { ifnull: 'coalesce', instr: 'strpos' };
const TYPES: Readonly<Record<string, string>> = { integer: 'BIGINT', real: 'DOUBLE PRECISION' };

function rewrite(tokens: Token[]): Token[] {
  const out: Token[] = [];
  let insertOrIgnore = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (t.kind !== 'word') {
      out.push(t);
      continue;
    }
    const lower = t.text.toLowerCase();
    const prev = out.findLast((p) => !(p.kind === 'other' && p.text.trim() === ''));
    const prevWord = prev?.kind === 'word' ? prev.text.toLowerCase() : undefined;
    if (lower === 'or' && prevWord === 'insert' && tokens[i + 2]?.kind === 'word') {
      const what = (tokens[i + 2] as { text: string }).text.toLowerCase();
      if (what === 'ignore') {
        insertOrIgnore = true;
        i += 2; // drop "OR IGNORE" (the space after INSERT is kept)
        continue;
      }
      throw new Error(`INSERT OR ${what.toUpperCase()} has no PostgreSQL translation`);
    }
    if (prevWord === 'begin' && ['immediate', 'deferred', 'exclusive'].includes(lower)) continue;
    const ahead = significant(tokens, i + 1);
    if (lower === 'conflict' && prevWord === 'on' && tokens[ahead]?.kind === 'open') {
      // drizzle names the target's columns with their table; PostgreSQL wants them bare.
      const close = matching(tokens, ahead);
      out.push(t);
      for (const inner of tokens.slice(i + 1, close + 1))
        out.push(inner.kind === 'other' ? { kind: 'other', text: inner.text.replace(/"(?:[^"]|"")+"\./g, '') } : inner);
      i = close;
      continue;
    }
    if (prevWord === 'as' && TYPES[lower] && next?.kind === 'close') {
      out.push({ kind: 'word', text: TYPES[lower] });
      continue;
    }
    if (prevWord === 'as' && /[a-z]/.test(t.text) && /[A-Z]/.test(t.text)) {
      out.push({ kind: 'word', text: `"${t.text}"` });
      continue;
    }
    if (next?.kind === 'open') {
      if (RENAMED[lower]) {
        out.push({ kind: 'word', text: RENAMED[lower] });
        continue;
      }
      if (lower === 'unixepoch' && tokens[i + 2]?.kind === 'close') {
        // SQLite's unixepoch(): whole seconds since 1970 (a column default drizzle writes out).
        out.push({ kind: 'other', text: 'CAST(floor(extract(epoch FROM now())) AS BIGINT)' });
        i += 2;
        continue;
      }
      if (lower === 'max' || lower === 'min') {
        const close = matching(tokens, i + 1);
        out.push({
          kind: 'word',
          text: hasTopLevelComma(tokens, i + 1, close) ? (lower === 'max' ? 'GREATEST' : 'LEAST') : t.text,
        });
        continue;
      }
      if (lower === 'date' && prevWord !== 'as') {
        // SQLite's date(day[, modifier]) on 'YYYY-MM-DD' text, with modifiers like '+3 days'.
        const close = matching(tokens, i + 1);
        const [day, modifier, ...rest] = splitArguments(tokens, i + 1, close).map(rewrite);
        if (!day || rest.length) throw new Error('date() takes a day and at most one modifier here');
        const word = (text: string): Token => ({ kind: 'word', text });
        out.push(
          word('to_char'),
          { kind: 'open' },
          word('CAST'),
          { kind: 'open' },
          ...day,
          { kind: 'other', text: ' AS ' },
          word('date'),
          { kind: 'close' },
        );
        if (modifier)
          out.push(
            { kind: 'other', text: ' + ' },
            word('CAST'),
            { kind: 'open' },
            ...modifier,
            { kind: 'other', text: ' AS ' },
            word('interval'),
            { kind: 'close' },
          );
        out.push({ kind: 'comma' }, { kind: 'other', text: " 'YYYY-MM-DD'" }, { kind: 'close' });
        i = close;
        continue;
      }
      if (lower === 'json_each' || lower === 'json_quote') {
        const close = matching(tokens, i + 1);
        const inner = rewrite(tokens.slice(i + 2, close));
        if (lower === 'json_each') {
          out.push(
            { kind: 'word', text: 'json_array_elements_text' },
            { kind: 'open' },
            { kind: 'word', text: 'CAST' },
            { kind: 'open' },
          );
          out.push(
            ...inner,
            { kind: 'other', text: ' AS ' },
            { kind: 'word', text: 'json' },
            { kind: 'close' },
            { kind: 'close' },
          );
        } else {
          out.push(
            { kind: 'word', text: 'CAST' },
            { kind: 'open' },
            { kind: 'word', text: 'to_json' },
            { kind: 'open' },
          );
          out.push({ kind: 'word', text: 'CAST' }, { kind: 'open' }, ...inner, { kind: 'other', text: ' AS ' });
          out.push(
            { kind: 'word', text: 'text' },
            { kind: 'close' },
            { kind: 'close' },
            { kind: 'other', text: ' AS ' },
          );
          out.push({ kind: 'word', text: 'text' }, { kind: 'close' });
        }
        i = close;
        continue;
      }
    }
    out.push(t);
  }
  if (insertOrIgnore) {
    // Before a top-level RETURNING, else at the end (a trailing `;` stays last).
    let depth = 0;
    let at = out.length;
    for (let i = 0; i < out.length; i++) {
      const t = out[i]!;
      if (t.kind === 'open') depth++;
      else if (t.kind === 'close') depth--;
      else if (depth === 0 && t.kind === 'word' && t.text.toLowerCase() === 'returning') {
        at = i;
        break;
      }
    }
    while (
      at === out.length &&
      at > 0 &&
      out[at - 1]!.kind === 'other' &&
      /^[\s;]*$/.test((out[at - 1] as { text: string }).text)
    )
      at--;
    out.splice(at, 0, { kind: 'other', text: ' ON CONFLICT DO NOTHING ' });
  }
  return out;
}

const cache = new Map<string, TranslatedSql>();

/** Translates one statement (or, without parameters, a script of several). Cached by text. */
export function toPostgres(sql: string): TranslatedSql {
  const cached = cache.get(sql);
  if (cached) return cached;
  const tokens = rewrite(tokenize(sql));
  let text = '';
  let positional = 0;
  const names: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'param') {
      if (t.name === undefined) {
        if (names.length) throw new Error('a statement mixes ? and named parameters');
        text += `$${++positional}`;
      } else {
        if (positional) throw new Error('a statement mixes ? and named parameters');
        let index = names.indexOf(t.name);
        if (index === -1) index = names.push(t.name) - 1;
        text += `$${index + 1}`;
      }
    } else if (t.kind === 'word' || t.kind === 'other') text += t.text;
    else text += t.kind === 'open' ? '(' : t.kind === 'close' ? ')' : ',';
  }
  const translated: TranslatedSql = {
    text,
    params: names.length ? { kind: 'named', names } : { kind: 'positional', count: positional },
  };
  if (cache.size < 10_000) cache.set(sql, translated);
  return translated;
}

/** The values for `$1…$n`, from better-sqlite3-style arguments (values, or one object of named ones). */
export function bindValues(translated: TranslatedSql, args: readonly unknown[]): unknown[] {
  const { params } = translated;
  if (params.kind === 'positional') {
    const flat = args.flat();
    if (flat.length !== params.count) throw new Error(`expected ${params.count} parameters, got ${flat.length}`);
    return flat.map(toParameter);
  }
  const named = args[0];
  if (args.length !== 1 || typeof named !== 'object' || named === null)
    throw new Error('expected one object of named parameters');
  return params.names.map((name) => {
    if (!(name in named)) throw new Error(`missing named parameter ${name}`);
    return toParameter((named as Record<string, unknown>)[name]);
  });
}

/** What SQLite would have stored: booleans are 0 and 1, bigints their digits. */
function toParameter(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return value.toString();
  return value ?? null;
}

import { describe, expect, it } from 'vitest';
import { bindValues, toPostgres } from '../../../src/storage/postgres/translate.ts';

// Spaces are left where dropped words were; only the words matter here.
const text = (sql: string) => toPostgres(sql).text.replace(/\s+/g, ' ').trim();

describe('SQLite SQL as PostgreSQL speaks it', () => {
  it('numbers positional parameters, but not a ? inside a string literal', () => {
    const t = toPostgres("SELECT * FROM t WHERE a = ? AND b = '?' AND c IN (?, ?)");
    expect(t.text).toBe("SELECT * FROM t WHERE a = $1 AND b = '?' AND c IN ($2, $3)");
    expect(bindValues(t, [1, 2, 3])).toEqual([1, 2, 3]);
  });

  it('maps named parameters to one number each, however often they appear', () => {
    const t = toPostgres('SELECT * FROM t WHERE a = @community AND b > @from AND c = @community');
    expect(t.text).toBe('SELECT * FROM t WHERE a = $1 AND b > $2 AND c = $1');
    expect(bindValues(t, [{ community: 'c', from: 5 }])).toEqual(['c', 5]);
  });

  it('turns INSERT OR IGNORE into ON CONFLICT DO NOTHING, and refuses OR REPLACE', () => {
    expect(text('INSERT OR IGNORE INTO t (a) VALUES (?)')).toBe('INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING');
    expect(() => toPostgres('INSERT OR REPLACE INTO t (a) VALUES (?)')).toThrow(/OR REPLACE/);
  });

  it('gives 64-bit integers and doubles for CAST, and leaves a column called integer alone', () => {
    expect(text('SELECT CAST(x AS INTEGER), CAST(y AS REAL) FROM t')).toBe(
      'SELECT CAST(x AS BIGINT), CAST(y AS DOUBLE PRECISION) FROM t',
    );
  });

  it('turns scalar max/min into GREATEST/LEAST but keeps the aggregates', () => {
    expect(text('SELECT max(a, b), min(c, 0), max(d) FROM t')).toBe(
      'SELECT GREATEST(a, b), LEAST(c, 0), max(d) FROM t',
    );
  });

  it('renames ifnull and instr, and writes unixepoch() with now()', () => {
    expect(text('SELECT ifnull(a, 0), instr(b, ?) FROM t')).toBe('SELECT coalesce(a, 0), strpos(b, $1) FROM t');
    expect(text('INSERT INTO t (a) VALUES (unixepoch())')).toBe(
      'INSERT INTO t (a) VALUES (CAST(floor(extract(epoch FROM now())) AS BIGINT))',
    );
  });

  it('does day arithmetic on YYYY-MM-DD text as SQLite date() does', () => {
    expect(text("SELECT date(day, '+7 days') FROM t")).toMatch(/^SELECT to_char\(.*'YYYY-MM-DD'\) FROM t$/);
    expect(() => toPostgres("SELECT date(day, '+1 day', 'start of month') FROM t")).toThrow(/modifier/);
  });

  it('quotes camelCase aliases, so rows come back under the names the store reads', () => {
    expect(text('SELECT min(at) AS firstAt, count(*) AS n FROM t')).toBe(
      'SELECT min(at) AS "firstAt", count(*) AS n FROM t',
    );
  });

  it('drops the table from a conflict target, as PostgreSQL wants', () => {
    expect(text('INSERT INTO "t" ("a") VALUES (?) ON CONFLICT ("t"."a") DO NOTHING')).toBe(
      'INSERT INTO "t" ("a") VALUES ($1) ON CONFLICT ("a") DO NOTHING',
    );
  });

  it('reads json_each as a set of text values called value', () => {
    expect(text('SELECT value FROM json_each(?)')).toMatch(/json_array_elements_text\(CAST\(\$1 AS json\)\)/);
  });

  it('starts every kind of SQLite transaction as a plain BEGIN', () => {
    expect(text('BEGIN IMMEDIATE')).toBe('BEGIN');
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellValue, csvCell, jsonValue } from '../../../src/storage/portability/cells.ts';
import { CsvError, CsvReader, csvText, undefuse } from '../../../src/storage/portability/csv.ts';
import { tempFolder } from './community.ts';

const work = tempFolder('csv');
afterAll(() => work.dispose());
let n = 0;

function readAll(content: string): (string | null)[][] {
  const file = join(work.path, `f${++n}.csv`);
  writeFileSync(file, content);
  const reader = new CsvReader(file);
  const out: (string | null)[][] = [];
  try {
    for (let r = reader.next(); r; r = reader.next()) out.push(r);
  } finally {
    reader.close();
  }
  return out;
}

function errorOf(content: string): CsvError {
  try {
    readAll(content);
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error('no CsvError');
}

describe('CSV cells', () => {
  it.each(['=1+1', '+1', '-1', '@here', '\tx', '\rx', "'x", "''", 'plain', '', ' =not first'])(
    'text %j survives writing and reading, and starts with no formula character',
    (value) => {
      const row = readAll(`${csvText(value)}\r\n`)[0]![0]!;
      expect(row).not.toMatch(/^[=+\-@\t\r]/);
      expect(undefuse(row)).toBe(value);
    },
  );

  it('writes NULL as an empty field and an empty string as ""', () => {
    expect(csvCell(null, 'text')).toBe('');
    expect(csvCell('', 'text')).toBe('""');
    expect(readAll(',"",x\r\n')).toEqual([[null, '', 'x']]);
    expect(cellValue(null, 'text')).toBeNull();
    expect(cellValue('', 'text')).toBe('');
  });

  it('keeps integers beyond 2^53 and doubles exactly', () => {
    const big = 2n ** 62n + 1n;
    expect(cellValue(csvCell(big, 'integer'), 'integer')).toBe(big);
    expect(jsonValue(big, 'integer')).toBe('4611686018427387905');
    expect(cellValue(csvCell(0.1 + 0.2, 'real'), 'real')).toBe(0.1 + 0.2);
    expect(cellValue(csvCell(-1e-300, 'real'), 'real')).toBe(-1e-300);
    expect(cellValue(csvCell(Buffer.from([0, 255, 62]), 'blob'), 'blob')).toEqual(Buffer.from([0, 255, 62]));
  });

  it('refuses a value the column kind cannot carry back', () => {
    expect(() => csvCell('soon', 'integer')).toThrow('a string value in a column of integer values');
    expect(() => cellValue('soon', 'integer')).toThrow('"soon" is not a number');
    expect(() => csvCell(Number.POSITIVE_INFINITY, 'real')).toThrow('not a finite number');
  });
});

describe('CsvReader', () => {
  it('reads quoted fields with commas, quotes and line breaks, and counts lines', () => {
    const file = join(work.path, 'lines.csv');
    writeFileSync(file, 'a,b\r\n"x, ""y""","1\r\n2\n3"\r\nlast,\r\n');
    const reader = new CsvReader(file);
    expect(reader.next()).toEqual(['a', 'b']);
    expect(reader.line).toBe(2);
    expect(reader.next()).toEqual(['x, "y"', '1\r\n2\n3']);
    expect(reader.line).toBe(5);
    expect(reader.next()).toEqual(['last', null]);
    expect(reader.next()).toBeUndefined();
    reader.close();
  });

  it('reads records that cross the megabyte chunks it reads, in the middle of a quote or a character', () => {
    const long = `${'é"\r\n'.repeat(300_000)}🎉`;
    const rows = readAll(`${csvText(long)},${'x'.repeat(1_048_570)}\r\nnext,"🎉"\r\n`);
    expect(rows).toEqual([
      [long, 'x'.repeat(1_048_570)],
      ['next', '🎉'],
    ]);
  });

  it('refuses a file that ends in the middle of a row, with its line', () => {
    const error = errorOf('a,b\r\n1,2\r\n"unfinished\r\nmore');
    expect(error.line).toBe(3);
    expect(error.message).toBe('the file ends in the middle of a row (truncated?)');
    expect(errorOf('a,b\r\n1,2').message).toBe('the file ends in the middle of a row (truncated?)');
  });

  it('refuses a stray quote or text after a quoted field, with its line', () => {
    expect(errorOf('a\r\nb"c\r\n')).toMatchObject({
      line: 2,
      message: 'a quote inside an unquoted field (the field must be quoted)',
    });
    expect(errorOf('"a"b\r\n')).toMatchObject({ line: 1, message: 'unexpected "b" after a quoted field' });
  });
});

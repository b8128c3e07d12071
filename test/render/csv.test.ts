import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/render/csv.ts';

describe('CSV', () => {
  it('writes a header of translated names, then the rows, with CRLF line ends', () => {
    const csv = toCsv(
      ['day', 'joins'],
      [
        { day: '2030-03-04', joins: 3 },
        { day: '2030-03-05', joins: 0 },
      ],
      {
        day: 'Jour',
        joins: 'Arrivées',
      },
    );
    expect(csv).toBe('Jour,Arrivées\r\n2030-03-04,3\r\n2030-03-05,0\r\n');
  });

  it('quotes commas, quotes and line breaks, and leaves missing figures empty', () => {
    const csv = toCsv(['a', 'b', 'c'], [{ a: 'x, "y"', b: undefined, c: 'two\nlines' }]);
    expect(csv).toBe('a,b,c\r\n"x, ""y""",,"two\nlines"\r\n');
  });

  it('makes a cell a spreadsheet would run as a formula inert, but keeps negative numbers', () => {
    const csv = toCsv(['text', 'n'], [{ text: '=HYPERLINK("x")', n: -3 }]);
    expect(csv).toBe('text,n\r\n"\'=HYPERLINK(""x"")",-3\r\n');
  });

  it('writes a number that is not finite as an empty cell', () => {
    expect(toCsv(['n'], [{ n: Number.NaN }])).toBe('n\r\n\r\n');
  });
});

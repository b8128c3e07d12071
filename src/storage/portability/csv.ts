/**
 * CSV as RFC 4180 says (CRLF after every record, fields quoted when they hold a quote,
 * a comma or a line break), plus two rules of Foyer's, which the reader undoes exactly:
 *  - NULL is an empty unquoted field; an empty string is `""`.
 *  - A text cell starting with = + - @ tab, CR or ' gets a leading ' so a spreadsheet
 *    shows it as text instead of running it as a formula; the reader drops that one '.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r']/;
export const DEFUSE_PREFIX = "'";

export function csvField(value: string): string {
  return value === '' || NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A text cell, made inert for spreadsheets. */
export const csvText = (value: string): string => csvField(FORMULA_START.test(value) ? DEFUSE_PREFIX + value : value);

/** Undoes `csvText`'s prefix: every text cell the exporter writes with a leading ' got it from csvText. */
export const undefuse = (cell: string): string => (cell.startsWith(DEFUSE_PREFIX) ? cell.slice(1) : cell);

export class CsvError extends Error {
  readonly line: number;
  // Plain fields, no parameter properties: Node's type stripping runs this file in `npm start`.
  constructor(line: number, reason: string) {
    super(reason);
    this.line = line;
  }
}

const CHUNK = 1 << 20;
const DELIMITER = /[,\r\n"]/g;

type Parsed = { fields: (string | null)[]; end: number; lineBreaks: number } | 'more';

/**
 * Reads a CSV file record by record, a megabyte at a time, so a file of millions of rows
 * never sits in memory. A field is a string, or null for an empty unquoted field.
 */
export class CsvReader {
  readonly #fd: number;
  readonly #decoder = new StringDecoder('utf8');
  readonly #chunk = Buffer.allocUnsafe(CHUNK);
  #buffer = '';
  #pos = 0;
  #eof = false;
  /** The line the next record starts on, 1-based. */
  line = 1;

  constructor(path: string) {
    this.#fd = openSync(path, 'r');
  }

  /** The next record, or undefined at the end of the file. */
  next(): (string | null)[] | undefined {
    for (;;) {
      if (this.#pos >= this.#buffer.length && this.#eof) return undefined;
      const parsed = this.#eof || this.#pos < this.#buffer.length ? this.#parse() : 'more';
      if (parsed !== 'more') {
        this.#pos = parsed.end;
        this.line += 1 + parsed.lineBreaks;
        return parsed.fields;
      }
      if (this.#eof) throw new CsvError(this.line, 'the file ends in the middle of a row (truncated?)');
      this.#fill();
    }
  }

  close(): void {
    closeSync(this.#fd);
  }

  #fill(): void {
    const read = readSync(this.#fd, this.#chunk, 0, CHUNK, null);
    const text = read === 0 ? this.#decoder.end() : this.#decoder.write(this.#chunk.subarray(0, read));
    if (read === 0) this.#eof = true;
    this.#buffer = this.#buffer.slice(this.#pos) + text;
    this.#pos = 0;
  }

  /** One record from #pos, or 'more' when the buffer ends before it does. */
  #parse(): Parsed {
    const buf = this.#buffer;
    const fields: (string | null)[] = [];
    let i = this.#pos;
    let lineBreaks = 0;
    for (;;) {
      if (i >= buf.length) return 'more';
      if (buf.charCodeAt(i) === 34 /* " */) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const quote = buf.indexOf('"', from);
          if (quote < 0 || quote + 1 >= buf.length) return 'more';
          value += buf.slice(from, quote);
          if (buf.charCodeAt(quote + 1) !== 34) {
            i = quote + 1;
            break;
          }
          value += '"';
          from = quote + 2;
        }
        for (let n = value.indexOf('\n'); n >= 0; n = value.indexOf('\n', n + 1)) lineBreaks++;
        fields.push(value);
      } else {
        DELIMITER.lastIndex = i;
        const found = DELIMITER.exec(buf);
        if (!found) return 'more';
        if (found[0] === '"')
          throw new CsvError(this.line + lineBreaks, 'a quote inside an unquoted field (the field must be quoted)');
        fields.push(found.index === i ? null : buf.slice(i, found.index));
        i = found.index;
      }
      const c = buf[i];
      if (c === ',') {
        i++;
        continue;
      }
      if (c === '\n') return { fields, end: i + 1, lineBreaks };
      if (c === '\r') {
        if (i + 1 >= buf.length) return 'more';
        if (buf[i + 1] !== '\n')
          throw new CsvError(this.line + lineBreaks, 'a carriage return outside quotes without a line feed');
        return { fields, end: i + 2, lineBreaks };
      }
      if (c === undefined) return 'more';
      throw new CsvError(this.line + lineBreaks, `unexpected ${JSON.stringify(c)} after a quoted field`);
    }
  }
}

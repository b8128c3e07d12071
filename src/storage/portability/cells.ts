/**
 * One SQLite value as a CSV cell and as a JSON value, and a CSV cell back to the value,
 * by the column's kind. Integers are read as BigInt, so no id or timestamp loses digits.
 */
import { csvText, undefuse } from './csv.ts';
import type { ColumnKind } from './format.ts';

export type SqlValue = bigint | number | string | Buffer | null;

export class CellError extends Error {}

function numberText(value: bigint | number): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isFinite(value)) throw new CellError(`${value} cannot be exported (not a finite number)`);
  // String() is the shortest text that reads back as the same double.
  return String(value);
}

const isNumber = (value: SqlValue): value is bigint | number => typeof value === 'bigint' || typeof value === 'number';

/** Refuses a value SQLite's dynamic typing let in but the column's kind cannot carry back exactly. */
function checked(value: SqlValue, kind: ColumnKind): SqlValue {
  if (value === null) return value;
  const fits = kind === 'text' ? typeof value === 'string' : kind === 'blob' ? Buffer.isBuffer(value) : isNumber(value);
  if (!fits) throw new CellError(`a ${typeof value} value in a column of ${kind} values`);
  return value;
}

export function csvCell(raw: SqlValue, kind: ColumnKind): string {
  const value = checked(raw, kind);
  if (value === null) return '';
  if (isNumber(value)) return numberText(value);
  return csvText(typeof value === 'string' ? value : value.toString('base64'));
}

export function jsonValue(raw: SqlValue, kind: ColumnKind): string {
  const value = checked(raw, kind);
  if (value === null) return 'null';
  if (isNumber(value)) return numberText(value);
  return JSON.stringify(typeof value === 'string' ? value : value.toString('base64'));
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A CSV cell back to the value it was written from; throws CellError when it cannot be one. */
export function cellValue(cell: string | null, kind: ColumnKind): SqlValue {
  if (cell === null) return null;
  if (kind === 'text') return undefuse(cell);
  if (kind === 'blob') {
    const base64 = undefuse(cell);
    if (!BASE64.test(base64)) throw new CellError(`"${shorten(cell)}" is not base64`);
    return Buffer.from(base64, 'base64');
  }
  // Up to 15 digits a double holds the integer exactly, and binds faster than a BigInt.
  if (INTEGER.test(cell)) return cell.length <= 15 ? Number(cell) : BigInt(cell);
  if (DECIMAL.test(cell)) return Number(cell);
  throw new CellError(`"${shorten(cell)}" is not a number`);
}

const shorten = (cell: string): string => (cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);

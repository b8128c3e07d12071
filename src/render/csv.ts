/**
 * CSV (RFC 4180) of a chart's data, so a moderator can take the figures into a
 * spreadsheet. Cells that a spreadsheet would run as a formula are made inert.
 */

export type CsvCell = string | number | undefined;

/** Leading characters that make Excel, LibreOffice and Sheets evaluate a cell. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: CsvCell): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const inert = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert;
}

/**
 * The header line (each column's header, in the reader's language, or its name), then one
 * line per row in the columns' order; CRLF line ends as the RFC says.
 */
export function toCsv<Column extends string>(
  columns: readonly Column[],
  rows: readonly Partial<Record<Column, CsvCell>>[],
  headers?: Readonly<Record<Column, string>>,
): string {
  const header = columns.map((column) => csvCell(headers?.[column] ?? column));
  const lines = [header, ...rows.map((row) => columns.map((column) => csvCell(row[column])))];
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

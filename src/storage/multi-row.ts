/**
 * Many rows per statement, in a few statement sizes: the roll-ups' writes and reads go in
 * batches because on PostgreSQL every statement is a round trip through the bridge.
 */
import type { Db } from './database.ts';

/**
 * Rows per multi-row statement: a whole batch (ACTIVITY_BATCH) in one, since on PostgreSQL
 * every statement is a round trip (8 columns × 2,000 rows stays below SQLite's 32,766
 * parameters and PostgreSQL's 65,535).
 */
export const ROWS_PER_STATEMENT = 2_000;

/** The largest power of two below ROWS_PER_STATEMENT: the pieces of a remainder add up to any size below it. */
const LARGEST_PIECE = 2 ** Math.floor(Math.log2(ROWS_PER_STATEMENT - 1));

/**
 * Full statements of ROWS_PER_STATEMENT rows, then the rest in pieces of 1,024, 512, … 1
 * rows: a flush of any size takes a few statements, and at most 12 sizes of each are ever
 * prepared (on PostgreSQL, each one a prepared statement kept by the server).
 */
export function* chunks<T>(items: readonly T[]): Generator<T[]> {
  let from = 0;
  for (; from + ROWS_PER_STATEMENT <= items.length; from += ROWS_PER_STATEMENT)
    yield items.slice(from, from + ROWS_PER_STATEMENT);
  for (let size = LARGEST_PIECE; size >= 1; size >>= 1)
    if (items.length - from >= size) {
      yield items.slice(from, from + size);
      from += size;
    }
}

/** One prepared statement per row count (the few sizes `chunks` makes), each built and prepared once. */
export function multiRowStatements(
  sqlite: Db['$client'],
  build: (values: string) => string,
  columns: number,
  /** One row's placeholders, when its values need a type (a VALUES list in FROM has none on PostgreSQL). */
  row = `(${Array.from({ length: columns }, () => '?').join(', ')})`,
): (rows: number) => ReturnType<Db['$client']['prepare']> {
  const prepared = new Map<number, ReturnType<Db['$client']['prepare']>>();
  return (rows) => {
    let statement = prepared.get(rows);
    if (!statement)
      prepared.set(rows, (statement = sqlite.prepare(build(Array.from({ length: rows }, () => row).join(', ')))));
    return statement;
  };
}

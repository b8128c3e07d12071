import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/storage/database.ts';
import { postgresSchema } from '../../../src/storage/postgres/ddl.ts';

describe('the PostgreSQL schema', () => {
  it('is the one generated from the SQLite migrations (run `npm run db:generate:pg` after adding one)', () => {
    const db = openDatabase(':memory:');
    const generated = postgresSchema(db.$client);
    db.$client.close();
    const committed = readFileSync(
      new URL('../../../src/storage/migrations-pg/0000_schema.sql', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(generated);
  });
});

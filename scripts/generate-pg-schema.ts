// Writes PostgreSQL's schema, generated from the SQLite migrations (see src/storage/postgres/ddl.ts).
//   npm run db:generate:pg
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/storage/database.ts';
import { postgresSchema } from '../src/storage/postgres/ddl.ts';

const db = openDatabase(':memory:');
const out = join(import.meta.dirname, '../src/storage/migrations-pg/0000_schema.sql');
writeFileSync(out, postgresSchema(db.$client));
db.$client.close();
console.log(`wrote ${out}`);

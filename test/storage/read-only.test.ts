import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/index.ts';
import { openReadOnlyStores } from '../../src/storage/read-only.ts';
import { testDatabaseLocation } from '../support/postgres/database.ts';

const folder = mkdtempSync(join(tmpdir(), 'foyer-read-only-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// The dashboard's second connection, off the main thread: on SQLite a read-only file handle,
// on PostgreSQL a session whose transactions are all read-only.
describe('the read-only stores', () => {
  it('read what the bot committed, and cannot write', () => {
    const location = testDatabaseLocation(join(folder, 'foyer.sqlite'));
    const storage = openStorage(location);
    storage.members.ensureCommunity('garden', 'The Garden', new Date(0));
    storage.stores.health.markStaff('garden', ['console:mod'], new Date('2026-03-02T10:00:00Z'));

    const reader = openReadOnlyStores(location);
    try {
      expect(reader.health.staff('garden')).toEqual(['console:mod']);
      expect(() => reader.health.markStaff('garden', ['console:ana'], new Date('2026-03-03T10:00:00Z'))).toThrow(
        /read-only|readonly/i,
      );
      expect(storage.stores.health.staff('garden')).toEqual(['console:mod']);
    } finally {
      reader.close();
      storage.close();
    }
  });
});

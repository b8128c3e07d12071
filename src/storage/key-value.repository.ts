import { and, eq } from 'drizzle-orm';
import type { KeyValueStore } from '../core/ports.ts';
import type { Db } from './database.ts';
import { keyValue } from './schema.ts';

/** Implements core's KeyValueStore, so adapters can persist state without importing storage. */
export function createKeyValueRepository({ db }: { db: Db }): KeyValueStore {
  const where = (namespace: string, key: string) => and(eq(keyValue.namespace, namespace), eq(keyValue.key, key));
  return {
    get: (namespace, key) =>
      db.select({ value: keyValue.value }).from(keyValue).where(where(namespace, key)).get()?.value,
    set: (namespace, key, value) =>
      void db
        .insert(keyValue)
        .values({ namespace, key, value })
        .onConflictDoUpdate({ target: [keyValue.namespace, keyValue.key], set: { value } })
        .run(),
    delete: (namespace, key) => void db.delete(keyValue).where(where(namespace, key)).run(),
  };
}

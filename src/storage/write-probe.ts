import type { Db } from './database.ts';

/** Thrown inside the probe's transaction so that SQLite rolls its write back. */
const UNDO = Symbol('undo the probe write');

/**
 * Whether the database takes a write right now, for readiness: one real write in a
 * transaction that is always rolled back, so a read-only file, a full disk or a lock held
 * too long shows up, and nothing is ever kept. Returns why not, or undefined.
 */
export function createWriteProbe(db: Db): () => string | undefined {
  const sqlite = db.$client;
  const write = sqlite.prepare(
    "INSERT INTO key_value (namespace, key, value) VALUES ('foyer.readiness', 'probe', '1') ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value",
  );
  const probe = sqlite.transaction(() => {
    write.run();
    throw UNDO;
  });
  return () => {
    try {
      probe();
      return 'the database did not roll the probe back';
    } catch (error) {
      if (error === UNDO) return undefined;
      const code = (error as { code?: unknown }).code;
      return `the database refused a write${typeof code === 'string' ? ` (${code})` : ''}`;
    }
  };
}

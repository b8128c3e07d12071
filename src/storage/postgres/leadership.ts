/**
 * One active Foyer process per community on a shared PostgreSQL; the others wait on
 * standby. The active one holds a session-level advisory lock on a connection of its own:
 * PostgreSQL releases it the moment that session ends, so when the active process dies
 * (SIGKILL, a crash, a lost machine: its socket closes or TCP keepalive gives up), a
 * standby's next try gets the lock and it connects to the platform.
 *
 * Why one active process and not all of them: the platform's connection is per bot (one
 * Discord gateway session, one Matrix sync), and several would each receive every event.
 * The shared ledger would drop the repeats, but every event would then cost N claims, and
 * interactions could be answered by whichever process raced first. Exactly-once effects do
 * not depend on the lock: they rest on the database's unique claims (the dedup ledger,
 * outreach intents committed before sends, scheduled slots and tasks claimed in a
 * transaction), so even the short overlap a lost lock connection can cause repeats nothing.
 *
 * The lock's connection is checked every `checkMs`. If it is lost (PostgreSQL restarted, a
 * network cut), the process tries at once to take the lock again: back in its hands, it
 * carries on; taken by a standby meanwhile, it steps down (`onLost`), since two active
 * processes would both talk to the platform.
 */
import pg from 'pg';

export interface LeadershipOptions {
  /** The PostgreSQL URL, with its password (from the environment). */
  readonly url: string;
  /** What is led: the community id (one active process per community). */
  readonly key: string;
  /** How often a standby tries for the lock, and the active process checks it still holds it. */
  readonly checkMs?: number;
  readonly onWaiting?: () => void;
  /** The lock is held by another process now: the caller must stop talking to the platform. */
  readonly onLost?: (reason: string) => void;
  readonly signal?: AbortSignal;
}

export interface Leadership {
  /** Stops checking and releases the lock (a clean stop: a standby takes over at its next try). */
  release(): Promise<void>;
}

/** "Foyr": advisory locks are two 32-bit keys; this one says the lock is Foyer's. */
const LOCK_CLASS = 0x466f7972;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

type Attempt = { client: pg.Client } | 'held-elsewhere' | 'unreachable';

/** Tries once, on a new connection of its own. */
async function tryLock(url: string, key: string, checkMs: number): Promise<Attempt> {
  const client = new pg.Client({
    connectionString: url,
    application_name: 'foyer-leader',
    connectionTimeoutMillis: Math.max(1_000, checkMs),
    keepAlive: true,
    keepAliveInitialDelayMillis: checkMs,
  });
  client.on('error', () => undefined); // a lost connection is seen by the next check
  let outcome: Attempt = 'unreachable';
  try {
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
      [LOCK_CLASS, key],
    );
    if (rows[0]?.locked) return { client };
    outcome = 'held-elsewhere';
  } catch {
    // PostgreSQL unreachable: nobody can take the lock meanwhile; try again later.
  }
  await client.end().catch(() => undefined);
  return outcome;
}

/**
 * Resolves once this process is the active one for `key` (waiting on standby until then);
 * rejects only when `signal` aborts first.
 */
export async function becomeLeader(options: LeadershipOptions): Promise<Leadership> {
  const checkMs = options.checkMs ?? 1_000;
  let attempt = await tryLock(options.url, options.key, checkMs);
  if (typeof attempt === 'string') options.onWaiting?.();
  while (typeof attempt === 'string') {
    if (options.signal?.aborted) throw new Error('stopped while on standby');
    await sleep(checkMs, options.signal);
    attempt = await tryLock(options.url, options.key, checkMs);
  }
  let held: pg.Client | undefined = attempt.client;
  const stop = new AbortController();
  const check = async () => {
    while (!stop.signal.aborted) {
      await sleep(checkMs, stop.signal);
      if (stop.signal.aborted) return;
      if (held) {
        try {
          await held.query('SELECT 1');
          continue;
        } catch {
          await held.end().catch(() => undefined);
          held = undefined;
        }
      }
      // The session, and with it the lock, is gone: take it back, or step down if another process has it.
      const again = await tryLock(options.url, options.key, checkMs);
      if (again === 'unreachable') continue;
      if (again !== 'held-elsewhere') {
        held = again.client;
        continue;
      }
      stop.abort();
      options.onLost?.('the connection holding the leadership was lost, and another process took it meanwhile');
      return;
    }
  };
  const checking = check();
  return {
    async release() {
      stop.abort();
      await checking.catch(() => undefined);
      await held?.end().catch(() => undefined);
      held = undefined;
    },
  };
}

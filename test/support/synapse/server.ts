import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { homeserverConfig, logConfig, signingKey, type RateLimits } from './config.ts';
import { ensureSynapse } from './install.ts';
import { tail } from './process.ts';

export interface StartSynapseOptions {
  /** 'default' (the default) keeps Synapse's own limits (rc_message: 0.2/s, burst 10), as a real server has; 'off' raises all of them out of reach. */
  rateLimits?: RateLimits;
  /** Default: 'foyer.test' (a reserved TLD, never resolvable). */
  serverName?: string;
  /** Extra homeserver.yaml keys, applied over the generated ones. */
  config?: Record<string, unknown>;
  /** How long to wait for /_matrix/client/versions to answer. Default: 60 s. */
  startTimeoutMs?: number;
}

export interface RegisteredUser {
  userId: string;
  accessToken: string;
  deviceId: string;
  password: string;
}

export interface SynapseServer {
  /** e.g. http://127.0.0.1:38211 (no trailing slash). */
  readonly baseUrl: string;
  readonly serverName: string;
  readonly version: string;
  /** The temp folder with homeserver.yaml, the SQLite database, media and the log. */
  readonly dir: string;
  /** Seconds from spawning Synapse to /_matrix/client/versions answering. */
  readonly startSeconds: number;
  /** Registers a user through the shared-secret admin API; returns a logged-in device. */
  registerUser(localpart: string, options?: { admin?: boolean; password?: string }): Promise<RegisteredUser>;
  /** Admin API: no rate limiting at all for this (local) user. */
  exemptFromRateLimits(userId: string): Promise<void>;
  /** The end of Synapse's stderr and of its WARNING log, for failure messages. */
  diagnostics(): string;
  /** SIGTERM (SIGKILL after 10 s), wait for the exit, remove the temp folder. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The launcher: a watchdog thread sends SIGTERM to Synapse when stdin reaches EOF, i.e.
 * when the Node.js process that started it is gone, however it died; after 10 more
 * seconds it exits hard. Then it runs Synapse exactly as `python -m` would.
 */
const LAUNCHER = `
import os, signal, sys, threading, time, runpy
def watchdog():
    try:
        while os.read(0, 1024):
            pass
    except Exception:
        pass
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(10)
    os._exit(1)
threading.Thread(target=watchdog, daemon=True).start()
sys.argv = ["synapse.app.homeserver", "-c", sys.argv[1]]
runpy.run_module("synapse.app.homeserver", run_name="__main__", alter_sys=True)
`;

/** Servers not stopped yet: killed synchronously if the test process exits without stop(). */
const live = new Set<{ child: ChildProcess; dir: string }>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const { child, dir } of live) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

const readIfExists = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

const TEMP_PREFIX = 'foyer-synapse-';

/** Whether a process with this id exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Temp folders left behind by test processes that died without stop() (e.g. SIGKILL):
 * their Synapse is gone (the watchdog), only the folder stays. Each folder names its
 * owner in owner.pid; folders of live owners (parallel test files) are kept.
 */
let swept = false;
function sweepStaleTempDirs(): void {
  if (swept) return;
  swept = true;
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    const owner = Number(readIfExists(join(dir, 'owner.pid')));
    if (!Number.isInteger(owner) || owner <= 0 || alive(owner)) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // not ours to remove (another user's folder): leave it
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a fresh Synapse (new temp folder, new database) on a free loopback port. */
export async function startSynapse(options: StartSynapseOptions = {}): Promise<SynapseServer> {
  const synapse = await ensureSynapse();
  if ('skip' in synapse) throw new Error(`Synapse is not available: ${synapse.skip}`);
  // A port picked by freePort() can be taken by someone else before Synapse binds it.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(synapse.python, synapse.version, options);
    } catch (e) {
      if (attempt >= 3 || !(e instanceof PortInUse)) throw e;
    }
  }
}

class PortInUse extends Error {}

async function startOnce(python: string, version: string, options: StartSynapseOptions): Promise<SynapseServer> {
  sweepStaleTempDirs();
  const dir = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  const port = await freePort();
  const serverName = options.serverName ?? 'foyer.test';
  const sharedSecret = randomBytes(32).toString('hex');
  const baseUrl = `http://127.0.0.1:${port}`;
  const configPath = join(dir, 'homeserver.yaml');
  const logPath = join(dir, 'homeserver.log');
  mkdirSync(join(dir, 'media_store'));
  writeFileSync(join(dir, 'signing.key'), signingKey(), { mode: 0o600 });
  writeFileSync(join(dir, 'log.config'), JSON.stringify(logConfig(dir), null, 2));
  const config = homeserverConfig({
    dir,
    port,
    serverName,
    registrationSharedSecret: sharedSecret,
    rateLimits: options.rateLimits ?? 'default',
    extra: options.config,
  });
  writeFileSync(configPath, JSON.stringify(config, null, 2));

  installExitHook();
  const started = Date.now();
  const child = spawn(python, ['-c', LAUNCHER, configPath], {
    cwd: dir,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  const entry = { child, dir };
  live.add(entry);
  let output = '';
  const keep = (d: string) => {
    output = (output + d).slice(-64_000);
  };
  child.stdout!.setEncoding('utf8').on('data', keep);
  child.stderr!.setEncoding('utf8').on('data', keep);
  child.stdin!.on('error', () => {}); // EPIPE when Synapse is gone
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));

  const diagnostics = () => {
    const status =
      child.exitCode !== null || child.signalCode !== null
        ? `exited with ${child.signalCode ?? `code ${child.exitCode}`}`
        : 'running';
    const parts = [`Synapse (${status}) output (${dir}):\n${tail(output) || '(none)'}`];
    const log = readIfExists(logPath);
    if (log.trim()) parts.push(`homeserver.log:\n${tail(log)}`);
    return parts.join('\n');
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && !spawnError) {
        child.kill('SIGTERM');
        const done = await Promise.race([
          exited.then(() => true),
          sleep(10_000, undefined, { ref: false }).then(() => false),
        ]);
        if (!done) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      child.stdin!.destroy();
      live.delete(entry);
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    })());

  // Wait for the client API.
  const deadline = started + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      const text = diagnostics();
      await stop();
      if (/Address already in use|EADDRINUSE|CannotListenError/.test(text))
        throw new PortInUse(`port ${port} taken:\n${text}`);
      throw new Error(`Synapse exited before it was ready${spawnError ? ` (${spawnError.message})` : ''}.\n${text}`);
    }
    try {
      const res = await fetch(`${baseUrl}/_matrix/client/versions`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      const text = diagnostics();
      await stop();
      throw new Error(
        `Synapse did not answer ${baseUrl}/_matrix/client/versions within ${Math.round((deadline - started) / 1000)} s.\n${text}`,
      );
    }
    await sleep(100);
  }
  const startSeconds = (Date.now() - started) / 1000;

  const api = async <T>(method: string, path: string, body?: unknown, accessToken?: string): Promise<T> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (accessToken) headers['authorization'] = `Bearer ${accessToken}`;
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Synapse ${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  };

  const registerUser = async (
    localpart: string,
    opts: { admin?: boolean; password?: string } = {},
  ): Promise<RegisteredUser> => {
    const password = opts.password ?? randomBytes(12).toString('hex');
    const admin = opts.admin ?? false;
    const { nonce } = await api<{ nonce: string }>('GET', '/_synapse/admin/v1/register');
    // HMAC-SHA1 over nonce \0 username \0 password \0 admin|notadmin, keyed by the shared secret.
    const mac = createHmac('sha1', sharedSecret)
      .update(nonce)
      .update('\0')
      .update(localpart)
      .update('\0')
      .update(password)
      .update('\0')
      .update(admin ? 'admin' : 'notadmin')
      .digest('hex');
    const res = await api<{ user_id: string; access_token: string; device_id: string }>(
      'POST',
      '/_synapse/admin/v1/register',
      { nonce, username: localpart, password, admin, mac },
    );
    return { userId: res.user_id, accessToken: res.access_token, deviceId: res.device_id, password };
  };

  let adminUser: Promise<RegisteredUser> | undefined;
  const admin = (): Promise<RegisteredUser> =>
    (adminUser ??= registerUser(`foyer-harness-admin-${randomBytes(3).toString('hex')}`, { admin: true }).catch(
      (e: unknown) => {
        adminUser = undefined;
        throw e;
      },
    ));

  const exemptFromRateLimits = async (userId: string): Promise<void> => {
    const { accessToken } = await admin();
    await api(
      'POST',
      `/_synapse/admin/v1/users/${encodeURIComponent(userId)}/override_ratelimit`,
      { messages_per_second: 0, burst_count: 0 },
      accessToken,
    );
  };

  return { baseUrl, serverName, version, dir, startSeconds, registerUser, exemptFromRateLimits, diagnostics, stop };
}

// A real PostgreSQL server on loopback for tests: a throwaway cluster (initdb) in a
// temporary folder, started on a free port. Debian's `postgresql` package provides the
// programs (`.ci/run` installs it); as root they run as the `postgres` user, since
// PostgreSQL refuses to run as root.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export interface Cluster {
  readonly port: number;
  /** The superuser's password (tests pass it as Foyer would: through the environment). */
  readonly password: string;
  readonly user: string;
  /** A URL for `database`, with the password in it unless `withPassword` is false. */
  url(database: string, withPassword?: boolean): string;
  /** A new, empty database; dropped by `stop`. */
  createDatabase(prefix?: string): Promise<string>;
  /** Stops the server the way an operator restarts it (fast shutdown), then starts it again. */
  restart(): Promise<void>;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

/** The folder with initdb and postgres: on PATH, or Debian's /usr/lib/postgresql/<version>/bin. */
export function findPostgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(base, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return found ? found.replace(/\/initdb$/, '') : undefined;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export async function startCluster(): Promise<Cluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed: install Debian\'s "postgresql" package (.ci/run does)');
  const root = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'foyer-pg-'));
  const data = join(dir, 'data');
  const password = `test-${Math.random().toString(36).slice(2)}`;
  const user = 'foyer';
  writeFileSync(join(dir, 'pwfile'), password);
  if (root) {
    chmodSync(dir, 0o755);
    const { uid, gid } = idOf('postgres');
    chownSync(dir, uid, gid);
    chownSync(join(dir, 'pwfile'), uid, gid);
  }
  const as = (cmd: string, args: string[]): [string, string[]] =>
    root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const [initCmd, initArgs] = as(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    user,
    '--pwfile',
    join(dir, 'pwfile'),
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  let server: ChildProcess | undefined;
  let log = '';

  const startServer = async () => {
    const [cmd, args] = as(join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      // A test server: durable against a process crash, not against the machine's.
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=64MB',
    ]);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-4000)));
    child.stdout!.on('data', () => undefined);
    server = child;
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`postgres exited: ${log}`);
      const probe = new pg.Client({ connectionString: url('postgres') });
      try {
        await probe.connect();
        await probe.end();
        return;
      } catch {
        await probe.end().catch(() => undefined);
        await sleep(50);
      }
    }
    throw new Error(`postgres did not start: ${log}`);
  };

  const stopServer = async () => {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, committed work is kept.
    // Sent to the postmaster itself (its pid is in postmaster.pid): runuser, between us and
    // it when we are root, does not pass signals on.
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGINT');
    await exited;
  };

  const url = (database: string, withPassword = true) =>
    `postgres://${user}${withPassword ? `:${password}` : ''}@127.0.0.1:${port}/${database}`;

  await startServer();
  let n = 0;
  return {
    port,
    password,
    user,
    url,
    createDatabase: async (prefix = 'foyer_test') => {
      const name = `${prefix}_${process.pid}_${++n}`;
      const admin = new pg.Client({ connectionString: url('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return name;
    },
    restart: async () => {
      await stopServer();
      await startServer();
    },
    stopServer,
    startServer,
    stop: async () => {
      await stopServer();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function idOf(name: string): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout.trim();
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim();
  if (!uid) throw new Error(`there is no "${name}" user to run PostgreSQL as (Debian's package creates it)`);
  return { uid: Number(uid), gid: Number(gid) };
}

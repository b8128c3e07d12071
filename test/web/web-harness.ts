import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/storage/database.ts';
import { createStorage } from '../../src/storage/index.ts';
import { FakeTime } from '../../src/core/fake-time.ts';
import { createMemoryLogger } from '../../src/core/logger.ts';
import type { AnyFeature } from '../../src/features/define.ts';
import type { Route } from '../../src/web/server.ts';
import { createWeb, type Web } from '../../src/web/start.ts';
import { Harness, START, testConfig } from '../support/harness.ts';

/** A test bot with the real web server on loopback, port 0, and the database it writes to. */
export interface WebBot {
  h: Harness;
  web: Web;
  db: Db;
  /** `http://127.0.0.1:PORT` */
  base: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

export async function startWebBot(
  overrides: Record<string, unknown> = {},
  options: {
    features?: readonly AnyFeature[];
    start?: Date;
    routes?: readonly Route[];
    secret?: string;
    /** A database file instead of memory: the dashboard is then computed in its worker thread, as in production. */
    file?: boolean;
  } = {},
): Promise<WebBot> {
  const folder = options.file ? mkdtempSync(join(tmpdir(), 'foyer-web-')) : undefined;
  const config = testConfig(folder ? { ...overrides, database: { path: join(folder, 'foyer.sqlite') } } : overrides);
  const db = openDatabase(config.database.path);
  const storage = createStorage(db);
  const time = new FakeTime(options.start ?? START);
  const logger = createMemoryLogger();
  const web = createWeb({
    config,
    storage,
    clock: time.clock,
    platform: 'console',
    logger,
    listen: { host: '127.0.0.1', port: 0 },
    ...(options.secret !== undefined ? { secret: options.secret } : {}),
  });
  for (const route of options.routes ?? []) web.server.mount(route);
  const base = await web.server.start();
  const links = web.server.links!;
  const h = new Harness(config, time, storage, {
    metrics: web.metrics,
    ownPorts: { dashboardLinks: links },
    ...(options.features ? { features: options.features } : {}),
  });
  await h.boot();
  return {
    h,
    web,
    db,
    base,
    get: (path, headers = {}) => fetch(`${base}${path}`, { headers }),
    async stop() {
      await h.stop();
      await web.server.stop();
      if (folder) rmSync(folder, { recursive: true, force: true });
    },
  };
}

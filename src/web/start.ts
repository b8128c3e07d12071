/**
 * Builds the web server from the configuration: the metrics the bot reports to, the
 * readiness probes, and the dashboard over the health and triage stores. `main.ts` calls
 * it only when `web.listen` is set; tests call it with port 0.
 */
import type { Clock } from '../core/clock.ts';
import type { Locale } from '../core/i18n/translator.ts';
import type { ChartSpec } from '../render/chart.ts';
import { parseMemberReference } from '../core/ids.ts';
import type { Logger } from '../core/logger.ts';
import type { Platform } from '../core/metrics.ts';
import type { FoyerConfig } from '../config/schema.ts';
import { createTranslator } from '../features/catalogue.ts';
import type { Storage } from '../storage/index.ts';
import { Dashboard, type DashboardPage, type DashboardPages, type DashboardSource } from './dashboard.ts';
import { ephemeralSecret, LinkSigner, MIN_SECRET_BYTES } from './links.ts';
import { PrometheusMetrics } from './metrics.ts';
import type { DashboardWorkerData } from './dashboard-worker.ts';
import { WorkerCalls } from './worker-calls.ts';
import { WebServer } from './server.ts';
import { listenAddress } from './web.config.ts';
import { databaseLocation, keepsNothing } from '../storage/location.ts';

export interface WebDeps {
  config: FoyerConfig;
  storage: Storage;
  clock: Clock;
  platform: Platform;
  logger: Logger;
  /** The signing secret from the environment (`web.secretEnv`), if the operator set one. */
  secret?: string;
  /** Overrides `web.listen` (tests listen on port 0). */
  listen?: { host: string; port: number };
}

export interface Web {
  server: WebServer;
  metrics: PrometheusMetrics;
  /** True when links are signed with a secret made for this run: they stop working at restart. */
  ephemeralSecret: boolean;
}

/** The secret's bytes: a long random string works as it is; shorter ones are refused, never padded. */
function signingSecret(secret: string | undefined, logger: Logger): { bytes: Buffer; ephemeral: boolean } {
  if (secret !== undefined && Buffer.byteLength(secret) >= MIN_SECRET_BYTES)
    return { bytes: Buffer.from(secret), ephemeral: false };
  logger.warn(
    secret === undefined
      ? 'no dashboard link secret in the environment: links are signed with a key made for this run and stop working at restart'
      : `the dashboard link secret is shorter than ${MIN_SECRET_BYTES} bytes: it is ignored, links stop working at restart`,
  );
  return { bytes: ephemeralSecret(), ephemeral: true };
}

export function createWeb(deps: WebDeps): Web {
  const { config, storage, clock, platform, logger } = deps;
  const web = config.web;
  const listen = deps.listen ?? listenAddress(web.listen ?? '127.0.0.1:0');
  const metrics = new PrometheusMetrics();
  const { bytes, ephemeral } = signingSecret(deps.secret, logger);
  const translator = createTranslator(config.community.locale, config.templates, config.community.timezone);
  const health = config.features.health;
  const community = { id: config.community.id, name: config.community.name, timezone: config.community.timezone };
  const staff = health.staff.map((typed) => parseMemberReference(platform, typed) ?? typed);
  // The writer reports each batch's time itself (see the bot's writeObserver).
  const flush = () => void storage.activity.flush();
  const location = databaseLocation(config.database);
  const { pages, close } = keepsNothing(location)
    ? inProcessPages(storage, community, staff, health.goals, clock, flush, (locale) => translator.forLocale(locale))
    : offThreadPages(
        {
          path: location,
          community: { ...community, locale: config.community.locale },
          templates: config.templates,
          staff,
          goals: health.goals,
        },
        clock,
        flush,
      );
  const server = new WebServer({
    ...listen,
    ...(web.publicUrl ? { publicUrl: web.publicUrl } : {}),
    metrics,
    readiness: { databaseProblem: () => storage.writeProblem(), maxSchedulerLagMs: web.maxSchedulerLag },
    dashboard: {
      page: pages,
      signer: new LinkSigner(bytes, clock),
      community: community.id,
      lifetimeMs: web.linkLifetime,
      command: `${platform === 'matrix' ? '!' : '/'}dashboard`,
      translator: (locale) => translator.forLocale(locale),
    },
    logger: logger.child({ part: 'web' }),
    onStop: close,
  });
  return { server, metrics, ephemeralSecret: ephemeral };
}

type Pages = { pages: DashboardPages; close: () => Promise<void> };

/**
 * The whole page in a worker thread with its own read-only connection: figures and
 * charts never hold up the bot's event loop.
 */
function offThreadPages(data: DashboardWorkerData, clock: Clock, flush: () => void): Pages {
  const worker = new WorkerCalls<{ locale: Locale; at: number }, DashboardPage>(
    new URL('./dashboard-worker.ts', import.meta.url),
    'dashboard',
    data,
  );
  return {
    pages: {
      body(locale) {
        // Written first, so the worker's connection sees every message up to now.
        flush();
        return worker.call({ locale, at: clock.now().getTime() });
      },
    },
    close: () => worker.close(),
  };
}

/**
 * An in-memory database has no file a second connection could open: the figures are
 * computed here, and only the charts are drawn in a worker thread.
 */
function inProcessPages(
  storage: Storage,
  community: DashboardSource['community'],
  staff: readonly string[],
  goals: DashboardSource['goals'],
  clock: Clock,
  flush: () => void,
  translator: DashboardSource['translator'],
): Pages {
  const charts = new WorkerCalls<{ spec: ChartSpec }, string>(new URL('./chart-worker.ts', import.meta.url), 'chart');
  const pages = new Dashboard({
    community,
    health: storage.stores.health,
    openReports: () => storage.stores.triage.open(community.id),
    flush,
    clock,
    staff,
    goals,
    translator,
    drawSvg: (spec) => charts.call({ spec }),
  });
  return { pages, close: () => charts.close() };
}

/**
 * Foyer's one HTTP server (Hono on Node's http server): liveness, readiness, Prometheus
 * metrics, the read-only dashboard behind signed links, and the routes features mount
 * (the newsletter's confirmation and unsubscribe links). Every response carries strict
 * security headers; the dashboard has no script and loads nothing from elsewhere.
 */
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import type { Locale, Translator } from '../core/i18n/translator.ts';
import type { MessageKey } from '../features/catalogue.ts';
import { LOCALES } from '../core/i18n/translator.ts';
import type { Logger } from '../core/logger.ts';
import type { DashboardLinks, WebRoute, WebRoutes } from '../core/ports.ts';
import { say, type DashboardPages } from './dashboard.ts';
import type { LinkSigner } from './links.ts';
import type { PrometheusMetrics } from './metrics.ts';
import { readiness, type ReadinessInputs } from './readiness.ts';

/** A route a feature adds: plain web-standard Request in, Response out. */
export type Route = WebRoute;

export interface WebServerOptions {
  host: string;
  port: number;
  /** The address people open; `http://host:port` when not given. */
  publicUrl?: string;
  metrics: PrometheusMetrics;
  readiness: Omit<ReadinessInputs, 'connection' | 'schedulerLagMs'>;
  /** Signs features' links (the newsletter's confirmation); the dashboard's signer when there is one. */
  signer?: LinkSigner;
  dashboard?: {
    page: DashboardPages;
    signer: LinkSigner;
    community: string;
    lifetimeMs: number;
    /** How a moderator asks for a new link, as typed on the platform (`/dashboard`, `!dashboard`). */
    command: string;
    translator(locale: Locale): Translator<MessageKey>;
  };
  logger: Logger;
  /** What else stops with the server (the chart worker). */
  onStop?: () => Promise<void>;
}

/*
 * No script may run (there is none), styles and images come from this server only, the page
 * cannot be framed, and no form or base URL can send anything elsewhere.
 */
const CSP = [
  "default-src 'none'",
  "script-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

const STYLE_SHEET = readFileSync(new URL('./assets/dashboard.css', import.meta.url), 'utf8');

/** The viewer's language: `?lang=`, else the first of Accept-Language Foyer speaks, else the link's. */
export function pickLocale(query: string | undefined, acceptLanguage: string | undefined, fallback: Locale): Locale {
  const known = (tag: string): Locale | undefined => LOCALES.find((l) => l === tag.trim().toLowerCase().split('-')[0]);
  if (query && known(query)) return known(query)!;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) if (known(tag)) return known(tag)!;
  return fallback;
}

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${title}</title><link rel="stylesheet" href="../assets/dashboard.css"></head>
<body><main>
${body}
</main></body></html>`;
}

/** The `:name` segments of `pattern` when `path` matches it segment by segment, else undefined. */
function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const value = got[i]!;
    if (segment.startsWith(':')) {
      if (!value) return undefined;
      try {
        params[segment.slice(1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (segment !== value) return undefined;
  }
  return params;
}

export class WebServer {
  readonly #options: WebServerOptions;
  readonly #app = new Hono();
  #server: ServerType | undefined;
  #url: string | undefined;
  readonly #mounted: Route[] = [];
  /** Features' routes: features are set up after the server started, so these are matched at request time. */
  readonly #late: Route[] = [];

  constructor(options: WebServerOptions) {
    this.#options = options;
  }

  /** Adds a feature's route; routes are mounted before `start`, the router being built once. */
  mount(route: Route): void {
    if (this.#server) throw new Error(`route ${route.method} ${route.path} mounted after the web server started`);
    this.#mounted.push(route);
  }

  /** The base address links use (known once started, when listening on port 0). */
  get url(): string {
    if (!this.#url) throw new Error('the web server is not started');
    return this.#url;
  }

  /** The dashboard links port `/dashboard` uses; undefined without a dashboard. */
  get links(): DashboardLinks | undefined {
    const dashboard = this.#options.dashboard;
    if (!dashboard) return undefined;
    return {
      issue: (locale) => {
        const { token, expiresAt } = dashboard.signer.sign(dashboard.community, locale, dashboard.lifetimeMs);
        return { url: `${this.url}/dashboard/${token}`, expiresAt };
      },
    };
  }

  /** The port features use to add routes and sign their links; undefined without a signing secret. */
  get routes(): WebRoutes | undefined {
    const signer = this.#options.signer ?? this.#options.dashboard?.signer;
    if (!signer) return undefined;
    return {
      mount: (route) => void this.#late.push(route),
      url: (path) => `${this.url}${path}`,
      sign: (purpose, subject, lifetimeMs) => signer.signSubject(purpose, subject, lifetimeMs),
      verify: (purpose, token) => signer.verifySubject(purpose, token),
    };
  }

  async start(): Promise<string> {
    this.#routes();
    const { host, port } = this.#options;
    const server = await new Promise<ServerType>((resolve, reject) => {
      const started: ServerType = serve(
        { fetch: this.#app.fetch, hostname: host, port, overrideGlobalObjects: false },
        () => resolve(started),
      );
      started.once('error', reject);
    });
    this.#server = server;
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.#url = (this.#options.publicUrl ?? `http://${shownHost}:${address.port}`).replace(/\/+$/, '');
    this.#options.logger.info('web server listening', { address: `${shownHost}:${address.port}`, url: this.#url });
    return `http://${shownHost}:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    await this.#options.onStop?.();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive connections of browsers and scrapers would otherwise hold the stop.
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
  }

  #routes(): void {
    const app = this.#app;
    const { metrics, logger } = this.#options;
    app.use(async (c, next) => {
      await next();
      // A feature's page may narrow or widen one directive (a form that posts back here): its own policy stands.
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        if (!(name === 'Content-Security-Policy' && c.res.headers.has(name))) c.res.headers.set(name, value);
    });
    app.onError((error, c) => {
      logger.error('web request failed', { path: c.req.path, error });
      return c.text('Internal Server Error', 500);
    });
    app.get('/healthz', (c) => c.json({ status: 'alive' }));
    app.get('/readyz', (c) => {
      const state = readiness({
        ...this.#options.readiness,
        connection: () => metrics.connection,
        schedulerLagMs: () => metrics.sources.schedulerLagMs(),
      });
      return c.json({ status: state.ready ? 'ready' : 'not ready', checks: state.checks }, state.ready ? 200 : 503);
    });
    app.get('/metrics', async (c) => {
      const { body, contentType } = await metrics.scrape();
      return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
    });
    app.get('/assets/dashboard.css', (c) =>
      c.body(STYLE_SHEET, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'max-age=3600' }),
    );
    app.get('/favicon.ico', (c) => c.body(null, 204));
    app.get('/dashboard/:token', (c) => this.#dashboard(c));
    for (const route of this.#mounted) {
      const handler = (c: Context) => route.handle(c.req.raw, c.req.param() as Record<string, string>);
      if (route.method === 'GET') app.get(route.path, handler);
      else app.post(route.path, handler);
    }
    app.all('*', async (c) => {
      for (const route of this.#late) {
        const params = route.method === c.req.method ? matchPath(route.path, c.req.path) : undefined;
        if (params) return route.handle(c.req.raw, params);
      }
      return c.notFound();
    });
  }

  async #dashboard(c: Context): Promise<Response> {
    const dashboard = this.#options.dashboard;
    if (!dashboard) return c.notFound();
    const headers = { 'Cache-Control': 'no-store', 'Content-Type': 'text/html; charset=utf-8' };
    const checked = dashboard.signer.verify(c.req.param('token') ?? '', dashboard.community);
    const fallback = checked.ok ? checked.claims.locale : 'en';
    const locale = pickLocale(c.req.query('lang'), c.req.header('accept-language'), fallback);
    const t = dashboard.translator(locale);
    if (!checked.ok) {
      const title = say(t, 'dashboard.denied.title');
      const body = `<h1>${title}</h1><p>${say(t, `dashboard.denied.${checked.why}`)}</p><p>${say(t, 'dashboard.denied.again', { command: dashboard.command })}</p>`;
      return c.body(page(locale, title, body), 403, headers);
    }
    const { title, html } = await dashboard.page.body(locale);
    return c.body(page(locale, title, html), 200, headers);
  }
}

/**
 * Core's metrics port over prom-client, on a registry of its own (never the global one,
 * so two bots in one test process, or a library that registers its own, never collide).
 * Counters move as things happen; gauges are read from their sources at scrape time.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricSources, Metrics, Platform } from '../core/metrics.ts';

export interface Connection {
  platform: Platform | undefined;
  connected: boolean;
  reason: string | undefined;
}

const idle: MetricSources = { schedulerLagMs: () => 0, dueTasks: () => 0, activityBuffered: () => 0 };

export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  #sources: MetricSources = idle;
  #connection: Connection = { platform: undefined, connected: false, reason: 'not started yet' };

  readonly #events = new Counter({
    name: 'foyer_events_handled_total',
    help: 'Platform events handled by the bot, by event type (duplicates excluded).',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly #handlerErrors = new Counter({
    name: 'foyer_handler_errors_total',
    help: 'Feature handlers that threw, by feature.',
    labelNames: ['feature'],
    registers: [this.registry],
  });
  readonly #sends = new Counter({
    name: 'foyer_sends_total',
    help: 'Messages, direct messages, replies and polls Foyer sent, by platform.',
    labelNames: ['platform'],
    registers: [this.registry],
  });
  readonly #failedSends = new Counter({
    name: 'foyer_sends_failed_total',
    help: 'Sends the platform refused, by platform and failure kind.',
    labelNames: ['platform', 'kind'],
    registers: [this.registry],
  });
  readonly #rateLimits = new Counter({
    name: 'foyer_rate_limits_total',
    help: 'Times the platform rate-limited Foyer, by platform.',
    labelNames: ['platform'],
    registers: [this.registry],
  });
  readonly #writeBatch = new Histogram({
    name: 'foyer_db_write_batch_seconds',
    help: 'Time to write one batch of buffered activity to the database.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly #writeRows = new Counter({
    name: 'foyer_db_write_rows_total',
    help: 'Activity rows written in batches.',
    registers: [this.registry],
  });

  constructor() {
    const sources = () => this.#sources;
    const connection = () => this.#connection;
    new Gauge({
      name: 'foyer_scheduler_lag_seconds',
      help: 'How late the oldest due scheduler task is (0 when none is waiting).',
      registers: [this.registry],
      collect() {
        this.set(sources().schedulerLagMs() / 1000);
      },
    });
    new Gauge({
      name: 'foyer_scheduler_due_tasks',
      help: 'Scheduler tasks due and not yet run.',
      registers: [this.registry],
      collect() {
        this.set(sources().dueTasks());
      },
    });
    new Gauge({
      name: 'foyer_activity_buffered',
      help: 'Activity rows buffered in memory, not yet written to the database.',
      registers: [this.registry],
      collect() {
        this.set(sources().activityBuffered());
      },
    });
    new Gauge({
      name: 'foyer_platform_connected',
      help: '1 while the platform connection is up, 0 otherwise.',
      registers: [this.registry],
      collect() {
        this.set(connection().connected ? 1 : 0);
      },
    });
    // Process and event-loop figures (nodejs_eventloop_lag_p99_seconds and friends) from prom-client itself.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  get connection(): Connection {
    return this.#connection;
  }

  get sources(): MetricSources {
    return this.#sources;
  }

  eventHandled(type: string): void {
    this.#events.inc({ type });
  }

  handlerFailed(feature: string): void {
    this.#handlerErrors.inc({ feature });
  }

  sendFinished(platform: Platform, outcome: { ok: true } | { ok: false; kind: string }): void {
    this.#sends.inc({ platform });
    if (!outcome.ok) this.#failedSends.inc({ platform, kind: outcome.kind });
  }

  rateLimited(platform: Platform): void {
    this.#rateLimits.inc({ platform });
  }

  writeBatch(seconds: number, rows: number): void {
    this.#writeBatch.observe(seconds);
    this.#writeRows.inc(rows);
  }

  connectionChanged(platform: Platform, connected: boolean, reason?: string): void {
    this.#connection = { platform, connected, reason: connected ? undefined : (reason ?? 'disconnected') };
  }

  watch(sources: MetricSources): void {
    this.#sources = sources;
  }

  /** The Prometheus text exposition and its content type. */
  async scrape(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}

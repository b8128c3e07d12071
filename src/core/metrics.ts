/**
 * What Foyer tells its operators' monitoring: a small port that core and adapters report
 * to. Core knows no metrics library; the web server implements it with prom-client
 * (`src/web/metrics.ts`) and everything else gets `noMetrics`, so reporting never needs
 * an `if`. Names and meanings of the exported series: README "Web dashboard and monitoring".
 */
import type { PlatformAdapter, Ports } from './ports.ts';
import type { Failure, Result } from './result.ts';

export type Platform = PlatformAdapter['platform'];

export interface Metrics {
  /** An event went through `bot.handle` (duplicates excluded). */
  eventHandled(type: string): void;
  /** A feature's handler or command threw. */
  handlerFailed(feature: string): void;
  /** Foyer sent something (a message, a DM, a command reply, a poll) and how it went. */
  sendFinished(platform: Platform, outcome: { ok: true } | { ok: false; kind: Failure['kind'] }): void;
  /**
   * The platform made Foyer wait (Discord's rate limits, Matrix's M_LIMIT_EXCEEDED), whether
   * or not the send finally went through. Adapters call it; a failed send of kind
   * `rate-limited` counts too.
   */
  rateLimited(platform: Platform): void;
  /** One batch of buffered activity was written to the database. */
  writeBatch(seconds: number, rows: number): void;
  /**
   * The platform connection came up or went down: the bot reports its start and stop,
   * adapters report a lost gateway or sync and its return. `reason` is for operators
   * (readiness), so it never carries a secret.
   */
  connectionChanged(platform: Platform, connected: boolean, reason?: string): void;
  /** Live values read when the metrics are scraped, never pushed. */
  watch(sources: MetricSources): void;
}

/** What the scrape reads at that moment. */
export interface MetricSources {
  /** How late the oldest due scheduler task is, in milliseconds (0 when none is waiting). */
  schedulerLagMs(): number;
  /** Scheduler tasks due and not yet run. */
  dueTasks(): number;
  /** Activity rows buffered in memory, not yet written. */
  activityBuffered(): number;
}

/**
 * For the storage layer's batch writer: it calls `batchWritten` after each transaction,
 * so batches it flushes by itself (when the buffer is full) are timed too, not only the
 * ones the bot asks for.
 */
export interface WriteObserver {
  batchWritten(seconds: number, rows: number): void;
}

export const noMetrics: Metrics = {
  eventHandled: () => undefined,
  handlerFailed: () => undefined,
  sendFinished: () => undefined,
  rateLimited: () => undefined,
  writeBatch: () => undefined,
  connectionChanged: () => undefined,
  watch: () => undefined,
};

/** A storage write observer that reports to `metrics`. */
export const writeObserver = (metrics: Metrics): WriteObserver => ({
  batchWritten: (seconds, rows) => metrics.writeBatch(seconds, rows),
});

type Sends = Pick<Ports, 'messages' | 'directMessages' | 'components' | 'polls'>;

function counted<A extends unknown[], T>(
  metrics: Metrics,
  platform: Platform,
  send: (...args: A) => Promise<Result<T>>,
): (...args: A) => Promise<Result<T>> {
  return async (...args) => {
    const result = await send(...args);
    if (result.ok) metrics.sendFinished(platform, { ok: true });
    else {
      metrics.sendFinished(platform, { ok: false, kind: result.error.kind });
      if (result.error.kind === 'rate-limited') metrics.rateLimited(platform);
    }
    return result;
  };
}

/**
 * The adapter with every port that sends counted: messages, direct messages, messages
 * with buttons, native polls, command replies (with or without a file). Everything else
 * is the adapter's own, untouched.
 */
export function countSends(adapter: PlatformAdapter, metrics: Metrics): PlatformAdapter {
  if (metrics === noMetrics) return adapter;
  const { platform } = adapter;
  const ports: Partial<Ports> = { ...adapter.ports };
  const source: Partial<Sends> = adapter.ports;
  if (source.messages) {
    const port = source.messages;
    ports.messages = { ...port, send: counted(metrics, platform, port.send.bind(port)) };
  }
  if (source.directMessages) {
    const port = source.directMessages;
    ports.directMessages = { ...port, sendDirect: counted(metrics, platform, port.sendDirect.bind(port)) };
  }
  if (source.components) {
    const port = source.components;
    ports.components = { ...port, sendWithButtons: counted(metrics, platform, port.sendWithButtons.bind(port)) };
  }
  if (source.polls) {
    const port = source.polls;
    ports.polls = { ...port, publish: counted(metrics, platform, port.publish.bind(port)) };
  }
  const responder = adapter.responder;
  const fileResponder = adapter.fileResponder;
  return {
    platform,
    ports,
    responder: { respond: counted(metrics, platform, responder.respond.bind(responder)) },
    ...(fileResponder
      ? {
          fileResponder: {
            respondWithFile: counted(metrics, platform, fileResponder.respondWithFile.bind(fileResponder)),
          },
        }
      : {}),
    ...(adapter.registrar ? { registrar: adapter.registrar } : {}),
    start: (sink) => adapter.start(sink),
    stop: () => adapter.stop(),
  };
}

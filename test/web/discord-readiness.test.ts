import { afterEach, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/core/metrics.ts';
import { PrometheusMetrics } from '../../src/web/metrics.ts';
import { readiness } from '../../src/web/readiness.ts';
import type { FakeDiscord } from '../support/fake-discord/index.ts';
import { DiscordFoyer, startDiscord } from '../adapters/discord/discord-harness.ts';

/** Metrics that also keep every connection change, and let a test wait for the next one. */
class WatchedMetrics extends PrometheusMetrics {
  readonly changes: string[] = [];
  #waiters: (() => void)[] = [];

  override connectionChanged(platform: Platform, connected: boolean, reason?: string): void {
    super.connectionChanged(platform, connected, reason);
    this.changes.push(connected ? 'up' : `down: ${reason}`);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Resolves once the connection is in the state asked for (at once if it already is). */
  async until(connected: boolean): Promise<void> {
    while (this.connection.connected !== connected) await new Promise<void>((wake) => this.#waiters.push(wake));
  }
}

let discord: FakeDiscord | undefined;
let foyer: DiscordFoyer | undefined;
afterEach(async () => {
  await foyer?.stop();
  await discord?.close();
  foyer = discord = undefined;
});

const ready = (metrics: PrometheusMetrics) =>
  readiness({
    connection: () => metrics.connection,
    databaseProblem: () => undefined,
    schedulerLagMs: () => 0,
    maxSchedulerLagMs: 60_000,
  });

describe('readiness follows the real discord.js gateway connection', () => {
  it('a dropped gateway connection makes Foyer not ready until the session is resumed', async () => {
    const metrics = new WatchedMetrics();
    discord = await startDiscord();
    foyer = await DiscordFoyer.start(discord, {}, undefined, [], { metrics });
    await metrics.until(true);
    expect(ready(metrics).ready).toBe(true);

    const dropped = discord.dropConnections(4000);
    await metrics.until(false);
    const state = ready(metrics);
    expect(state.ready).toBe(false);
    expect(state.checks[0]!.reason).toMatch(/^discord not connected: gateway (reconnecting|closed \(code 4000\))$/);
    await dropped;
    await metrics.until(true);
    expect(ready(metrics).ready).toBe(true);
    expect(discord.resumeCount).toBeGreaterThanOrEqual(1);
    expect(metrics.changes.at(-1)).toBe('up');
  });
});

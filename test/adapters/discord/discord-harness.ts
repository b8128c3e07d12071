import { createDiscordAdapter } from '../../../src/adapters/discord/discord.adapter.ts';
import type { Metrics } from '../../../src/core/metrics.ts';
import { createBot, type Bot } from '../../../src/bot.ts';
import { channelUses, discordNeeds } from '../../../src/config/channel-uses.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { FakeTime } from '../../../src/core/fake-time.ts';
import { communityId } from '../../../src/core/ids.ts';
import { EventEmitter } from 'node:events';
import { createLogger, type LogRecord } from '../../../src/core/logger.ts';
import { FEATURES } from '../../../src/features/index.ts';
import type { AnyFeature } from '../../../src/features/define.ts';
import { openStorage, type Storage } from '../../../src/storage/index.ts';
import {
  snowflakeAt,
  startFakeDiscord,
  type FakeDiscord,
  type FakeDiscordOptions,
  type RecordedRequest,
} from '../../support/fake-discord/index.ts';
import { testConfig } from '../../support/harness.ts';

export const GUILD = snowflakeAt('2021-03-04T10:00:00Z');
export const GENERAL = snowflakeAt('2021-03-04T10:00:01Z');
export const WELCOME = snowflakeAt('2021-03-04T10:00:02Z');
export const INTRO = snowflakeAt('2021-03-04T10:00:03Z');
export const MOD_ROLE = snowflakeAt('2021-03-04T10:00:04Z');
export const OWNER = snowflakeAt('2020-01-01T00:00:00Z');
export const MESSAGES = 'POST /channels/:channelId/messages';

export function startDiscord(options: Partial<FakeDiscordOptions> = {}): Promise<FakeDiscord> {
  return startFakeDiscord({
    guild: { id: GUILD, name: 'The Garden', ownerId: OWNER },
    channels: [
      { id: GENERAL, name: 'general' },
      { id: WELCOME, name: 'welcome' },
      { id: INTRO, name: 'introductions' },
    ],
    roles: [{ id: MOD_ROLE, name: 'Moderators' }],
    heartbeatIntervalMs: 30_000,
    ...options,
  });
}

/** Foyer (real bot, real features, real SQLite in memory) on the real discord.js, against the fake Discord. */
export class DiscordFoyer {
  readonly #logged = new EventEmitter<{ record: [LogRecord] }>();
  readonly logger = Object.assign(
    createLogger((r) => {
      this.logger.records.push(r);
      this.#logged.emit('record', r);
    }, 'debug'),
    { records: [] as LogRecord[] },
  );
  bot!: Bot;
  adapter!: ReturnType<typeof createDiscordAdapter>;
  /** Foyer's clock (community time): advance it past the welcome pace to let the next welcome go. */
  time!: FakeTime;

  private constructor(
    readonly discord: FakeDiscord,
    readonly storage: Storage,
    readonly overrides: Record<string, unknown>,
    readonly features: readonly AnyFeature[],
    readonly adapterExtra: { polls?: boolean; deferAfterMs?: number; metrics?: Metrics },
  ) {}

  static async start(
    discord: FakeDiscord,
    overrides: Record<string, unknown> = {},
    storage = openStorage(':memory:'),
    extraFeatures: readonly AnyFeature[] = [],
    adapterExtra: { polls?: boolean; deferAfterMs?: number; metrics?: Metrics } = {},
  ): Promise<DiscordFoyer> {
    const foyer = new DiscordFoyer(discord, storage, overrides, [...FEATURES, ...extraFeatures], adapterExtra);
    await foyer.boot();
    return foyer;
  }

  async boot(): Promise<void> {
    const config = testConfig({
      channels: { general: GENERAL, welcome: WELCOME, introductions: INTRO },
      roles: { discord: { moderatorRoles: [MOD_ROLE], adminRoles: [] } },
      ...this.overrides,
    });
    this.adapter = createDiscordAdapter({
      token: this.discord.token,
      guildId: GUILD,
      community: communityId(config.community.id),
      roles: config.roles.discord,
      commandScope: 'guild',
      keyValue: this.storage.keyValue,
      logger: this.logger,
      clock: systemClock,
      rest: { api: this.discord.restUrl },
      // What main.ts passes: the channels to check at start, where to report, how crisis mode acts.
      channels: channelUses(config),
      ...discordNeeds(config),
      ...this.adapterExtra,
    });
    const time = (this.time = new FakeTime(Date.now()));
    this.bot = createBot({
      config,
      adapter: this.adapter,
      storage: this.storage,
      clock: time.clock,
      waker: time,
      logger: this.logger,
      features: this.features,
      ...(this.adapterExtra.metrics ? { metrics: this.adapterExtra.metrics } : {}),
    });
    await this.bot.start();
    // Slash commands are registered once the client is ready; wait so tests start from a settled state.
    await this.discord
      .waitForRequest((r) => r.route.startsWith('PUT /applications/:applicationId/guilds/:guildId/commands'), {
        includePast: true,
        timeoutMs: 5_000,
      })
      .catch(() => undefined);
  }

  /** Stops Foyer (the process "exits") and starts a new one on the same database. */
  async restart(): Promise<void> {
    await this.bot.stop();
    await this.boot();
  }

  async stop(): Promise<void> {
    await this.bot.stop();
    this.storage.close();
  }

  /** Successful message posts to a channel, as recorded by the fake. */
  posts(channelId: string): RecordedRequest[] {
    return this.discord.requestsTo(MESSAGES, { succeeded: true }).filter((r) => r.params['channelId'] === channelId);
  }

  /** Resolves once `count` log records (past or coming) match: what Foyer did without asking Discord leaves no request to wait for. */
  waitForLogs(predicate: (r: LogRecord) => boolean, count = 1, timeoutMs = 5_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => this.logger.records.filter(predicate).length >= count;
      if (done()) return resolve();
      const timer = setTimeout(() => {
        this.#logged.off('record', check);
        reject(new Error(`fewer than ${count} matching log records within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.#logged.off('record', check);
        resolve();
      };
      this.#logged.on('record', check);
    });
  }

  waitForPost(channelId: string, contains: string, timeoutMs = 5_000): Promise<RecordedRequest> {
    return this.discord.waitForRequest(
      (r) =>
        r.route === MESSAGES &&
        r.status < 300 &&
        r.params['channelId'] === channelId &&
        String((r.body as { content?: string }).content).includes(contains),
      { includePast: true, timeoutMs },
    );
  }
}

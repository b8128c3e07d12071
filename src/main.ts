/**
 * The only module that reads argv, the environment and the process. Everything else is
 * built by `createBot` from explicit dependencies.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { systemClock } from './core/clock.ts';
import { createNodeCronWaker } from './core/node-cron-waker.ts';
import type { LoadedConfig } from './config/load.ts';
import { createBot } from './bot.ts';
import { communityId } from './core/ids.ts';
import { createLogger, type LogLevel, type LogRecord } from './core/logger.ts';
import { formatConfigError, loadConfigFile } from './config/file.ts';
import { channelUses, discordNeeds, platformNeeds } from './config/channel-uses.ts';
import { createTranslator } from './core/i18n/translator.ts';
import { FEATURES } from './features/index.ts';
import { openStorage, type Storage } from './storage/index.ts';
import { isPostgresUrl } from './storage/database.ts';
import { databaseLocation } from './storage/location.ts';
import type { Clock } from './core/clock.ts';
import type { Logger } from './core/logger.ts';

const USAGE = `Usage:
  npm start -- [--config FILE]       start Foyer (default: config/community.yaml, else the example)
  npm run check-config -- [FILE...]  check configuration files without starting anything
Options:
  --config FILE    the configuration file (also written --config=FILE)
  --check-config   check the configuration (every FILE given) and exit: 0 if all are valid, 2 if not
  --help           show this help
`;

type CommandLine =
  | { kind: 'start'; config?: string }
  | { kind: 'check'; files: (string | undefined)[] }
  | { kind: 'help' }
  | { kind: 'usage-error'; problem: string };

const OPTIONS = {
  config: { type: 'string' },
  'check-config': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Reads the command line strictly: a typo or a missing value is a usage error, never a
 * silent start on the example configuration.
 */
function parseCommandLine(argv: string[]): CommandLine {
  // Non-strict parsing keeps every token, so the problems below are worded for Foyer's users.
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const configs: string[] = [];
  const positionals: string[] = [];
  let check = false;
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    if (!Object.hasOwn(OPTIONS, token.name))
      return { kind: 'usage-error', problem: `unknown option "${token.rawName}"` };
    if (token.name === 'help') return { kind: 'help' };
    if (token.name === 'check-config') {
      if (token.value !== undefined)
        return { kind: 'usage-error', problem: '--check-config takes no value: give the files to check after it' };
      check = true;
    } else if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
      return { kind: 'usage-error', problem: '--config needs a value: the configuration file, as in --config FILE' };
    } else configs.push(token.value);
  }
  if (check)
    return {
      kind: 'check',
      files: configs.length + positionals.length > 0 ? [...configs, ...positionals] : [undefined],
    };
  if (positionals.length > 0)
    return {
      kind: 'usage-error',
      problem: `unexpected "${positionals[0]}": give --check-config to check a file, or --config FILE to start on it`,
    };
  if (configs.length > 1)
    return { kind: 'usage-error', problem: '--config is given more than once: Foyer starts on one configuration' };
  return { kind: 'start', ...(configs[0] !== undefined ? { config: configs[0] } : {}) };
}

/** Checks each file without starting anything; every file is reported, good or bad. */
function checkConfigFiles(files: readonly (string | undefined)[]): number {
  let failed = false;
  for (const requested of files) {
    const loaded = loadConfigFile(requested, process.env);
    if (loaded.ok) {
      process.stdout.write(
        `${loaded.value.file}: OK (community "${loaded.value.config.community.id}", platform ${loaded.value.platform})\n`,
      );
      continue;
    }
    failed = true;
    for (const error of loaded.errors) process.stderr.write(`${formatConfigError(error)}\n`);
  }
  return failed ? 2 : 0;
}

async function main(): Promise<number> {
  const command = parseCommandLine(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command.kind === 'usage-error') {
    process.stderr.write(`foyer: ${command.problem}\n${USAGE}`);
    return 2;
  }
  if (command.kind === 'check') return checkConfigFiles(command.files);
  const loaded = loadConfigFile(command.config, process.env);
  if (!loaded.ok) {
    for (const error of loaded.errors) process.stderr.write(`${formatConfigError(error)}\n`);
    process.stderr.write(
      `Foyer did not start: fix the configuration above (${loaded.errors.length} problem${loaded.errors.length > 1 ? 's' : ''}).\n`,
    );
    return 2;
  }
  const { config, platform, file } = loaded.value;

  if (platform === 'discord' || platform === 'matrix') return runChatPlatform(loaded.value);

  const interactive = process.stdin.isTTY === true;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  // The console is a chat: logs go to a file beside the database so they do not interleave.
  const logFile = config.database.path === ':memory:' ? undefined : join(dirname(config.database.path), 'foyer.log');
  if (logFile) mkdirSync(dirname(logFile), { recursive: true });
  const writeLog = (record: LogRecord) => {
    const line = `${new Date().toISOString()} ${record.level} ${record.message} ${JSON.stringify(record.fields)}\n`;
    if (logFile) appendFileSync(logFile, line);
    if (record.level === 'error' || record.level === 'warn')
      process.stderr.write(`[${record.level}] ${record.message}\n`);
  };
  const logger = createLogger(writeLog, (process.env.FOYER_LOG_LEVEL as LogLevel | undefined) ?? config.logging.level);
  logger.info('effective configuration (secrets come from the environment and are not shown)', { file, config });

  if (loaded.usedExample)
    out(`· no ${'config/community.yaml'} yet: running on the example config (copy it to start your own)`);
  const storage = openStorage(databaseLocation(config.database), { timezone: config.community.timezone });
  // Loaded only for the console, so a Discord or Matrix process does not carry them.
  const [{ createConsoleAdapter }, { FakeTime }] = await Promise.all([
    import('./adapters/console/console.adapter.ts'),
    import('./core/fake-time.ts'),
  ]);
  // FOYER_CONSOLE_START lets a demo or a test start the console's clock at a fixed moment.
  const consoleStart = process.env.FOYER_CONSOLE_START ? Date.parse(process.env.FOYER_CONSOLE_START) : Number.NaN;
  const time = new FakeTime(Number.isNaN(consoleStart) ? Date.now() : consoleStart);
  // The first SIGINT/SIGTERM aborts the work in progress (a long :advance stops between two
  // pieces of work) and the input not yet run, so the stop below is prompt and clean.
  const stop = new AbortController();
  let stoppedBy: string | undefined;
  const onSignal = (signal: string) => {
    stoppedBy ??= signal;
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const adapter = createConsoleAdapter({
    community: communityId(config.community.id),
    write: out,
    now: () => time.now(),
    advance: (ms, progress) => time.advance(ms, { signal: stop.signal, onProgress: progress }),
    channels: Object.keys(config.channels),
    roles: config.roles.console,
    // Files Foyer hands out (charts, exports) go beside the database, where the community's data already is.
    ...(config.database.path === ':memory:' ? {} : { filesDir: join(dirname(config.database.path), 'files') }),
    sessionId: `s${Date.now().toString(36)}`,
  });
  const web = await startWeb(config, storage, time.clock, 'console', logger);
  const mailer = await startMailer(config, logger);
  const bot = createBot({
    config,
    adapter,
    storage,
    clock: time.clock,
    waker: time,
    logger,
    features: FEATURES,
    ...web?.botDeps,
    ownPorts: { ...web?.botDeps.ownPorts, ...(mailer ? { mailer } : {}) },
  });
  await bot.start();
  if (web) out(`· web server: ${web.url}`);
  out(
    `· Foyer is listening as the bot of "${config.community.name}" (${config.community.locale}). Type :help for console commands.`,
  );
  if (logFile) out(`· logs: ${logFile}`);

  // Input lines, clock ticks and shutdown run one at a time, in order; none starts once stopping.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = (work: () => Promise<unknown>) => {
    const unlessStopping = () => (stop.signal.aborted ? undefined : work());
    return (queue = queue.then(unlessStopping, unlessStopping));
  };
  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      clearInterval(ticker);
      await queue.catch(() => undefined);
      await bot.stop();
      await web?.stop();
      await mailer?.close();
      storage.close();
    })());

  // In a terminal, simulated time also follows the wall clock; a script moves only with :advance.
  let last = Date.now();
  const ticker = setInterval(() => {
    if (!interactive) return;
    const now = Date.now();
    void serial(() => time.advance(now - last, { signal: stop.signal }));
    last = now;
  }, 1_000);
  ticker.unref();

  const rl = createInterface({ input: process.stdin, terminal: interactive, prompt: '> ' });
  // In a terminal, readline takes Ctrl-C for itself instead of the process getting SIGINT.
  rl.on('SIGINT', () => onSignal('SIGINT'));
  if (interactive) rl.prompt();
  rl.on('line', (line) => {
    void serial(async () => {
      if (!interactive && line.trim()) out(`» ${line}`);
      const goOn = await adapter.input(line);
      if (!goOn) rl.close();
      else if (interactive) rl.prompt();
    });
  });
  const closed = new Promise<void>((resolve) => rl.on('close', resolve));
  const signalled = new Promise<void>((resolve) =>
    stop.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  await Promise.race([closed, signalled]);
  await shutdown();
  // A signal that came while the last input was still running is what stopped Foyer.
  out(`· Foyer stopped (${stoppedBy ?? 'end of input'}).`);
  return 0;
}

/** Foyer on Discord or Matrix: real time, node-cron, logs as JSON lines on stderr. */
async function runChatPlatform({ config, secrets, platform }: LoadedConfig): Promise<number> {
  const logger = createLogger(
    (r) =>
      process.stderr.write(
        `${JSON.stringify({ time: new Date().toISOString(), level: r.level, msg: r.message, ...r.fields })}\n`,
      ),
    (process.env.FOYER_LOG_LEVEL as LogLevel | undefined) ?? config.logging.level,
  );
  logger.info('effective configuration (secrets come from the environment and are not shown)', { config, platform });
  const location = databaseLocation(config.database);
  // On PostgreSQL several processes may share the community: one is active, the others wait
  // on standby here and take over when it dies (src/storage/postgres/leadership.ts).
  let lost: ((reason: string) => void) | undefined;
  const leadership = isPostgresUrl(location)
    ? await (async () => {
        const { becomeLeader } = await import('./storage/postgres/leadership.ts');
        const began = Date.now();
        let waited = false;
        const held = await becomeLeader({
          url: location,
          key: config.community.id,
          onWaiting: () => {
            waited = true;
            logger.info('standby: another Foyer process is active for this community; taking over when it stops');
          },
          onLost: (reason) => lost?.(reason),
        });
        logger.info('active: this process leads the community', { waitedMs: waited ? Date.now() - began : 0 });
        return held;
      })()
    : undefined;
  const storage = openStorage(location, { timezone: config.community.timezone });
  const waker = createNodeCronWaker((error) => logger.error('scheduled work failed', { error }));
  const community = communityId(config.community.id);
  const adapterLogger = logger.child({ part: platform });
  const web = await startWeb(config, storage, systemClock, platform, logger);
  let adapter;
  // Platform SDKs are loaded only when used, so the console starts without them.
  if (platform === 'discord') {
    const { createDiscordAdapter } = await import('./adapters/discord/discord.adapter.ts');
    adapter = createDiscordAdapter({
      token: secrets.discordToken!,
      guildId: config.platform.discord!.guildId,
      community,
      roles: config.roles.discord,
      commandScope: config.platform.discord!.commands,
      ...(config.platform.discord!.apiUrl ? { rest: { api: config.platform.discord!.apiUrl } } : {}),
      keyValue: storage.keyValue,
      logger: adapterLogger,
      clock: systemClock,
      // Native polls' votes need their own gateway intent: asked only when a feature can use the polls port.
      polls: FEATURES.some((f) => [...f.needs, ...(f.optional ?? [])].includes('polls')),
      // Checked at start: each channel's type and Foyer's permissions there, reported to the moderators once.
      channels: channelUses(config),
      ...discordNeeds(config),
      translator: createTranslator(config.community.locale, config.templates),
      ...(web ? { metrics: web.botDeps.metrics } : {}),
    });
  } else {
    const { createMatrixAdapter, matrixLogin } = await import('./adapters/matrix/matrix.adapter.ts');
    const matrix = config.platform.matrix!;
    const needs = platformNeeds(config);
    const accessToken =
      secrets.matrixAccessToken ?? (await matrixLogin(matrix.homeserverUrl, matrix.userId, secrets.matrixPassword!));
    adapter = createMatrixAdapter({
      homeserverUrl: matrix.homeserverUrl,
      userId: matrix.userId,
      accessToken,
      community,
      rooms: [...new Set(Object.values(config.channels))],
      roles: config.roles.matrix,
      otherBots: matrix.otherBots,
      ...(needs.alertChannel ? { alertRoom: needs.alertChannel } : {}),
      translator: createTranslator(config.community.locale, config.templates),
      keyValue: storage.keyValue,
      logger: adapterLogger,
      clock: systemClock,
      ...(web ? { metrics: web.botDeps.metrics } : {}),
    });
  }
  const mailer = await startMailer(config, logger);
  const bot = createBot({
    config,
    adapter,
    storage,
    clock: systemClock,
    waker,
    logger,
    features: FEATURES,
    ...web?.botDeps,
    ownPorts: { ...web?.botDeps.ownPorts, ...(mailer ? { mailer } : {}) },
  });
  await bot.start();
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    lost = (reason) => {
      logger.error('stepping down: another process leads the community now', { reason });
      resolve('leadership lost');
    };
  });
  logger.info('stopping', { signal });
  await bot.stop();
  await web?.stop();
  await mailer?.close();
  waker.stopAll();
  storage.close();
  await leadership?.release();
  // 75 (EX_TEMPFAIL): a supervisor restarting the process puts it back on standby.
  return signal === 'leadership lost' ? 75 : 0;
}

/**
 * The web server when `web.listen` is set, started before the bot so that readiness answers
 * (not ready) from the first moment. Loaded only then: without it no port is opened.
 */
async function startWeb(
  config: LoadedConfig['config'],
  storage: Storage,
  clock: Clock,
  platform: 'console' | 'discord' | 'matrix',
  logger: Logger,
) {
  if (!config.web.listen) return undefined;
  const { createWeb } = await import('./web/start.ts');
  const web = createWeb({ config, storage, clock, platform, logger, secret: process.env[config.web.secretEnv] });
  const address = await web.server.start();
  const links = web.server.links;
  const routes = web.server.routes;
  return {
    url: address,
    botDeps: {
      metrics: web.metrics,
      ownPorts: { ...(links ? { dashboardLinks: links } : {}), ...(routes ? { webRoutes: routes } : {}) },
    },
    stop: () => web.server.stop(),
  };
}

/**
 * The newsletter's SMTP mailer, when the newsletter is on; its password only from the
 * environment. Loaded only then, so nodemailer is never loaded for nothing.
 */
async function startMailer(config: LoadedConfig['config'], logger: Logger) {
  const newsletter = config.features.newsletter;
  if (!newsletter.enabled || !newsletter.smtp.host || !newsletter.smtp.from) return undefined;
  const { createSmtpMailer } = await import('./adapters/email/smtp.mailer.ts');
  const { host, port, secure, requireTls, user, from, passwordEnv } = newsletter.smtp;
  const password = process.env[passwordEnv];
  return createSmtpMailer({
    host,
    port,
    secure,
    requireTls,
    from,
    logger: logger.child({ part: 'smtp' }),
    ...(user ? { user } : {}),
    ...(password !== undefined ? { password } : {}),
  });
}

process.on('unhandledRejection', (error) => process.stderr.write(`[error] unhandled rejection: ${String(error)}\n`));
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[fatal] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

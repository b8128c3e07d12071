import { accessSync, constants, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SettingsView } from '../features/define.ts';
import { FEATURES } from '../features/index.ts';
import type { PlatformKind } from './load.ts';
import type { FoyerConfig } from './schema.ts';

interface SemanticError {
  path: PropertyKey[];
  message: string;
  atKey?: boolean;
}

/** What features may read of the file besides their own settings. */
export function settingsView(config: FoyerConfig): SettingsView {
  const features = config.features as Readonly<Record<string, unknown>>;
  const shared = new Map<string, string | undefined>();
  for (const { settings } of FEATURES)
    for (const [role, channel] of Object.entries(settings?.sharesChannels?.(features[settings.key] as never) ?? {}))
      if (!shared.has(role)) shared.set(role, channel);
  return { community: config.community, channels: config.channels, sharedChannel: (role) => shared.get(role) };
}

/**
 * Checks that need the whole file: each feature's own checks (a feature that needs a
 * channel has one, named channels exist…), the database path, and the chosen
 * platform's secret in the environment.
 */
export function checkSemantics(
  config: FoyerConfig,
  env: Readonly<Record<string, string | undefined>>,
): {
  errors: SemanticError[];
  platform: PlatformKind;
  secrets: { discordToken?: string; matrixAccessToken?: string; matrixPassword?: string };
} {
  const errors: SemanticError[] = [];
  const declared = Object.keys(config.channels);
  const needChannel = (path: PropertyKey[], name: string | undefined, why: string): void => {
    if (name === undefined)
      errors.push({ path, message: `${why}: name a channel declared under "channels:"`, atKey: true });
    else if (!config.channels[name])
      errors.push({ path, message: `unknown channel "${name}"; declared channels: ${declared.join(', ') || 'none'}` });
  };

  const view = settingsView(config);
  const features = config.features as Readonly<Record<string, unknown>>;
  for (const { settings } of FEATURES) {
    if (!settings) continue;
    const at = ['features', settings.key] as const;
    settings.check?.(features[settings.key] as never, {
      ...view,
      at,
      needChannel: (path, name, why) => needChannel([...path], name, why),
      error: (path, message, atKey) => errors.push({ path: [...path], message, ...(atKey ? { atKey } : {}) }),
    });
  }

  if (config.database.url !== undefined) {
    const urlProblem = checkDatabaseUrl(config.database.url, config.database.passwordEnv);
    if (urlProblem) errors.push({ path: ['database', 'url'], message: urlProblem });
  } else {
    const databaseProblem = checkDatabasePath(config.database.path);
    if (databaseProblem) errors.push({ path: ['database', 'path'], message: databaseProblem });
  }

  const secrets: { discordToken?: string; matrixAccessToken?: string; matrixPassword?: string } = {};
  const { discord, matrix, kind } = config.platform;
  const discordToken = discord ? env[discord.tokenEnv] : undefined;
  const matrixToken = matrix ? env[matrix.accessTokenEnv] : undefined;
  const matrixPassword = matrix ? env[matrix.passwordEnv] : undefined;
  let platform: PlatformKind = 'console';
  if (kind === 'discord' || kind === 'matrix') {
    const section = kind === 'discord' ? discord : matrix;
    const envName = kind === 'discord' ? discord?.tokenEnv : matrix?.accessTokenEnv;
    if (!section)
      errors.push({ path: ['platform', 'kind'], message: `platform "${kind}" needs a platform.${kind} section` });
    else if (!(kind === 'discord' ? discordToken : (matrixToken ?? matrixPassword)))
      errors.push({
        path: ['platform', kind],
        message: `missing secret: set the environment variable ${envName}${kind === 'matrix' ? ` or ${matrix?.passwordEnv}` : ''} (secrets are never read from this file)`,
        atKey: true,
      });
    platform = kind;
  } else if (kind === 'auto') {
    platform = discordToken ? 'discord' : matrixToken || matrixPassword ? 'matrix' : 'console';
  }
  if (platform === 'discord' && discordToken) secrets.discordToken = discordToken;
  if (platform === 'matrix' && matrixToken) secrets.matrixAccessToken = matrixToken;
  else if (platform === 'matrix' && matrixPassword) secrets.matrixPassword = matrixPassword;
  if (platform === 'matrix' && Object.keys(config.channels).length === 0)
    errors.push({ path: ['channels'], message: 'Matrix needs at least one room id under "channels:"', atKey: true });
  return { errors, platform, secrets };
}

/**
 * What is wrong with a PostgreSQL URL, if anything. A password in it is refused: the file is
 * shared and versioned, so the password belongs in the environment (`passwordEnv`). The
 * message never repeats the URL, so a password typed there does not reach a log either.
 */
export function checkDatabaseUrl(url: string, passwordEnv: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL: write it as postgres://user@host:5432/database';
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    return `only PostgreSQL URLs go here (postgres://user@host:5432/database); for SQLite use database.path`;
  if (parsed.password)
    return `the URL holds a password: remove it and set the environment variable ${passwordEnv} instead (database.passwordEnv); secrets are never read from this file`;
  if (parsed.pathname.length <= 1) return 'the URL names no database: end it with /database-name';
  return undefined;
}

/**
 * Why SQLite could not open a database at `path`, found without creating anything: the
 * file's folder must exist or be creatable (its nearest existing ancestor a writable
 * folder), so a bad path fails here, located, rather than with a stack trace at start.
 */
export function checkDatabasePath(path: string): string | undefined {
  if (path === ':memory:') return undefined;
  const target = resolve(path);
  const existing = statOrUndefined(target);
  if (existing?.isDirectory())
    return `${path} is a folder: give the path of the database file inside it, such as ${join(path, 'foyer.sqlite')}`;
  let folder = dirname(target);
  for (let stat = statOrUndefined(folder); ; stat = statOrUndefined(folder)) {
    if (stat && !stat.isDirectory()) return `cannot create the database here: ${folder} is a file, not a folder`;
    if (stat) break;
    folder = dirname(folder);
  }
  try {
    // SQLite writes a journal beside the database, so the folder itself must be writable.
    accessSync(folder, constants.W_OK | constants.X_OK);
    if (existing) accessSync(target, constants.R_OK | constants.W_OK);
  } catch {
    return `cannot create the database here: Foyer may not write in ${existing ? target : folder}`;
  }
  return undefined;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

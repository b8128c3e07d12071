/**
 * Where the configured database is, as one string every opener takes (src/storage/database.ts):
 * a SQLite file path, or a PostgreSQL URL. The PostgreSQL password is read from the
 * environment variable the configuration names and put in the URL here, in memory only;
 * anything that prints a location prints `describeLocation`, which hides it.
 */
import { isPostgresUrl } from './database.ts';
import { redact } from './postgres/sync-client.ts';

export interface DatabaseSettings {
  readonly path: string;
  readonly url?: string | undefined;
  readonly passwordEnv: string;
}

export function databaseLocation(settings: DatabaseSettings, env: NodeJS.ProcessEnv = process.env): string {
  if (settings.url === undefined) return settings.path;
  const url = new URL(settings.url);
  const password = env[settings.passwordEnv];
  if (password) url.password = password;
  return url.toString();
}

/** The location for logs and messages: a PostgreSQL password is never shown. */
export const describeLocation = (location: string): string => (isPostgresUrl(location) ? redact(location) : location);

/** SQLite's `:memory:` keeps nothing: no log file, no files folder, nothing to export. */
export const keepsNothing = (location: string): boolean => location === ':memory:';

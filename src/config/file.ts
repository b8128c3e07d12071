import { existsSync, readFileSync } from 'node:fs';
import { formatConfigError, parseConfig, type ConfigError, type LoadedConfig } from './load.ts';

export const DEFAULT_CONFIG = 'config/community.yaml';
export const EXAMPLE_CONFIG = 'config/community.example.yaml';

/**
 * Reads the config file. With no path given and no config/community.yaml yet, the
 * documented example is used, so a fresh clone runs with `npm start`.
 */
export function loadConfigFile(
  requested: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; value: LoadedConfig; usedExample: boolean } | { ok: false; errors: ConfigError[] } {
  const usedExample = requested === undefined && !existsSync(DEFAULT_CONFIG);
  const file = requested ?? (usedExample ? EXAMPLE_CONFIG : DEFAULT_CONFIG);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    return {
      ok: false,
      errors: [{ file, line: 1, column: 1, path: '', message: `cannot read the config: ${reason}` }],
    };
  }
  const parsed = parseConfig(file, source, env);
  return parsed.ok ? { ok: true, value: parsed.value, usedExample } : parsed;
}

export { formatConfigError };

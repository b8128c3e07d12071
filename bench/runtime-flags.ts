import { readFileSync } from 'node:fs';

/**
 * The V8 flags `npm start` gives Foyer (package.json's start script), read from there so
 * a benchmark measures Foyer's process exactly as it runs and cannot drift from it.
 */
export function foyerRuntimeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  };
  return pkg.scripts.start
    .split(/\s+/)
    .filter((word) => /^--(max-semi-space-size|max-old-space-size|optimize-for-size|max-opt)/.test(word));
}

// Plain JavaScript on purpose: it must run on any Node.js, including ones too old for
// Foyer's TypeScript, to say in one line what is needed instead of a V8 flag error.
// `npm install` pins Node.js 24 (the `node` package) and npm scripts run on it; this
// guard only speaks when that pin is missing (for example after --ignore-scripts).
import { pathToFileURL } from 'node:url';

export const NEEDED = '22.12';

/** The one-line problem with this Node.js version, or undefined when it is recent enough. */
export function nodeVersionProblem(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  const [needMajor, needMinor] = NEEDED.split('.').map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `Foyer needs Node.js ${NEEDED} or newer; this is v${version.replace(/^v/, '')}. Run \`npm install\` (it pins Node.js 24 for npm scripts, allowed by "allowScripts") and use the npm scripts.`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problem = nodeVersionProblem(process.version);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}

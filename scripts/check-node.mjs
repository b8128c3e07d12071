// Plain JavaScript on purpose: it must run on any Node.js, including ones too old for
// Foyer's TypeScript, to say in one line what is needed instead of a V8 flag error.
// `npm install` pins Node.js 24 (the `node` package) and npm scripts run on it; this
// guard only speaks when that pin is missing (for example after --ignore-scripts).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `Foyer needs Node.js 22.12 or newer; this is ${process.version}. Run \`npm install\` (it pins Node.js 24 for npm scripts, allowed by "allowScripts") and use the npm scripts.\n`,
  );
  process.exit(1);
}

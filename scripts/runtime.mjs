// Plain JavaScript, preloaded by `npm start` (node --import) before Foyer's first module:
// four process-wide start-up choices that cut the resident memory of Foyer's process
// (measured by bench/matrix-memory.ts; the figures are in the README's benchmark section).
// bench/matrix-memory.ts preloads this file into the default matrix-js-sdk client it compares
// Foyer with, so both run with the same V8 flags.
import module from 'node:module';
import v8 from 'node:v8';

// V8 sizes its heap for memory rather than speed: it grows the heap in smaller steps and
// gives back the pages a collection freed, instead of pooling them for the next burst of
// allocation. Foyer's start-up allocates far more than it keeps (config schemas, migrations,
// the first sync), so without this the idle process holds about 15 MiB of free heap pages.
// Set before any of Foyer's code runs; V8 reads this flag whenever it sizes the heap.
v8.setFlagsFromString('--optimize-for-size');

// Node then keeps the JavaScript it strips from Foyer's TypeScript, and V8's compiled code,
// in a cache on disk (the system's temporary folder), so a restart loads neither the type
// stripper (a WebAssembly module that stays resident, about 18 MiB) nor compiles every
// module again. Entries are keyed by the file's content: an edited file is stripped afresh.
module.enableCompileCache?.();

// drizzle-orm ships the same code as ES modules and as CommonJS. Linking its ~450 ES
// modules (chains of `export *`) peaks at about 100 MiB, which the process keeps; its
// CommonJS build loads with a few MiB, six times faster. Only storage imports drizzle-orm,
// and every import of it goes through this hook, so one copy of drizzle is ever loaded.
const DRIZZLE = /^drizzle-orm(\/|$)/;

// zod's entry point re-exports every one of its 60-odd locales as `z.locales`, so each
// process compiles and keeps them all (about 1.6 MiB resident) though nothing reads them:
// zod loads English itself and Foyer never switches zod's language. Foyer's processes get
// zod-locales.mjs there instead, which keeps English and French.
const ZOD_LOCALES = /\/node_modules\/zod\/v4\/locales\/index\.js$/;
const FOYER_ZOD_LOCALES = new URL('./zod-locales.mjs', import.meta.url).href;

module.registerHooks?.({
  resolve: (specifier, context, next) => {
    if (DRIZZLE.test(specifier)) return next(specifier, { ...context, conditions: ['node', 'require'] });
    const resolved = next(specifier, context);
    return ZOD_LOCALES.test(resolved.url) ? { ...resolved, url: FOYER_ZOD_LOCALES } : resolved;
  },
});

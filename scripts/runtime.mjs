// Plain JavaScript, preloaded by `npm start` (node --import) before Foyer's first module:
// two process-wide start-up choices that cut the resident memory of Foyer's process
// (measured by bench/matrix-memory.ts; the figures are in the README's benchmark section).
import module from 'node:module';

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
module.registerHooks?.({
  resolve: (specifier, context, next) =>
    DRIZZLE.test(specifier)
      ? next(specifier, { ...context, conditions: ['node', 'require'] })
      : next(specifier, context),
});

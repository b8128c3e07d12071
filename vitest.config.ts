import { defineConfig } from 'vitest/config';

// Every store, feature and scheduling test runs twice: on SQLite (the default database) and
// on a real PostgreSQL server on loopback (the contract of issue 16: one implementation of
// each store, the same behaviour on both). The PostgreSQL cluster is started once for the
// run by the global setup; each test opens its own fresh database in it.
const onBothDatabases = [
  'test/storage/**/*.test.ts',
  'test/features/**/*.test.ts',
  'test/scheduling/**/*.test.ts',
  'test/core/**/*.test.ts',
];

export default defineConfig({
  test: {
    // Types are checked by `npm run typecheck` (tsc), not by the test runner.
    typecheck: { enabled: false },
    pool: 'forks',
    testTimeout: 20_000,
    globalSetup: ['test/support/postgres/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'postgres', include: onBothDatabases, env: { FOYER_TEST_DATABASE: 'postgres' } },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Types are checked by `npm run typecheck` (tsc), not by the test runner.
    typecheck: { enabled: false },
    pool: 'forks',
    testTimeout: 20_000,
  },
});

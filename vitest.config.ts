import { defineConfig } from 'vitest/config';

// One suite, two databases: PGlite by default, a PostgreSQL server when DATABASE_URL is set.
export default defineConfig({
  test: {
    include: ['src/**/__tests__/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
});

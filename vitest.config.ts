import { defineConfig } from 'vitest/config';

// One vitest run covers every test under test/. Suites that need a server or a database start their own
// (ephemeral port, fresh database) so files can run in parallel.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
});

import { defineConfig } from 'vitest/config';

// End-to-end and browser tests start real servers: run files one at a time on this 2-core machine.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts', 'browser/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

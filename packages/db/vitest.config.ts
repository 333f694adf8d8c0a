import { defineConfig } from 'vitest/config';

// PGlite needs 2–4 s to start on an idle machine (initdb + migrations) and several
// times that on a busy one; the limits are for busy CI machines, not the expected pace.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Every file has its own database or PGlite; two at a time keeps both cores busy (140 s → 106 s).
    maxWorkers: 2,
  },
});

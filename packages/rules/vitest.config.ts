import { defineConfig } from 'vitest/config';

// Property tests run tens of thousands of cases: generous timeouts so a busy 2-core CI machine passes.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});

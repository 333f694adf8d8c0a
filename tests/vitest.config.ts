import { defineConfig } from 'vitest/config';

// End-to-end and browser tests start real servers. On this 2-core machine, two kinds run apart:
// - "in-process": files whose game server runs inside the test's own worker (own database, local
//   presence, a free port) — two such files at a time;
// - "serial": files that spawn server processes, kill them, cut Postgres or Redis, or share Redis
//   databases — one at a time, after the first group;
// - "browser": Chromium play-throughs, each on its own in-process game — two at a time, last.
const SERIAL = [
  'e2e/ac-counter-siege', 'e2e/behind-nginx', 'e2e/bounties-restart', 'e2e/deadline-faults', 'e2e/failover',
  'e2e/faults-postgres', 'e2e/faults-redis', 'e2e/governance-restart', 'e2e/leaderboards', 'e2e/market-crash',
  'e2e/notifications-restart', 'e2e/operations-restart', 'e2e/scale-out', 'e2e/social-scale', 'e2e/squads-restart',
  'e2e/territory-restart',
].map((f) => `${f}.test.ts`);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'in-process',
          include: ['e2e/**/*.test.ts'],
          exclude: SERIAL,
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'serial',
          include: SERIAL,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['browser/**/*.test.ts'],
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});

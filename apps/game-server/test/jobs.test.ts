import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createTestDatabase, listJobRuns, type TestDatabase } from '@datavism/db';
import { InProcessJobRunner } from '../src/jobs/inProcess';
import { BullMqJobRunner } from '../src/jobs/bullmq';
import type { JobRunner } from '../src/jobs/types';
import { createLogger } from '../src/logger';
import { createMetrics } from '../src/ops/metrics';

const REDIS_URL = `${(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379').replace(/\/\d*$/, '')}/9`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// One suite over both implementations of the job runner, as the style guide asks.
const kinds = [
  { name: 'in-process on PGlite', db: 'pglite' as const, make: (deps: any) => new InProcessJobRunner(deps, 50) },
  { name: 'BullMQ on Postgres + Redis', db: 'postgres' as const, make: (deps: any, prefix: string) => new BullMqJobRunner(deps, REDIS_URL, prefix) },
];

describe.each(kinds)('job runner: $name', ({ db, make }) => {
  let test: TestDatabase;
  const prefix = `dvt-jobs-${Math.random().toString(36).slice(2, 8)}`;
  const deps = () => ({ db: test.database.db, logger: createLogger('silent'), metrics: createMetrics(), processId: 'test' });

  beforeAll(async () => {
    test = await createTestDatabase(db);
    if (db === 'postgres') {
      const r = new Redis(REDIS_URL);
      await r.flushdb();
      r.disconnect();
    }
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('runs a periodic job once per slot even with two runners (two processes, or a restart)', async () => {
    const runs: string[] = [];
    const runners: JobRunner[] = [make(deps(), prefix), make(deps(), prefix)];
    for (const r of runners) {
      r.register('tick', async ({ scheduledFor }) => {
        runs.push(scheduledFor.toISOString());
        return { rows: 1 };
      });
      r.every('tick', 400);
    }
    await Promise.all(runners.map((r) => r.start()));
    await sleep(2000);
    await Promise.all(runners.map((r) => r.stop()));
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(new Set(runs).size).toBe(runs.length); // no slot twice
    const recorded = await listJobRuns(test.database.db, { name: 'tick', limit: 100 });
    expect(recorded.length).toBe(runs.length);
    expect(recorded.every((r) => r.status === 'done' && r.rows === 1)).toBe(true);
  });

  it('a one-off job scheduled before a restart runs once after it', async () => {
    const ran: unknown[] = [];
    const handler = async ({ payload }: { payload: Record<string, unknown> }) => {
      ran.push(payload);
      return { rows: 1 };
    };
    const first = make(deps(), prefix);
    first.register('deliver', handler);
    await first.start();
    await first.schedule('deliver:42', 'deliver', new Date(Date.now() + 1500), { parcel: 42 });
    await first.schedule('deliver:42', 'deliver', new Date(Date.now() + 1500), { parcel: 42 }); // idempotent by key
    await first.stop(); // the process dies before the job is due
    expect(ran).toEqual([]);
    const second = make(deps(), prefix);
    second.register('deliver', handler);
    await second.start();
    await sleep(3000);
    await second.stop();
    expect(ran).toEqual([{ parcel: 42 }]);
  });
});

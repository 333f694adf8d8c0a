import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createTestDatabase, listJobRuns, scheduleJob, scheduledJob, type ScheduleJobInput, type TestDatabase } from '@datavism/db';
import { InProcessJobRunner } from '../src/jobs/inProcess';
import { MAX_CATCH_UP_SLOTS, runPeriodicSlots } from '../src/jobs/execute';
import { BullMqJobRunner } from '../src/jobs/bullmq';
import type { JobRunner } from '../src/jobs/types';
import { createLogger } from '../src/logger';
import { createMetrics } from '../src/ops/metrics';

const REDIS_URL = `${(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379').replace(/\/\d*$/, '')}/9`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// One suite over both implementations of the job runner, as the style guide asks.
const kinds = [
  { name: 'in-process on PGlite', db: 'pglite' as const, make: (deps: any) => new InProcessJobRunner(deps, 50) },
  { name: 'BullMQ on Postgres + Redis', db: 'postgres' as const, make: (deps: any, prefix: string) => new BullMqJobRunner(deps, REDIS_URL, prefix, 200) },
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

  it('a one-off job committed before a restart runs once after it', async () => {
    const ran: unknown[] = [];
    const handler = async ({ payload }: { payload: Record<string, unknown> }) => {
      ran.push(payload);
      return { rows: 1 };
    };
    const first = make(deps(), prefix);
    first.register('deliver', handler);
    await first.start();
    const job: ScheduleJobInput = { key: 'deliver:42', name: 'deliver', runAt: new Date(Date.now() + 1500), payload: { parcel: 42 } };
    for (let i = 0; i < 2; i++) { // idempotent by key
      await scheduleJob(test.database.db, job);
      await first.notify([job]);
    }
    await first.stop(); // the process dies before the job is due
    expect(ran).toEqual([]);
    const second = make(deps(), prefix);
    second.register('deliver', handler);
    await second.start();
    await sleep(3000);
    await second.stop();
    expect(ran).toEqual([{ parcel: 42 }]);
  });

  it('a committed row the runner was never told about runs once it is due (the process died before the notice)', async () => {
    const ran: { payload: unknown; late: number }[] = [];
    const runner = make(deps(), prefix);
    runner.register('orphan', async ({ payload, scheduledFor }) => {
      ran.push({ payload, late: Date.now() - scheduledFor.getTime() });
      return { rows: 1 };
    });
    await runner.start();
    const runAt = new Date(Date.now() + 400);
    await scheduleJob(test.database.db, { key: 'orphan:1', name: 'orphan', runAt, payload: { n: 1 } }); // no notify
    await sleep(1500);
    await runner.stop();
    expect(ran.map((r) => r.payload)).toEqual([{ n: 1 }]);
    expect(ran[0]!.late).toBeGreaterThanOrEqual(0);
    expect((await scheduledJob(test.database.db, 'orphan:1'))?.doneAt).toBeInstanceOf(Date);
  });

  it('a job moved to a later time runs once, at its new time, with its new payload', async () => {
    const ran: { payload: unknown; at: number }[] = [];
    const runner = make(deps(), prefix);
    runner.register('settle', async ({ payload }) => {
      ran.push({ payload, at: Date.now() });
      return { rows: 1 };
    });
    await runner.start();
    const first: ScheduleJobInput = { key: 'settle:7', name: 'settle', runAt: new Date(Date.now() + 400), payload: { v: 1 } };
    await scheduleJob(test.database.db, first);
    await runner.notify([first]);
    const moved: ScheduleJobInput = { ...first, runAt: new Date(Date.now() + 1500), payload: { v: 2 } };
    await scheduleJob(test.database.db, moved);
    await runner.notify([moved]);
    await sleep(1000);
    expect(ran).toEqual([]); // the delayed job for the old time found its row moved
    await sleep(1500);
    await runner.stop();
    expect(ran.map((r) => r.payload)).toEqual([{ v: 2 }]);
    expect(ran[0]!.at).toBeGreaterThanOrEqual(moved.runAt.getTime());
  });
});

describe('job runner: a process that dies mid-run', () => {
  it('its claimed slot is taken over by a live process (never lost), and run once there', async () => {
    const test = await createTestDatabase('pglite');
    try {
      const mk = (processId: string) => new InProcessJobRunner({ db: test.database.db, logger: createLogger('silent'), metrics: createMetrics(), processId }, 50);
      const doomed = mk('doomed');
      let entered = false;
      doomed.register('resolve', async () => {
        entered = true;
        return new Promise<never>(() => {}); // it never finishes: the process "dies" inside the handler
      });
      await doomed.start();
      await scheduleJob(test.database.db, { key: 'resolve:1', name: 'resolve', runAt: new Date(), payload: { n: 1 } });
      for (let i = 0; i < 40 && !entered; i++) await sleep(50);
      expect(entered).toBe(true);
      // Death: its timers stop and it beats no more (a SIGKILL stops both; here the heartbeat row goes
      // at once instead of after the lease).
      clearInterval((doomed as any).timer);
      await (doomed as any).heartbeat.stop();

      const ran: unknown[] = [];
      const successor = mk('successor');
      successor.register('resolve', async ({ payload }) => {
        ran.push(payload);
        return { rows: 1 };
      });
      await successor.start();
      await sleep(500);
      await successor.stop();
      expect(ran).toEqual([{ n: 1 }]);
      const [run] = await listJobRuns(test.database.db, { name: 'resolve#resolve:1', limit: 5 });
      expect(run).toMatchObject({ status: 'done', process: 'successor', attempts: 2 });
      expect((await scheduledJob(test.database.db, 'resolve:1'))?.doneAt).toBeInstanceOf(Date);
    } finally {
      await test.drop();
    }
  });
});

describe('job runner: periodic slots missed while nothing ran', () => {
  it('are run once each when the job resumes, oldest first, then only the current one', async () => {
    const test = await createTestDatabase('pglite');
    try {
      const deps = { db: test.database.db, logger: createLogger('silent'), metrics: createMetrics(), processId: 'catch-up' };
      const ran: number[] = [];
      const handlers = new Map([['income', async ({ scheduledFor }: { scheduledFor: Date }) => {
        ran.push(scheduledFor.getTime());
        return { rows: 1 };
      }]]) as any;
      const hour = 3_600_000;
      const t0 = Date.UTC(2027, 0, 4, 10);
      expect(await runPeriodicSlots(deps, handlers, 'income', hour, t0 + 5_000)).toBe(1);
      // Down for three hours and a bit (a process restart, or Redis away so BullMQ fired nothing).
      expect(await runPeriodicSlots(deps, handlers, 'income', hour, t0 + 3 * hour + 60_000)).toBe(3);
      expect(ran).toEqual([t0, t0 + hour, t0 + 2 * hour, t0 + 3 * hour]);
      expect(await runPeriodicSlots(deps, handlers, 'income', hour, t0 + 3 * hour + 120_000)).toBe(0);
      // A long outage runs at most MAX_CATCH_UP_SLOTS of them.
      ran.length = 0;
      expect(await runPeriodicSlots(deps, handlers, 'income', hour, t0 + 1000 * hour)).toBe(MAX_CATCH_UP_SLOTS + 1);
      expect(ran[0]).toBe(t0 + (1000 - MAX_CATCH_UP_SLOTS) * hour);
    } finally {
      await test.drop();
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  claimJobRun,
  dueJobs,
  finishJobRun,
  listJobRuns,
  markJobDone,
  pendingJobs,
  scheduleJob,
} from '../../src/index';
import { at, type Ctx } from '../harness';

/** Job-run claims and the one-off job table, run by db.test.ts against each database. */
export function jobsSuite(ctx: Ctx): void {
  describe('jobs', () => {
    it('two claims of the same slot, even concurrent, have exactly one winner', async () => {
      const slot = at('2026-03-10', 0);
      const claims = await Promise.all([
        claimJobRun(ctx.db, { name: 'reputation_decay', scheduledFor: slot, process: 'a' }),
        claimJobRun(ctx.db, { name: 'reputation_decay', scheduledFor: slot, process: 'b' }),
      ]);
      expect(claims.filter((id) => id !== null)).toHaveLength(1);
      expect(await claimJobRun(ctx.db, { name: 'reputation_decay', scheduledFor: slot })).toBeNull();
      // Another slot, or another job in the same slot, is free.
      expect(await claimJobRun(ctx.db, { name: 'reputation_decay', scheduledFor: at('2026-03-11', 0) })).not.toBeNull();
      expect(await claimJobRun(ctx.db, { name: 'garrison_regrowth', scheduledFor: slot })).not.toBeNull();
    });

    it('finishing records rows or the error; runs list newest first', async () => {
      const ok = (await claimJobRun(ctx.db, { name: 'resource_decay', scheduledFor: at('2026-04-01', 0) }))!;
      const bad = (await claimJobRun(ctx.db, { name: 'resource_decay', scheduledFor: at('2026-04-02', 0) }))!;
      await finishJobRun(ctx.db, ok, { rows: 12 });
      await finishJobRun(ctx.db, bad, { rows: 0, error: 'connection lost' });
      const runs = await listJobRuns(ctx.db, { name: 'resource_decay', limit: 10 });
      expect(runs.map((r) => [r.id, r.status, r.rows, r.error])).toEqual([
        [bad, 'failed', 0, 'connection lost'],
        [ok, 'done', 12, null],
      ]);
      expect(runs[0].finishedAt).toBeInstanceOf(Date);
      expect((await listJobRuns(ctx.db, { limit: 1 }))[0].id).toBe(bad);
    });

    it('one-off jobs: due ones in time order, rescheduling by key, done at most once', async () => {
      await scheduleJob(ctx.db, { key: 'siege:1', name: 'resolve_siege', runAt: at('2026-03-10', 10), payload: { siegeId: 1 } });
      await scheduleJob(ctx.db, { key: 'siege:2', name: 'resolve_siege', runAt: at('2026-03-10', 9), payload: { siegeId: 2 } });
      await scheduleJob(ctx.db, { key: 'siege:3', name: 'resolve_siege', runAt: at('2026-03-10', 20), payload: { siegeId: 3 } });
      // Rescheduling moves the job and replaces its payload.
      await scheduleJob(ctx.db, { key: 'siege:1', name: 'resolve_siege', runAt: at('2026-03-10', 8), payload: { siegeId: 1, v: 2 } });
      const due = await dueJobs(ctx.db, at('2026-03-10', 12), 10);
      expect(due.map((j) => [j.key, j.payload])).toEqual([
        ['siege:1', { siegeId: 1, v: 2 }],
        ['siege:2', { siegeId: 2 }],
      ]);
      expect(await markJobDone(ctx.db, 'siege:1')).toBe(true);
      expect(await markJobDone(ctx.db, 'siege:1')).toBe(false);
      expect((await dueJobs(ctx.db, at('2026-03-10', 12), 10)).map((j) => j.key)).toEqual(['siege:2']);
      expect((await pendingJobs(ctx.db)).map((j) => j.key)).toEqual(['siege:2', 'siege:3']);
    });
  });
}

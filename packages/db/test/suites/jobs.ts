import { describe, expect, it } from 'vitest';
import {
  beatJobProcess,
  claimJobRun,
  endJobProcess,
  dueJobs,
  finishJobRun,
  listJobRuns,
  markJobDone,
  pendingJobs,
  scheduleJob,
  scheduleJobsTx,
  scheduledJob,
  withTransaction,
} from '../../src/index';
import { at, type Ctx } from '../harness';

/** Job-run claims and the one-off job table, run by db.test.ts against each database. */
export function jobsSuite(ctx: Ctx): void {
  describe('jobs', () => {
    it('two claims of the same slot, even concurrent, have exactly one winner', async () => {
      const slot = at('2026-03-10', 0);
      for (const p of ['a', 'b']) await beatJobProcess(ctx.db, p); // live runners beat before they claim
      const claims = await Promise.all([
        claimJobRun(ctx.db, { name: 'reputation_decay', scheduledFor: slot, process: 'a' }),
        claimJobRun(ctx.db, { name: 'reputation_decay', scheduledFor: slot, process: 'b' }),
      ]);
      expect(claims.filter((id) => id !== null)).toHaveLength(1);
      expect(await claimJobRun(ctx.db, { name: 'reputation_decay', scheduledFor: slot, process: 'c' })).toBeNull();
      // Another slot, or another job in the same slot, is free.
      expect(await claimJobRun(ctx.db, { name: 'reputation_decay', scheduledFor: at('2026-03-11', 0) })).not.toBeNull();
      expect(await claimJobRun(ctx.db, { name: 'garrison_regrowth', scheduledFor: slot })).not.toBeNull();
    });

    it('a claim left running by a process that stopped beating is taken over once; a live one, a done one and a failed one are not', async () => {
      const slot = at('2026-03-12', 0);
      await beatJobProcess(ctx.db, 'alive');
      const first = await claimJobRun(ctx.db, { name: 'siege-resolve#s1', scheduledFor: slot, process: 'alive' });
      expect(first).not.toBeNull();
      // Its process is alive: nobody else may run the slot, not even after a while.
      expect(await claimJobRun(ctx.db, { name: 'siege-resolve#s1', scheduledFor: slot, process: 'other' })).toBeNull();
      // It dies (no more beats: here its row is gone; a stale seen_at works the same).
      await endJobProcess(ctx.db, 'alive');
      await beatJobProcess(ctx.db, 'successor');
      await beatJobProcess(ctx.db, 'rival');
      const [x, y] = await Promise.all([
        claimJobRun(ctx.db, { name: 'siege-resolve#s1', scheduledFor: slot, process: 'successor' }),
        claimJobRun(ctx.db, { name: 'siege-resolve#s1', scheduledFor: slot, process: 'rival' }),
      ]);
      expect([x, y].filter((id) => id !== null)).toEqual([first]); // the same run row, claimed again by one
      const [run] = await listJobRuns(ctx.db, { name: 'siege-resolve#s1', limit: 1 });
      expect(run.attempts).toBe(2);
      expect(['successor', 'rival']).toContain(run.process);
      // A finished run is never taken over, whoever stopped beating.
      await finishJobRun(ctx.db, first!, { rows: 1 });
      await endJobProcess(ctx.db, run.process!);
      expect(await claimJobRun(ctx.db, { name: 'siege-resolve#s1', scheduledFor: slot, process: 'late' })).toBeNull();
      const failed = (await claimJobRun(ctx.db, { name: 'siege-resolve#s2', scheduledFor: slot, process: 'gone' }))!;
      await finishJobRun(ctx.db, failed, { rows: 0, error: 'boom' });
      expect(await claimJobRun(ctx.db, { name: 'siege-resolve#s2', scheduledFor: slot, process: 'late' })).toBeNull();
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

    it('scheduleJobsTx: the rows commit with the state change that writes them, or not at all', async () => {
      const job = (key: string, hour: number) => ({ key, name: 'close', runAt: at('2026-05-01', hour), payload: { key } });
      await expect(withTransaction(ctx.db, async (tx) => {
        await scheduleJobsTx(tx, [job('outbox:lost', 1)]);
        throw new Error('the state change failed');
      })).rejects.toThrow('the state change failed');
      expect(await scheduledJob(ctx.db, 'outbox:lost')).toBeNull();
      // The last entry of a key wins within one call.
      await withTransaction(ctx.db, (tx) => scheduleJobsTx(tx, [job('outbox:a', 1), job('outbox:b', 2), job('outbox:a', 3)]));
      expect((await scheduledJob(ctx.db, 'outbox:a'))?.runAt).toEqual(at('2026-05-01', 3));
      expect((await scheduledJob(ctx.db, 'outbox:b'))?.payload).toEqual({ key: 'outbox:b' });
      await withTransaction(ctx.db, (tx) => scheduleJobsTx(tx, []));
    });

    it('marking a run done leaves a job moved meanwhile pending at its new time', async () => {
      await scheduleJob(ctx.db, { key: 'moved:1', name: 'settle', runAt: at('2026-06-01', 10), payload: {} });
      await scheduleJob(ctx.db, { key: 'moved:1', name: 'settle', runAt: at('2026-06-01', 11), payload: {} });
      expect(await markJobDone(ctx.db, 'moved:1', at('2026-06-01', 10))).toBe(false);
      expect((await scheduledJob(ctx.db, 'moved:1'))?.doneAt).toBeNull();
      expect(await markJobDone(ctx.db, 'moved:1', at('2026-06-01', 11))).toBe(true);
      expect((await scheduledJob(ctx.db, 'moved:1'))?.doneAt).toBeInstanceOf(Date);
    });
  });
}

import { claimJobRun, dueJobs, finishJobRun, lastJobSlot, markJobDone, type Db, type ScheduledJob } from '@datavism/db';
import type { Logger } from '../logger';
import type { Metrics } from '../ops/metrics';
import type { JobHandler } from './types';

export interface JobDeps {
  db: Db;
  logger: Logger;
  metrics: Metrics;
  processId: string;
}

/**
 * Claim the slot, run the handler, record the outcome. Returns false when another run
 * (a previous life of this process, or another process) already claimed the slot.
 */
export async function executeJob(
  deps: JobDeps,
  handlers: Map<string, JobHandler>,
  name: string,
  scheduledFor: Date,
  payload: Record<string, unknown> = {},
  /** The slot's identity: the job name for periodic jobs, `name#key` for a one-off job. */
  claimName: string = name,
): Promise<boolean> {
  const handler = handlers.get(name);
  if (!handler) throw new Error(`no handler registered for job "${name}"`);
  const runId = await claimJobRun(deps.db, { name: claimName, scheduledFor, process: deps.processId });
  if (runId === null) return false;
  const stop = deps.metrics.jobSeconds.startTimer({ job: name });
  try {
    const { rows } = await handler({ name, scheduledFor, payload });
    await finishJobRun(deps.db, runId, { rows });
    deps.metrics.jobRuns.inc({ job: name, outcome: 'done' });
    deps.logger.info({ job: name, scheduledFor, rows }, 'job done');
  } catch (err) {
    await finishJobRun(deps.db, runId, { rows: 0, error: String((err as Error)?.stack ?? err) }).catch(() => {});
    deps.metrics.jobRuns.inc({ job: name, outcome: 'failed' });
    deps.logger.error({ job: name, err }, 'job failed');
  } finally {
    stop();
  }
  return true;
}

/**
 * Runs one row of `scheduled_jobs` (slot `name#key` at its `runAt`) and marks that run done; a
 * row moved meanwhile stays pending at its new time.
 */
export async function runScheduledJob(
  deps: JobDeps,
  handlers: Map<string, JobHandler>,
  job: Pick<ScheduledJob, 'key' | 'name' | 'runAt' | 'payload'>,
): Promise<void> {
  await executeJob(deps, handlers, job.name, job.runAt, job.payload as Record<string, unknown>, `${job.name}#${job.key}`);
  await markJobDone(deps.db, job.key, job.runAt);
}

/**
 * Runs the one-off jobs that are due and not done, earliest first: how both runners honour a
 * row whatever became of the notice about it (a crash after the commit, a flushed Redis).
 */
export async function runDueJobs(deps: JobDeps, handlers: Map<string, JobHandler>, now: Date, limit = 100): Promise<number> {
  const due = await dueJobs(deps.db, now, limit);
  for (const job of due) await runScheduledJob(deps, handlers, job);
  return due.length;
}

/** At most this many missed slots of a periodic job are run when it resumes. */
export const MAX_CATCH_UP_SLOTS = 100;

/**
 * The periodic job's slot containing `now`, and before it every slot missed since its last run
 * (the process was down, or Redis was and BullMQ's scheduler did not fire), oldest first, at most
 * {@link MAX_CATCH_UP_SLOTS}. The slot claims keep each slot to one run across processes.
 */
export async function runPeriodicSlots(
  deps: JobDeps, handlers: Map<string, JobHandler>, name: string, intervalMs: number, now: number,
): Promise<number> {
  const current = slotStart(now, intervalMs).getTime();
  const last = await lastJobSlot(deps.db, name);
  let from = last ? last.getTime() + intervalMs : current;
  from = Math.max(from, current - MAX_CATCH_UP_SLOTS * intervalMs);
  let ran = 0;
  for (let t = from; t <= current; t += intervalMs) {
    if (await executeJob(deps, handlers, name, new Date(t))) ran++;
  }
  return ran;
}

/** Start of the interval slot containing `now`. */
export function slotStart(now: number, intervalMs: number): Date {
  return new Date(Math.floor(now / intervalMs) * intervalMs);
}

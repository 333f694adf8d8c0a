import { claimJobRun, finishJobRun, type Db } from '@datavism/db';
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

/** Start of the interval slot containing `now`. */
export function slotStart(now: number, intervalMs: number): Date {
  return new Date(Math.floor(now / intervalMs) * intervalMs);
}

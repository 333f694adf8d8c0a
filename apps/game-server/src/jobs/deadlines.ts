import type { ScheduleJobInput } from '@datavism/db';
import type { FaultPoint } from '../config';
import type { Services } from '../context';

/**
 * The second step of a state change that arms deadlines: its `scheduled_jobs` rows have
 * committed with it (the outbox), and now the job runner is told, best effort. A notice that
 * fails, or never happens because the process died, only delays the run to the runner's next
 * sweep of due rows, so a failure here is logged, never thrown at the player.
 *
 * `FAULT_INJECT=after-commit:<point>` kills the process here, between the commit and the
 * notice, for the crash tests.
 */
export async function deadlinesCommitted(s: Services, point: FaultPoint, jobs: readonly ScheduleJobInput[]): Promise<void> {
  if (s.config.faultInject.has(`after-commit:${point}`)) await killNow(s, point);
  if (jobs.length === 0) return;
  try {
    await s.jobs.notify(jobs);
  } catch (err) {
    s.metrics.errors.inc({ where: 'jobs' });
    s.logger.warn({ err, jobs: jobs.map((j) => j.key) }, 'job runner not told of committed deadlines; its sweep will run them');
  }
}

/** SIGKILL this process: no exit handlers, no flushing, nothing after the commit runs. */
async function killNow(s: Services, point: FaultPoint): Promise<never> {
  s.logger.warn({ point }, 'FAULT_INJECT: killing the process after the commit');
  process.kill(process.pid, 'SIGKILL');
  // The signal lands asynchronously; nothing of this request may run until it does.
  return new Promise<never>(() => {});
}

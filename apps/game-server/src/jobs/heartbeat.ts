import { beatJobProcess, endJobProcess, JOB_LEASE_SECONDS } from '@datavism/db';
import type { JobDeps } from './execute';

/**
 * A job runner's sign of life: `job_processes.seen_at` every few seconds. Another process takes
 * over the `running` claims of a process that stopped beating for the lease (it died mid-run),
 * so a crash never loses a job slot (see `claimJobRun`).
 */
export class JobHeartbeat {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: JobDeps, private readonly everyMs = (JOB_LEASE_SECONDS * 1000) / 4) {}

  async start(): Promise<void> {
    await beatJobProcess(this.deps.db, this.deps.processId);
    this.timer = setInterval(() => {
      beatJobProcess(this.deps.db, this.deps.processId).catch((err) => {
        this.deps.metrics.errors.inc({ where: 'jobs:heartbeat' });
        this.deps.logger.warn({ err }, 'job heartbeat failed');
      });
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await endJobProcess(this.deps.db, this.deps.processId).catch(() => {});
  }
}

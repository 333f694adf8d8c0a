import { dueJobs, markJobDone, scheduleJob } from '@datavism/db';
import { executeJob, slotStart, type JobDeps } from './execute';
import type { JobRunner } from './types';
import { JobRegistry } from './registry';

/**
 * The embedded job runner: timers in this process. Periodic jobs run once per slot;
 * one-off jobs live in the `scheduled_jobs` table, so a restart resumes them.
 */
export class InProcessJobRunner extends JobRegistry implements JobRunner {
  readonly kind = 'in-process' as const;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(private readonly deps: JobDeps, private readonly pollMs = 250) {
    super();
  }

  async schedule(key: string, name: string, runAt: Date, payload: Record<string, unknown> = {}): Promise<void> {
    await scheduleJob(this.deps.db, { key, name, runAt, payload });
  }

  async start(): Promise<void> {
    this.timer = setInterval(() => void this.tick(), this.pollMs);
    await this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.ticking) await new Promise((r) => setTimeout(r, 10));
  }

  /** One pass: the current slot of every periodic job, then every one-off job that is due. */
  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = Date.now();
      for (const [name, intervalMs] of this.periodic) {
        await executeJob(this.deps, this.handlers, name, slotStart(now, intervalMs));
      }
      for (const job of await dueJobs(this.deps.db, new Date(now), 100)) {
        await executeJob(this.deps, this.handlers, job.name, job.runAt, job.payload as Record<string, unknown>, `${job.name}#${job.key}`);
        await markJobDone(this.deps.db, job.key);
      }
    } catch (err) {
      this.deps.metrics.errors.inc({ where: 'jobs' });
      this.deps.logger.error({ err }, 'job runner tick failed');
    } finally {
      this.ticking = false;
    }
  }
}

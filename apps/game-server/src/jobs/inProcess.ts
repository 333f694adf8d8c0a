import { runDueJobs, runPeriodicSlots, type JobDeps } from './execute';
import type { JobRunner } from './types';
import { JobRegistry } from './registry';
import { JobHeartbeat } from './heartbeat';

/**
 * The embedded job runner: timers in this process. Periodic jobs run once per slot;
 * one-off jobs live in the `scheduled_jobs` table, so a restart resumes them.
 */
export class InProcessJobRunner extends JobRegistry implements JobRunner {
  readonly kind = 'in-process' as const;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private readonly heartbeat: JobHeartbeat;

  constructor(private readonly deps: JobDeps, private readonly pollMs = 250) {
    super();
    this.heartbeat = new JobHeartbeat(deps);
  }

  /** Nothing to do: the next tick (every `pollMs`) finds the committed rows that are due. */
  async notify(): Promise<void> {}

  async start(): Promise<void> {
    await this.heartbeat.start();
    this.timer = setInterval(() => void this.tick(), this.pollMs);
    await this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.ticking) await new Promise((r) => setTimeout(r, 10));
    await this.heartbeat.stop();
  }

  /** One pass: the current slot of every periodic job, then every one-off job that is due. */
  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = Date.now();
      for (const [name, intervalMs] of this.periodic) {
        await runPeriodicSlots(this.deps, this.handlers, name, intervalMs, now);
      }
      await runDueJobs(this.deps, this.handlers, new Date(now));
    } catch (err) {
      this.deps.metrics.errors.inc({ where: 'jobs' });
      this.deps.logger.error({ err }, 'job runner tick failed');
    } finally {
      this.ticking = false;
    }
  }
}

import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { pendingJobs, scheduledJob, type ScheduleJobInput } from '@datavism/db';
import { runDueJobs, runPeriodicSlots, runScheduledJob, type JobDeps } from './execute';
import type { JobRunner } from './types';
import { JobRegistry } from './registry';
import { JobHeartbeat } from './heartbeat';

/**
 * BullMQ job runner (with REDIS_URL): periodic jobs are BullMQ job schedulers, one-off jobs are
 * delayed jobs that wake a worker at a `scheduled_jobs` row's time. Every process runs a worker;
 * the database slot claim makes each run happen once. The rows are the truth: a delayed job
 * whose row has moved or is done does nothing, and every few seconds (and at start) each
 * process sweeps the rows that are due and not done, so a row whose notice was lost (the
 * process died right after the commit) or whose Redis was flushed still runs.
 */
export class BullMqJobRunner extends JobRegistry implements JobRunner {
  readonly kind = 'bullmq' as const;
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker: Worker | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;
  private readonly heartbeat: JobHeartbeat;

  constructor(
    private readonly deps: JobDeps,
    redisUrl: string,
    private readonly prefix: string,
    /** How often due rows of `scheduled_jobs` are swept. @default 2000 */
    private readonly sweepMs = 2000,
  ) {
    super();
    this.heartbeat = new JobHeartbeat(deps);
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue('datavism-jobs', { connection: this.connection, prefix: `${prefix}:bull` });
    // Redis away: BullMQ reports connection errors as events; the sweep of due rows goes on from
    // the database and periodic slots are caught up when Redis is back (runPeriodicSlots).
    this.queue.on('error', (err) => this.deps.logger.warn({ err: String(err) }, 'bullmq queue error'));
    this.connection.on('error', () => {});
  }

  async notify(jobs: readonly ScheduleJobInput[]): Promise<void> {
    for (const job of jobs) await this.enqueue(job);
  }

  private async enqueue(job: ScheduleJobInput): Promise<void> {
    const delay = Math.max(0, job.runAt.getTime() - Date.now());
    // One BullMQ job per (key, time): a job moved to another time gets a delayed job of its own
    // (BullMQ ignores an add under an existing id), and the stale one finds its row moved.
    await this.queue.add(job.name, { key: job.key, runAt: job.runAt.toISOString() }, {
      jobId: `${safeId(job.key)}@${job.runAt.getTime()}`, delay, removeOnComplete: 1000, removeOnFail: 1000,
    });
  }

  async start(): Promise<void> {
    await this.heartbeat.start();
    for (const [name, every] of this.periodic) {
      await this.queue.upsertJobScheduler(`every:${name}`, { every }, { name, data: { periodic: true, every } });
    }
    for (const job of await pendingJobs(this.deps.db)) await this.enqueue(job);
    this.worker = new Worker(
      'datavism-jobs',
      async (job) => {
        const data = job.data as { periodic?: boolean; every?: number; key?: string; runAt?: string };
        if (data.periodic && data.every) {
          await runPeriodicSlots(this.deps, this.handlers, job.name, data.every, job.timestamp + (job.opts.delay ?? 0));
        } else if (data.key) {
          const row = await scheduledJob(this.deps.db, data.key);
          if (row && !row.doneAt && row.runAt.getTime() === Date.parse(data.runAt ?? '')) {
            await runScheduledJob(this.deps, this.handlers, row);
          }
        }
      },
      { connection: this.connection.duplicate(), prefix: `${this.prefix}:bull`, concurrency: 1 },
    );
    this.worker.on('error', (err) => this.deps.logger.warn({ err: String(err) }, 'bullmq worker error'));
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepMs);
    await this.sweep();
  }

  /** Runs the due rows no delayed job ran and the periodic slots BullMQ has not (the job_runs claim keeps each run single across processes). */
  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const now = Date.now();
      await runDueJobs(this.deps, this.handlers, new Date(now));
      // Periodic slots too, from the database: BullMQ's scheduler is the prompt path, this one
      // keeps every slot running (once, by its claim) while Redis is away or BullMQ is stuck.
      for (const [name, every] of this.periodic) await runPeriodicSlots(this.deps, this.handlers, name, every, now);
    } catch (err) {
      this.deps.metrics.errors.inc({ where: 'jobs' });
      this.deps.logger.error({ err }, 'scheduled job sweep failed');
    } finally {
      this.sweeping = false;
    }
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    while (this.sweeping) await new Promise((r) => setTimeout(r, 10));
    await this.worker?.close();
    await this.queue.close();
    this.connection.disconnect();
    await this.heartbeat.stop();
  }
}

/** BullMQ job ids may not contain ':'. */
function safeId(key: string): string {
  return key.replace(/:/g, '_');
}

import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { scheduleJob, markJobDone, pendingJobs } from '@datavism/db';
import { executeJob, slotStart, type JobDeps } from './execute';
import type { JobRunner } from './types';
import { JobRegistry } from './registry';

/**
 * BullMQ job runner (with REDIS_URL): periodic jobs are BullMQ job schedulers, one-off jobs are
 * delayed jobs with the caller's key as job id. Every process runs a worker; the database slot
 * claim makes each run happen once. One-off jobs are also written to `scheduled_jobs`, and
 * re-queued from there at start, so a Redis flush loses nothing.
 */
export class BullMqJobRunner extends JobRegistry implements JobRunner {
  readonly kind = 'bullmq' as const;
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker: Worker | null = null;

  constructor(private readonly deps: JobDeps, redisUrl: string, private readonly prefix: string) {
    super();
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue('datavism-jobs', { connection: this.connection, prefix: `${prefix}:bull` });
  }

  async schedule(key: string, name: string, runAt: Date, payload: Record<string, unknown> = {}): Promise<void> {
    await scheduleJob(this.deps.db, { key, name, runAt, payload });
    await this.enqueue(key, name, runAt, payload);
  }

  private async enqueue(key: string, name: string, runAt: Date, payload: Record<string, unknown>) {
    const delay = Math.max(0, runAt.getTime() - Date.now());
    await this.queue.add(name, { key, payload, runAt: runAt.toISOString() }, { jobId: safeId(key), delay, removeOnComplete: 1000, removeOnFail: 1000 });
  }

  async start(): Promise<void> {
    for (const [name, every] of this.periodic) {
      await this.queue.upsertJobScheduler(`every:${name}`, { every }, { name, data: { periodic: true, every } });
    }
    for (const job of await pendingJobs(this.deps.db)) {
      await this.enqueue(job.key, job.name, job.runAt, job.payload as Record<string, unknown>);
    }
    this.worker = new Worker(
      'datavism-jobs',
      async (job) => {
        const data = job.data as { periodic?: boolean; every?: number; key?: string; payload?: Record<string, unknown>; runAt?: string };
        if (data.periodic && data.every) {
          await executeJob(this.deps, this.handlers, job.name, slotStart(job.timestamp + (job.opts.delay ?? 0), data.every));
        } else if (data.key) {
          await executeJob(this.deps, this.handlers, job.name, new Date(data.runAt ?? Date.now()), data.payload ?? {}, `${job.name}#${data.key}`);
          await markJobDone(this.deps.db, data.key);
        }
      },
      { connection: this.connection.duplicate(), prefix: `${this.prefix}:bull`, concurrency: 1 },
    );
    this.worker.on('error', (err) => this.deps.logger.error({ err }, 'bullmq worker error'));
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.connection.disconnect();
  }
}

/** BullMQ job ids may not contain ':'. */
function safeId(key: string): string {
  return key.replace(/:/g, '_');
}

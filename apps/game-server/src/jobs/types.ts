import type { ScheduleJobInput } from '@datavism/db';

/** What a job handler is given: the slot it runs for (so a re-run is recognisable) and its payload. */
export interface JobContext {
  name: string;
  scheduledFor: Date;
  payload: Record<string, unknown>;
}

/** A job handler returns how many rows it touched (recorded in job_runs). */
export type JobHandler = (ctx: JobContext) => Promise<{ rows: number }>;

/**
 * Runs the same handlers on BullMQ (with Redis) or in process (embedded default).
 * Every run claims its (name, scheduledFor) slot in the database first, so neither a
 * restart nor a second process can run one slot twice.
 */
export interface JobRunner {
  readonly kind: 'in-process' | 'bullmq';
  register(name: string, handler: JobHandler): void;
  /** Run `name` once per interval slot (slot = floor(now / intervalMs)). */
  every(name: string, intervalMs: number): void;
  /**
   * One-off jobs are rows of `scheduled_jobs`, written by `scheduleJobsTx` in the transaction of
   * the state change that sets their deadline; every runner runs the rows that are due. After
   * that commit the caller tells the runner here, best effort (BullMQ queues a delayed job so the
   * row runs on time; the in-process runner polls anyway): a notice lost to a crash only makes
   * the run wait for the runner's next sweep of due rows.
   */
  notify(jobs: readonly ScheduleJobInput[]): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

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
  /** Run `name` once at `runAt` (durable: survives restarts). `key` makes it idempotent. */
  schedule(key: string, name: string, runAt: Date, payload?: Record<string, unknown>): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

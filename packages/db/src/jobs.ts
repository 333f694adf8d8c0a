import { and, asc, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from './client';
import { jobRuns, scheduledJobs } from './schema/index';

/** One run of a recurring job. */
export type JobRun = typeof jobRuns.$inferSelect;
/** One one-off delayed job. */
export type ScheduledJob = typeof scheduledJobs.$inferSelect;

export interface ClaimJobRunInput {
  name: string;
  /** The slot this run is for (e.g. midnight UTC for a daily job), not the wall clock. */
  scheduledFor: Date;
  /** Who runs it (hostname:pid), for the GM console. */
  process?: string;
}

/**
 * Claims the run of job `name` for one scheduled slot. Returns the run id, or null when
 * that slot was already claimed — by an earlier run before a restart or by another
 * server process — in which case the caller must not run the job.
 */
export async function claimJobRun(db: Db, input: ClaimJobRunInput): Promise<number | null> {
  const [row] = await db
    .insert(jobRuns)
    .values({ name: input.name, scheduledFor: input.scheduledFor, process: input.process ?? null })
    .onConflictDoNothing({ target: [jobRuns.name, jobRuns.scheduledFor] })
    .returning({ id: jobRuns.id });
  return row?.id ?? null;
}

/** Marks a claimed run finished: `done`, or `failed` with the error message. */
export async function finishJobRun(
  db: Db,
  id: number,
  result: { rows: number; error?: string },
): Promise<void> {
  await db
    .update(jobRuns)
    .set({
      finishedAt: sql`now()`,
      rows: result.rows,
      status: result.error === undefined ? 'done' : 'failed',
      error: result.error ?? null,
    })
    .where(eq(jobRuns.id, id));
}

/** The latest runs, newest first, optionally of one job. */
export function listJobRuns(db: Db, options: { name?: string; limit: number }): Promise<JobRun[]> {
  return db
    .select()
    .from(jobRuns)
    .where(options.name === undefined ? undefined : eq(jobRuns.name, options.name))
    .orderBy(desc(jobRuns.id))
    .limit(options.limit);
}

export interface ScheduleJobInput {
  /** Unique per job instance, e.g. `siege-resolve:<siegeId>`; scheduling it again moves it. */
  key: string;
  name: string;
  runAt: Date;
  payload: unknown;
}

/**
 * Schedules a one-off job (or reschedules it: upsert by key, which also re-arms a
 * job that was done). The in-process runner polls {@link dueJobs}, so scheduled work
 * survives a restart.
 */
export async function scheduleJob(db: Db, input: ScheduleJobInput): Promise<void> {
  await db
    .insert(scheduledJobs)
    .values({ key: input.key, name: input.name, runAt: input.runAt, payload: input.payload ?? {} })
    .onConflictDoUpdate({
      target: scheduledJobs.key,
      set: { name: input.name, runAt: input.runAt, payload: input.payload ?? {}, doneAt: null },
    });
}

/** Jobs not yet done whose time has come, earliest first. */
export function dueJobs(db: Db, now: Date, limit: number): Promise<ScheduledJob[]> {
  return db
    .select()
    .from(scheduledJobs)
    .where(and(isNull(scheduledJobs.doneAt), lte(scheduledJobs.runAt, now)))
    .orderBy(asc(scheduledJobs.runAt))
    .limit(limit);
}

/**
 * Marks a job done. Returns false if it was already done (another process got there
 * first), so a runner can mark before running to run each job at most once.
 */
export async function markJobDone(db: Db, key: string): Promise<boolean> {
  const rows = await db
    .update(scheduledJobs)
    .set({ doneAt: sql`now()` })
    .where(and(eq(scheduledJobs.key, key), isNull(scheduledJobs.doneAt)))
    .returning({ key: scheduledJobs.key });
  return rows.length > 0;
}

/** Every job not yet done, earliest first (what a restarted runner resumes). */
export function pendingJobs(db: Db): Promise<ScheduledJob[]> {
  return db
    .select()
    .from(scheduledJobs)
    .where(isNull(scheduledJobs.doneAt))
    .orderBy(asc(scheduledJobs.runAt));
}

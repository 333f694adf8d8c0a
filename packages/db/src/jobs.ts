import { and, asc, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from './client';
import { jobProcesses, jobRuns, scheduledJobs } from './schema/index';

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
 * server process — in which case the caller must not run the job. A claim left `running` by a
 * process that died mid-run (no heartbeat for {@link JOB_LEASE_SECONDS}) is taken over, so a
 * crash never loses a slot; handlers are idempotent (they check state in their transaction).
 */
export async function claimJobRun(db: Db, input: ClaimJobRunInput): Promise<number | null> {
  const process = input.process ?? null;
  const [row] = await db
    .insert(jobRuns)
    .values({ name: input.name, scheduledFor: input.scheduledFor, process })
    .onConflictDoUpdate({
      target: [jobRuns.name, jobRuns.scheduledFor],
      set: { process, startedAt: sql`now()`, attempts: sql`${jobRuns.attempts} + 1` },
      // Only a claim still `running` whose process stopped beating: it died mid-run.
      setWhere: sql`${jobRuns.status} = 'running' AND ${jobRuns.process} IS DISTINCT FROM ${process}
        AND NOT EXISTS (SELECT 1 FROM ${jobProcesses} p WHERE p.process = ${jobRuns.process}
          AND p.seen_at > now() - make_interval(secs => ${JOB_LEASE_SECONDS}))`,
    })
    .returning({ id: jobRuns.id });
  return row?.id ?? null;
}

/** A claim whose process has not beaten for this long is taken over. */
export const JOB_LEASE_SECONDS = 10;

/** This process runs jobs and is alive (every few seconds, well inside {@link JOB_LEASE_SECONDS}). */
export async function beatJobProcess(db: Db, process: string): Promise<void> {
  await db
    .insert(jobProcesses)
    .values({ process })
    .onConflictDoUpdate({ target: jobProcesses.process, set: { seenAt: sql`now()` } });
}

/** This process stops running jobs (a clean shutdown: its claims are finished or failed). */
export async function endJobProcess(db: Db, process: string): Promise<void> {
  await db.delete(jobProcesses).where(eq(jobProcesses.process, process));
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

/** The latest slot ever claimed of periodic job `name` (null before its first run). */
export async function lastJobSlot(db: Db, name: string): Promise<Date | null> {
  const [row] = await db
    .select({ slot: sql<Date | string | null>`max(${jobRuns.scheduledFor})` })
    .from(jobRuns)
    .where(eq(jobRuns.name, name));
  return row?.slot ? new Date(row.slot) : null;
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
 * The one-off jobs a state change arms, computed from what it wrote (the new row's id and
 * deadlines are only known inside its transaction). A database function that takes one writes
 * them with {@link scheduleJobsTx} before it commits.
 */
export type Deadlines<T> = (written: T) => ScheduleJobInput[];

/**
 * Schedules one-off jobs (or reschedules them: upsert by key, which also re-arms a job that
 * was done) in the caller's transaction. The `scheduled_jobs` row is the outbox of the state
 * change that sets the deadline: both commit together, so a crash right after the commit
 * cannot leave a siege or a vote without the job that ends it. Runners run due rows
 * ({@link dueJobs}) whether or not they were told about them.
 */
export async function scheduleJobsTx(tx: Tx, jobs: readonly ScheduleJobInput[]): Promise<void> {
  await upsertJobs(tx, jobs);
}

/** {@link scheduleJobsTx} for one job on its own (tests and tools; game code schedules in its transaction). */
export async function scheduleJob(db: Db, input: ScheduleJobInput): Promise<void> {
  await upsertJobs(db, [input]);
}

async function upsertJobs(db: Db, jobs: readonly ScheduleJobInput[]): Promise<void> {
  // One statement may not upsert a key twice: the last entry for a key wins.
  const rows = [...new Map(jobs.map((j) => [j.key, j])).values()];
  if (rows.length === 0) return;
  await db
    .insert(scheduledJobs)
    .values(rows.map((j) => ({ key: j.key, name: j.name, runAt: j.runAt, payload: j.payload ?? {} })))
    .onConflictDoUpdate({
      target: scheduledJobs.key,
      set: { name: sql`excluded.name`, runAt: sql`excluded.run_at`, payload: sql`excluded.payload`, doneAt: null },
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
 * first), so a runner can mark before running to run each job at most once. With `runAt`,
 * only the run at that time is marked: a job moved while it ran stays pending at its new time.
 */
export async function markJobDone(db: Db, key: string, runAt?: Date): Promise<boolean> {
  const rows = await db
    .update(scheduledJobs)
    .set({ doneAt: sql`now()` })
    .where(and(eq(scheduledJobs.key, key), isNull(scheduledJobs.doneAt), runAt ? eq(scheduledJobs.runAt, runAt) : undefined))
    .returning({ key: scheduledJobs.key });
  return rows.length > 0;
}

/** One job by key, or null. */
export async function scheduledJob(db: Db, key: string): Promise<ScheduledJob | null> {
  const [row] = await db.select().from(scheduledJobs).where(eq(scheduledJobs.key, key));
  return row ?? null;
}

/** Every job not yet done, earliest first (what a restarted runner resumes). */
export function pendingJobs(db: Db): Promise<ScheduledJob[]> {
  return db
    .select()
    .from(scheduledJobs)
    .where(isNull(scheduledJobs.doneAt))
    .orderBy(asc(scheduledJobs.runAt));
}

import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

export const JOB_RUN_STATUSES = ['running', 'done', 'failed'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/**
 * One run of a recurring job for one scheduled slot. UNIQUE(name, scheduled_for)
 * is what stops a restart or a second process from running the same slot twice.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    rows: integer('rows'),
    status: text('status', { enum: JOB_RUN_STATUSES }).notNull().default('running'),
    error: text('error'),
    process: text('process'),
    /** How many processes have claimed this slot: > 1 when a claim of a dead process was taken over. */
    attempts: integer('attempts').notNull().default(1),
  },
  (t) => [
    unique('job_runs_name_scheduled_for_unique').on(t.name, t.scheduledFor),
    check('job_runs_status_check', sql`${t.status} in ('running', 'done', 'failed')`),
  ],
);

/**
 * Live job-running processes: each writes `seen_at` every few seconds. A `running` claim whose
 * process has not been seen for the lease is taken over by another claim (the process died
 * mid-run), so a slot is never lost to a crash.
 */
export const jobProcesses = pgTable('job_processes', {
  process: text('process').primaryKey(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One-off delayed jobs; the in-process runner resumes them from here after a restart. */
export const scheduledJobs = pgTable(
  'scheduled_jobs',
  {
    key: text('key').primaryKey(),
    name: text('name').notNull(),
    runAt: timestamp('run_at', { withTimezone: true }).notNull(),
    payload: jsonb('payload').$type<unknown>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [index('scheduled_jobs_due_idx').on(t.doneAt, t.runAt)],
);

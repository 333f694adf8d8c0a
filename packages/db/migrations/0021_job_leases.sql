-- A job slot claimed by a process that died mid-run is taken over instead of being lost: live
-- job-running processes beat in job_processes; a `running` claim whose process stopped beating
-- can be claimed again (job_runs.attempts counts the claims).
CREATE TABLE IF NOT EXISTS "job_processes" (
	"process" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN IF NOT EXISTS "attempts" integer DEFAULT 1 NOT NULL;

-- The churn pass (GAME §8.4) wrote each player's interventions as one jsonb payload per row:
-- building 481,000 payloads took ≈ 2.1 s of the 11.7 s pass over 1,000,000 players, and the wide
-- rows made its sort and insert slower (EXPLAIN ANALYZE, BENCHMARKS.md). What the payloads held is
-- now kept in typed columns, written as they are computed; the read path (engagement.ts,
-- interventionsFromRow) builds the same `{kind: payload}` from them. Rows written before keep
-- their payload in "interventions" (read as before); new rows leave it NULL.
-- High tier (risk > 0.7): the handler message, the easier challenge, the squad event (the squad's
-- own operation or siege, else the trending operation, else its chat; no squad: join one).
-- Elevated tier (risk > 0.4): the progress highlight, the squad's needs, the mentor offer.
ALTER TABLE "churn_scores" ALTER COLUMN "interventions" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "churn_scores"
	ADD COLUMN "handler_message_id" bigint,
	ADD COLUMN "handler_body" text,
	ADD COLUMN "challenge_difficulty" smallint,
	ADD COLUMN "challenge_id" text,
	ADD COLUMN "challenge_title" text,
	ADD COLUMN "xp" integer,
	ADD COLUMN "login_streak" integer,
	ADD COLUMN "days_active" integer,
	ADD COLUMN "contributions" integer,
	ADD COLUMN "squad_id" uuid,
	ADD COLUMN "squad_name" text,
	ADD COLUMN "squad_members" integer,
	ADD COLUMN "members_needed" integer,
	ADD COLUMN "open_decisions" integer,
	ADD COLUMN "event_kind" text,
	ADD COLUMN "event_id" text,
	ADD COLUMN "event_name" text,
	ADD COLUMN "trending_id" text,
	ADD COLUMN "trending_name" text,
	ADD COLUMN "mentored" boolean,
	ADD COLUMN "mentors" integer;

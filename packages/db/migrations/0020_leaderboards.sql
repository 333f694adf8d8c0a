-- Leaderboards (GAME §5.1, docs/leaderboards.md). Scores are kept per (board, period, subject):
-- period 0 is all-time, any other period a weekly season numbered IYYYIW. They are written by
-- the one function leaderboard_add(), called by the triggers below from data the game already
-- records, and by the siege resolution (the committed winners are recorded nowhere else).
CREATE TABLE "leaderboard_boards" (
	"board" smallint PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"subject" text NOT NULL,
	"open_week" integer NOT NULL,
	CONSTRAINT "leaderboard_boards_key_unique" UNIQUE("key"),
	CONSTRAINT "leaderboard_boards_subject_check" CHECK ("subject" in ('player', 'squad'))
);
--> statement-breakpoint
-- The codes of the rules' LEADERBOARDS (a test keeps them equal). open_week: the season of now.
INSERT INTO "leaderboard_boards" ("board", "key", "subject", "open_week")
SELECT b.board, b.key, b.subject, to_char(w.monday, 'IYYY')::int * 100 + to_char(w.monday, 'IW')::int
FROM (VALUES (1, 'influence_gained', 'player'), (2, 'sieges_won', 'player'), (3, 'operation_points', 'player'),
             (4, 'intel_verified', 'player'), (5, 'challenges_solved', 'player'), (6, 'squad_territories_held', 'squad'),
             (7, 'squad_sieges_won', 'squad'), (8, 'squad_treasury', 'squad')) AS b(board, key, subject)
CROSS JOIN (SELECT (now() AT TIME ZONE 'UTC')::date - extract(dow FROM now() AT TIME ZONE 'UTC')::int + 1 AS monday) AS w;
--> statement-breakpoint
-- `folded` is the score the rank counts hold for this row; `pending` marks a row whose score moved
-- since (the fold loop brings it in). Readers add the pending rows' difference themselves.
CREATE TABLE "leaderboard_scores" (
	"board" smallint NOT NULL,
	"period" integer NOT NULL,
	"subject_id" uuid NOT NULL,
	"score" bigint NOT NULL,
	"reached_at" timestamp with time zone NOT NULL,
	"folded" bigint DEFAULT 0 NOT NULL,
	"pending" boolean DEFAULT true NOT NULL,
	CONSTRAINT "leaderboard_scores_pk" PRIMARY KEY("board","period","subject_id")
);
--> statement-breakpoint
-- The board's order (score desc, earlier reach, id) as one ascending key, so "the five above me"
-- is a single row comparison on the index.
CREATE INDEX "leaderboard_scores_order_idx" ON "leaderboard_scores" USING btree ("board","period",(-"score"),"reached_at","subject_id");
--> statement-breakpoint
CREATE INDEX "leaderboard_scores_pending_idx" ON "leaderboard_scores" USING btree ("board","period") WHERE "pending";
--> statement-breakpoint
-- How many folded scores fall in each bucket: level l holds score >> (8·l). "How many score more
-- than s" sums at most 255 buckets per level instead of counting up to a million index entries.
CREATE TABLE "leaderboard_rank_counts" (
	"board" smallint NOT NULL,
	"period" integer NOT NULL,
	"level" smallint NOT NULL,
	"bucket" bigint NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "leaderboard_rank_counts_pk" PRIMARY KEY("board","period","level","bucket")
);
--> statement-breakpoint
-- A weekly season: `closing` once the week's scores are frozen (writers moved to the next week),
-- `closed` once its top 10 are paid. The primary key (board, week) is the close's idempotency key.
CREATE TABLE "leaderboard_seasons" (
	"board" smallint NOT NULL,
	"week" integer NOT NULL,
	"status" text NOT NULL,
	"frozen_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"entries" integer,
	"total_score" bigint,
	CONSTRAINT "leaderboard_seasons_pk" PRIMARY KEY("board","week"),
	CONSTRAINT "leaderboard_seasons_status_check" CHECK ("status" in ('closing', 'closed'))
);
--> statement-breakpoint
CREATE INDEX "leaderboard_seasons_week_idx" ON "leaderboard_seasons" USING btree ("week");
--> statement-breakpoint
-- The rewarded places of a closed season; place 1 carries the board's weekly title.
CREATE TABLE "leaderboard_awards" (
	"board" smallint NOT NULL,
	"week" integer NOT NULL,
	"place" smallint NOT NULL,
	"subject_id" uuid NOT NULL,
	"score" bigint NOT NULL,
	"reached_at" timestamp with time zone NOT NULL,
	"reward" bigint NOT NULL,
	"title" text,
	CONSTRAINT "leaderboard_awards_pk" PRIMARY KEY("board","week","place")
);
--> statement-breakpoint
CREATE INDEX "leaderboard_awards_subject_idx" ON "leaderboard_awards" USING btree ("subject_id");
--> statement-breakpoint
-- Adds points to subjects of one board: into its open week and (unless p_all_time is false) into
-- all-time. Every writer holds the board's advisory lock shared until it commits; the weekly close
-- takes it exclusively to move open_week, so each point lands in the week before the close or the
-- week after it, never in a week already read. Rows are upserted in key order (no deadlocks
-- between two writers of the same subjects).
CREATE FUNCTION leaderboard_add(p_board smallint, p_subjects uuid[], p_amounts bigint[], p_all_time boolean DEFAULT true)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	v_week integer;
BEGIN
	PERFORM pg_advisory_xact_lock_shared(1279414852, p_board);
	SELECT open_week INTO v_week FROM leaderboard_boards WHERE board = p_board;
	IF v_week IS NULL THEN RETURN; END IF;
	INSERT INTO leaderboard_scores AS s (board, period, subject_id, score, reached_at)
	SELECT p_board, per.period, x.subject_id, sum(x.amount), now()
	FROM unnest(p_subjects, p_amounts) AS x(subject_id, amount)
	CROSS JOIN (SELECT v_week AS period UNION ALL SELECT 0 WHERE p_all_time) AS per
	WHERE x.subject_id IS NOT NULL AND x.amount IS NOT NULL AND x.amount <> 0
	GROUP BY per.period, x.subject_id
	ORDER BY per.period, x.subject_id
	ON CONFLICT (board, period, subject_id) DO UPDATE
		SET score = s.score + excluded.score, reached_at = excluded.reached_at, pending = true;
END $$;
--> statement-breakpoint
-- influence_gained: the rise of influence in hundredths at the player's current multipliers
-- (the rules' influenceGain: floor(N·100 / D) before and after, N and D as in decay.ts).
CREATE FUNCTION leaderboard_on_reputation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	m bigint := (CASE WHEN NEW.first_blood THEN 15 ELSE 1 END) * (CASE WHEN NEW.mass_awakening THEN 13 ELSE 1 END)
		* (CASE WHEN NEW.is_squad_leader THEN 12 ELSE 1 END);
	k bigint := (CASE WHEN NEW.first_blood THEN 10 ELSE 1 END) * (CASE WHEN NEW.mass_awakening THEN 10 ELSE 1 END)
		* (CASE WHEN NEW.is_squad_leader THEN 10 ELSE 1 END);
	before bigint := (25 * OLD.technical_mastery + 25 * OLD.truth_score + 30 * OLD.impact_rating
		+ 10 * OLD.teaching_honor + 10 * OLD.artistic_vision)::bigint * m / k;
	after bigint := (25 * NEW.technical_mastery + 25 * NEW.truth_score + 30 * NEW.impact_rating
		+ 10 * NEW.teaching_honor + 10 * NEW.artistic_vision)::bigint * m / k;
BEGIN
	IF after > before THEN
		PERFORM leaderboard_add(1::smallint, ARRAY[NEW.id], ARRAY[after - before]);
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
-- Only rows where a dimension rose call the function: the daily decay pass (1M rows, every
-- dimension falls) pays one WHEN comparison per row.
CREATE TRIGGER "players_leaderboard_influence" AFTER UPDATE OF technical_mastery, truth_score, impact_rating, teaching_honor, artistic_vision
ON "players" FOR EACH ROW
WHEN (NEW.technical_mastery > OLD.technical_mastery OR NEW.truth_score > OLD.truth_score OR NEW.impact_rating > OLD.impact_rating
	OR NEW.teaching_honor > OLD.teaching_honor OR NEW.artistic_vision > OLD.artistic_vision)
EXECUTE FUNCTION leaderboard_on_reputation();
--> statement-breakpoint
-- operation_points: the points of every recorded contribution, per statement (a contribution
-- batch of thousands is one leaderboard_add).
CREATE FUNCTION leaderboard_on_contributions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM leaderboard_add(3::smallint, array_agg(player_id), array_agg(points))
	FROM (SELECT player_id::uuid AS player_id, sum(points)::bigint AS points FROM added
		WHERE points > 0 AND player_id ~ '^[0-9a-fA-F-]{36}$' GROUP BY 1) AS x
	HAVING count(*) > 0;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "operation_contributions_leaderboard" AFTER INSERT ON "operation_contributions"
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION leaderboard_on_contributions();
--> statement-breakpoint
-- challenges_solved: one per solve row.
CREATE FUNCTION leaderboard_on_solves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM leaderboard_add(5::smallint, array_agg(player_id), array_agg(n))
	FROM (SELECT player_id, count(*)::bigint AS n FROM added GROUP BY 1) AS x
	HAVING count(*) > 0;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "challenge_solves_leaderboard" AFTER INSERT ON "challenge_solves"
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION leaderboard_on_solves();
--> statement-breakpoint
-- intel_verified: when a claim becomes a verified pattern (verified_at set once), one for each of
-- its contributors (the submitter's confirmation is the first row).
CREATE FUNCTION leaderboard_on_verified() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM leaderboard_add(4::smallint, array_agg(player_id), array_agg(1::bigint))
	FROM intel_confirmations WHERE claim_id = NEW.id
	HAVING count(*) > 0;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "intel_claims_leaderboard" AFTER UPDATE OF verified_at ON "intel_claims" FOR EACH ROW
WHEN (OLD.verified_at IS NULL AND NEW.verified_at IS NOT NULL) EXECUTE FUNCTION leaderboard_on_verified();
--> statement-breakpoint
-- squad_treasury: the rise of a member's contribution score (already weighted by resource), in hundredths.
CREATE FUNCTION leaderboard_on_treasury() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM leaderboard_add(8::smallint, ARRAY[NEW.squad_id], ARRAY[round((NEW.contribution_score - OLD.contribution_score) * 100)::bigint]);
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "squad_members_leaderboard" AFTER UPDATE OF contribution_score ON "squad_members" FOR EACH ROW
WHEN (NEW.contribution_score > OLD.contribution_score) EXECUTE FUNCTION leaderboard_on_treasury();
--> statement-breakpoint
-- squad_territories_held: the week's row is the squad's current holding (the close copies it into
-- the next week and adds it to all-time), so a change of holder moves one territory.
CREATE FUNCTION leaderboard_on_holder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM leaderboard_add(6::smallint, array_agg(squad_id), array_agg(delta), false)
	FROM (SELECT OLD.holder_squad_id::uuid AS squad_id, -1::bigint AS delta WHERE OLD.holder_squad_id ~ '^[0-9a-fA-F-]{36}$'
		UNION ALL SELECT NEW.holder_squad_id::uuid, 1 WHERE NEW.holder_squad_id ~ '^[0-9a-fA-F-]{36}$') AS x
	HAVING count(*) > 0;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "territories_leaderboard" AFTER UPDATE OF holder_squad_id ON "territories" FOR EACH ROW
WHEN (OLD.holder_squad_id IS DISTINCT FROM NEW.holder_squad_id) EXECUTE FUNCTION leaderboard_on_holder();
--> statement-breakpoint
-- Holdings as they stand when this migration runs.
INSERT INTO "leaderboard_scores" ("board", "period", "subject_id", "score", "reached_at")
SELECT 6, b.open_week, t.holder_squad_id::uuid, count(*), now()
FROM "territories" t CROSS JOIN (SELECT open_week FROM "leaderboard_boards" WHERE board = 6) AS b
WHERE t.holder_squad_id ~ '^[0-9a-fA-F-]{36}$'
GROUP BY b.open_week, t.holder_squad_id;

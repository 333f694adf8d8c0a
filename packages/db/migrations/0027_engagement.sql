-- Engagement (GAME §8.4, docs/engagement.md): what the churn-risk formula reads — sessions,
-- squad interactions and failed challenges per player and UTC day, and each player's last
-- level-up — and what the daily churn pass writes: one summary per day, the scores of players at
-- risk with their inputs, the interventions they got.

-- ---- the last level-up, wherever XP is written ----
ALTER TABLE "players" ADD COLUMN "last_level_up_at" timestamp with time zone;--> statement-breakpoint
-- Level L needs 100·(L−1)² XP, so the level is floor(sqrt(xp / 100)) + 1 (numeric: exact at the
-- squares). A BEFORE trigger sets the column in the same row version. Its name sorts after
-- players_mentee_xp so the mentee's +20 % (which may cross the level) is already in NEW.xp.
CREATE FUNCTION players_mark_level_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.last_level_up_at := now();
	RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER players_xp_level_up BEFORE UPDATE OF xp ON players FOR EACH ROW
	WHEN (NEW.xp > OLD.xp AND floor(sqrt(greatest(NEW.xp, 0)::numeric / 100)) > floor(sqrt(greatest(OLD.xp, 0)::numeric / 100)))
	EXECUTE FUNCTION players_mark_level_up();--> statement-breakpoint

-- ---- per player and UTC day: sessions, squad interactions, failed challenges ----
-- One row per (day, player) active that day, kept 15 days by the churn pass (it reads 7). No
-- foreign key: like reputation_gains, a row per event would pay a key lookup for nothing.
CREATE TABLE "engagement_activity" (
	"day" date NOT NULL,
	"player_id" uuid NOT NULL,
	"sessions" integer DEFAULT 0 NOT NULL,
	"squad_interactions" integer DEFAULT 0 NOT NULL,
	"failed_challenges" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "engagement_activity_pk" PRIMARY KEY("day","player_id")
);--> statement-breakpoint

-- Adds to a player's counters of a day (the session at world entry, a wrong challenge answer, a squad action).
CREATE FUNCTION engagement_count(p_player uuid, p_day date, p_sessions integer, p_squad integer, p_failed integer) RETURNS void
LANGUAGE sql AS $$
	INSERT INTO engagement_activity AS a (day, player_id, sessions, squad_interactions, failed_challenges)
	VALUES (p_day, p_player, p_sessions, p_squad, p_failed)
	ON CONFLICT (day, player_id) DO UPDATE SET
		sessions = a.sessions + excluded.sessions,
		squad_interactions = a.squad_interactions + excluded.squad_interactions,
		failed_challenges = a.failed_challenges + excluded.failed_challenges
$$;--> statement-breakpoint

-- Squad interactions are the squad actions community health already marks (migration 0022): a
-- squad decision vote (cast or changed), a treasury contribution, a siege declared, a squad chat
-- message. The one trigger function of those four tables now counts each action as well as
-- marking its day, so both features read the same definition.
CREATE OR REPLACE FUNCTION gm_on_squad_action() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	v_player uuid;
	v_day date := (now() AT TIME ZONE 'UTC')::date;
BEGIN
	-- One assignment per table: plpgsql resolves NEW's fields when a statement first runs.
	IF TG_TABLE_NAME = 'sieges' THEN
		v_player := NEW.declared_by;
	ELSIF TG_TABLE_NAME = 'social_messages' THEN
		v_player := NEW.author_id;
	ELSE
		v_player := NEW.player_id;
	END IF;
	IF v_player IS NOT NULL THEN
		PERFORM gm_mark_activity(v_player, v_day, false, true);
		PERFORM engagement_count(v_player, v_day, 0, 1, 0);
	END IF;
	RETURN NULL;
END $$;--> statement-breakpoint

-- ---- what the daily churn pass writes ----
-- One row per scored day, written by the pass that scored it: a second pass for the day (a
-- re-run slot, a GM's "run now", a second process) finds it and writes nothing.
CREATE TABLE "churn_runs" (
	"day" date PRIMARY KEY NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"scored" integer NOT NULL,
	"active" integer NOT NULL,
	"average_sessions" double precision NOT NULL,
	"elevated" integer NOT NULL,
	"high" integer NOT NULL,
	-- scored players per risk in hundredths, e.g. {"0": 12, "70": 3}
	"histogram" jsonb NOT NULL,
	-- scored players per term that applied
	"terms" jsonb NOT NULL,
	-- interventions written per kind
	"interventions" jsonb NOT NULL
);--> statement-breakpoint

-- Who got what: one row per player and day the pass sent interventions to — the risk (> 0.4), the
-- inputs of the score and each intervention ({kind: payload}). A player at risk who got their
-- tier's interventions in the 6 days before gets no row (the day's summary counts them). No index
-- but the primary key: a pass writes up to one row per scored player, and a player's rows are read
-- by (day, player) probes. Kept 35 days.
CREATE TABLE "churn_scores" (
	"day" date NOT NULL,
	"player_id" uuid NOT NULL,
	-- hundredths: 50 is 0.5
	"risk" smallint NOT NULL,
	"sessions" integer NOT NULL,
	"squad_interactions" integer NOT NULL,
	-- the last level-up, or the account's creation when it never levelled up
	"levelled_at" timestamp with time zone NOT NULL,
	"failed_challenges" integer NOT NULL,
	"interventions" jsonb NOT NULL,
	CONSTRAINT "churn_scores_pk" PRIMARY KEY("day","player_id"),
	CONSTRAINT "churn_scores_risk_check" CHECK ("risk" BETWEEN 0 AND 100)
);

-- Game-masters (GAME §9): one fair-play flags table for every detector, community health with
-- its daily history, and the activity it is computed from, recorded where it arrives.

-- ---- fair-play flags: the market's table, now every detector's ----
ALTER TABLE "fair_play_flags" ADD COLUMN "evidence" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "fair_play_flags" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "fair_play_flags" ADD COLUMN "status" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "fair_play_flags" ADD COLUMN "resolution" text;--> statement-breakpoint
ALTER TABLE "fair_play_flags" ADD COLUMN "resolved_by" uuid;--> statement-breakpoint
ALTER TABLE "fair_play_flags" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fair_play_flags" ADD CONSTRAINT "fair_play_flags_status_check" CHECK ("fair_play_flags"."status" in ('open', 'dismissed', 'actioned'));--> statement-breakpoint
CREATE UNIQUE INDEX "fair_play_flags_dedupe_unique" ON "fair_play_flags" USING btree ("dedupe_key") WHERE "fair_play_flags"."dedupe_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "fair_play_flags_status_idx" ON "fair_play_flags" USING btree ("status", "id");--> statement-breakpoint
CREATE INDEX "fair_play_flags_players_idx" ON "fair_play_flags" USING gin ("player_ids");--> statement-breakpoint

-- ---- activity: the days of the last 28 a player logged in / took a squad action ----
-- Bit i of a mask is the day `anchor - i`. One row per player, so the daily health pass reads one
-- row per player, whatever their history.
CREATE TABLE "player_activity" (
	"player_id" uuid PRIMARY KEY NOT NULL,
	"anchor" date NOT NULL,
	"login_days" integer DEFAULT 0 NOT NULL,
	"squad_days" integer DEFAULT 0 NOT NULL
);--> statement-breakpoint
CREATE INDEX "player_activity_anchor_idx" ON "player_activity" USING btree ("anchor");--> statement-breakpoint

-- Reputation gained per player, day and dimension (rises only), kept 15 days.
CREATE TABLE "reputation_gains" (
	"day" date NOT NULL,
	"player_id" uuid NOT NULL,
	"technical_mastery" integer DEFAULT 0 NOT NULL,
	"truth_score" integer DEFAULT 0 NOT NULL,
	"impact_rating" integer DEFAULT 0 NOT NULL,
	"teaching_honor" integer DEFAULT 0 NOT NULL,
	"artistic_vision" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "reputation_gains_pk" PRIMARY KEY("day", "player_id")
);--> statement-breakpoint

-- One snapshot per UTC day: every input, the counts behind it, the score, the alerts.
CREATE TABLE "community_health" (
	"day" date PRIMARY KEY NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"score" double precision NOT NULL,
	"growth" double precision NOT NULL,
	"retention" double precision NOT NULL,
	"engagement" double precision NOT NULL,
	"toxicity" double precision NOT NULL,
	"collaboration" double precision NOT NULL,
	"diversity" double precision NOT NULL,
	"squad_participation" double precision NOT NULL,
	"counts" jsonb NOT NULL,
	"alerts" text[] DEFAULT '{}'::text[] NOT NULL
);--> statement-breakpoint

-- XP of each player at the impossible-progress job's last run, and the run's time.
CREATE TABLE "xp_marks" (
	"player_id" uuid PRIMARY KEY NOT NULL,
	"xp" bigint NOT NULL
);--> statement-breakpoint
CREATE TABLE "gm_watermarks" (
	"name" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL
);--> statement-breakpoint

-- The week's new players and chat messages are read by time.
CREATE INDEX IF NOT EXISTS "players_created_at_idx" ON "players" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "social_messages_created_idx" ON "social_messages" USING btree ("created_at");--> statement-breakpoint
-- The collusion detectors read a look-back window of endorsements and intel confirmations.
CREATE INDEX IF NOT EXISTS "endorsements_created_idx" ON "endorsements" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "intel_confirmations_created_idx" ON "intel_confirmations" USING btree ("created_at");--> statement-breakpoint

-- Shifts a 28-day mask anchored at `from` to be anchored at `to` (to >= from).
CREATE FUNCTION gm_shift_days(mask integer, from_day date, to_day date) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN to_day - from_day >= 28 THEN 0 ELSE ((mask::bigint << (to_day - from_day)) & 268435455)::integer END
$$;--> statement-breakpoint

-- Marks a day of a player's activity: a login day and/or a squad-action day.
CREATE FUNCTION gm_mark_activity(p_player uuid, p_day date, p_login boolean, p_squad boolean) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO player_activity AS a (player_id, anchor, login_days, squad_days)
	VALUES (p_player, p_day, CASE WHEN p_login THEN 1 ELSE 0 END, CASE WHEN p_squad THEN 1 ELSE 0 END)
	ON CONFLICT (player_id) DO UPDATE SET
		anchor = greatest(a.anchor, p_day),
		login_days = gm_shift_days(a.login_days, a.anchor, greatest(a.anchor, p_day))
			| CASE WHEN p_login AND greatest(a.anchor, p_day) - p_day < 28 THEN 1 << (greatest(a.anchor, p_day) - p_day) ELSE 0 END,
		squad_days = gm_shift_days(a.squad_days, a.anchor, greatest(a.anchor, p_day))
			| CASE WHEN p_squad AND greatest(a.anchor, p_day) - p_day < 28 THEN 1 << (greatest(a.anchor, p_day) - p_day) ELSE 0 END;
END $$;--> statement-breakpoint

CREATE FUNCTION gm_on_login() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM gm_mark_activity(NEW.id, NEW.last_login_day, true, false);
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "players_activity_login_insert" AFTER INSERT ON "players" FOR EACH ROW
WHEN (NEW.last_login_day IS NOT NULL) EXECUTE FUNCTION gm_on_login();--> statement-breakpoint
CREATE TRIGGER "players_activity_login" AFTER UPDATE OF last_login_day ON "players" FOR EACH ROW
WHEN (NEW.last_login_day IS NOT NULL AND NEW.last_login_day IS DISTINCT FROM OLD.last_login_day) EXECUTE FUNCTION gm_on_login();--> statement-breakpoint

-- Reputation gained (the day of the writing transaction, UTC).
CREATE FUNCTION gm_on_reputation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO reputation_gains AS g (day, player_id, technical_mastery, truth_score, impact_rating, teaching_honor, artistic_vision)
	VALUES ((now() AT TIME ZONE 'UTC')::date, NEW.id,
		greatest(NEW.technical_mastery - OLD.technical_mastery, 0), greatest(NEW.truth_score - OLD.truth_score, 0),
		greatest(NEW.impact_rating - OLD.impact_rating, 0), greatest(NEW.teaching_honor - OLD.teaching_honor, 0),
		greatest(NEW.artistic_vision - OLD.artistic_vision, 0))
	ON CONFLICT (day, player_id) DO UPDATE SET
		technical_mastery = g.technical_mastery + excluded.technical_mastery, truth_score = g.truth_score + excluded.truth_score,
		impact_rating = g.impact_rating + excluded.impact_rating, teaching_honor = g.teaching_honor + excluded.teaching_honor,
		artistic_vision = g.artistic_vision + excluded.artistic_vision;
	RETURN NULL;
END $$;--> statement-breakpoint
-- Only rows where a dimension rose call the function (the daily decay lowers every one).
CREATE TRIGGER "players_reputation_gains" AFTER UPDATE OF technical_mastery, truth_score, impact_rating, teaching_honor, artistic_vision
ON "players" FOR EACH ROW
WHEN (NEW.technical_mastery > OLD.technical_mastery OR NEW.truth_score > OLD.truth_score OR NEW.impact_rating > OLD.impact_rating
	OR NEW.teaching_honor > OLD.teaching_honor OR NEW.artistic_vision > OLD.artistic_vision)
EXECUTE FUNCTION gm_on_reputation();--> statement-breakpoint

-- Squad actions (GAME §9 collaboration): a squad decision vote, a treasury contribution, a siege
-- declared, a squad chat message — each marks the acting player's day.
CREATE FUNCTION gm_on_squad_action() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	v_player uuid;
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
		PERFORM gm_mark_activity(v_player, (now() AT TIME ZONE 'UTC')::date, false, true);
	END IF;
	RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "squad_decision_votes_activity" AFTER INSERT OR UPDATE ON "squad_decision_votes" FOR EACH ROW
EXECUTE FUNCTION gm_on_squad_action();--> statement-breakpoint
CREATE TRIGGER "squad_members_activity" AFTER UPDATE OF contribution_score ON "squad_members" FOR EACH ROW
WHEN (NEW.contribution_score > OLD.contribution_score) EXECUTE FUNCTION gm_on_squad_action();--> statement-breakpoint
CREATE TRIGGER "sieges_activity" AFTER INSERT ON "sieges" FOR EACH ROW EXECUTE FUNCTION gm_on_squad_action();--> statement-breakpoint
CREATE TRIGGER "social_messages_squad_activity" AFTER INSERT ON "social_messages" FOR EACH ROW
WHEN (NEW.channel LIKE 'squad:%' AND NEW.author_id IS NOT NULL AND NOT NEW.as_handler) EXECUTE FUNCTION gm_on_squad_action();--> statement-breakpoint

-- Logins as they stand: each player's last login day.
INSERT INTO "player_activity" ("player_id", "anchor", "login_days", "squad_days")
SELECT id, last_login_day, 1, 0 FROM "players" WHERE last_login_day IS NOT NULL;

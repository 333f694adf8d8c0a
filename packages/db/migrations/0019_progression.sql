-- Progression (GAME §1, §2, §5): the achievement codex and the one grant path, the counters behind
-- specializations, mass_awakening and community_pillar, operation leaders, failed actions,
-- secret missions, squad founders and evidence, endorsements, mentor rewards.
CREATE TABLE "achievements" (
	"id" text PRIMARY KEY NOT NULL,
	"xp" integer NOT NULL,
	"badge" text NOT NULL,
	"rarity" text NOT NULL,
	"secret" boolean DEFAULT false NOT NULL,
	"holders" integer DEFAULT 0 NOT NULL,
	"holders_bps" integer,
	"share_computed_at" timestamp with time zone,
	CONSTRAINT "achievements_rarity_check" CHECK ("achievements"."rarity" in ('common', 'uncommon', 'rare', 'epic', 'legendary', 'mythic'))
);
--> statement-breakpoint
-- The twelve of GAME §5 (packages/rules/src/achievements.ts; packages/db/test keeps them equal).
INSERT INTO "achievements" ("id", "xp", "badge", "rarity", "secret") VALUES
	('first_blood', 100, 'bronze_star', 'common', false),
	('level_10', 1000, 'silver_shield', 'uncommon', false),
	('all_paths', 10000, 'rainbow_crown', 'legendary', false),
	('boss_slayer', 500, 'sword_icon', 'rare', false),
	('perfect_run', 2000, 'perfect_star', 'rare', false),
	('speed_demon', 1500, 'lightning_bolt', 'rare', false),
	('squad_founder', 1000, 'crown_icon', 'uncommon', false),
	('mentor_master', 5000, 'teacher_hat', 'epic', false),
	('community_pillar', 10000, 'pillar_badge', 'epic', false),
	('truth_seeker', 2000, 'magnifying_glass', 'uncommon', false),
	('ghost_protocol', 10000, 'ghost_icon', 'legendary', true),
	('the_revelation', 100000, 'eye_icon', 'mythic', true);
--> statement-breakpoint
-- No per-row foreign keys (like the ledger's, migration 0009): grant_achievements() only inserts
-- players that exist and refuses an unknown achievement, and a 100,000-player perfect_run would
-- pay two key lookups per row. No index on achievement_id: the daily share job scans anyway.
CREATE TABLE "player_achievements" (
	"player_id" uuid NOT NULL,
	"achievement_id" text NOT NULL,
	"earned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"announced_at" timestamp with time zone,
	"announce_lease" timestamp with time zone,
	CONSTRAINT "player_achievements_pk" PRIMARY KEY("player_id","achievement_id")
);
--> statement-breakpoint
CREATE INDEX "player_achievements_unannounced_idx" ON "player_achievements" USING btree ("earned_at") WHERE "player_achievements"."announced_at" IS NULL;
--> statement-breakpoint
CREATE TABLE "player_progress" (
	"player_id" uuid PRIMARY KEY NOT NULL,
	"investigations_led" integer DEFAULT 0 NOT NULL,
	"students_mentored" integer DEFAULT 0 NOT NULL,
	"content_passed" integer DEFAULT 0 NOT NULL,
	"endorsement_points" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "player_progress" ADD CONSTRAINT "player_progress_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "operation_leaders" (
	"operation_id" uuid PRIMARY KEY NOT NULL,
	"player_id" uuid NOT NULL,
	"success" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "led_rewards" (
	"leader_id" uuid NOT NULL,
	"player_id" text NOT NULL,
	CONSTRAINT "led_rewards_pk" PRIMARY KEY("leader_id","player_id")
);
--> statement-breakpoint
CREATE TABLE "operation_failed_actions" (
	"operation_id" uuid NOT NULL,
	"player_id" text NOT NULL,
	"failures" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "operation_failed_actions_pk" PRIMARY KEY("operation_id","player_id")
);
--> statement-breakpoint
CREATE TABLE "secret_missions" (
	"player_id" uuid NOT NULL,
	"handler" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "secret_missions_pk" PRIMARY KEY("player_id","handler")
);
--> statement-breakpoint
ALTER TABLE "secret_missions" ADD CONSTRAINT "secret_missions_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "squad_founders" (
	"squad_id" uuid PRIMARY KEY NOT NULL,
	"player_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "squad_evidence" (
	"squad_id" uuid PRIMARY KEY NOT NULL,
	"halves" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "endorsements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"endorser_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"dimension" text NOT NULL,
	"points" integer NOT NULL,
	"game_day" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "endorsements_once_per_day" UNIQUE("endorser_id","game_day"),
	CONSTRAINT "endorsements_not_self" CHECK ("endorsements"."endorser_id" <> "endorsements"."target_id"),
	CONSTRAINT "endorsements_dimension_check" CHECK ("endorsements"."dimension" in ('technicalMastery', 'truthScore', 'impactRating', 'teachingHonor', 'artisticVision'))
);
--> statement-breakpoint
ALTER TABLE "endorsements" ADD CONSTRAINT "endorsements_endorser_id_players_id_fk" FOREIGN KEY ("endorser_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "endorsements" ADD CONSTRAINT "endorsements_target_id_players_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "endorsements_pair_idx" ON "endorsements" USING btree ("endorser_id","target_id","created_at");
--> statement-breakpoint
CREATE INDEX "endorsements_target_idx" ON "endorsements" USING btree ("target_id","created_at");
--> statement-breakpoint
CREATE TABLE "mentor_rewards" (
	"pairing_id" text NOT NULL,
	"kind" text NOT NULL,
	"mentor_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentor_rewards_pk" PRIMARY KEY("pairing_id","kind"),
	CONSTRAINT "mentor_rewards_kind_check" CHECK ("mentor_rewards"."kind" in ('graduation', 'rating'))
);
--> statement-breakpoint
-- THE grant path (GAME §5): every achievement of every player is granted by this function, in the
-- caller's transaction. The primary key makes it once: a concurrent second grant waits for the
-- first and then inserts nothing; XP is paid only for the rows this call inserted. Returns the
-- players who got it now. Unknown players are skipped; an unknown achievement is an error.
CREATE FUNCTION grant_achievements(p_achievement text, p_players uuid[]) RETURNS SETOF uuid LANGUAGE plpgsql AS $$
DECLARE
	v_xp integer;
BEGIN
	SELECT xp INTO v_xp FROM achievements WHERE id = p_achievement;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'unknown achievement %', p_achievement USING ERRCODE = 'foreign_key_violation';
	END IF;
	RETURN QUERY
	WITH granted AS (
		INSERT INTO player_achievements (player_id, achievement_id)
		SELECT p.id, p_achievement FROM players p WHERE p.id = ANY(p_players) ORDER BY p.id
		ON CONFLICT DO NOTHING
		RETURNING player_id
	)
	UPDATE players p SET xp = p.xp + v_xp FROM granted g WHERE p.id = g.player_id
	RETURNING p.id;
END $$;
--> statement-breakpoint
-- level_10 is detected where XP changes, whoever writes it (login streak, challenges, operation
-- payouts, achievements): 8100 = 100·(10−1)², the rules' LEVEL_10_XP (a test checks both agree).
CREATE FUNCTION players_reach_level_10() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM grant_achievements('level_10', ARRAY[NEW.id]);
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER players_level_10 AFTER UPDATE OF xp ON players FOR EACH ROW
	WHEN (OLD.xp < 8100 AND NEW.xp >= 8100) EXECUTE FUNCTION players_reach_level_10();
--> statement-breakpoint
-- Until now first_blood (§5) and truth_seeker were titles with their XP already paid: move them.
INSERT INTO "player_achievements" ("player_id", "achievement_id", "earned_at", "announced_at")
SELECT p.id, t.title, now(), now() FROM players p CROSS JOIN LATERAL unnest(p.titles) AS t(title)
WHERE t.title IN ('first_blood', 'truth_seeker')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
UPDATE players SET titles = array_remove(array_remove(titles, 'first_blood'), 'truth_seeker')
WHERE titles && ARRAY['first_blood', 'truth_seeker']::text[];
--> statement-breakpoint
-- A squad's founder before this table: its current leader, the best record there is.
INSERT INTO "squad_founders" ("squad_id", "player_id") SELECT id, leader_id FROM squads WHERE leader_id IS NOT NULL;
--> statement-breakpoint
SELECT count(*) FROM grant_achievements('level_10', ARRAY(SELECT id FROM players WHERE xp >= 8100));
--> statement-breakpoint
SELECT count(*) FROM grant_achievements('squad_founder', ARRAY(
	SELECT f.player_id FROM squad_founders f JOIN squads s ON s.id = f.squad_id WHERE s.level >= 2));

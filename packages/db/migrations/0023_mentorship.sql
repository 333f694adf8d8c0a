-- Mentorship (GAME §8.3, docs/progression.md "Mentorship"): mentors' registrations, mentees'
-- asks, pairings with their lessons (assigned challenges), the mentee's +20 % XP while mentored,
-- and the decay maintenance points of mentoring (§1.2).
CREATE TABLE "mentor_profiles" (
	"player_id" uuid PRIMARY KEY NOT NULL,
	"time_zone" smallint NOT NULL,
	"languages" text[] NOT NULL,
	"style" text NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mentor_profiles_time_zone_check" CHECK ("mentor_profiles"."time_zone" BETWEEN -12 AND 14),
	CONSTRAINT "mentor_profiles_languages_check" CHECK (cardinality("mentor_profiles"."languages") BETWEEN 1 AND 5),
	CONSTRAINT "mentor_profiles_style_check" CHECK ("mentor_profiles"."style" in ('structured', 'hands_on', 'socratic', 'exploratory'))
);
--> statement-breakpoint
ALTER TABLE "mentor_profiles" ADD CONSTRAINT "mentor_profiles_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- What a mentee asked for: matching offers mentors against it.
CREATE TABLE "mentee_asks" (
	"player_id" uuid PRIMARY KEY NOT NULL,
	"time_zone" smallint NOT NULL,
	"languages" text[] NOT NULL,
	"style" text NOT NULL,
	"asked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mentee_asks_time_zone_check" CHECK ("mentee_asks"."time_zone" BETWEEN -12 AND 14),
	CONSTRAINT "mentee_asks_languages_check" CHECK (cardinality("mentee_asks"."languages") BETWEEN 1 AND 5),
	CONSTRAINT "mentee_asks_style_check" CHECK ("mentee_asks"."style" in ('structured', 'hands_on', 'socratic', 'exploratory'))
);
--> statement-breakpoint
ALTER TABLE "mentee_asks" ADD CONSTRAINT "mentee_asks_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- A pairing: requested by the mentee, accepted (active) or declined by the mentor, then graduated
-- by the mentor or ended by either side. start_*: the mentee's five dimensions when it began
-- (skill growth is measured from them); the graduation freezes growth, skills and co-op challenges.
-- mentor_rating is the mentee's rating of the mentor (paid), mentee_rating the mentor's of the mentee.
CREATE TABLE "mentorships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mentor_id" uuid NOT NULL,
	"mentee_id" uuid NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"compatibility_bps" integer NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"start_technical_mastery" integer,
	"start_truth_score" integer,
	"start_impact_rating" integer,
	"start_teaching_honor" integer,
	"start_artistic_vision" integer,
	"lessons_completed" integer DEFAULT 0 NOT NULL,
	"coop_challenges" integer,
	"skills_improved" integer,
	"skill_growth" jsonb,
	"mentor_rating" smallint,
	"mentee_rating" smallint,
	CONSTRAINT "mentorships_status_check" CHECK ("mentorships"."status" in ('requested', 'active', 'declined', 'ended', 'graduated')),
	CONSTRAINT "mentorships_not_self_check" CHECK ("mentorships"."mentor_id" <> "mentorships"."mentee_id"),
	CONSTRAINT "mentorships_mentor_rating_check" CHECK ("mentorships"."mentor_rating" BETWEEN 1 AND 5),
	CONSTRAINT "mentorships_mentee_rating_check" CHECK ("mentorships"."mentee_rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_mentor_id_players_id_fk" FOREIGN KEY ("mentor_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_mentee_id_players_id_fk" FOREIGN KEY ("mentee_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- One open pairing (requested or active) per mentee: the last guard against two at once.
CREATE UNIQUE INDEX "mentorships_open_mentee_idx" ON "mentorships" USING btree ("mentee_id") WHERE "status" in ('requested', 'active');
--> statement-breakpoint
CREATE INDEX "mentorships_mentor_idx" ON "mentorships" USING btree ("mentor_id","status");
--> statement-breakpoint
CREATE INDEX "mentorships_mentee_idx" ON "mentorships" USING btree ("mentee_id");
--> statement-breakpoint
-- A lesson: a challenge the mentor assigned; completed when the mentee solves it (the solve's
-- transaction marks it, through mentorshipLessonSolvedTx).
CREATE TABLE "mentorship_lessons" (
	"pairing_id" uuid NOT NULL,
	"challenge_id" uuid NOT NULL,
	"mentee_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "mentorship_lessons_pk" PRIMARY KEY("pairing_id","challenge_id")
);
--> statement-breakpoint
ALTER TABLE "mentorship_lessons" ADD CONSTRAINT "mentorship_lessons_pairing_id_mentorships_id_fk" FOREIGN KEY ("pairing_id") REFERENCES "public"."mentorships"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "mentorship_lessons" ADD CONSTRAINT "mentorship_lessons_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "mentorship_lessons_open_idx" ON "mentorship_lessons" USING btree ("mentee_id","challenge_id") WHERE "completed_at" IS NULL;
--> statement-breakpoint
-- Co-op challenges look up a player's solves since a pairing began.
CREATE INDEX "challenge_solves_player_idx" ON "challenge_solves" USING btree ("player_id","solved_at");
--> statement-breakpoint
-- Maintenance points (GAME §1.2) are earned once per mentor per UTC week (days since epoch ÷ 7).
CREATE TABLE "mentor_maintenance" (
	"mentor_id" uuid NOT NULL,
	"week" integer NOT NULL,
	"pairing_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "mentor_maintenance_pk" PRIMARY KEY("mentor_id","week")
);
--> statement-breakpoint
-- A player's maintenance points: the daily decay spends them before it scales the dimensions
-- (spent_day / spent: what the day's decay pass leaves out, written by the same transaction).
CREATE TABLE "decay_maintenance" (
	"player_id" uuid PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"spent_day" date,
	"spent" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "decay_maintenance_points_check" CHECK ("decay_maintenance"."points" >= 0)
);
--> statement-breakpoint
ALTER TABLE "decay_maintenance" ADD CONSTRAINT "decay_maintenance_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- True while the player is the mentee of an active pairing (set and cleared with the pairing's status).
ALTER TABLE "players" ADD COLUMN "mentored" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
-- +20 % XP while mentored (GAME §8.3), whoever writes the XP (challenges, operations, logins,
-- achievements): the gain is raised by gain / 5, rounded down (the rules' menteeXp). The WHEN
-- clause keeps every other player's XP write free of the call.
CREATE FUNCTION players_mentee_xp_bonus() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.xp := NEW.xp + (NEW.xp - OLD.xp) / 5;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER players_mentee_xp BEFORE UPDATE OF xp ON players FOR EACH ROW
	WHEN (NEW.mentored AND NEW.xp > OLD.xp) EXECUTE FUNCTION players_mentee_xp_bonus();

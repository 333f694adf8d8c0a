CREATE TABLE "challenge_solves" (
	"challenge_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"technical_mastery" integer NOT NULL,
	"xp" integer NOT NULL,
	"cpu_cycles" integer NOT NULL,
	"solved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenge_solves_pk" PRIMARY KEY("challenge_id","player_id")
);
--> statement-breakpoint
CREATE TABLE "challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"daily_key" text,
	"seed" bigint,
	"difficulty" integer DEFAULT 1 NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"data" jsonb,
	"answer" text NOT NULL,
	"reward_points" integer DEFAULT 0 NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenges_daily_key_unique" UNIQUE("daily_key"),
	CONSTRAINT "challenges_kind_check" CHECK ("challenges"."kind" in ('generated', 'custom')),
	CONSTRAINT "challenges_window_check" CHECK ("challenges"."ends_at" > "challenges"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "intel_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category" text NOT NULL,
	"claim_key" text NOT NULL,
	"claim_text" text NOT NULL,
	"submitted_by" uuid NOT NULL,
	"confirmations" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"verified_at" timestamp with time zone,
	"operation_id" uuid,
	CONSTRAINT "intel_claims_category_key_unique" UNIQUE("category","claim_key")
);
--> statement-breakpoint
CREATE TABLE "intel_confirmations" (
	"claim_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"squad_id" uuid,
	"evidence" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intel_confirmations_pk" PRIMARY KEY("claim_id","player_id"),
	CONSTRAINT "intel_confirmations_evidence_len" CHECK (char_length("intel_confirmations"."evidence") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "intel_firsts" (
	"kind" text PRIMARY KEY NOT NULL,
	"claim_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "challenge_solves" ADD CONSTRAINT "challenge_solves_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_solves" ADD CONSTRAINT "challenge_solves_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_created_by_players_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."players"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intel_claims" ADD CONSTRAINT "intel_claims_submitted_by_players_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intel_confirmations" ADD CONSTRAINT "intel_confirmations_claim_id_intel_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."intel_claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intel_confirmations" ADD CONSTRAINT "intel_confirmations_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "challenges_ends_idx" ON "challenges" USING btree ("ends_at");--> statement-breakpoint
CREATE INDEX "intel_claims_pending_idx" ON "intel_claims" USING btree ("category","created_at") WHERE "intel_claims"."verified_at" is null;
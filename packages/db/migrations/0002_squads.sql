CREATE TABLE "squad_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"squad_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
CREATE TABLE "squad_chat_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"squad_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "squad_chat_messages_body_length" CHECK (char_length("squad_chat_messages"."body") between 1 and 500)
);
--> statement-breakpoint
CREATE TABLE "squad_decision_votes" (
	"decision_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"yes" boolean NOT NULL,
	"voted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "squad_decision_votes_decision_id_player_id_pk" PRIMARY KEY("decision_id","player_id")
);
--> statement-breakpoint
CREATE TABLE "squad_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"squad_id" uuid NOT NULL,
	"proposer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"yes" integer DEFAULT 0 NOT NULL,
	"no" integer DEFAULT 0 NOT NULL,
	"member_count" integer DEFAULT 0 NOT NULL,
	"result" text,
	CONSTRAINT "squad_decisions_status_check" CHECK ("squad_decisions"."status" in ('open', 'passed', 'failed', 'execution_failed'))
);
--> statement-breakpoint
CREATE TABLE "squad_members" (
	"squad_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"role" text NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"contribution_score" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "squad_members_squad_id_player_id_pk" PRIMARY KEY("squad_id","player_id"),
	CONSTRAINT "squad_members_player_id_unique" UNIQUE("player_id"),
	CONSTRAINT "squad_members_role_check" CHECK ("squad_members"."role" in ('leader', 'officer', 'member'))
);
--> statement-breakpoint
CREATE TABLE "squad_withdrawals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"squad_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"resource" text NOT NULL,
	"amount" bigint NOT NULL,
	"day" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "squad_withdrawals_amount_positive" CHECK ("squad_withdrawals"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "squads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"type" text NOT NULL,
	"motto" text DEFAULT '' NOT NULL,
	"recruitment" text DEFAULT 'open' NOT NULL,
	"min_influence" integer DEFAULT 0 NOT NULL,
	"min_rank" text,
	"missions_completed" integer DEFAULT 0 NOT NULL,
	"territories_liberated" integer DEFAULT 0 NOT NULL,
	"evidence_gathered" integer DEFAULT 0 NOT NULL,
	"level" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"leader_id" uuid,
	"activity_pace" double precision DEFAULT 0.5 NOT NULL,
	"timezone_offset_hours" double precision DEFAULT 0 NOT NULL,
	"play_style" text DEFAULT 'balanced' NOT NULL,
	"disbanded_at" timestamp with time zone,
	CONSTRAINT "squads_name_key_unique" UNIQUE("name_key"),
	CONSTRAINT "squads_recruitment_check" CHECK ("squads"."recruitment" in ('open', 'application', 'closed')),
	CONSTRAINT "squads_level_range" CHECK ("squads"."level" between 1 and 6)
);
--> statement-breakpoint
ALTER TABLE "squad_applications" ADD CONSTRAINT "squad_applications_squad_id_squads_id_fk" FOREIGN KEY ("squad_id") REFERENCES "public"."squads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squad_applications" ADD CONSTRAINT "squad_applications_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squad_chat_messages" ADD CONSTRAINT "squad_chat_messages_squad_id_squads_id_fk" FOREIGN KEY ("squad_id") REFERENCES "public"."squads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squad_chat_messages" ADD CONSTRAINT "squad_chat_messages_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squad_decision_votes" ADD CONSTRAINT "squad_decision_votes_decision_id_squad_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."squad_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squad_decision_votes" ADD CONSTRAINT "squad_decision_votes_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squad_decisions" ADD CONSTRAINT "squad_decisions_squad_id_squads_id_fk" FOREIGN KEY ("squad_id") REFERENCES "public"."squads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squad_decisions" ADD CONSTRAINT "squad_decisions_proposer_id_players_id_fk" FOREIGN KEY ("proposer_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squad_members" ADD CONSTRAINT "squad_members_squad_id_squads_id_fk" FOREIGN KEY ("squad_id") REFERENCES "public"."squads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squad_members" ADD CONSTRAINT "squad_members_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squad_withdrawals" ADD CONSTRAINT "squad_withdrawals_squad_id_squads_id_fk" FOREIGN KEY ("squad_id") REFERENCES "public"."squads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squad_withdrawals" ADD CONSTRAINT "squad_withdrawals_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squads" ADD CONSTRAINT "squads_leader_id_players_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "squad_applications_pending_unique" ON "squad_applications" USING btree ("squad_id","player_id") WHERE "squad_applications"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "squad_applications_player_idx" ON "squad_applications" USING btree ("player_id");--> statement-breakpoint
CREATE INDEX "squad_chat_messages_squad_id_idx" ON "squad_chat_messages" USING btree ("squad_id","id");--> statement-breakpoint
CREATE INDEX "squad_decisions_squad_status_idx" ON "squad_decisions" USING btree ("squad_id","status");--> statement-breakpoint
CREATE INDEX "squad_withdrawals_day_idx" ON "squad_withdrawals" USING btree ("squad_id","player_id","resource","day");
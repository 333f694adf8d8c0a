CREATE TABLE "operation_contributions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"operation_id" uuid NOT NULL,
	"objective_id" bigint NOT NULL,
	"player_id" text NOT NULL,
	"kind" text NOT NULL,
	"resource" text,
	"amount" bigint NOT NULL,
	"points" bigint NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operation_contributions_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "operation_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"operation_id" uuid NOT NULL,
	"body" text NOT NULL,
	"author" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operation_objectives" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"operation_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"tier" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"target" bigint NOT NULL,
	"progress" bigint DEFAULT 0 NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"resource" text,
	"category" text,
	"reveal_at" double precision,
	"revealed" boolean DEFAULT true NOT NULL,
	CONSTRAINT "operation_objectives_position_unique" UNIQUE("operation_id","position"),
	CONSTRAINT "operation_objectives_target_positive" CHECK ("operation_objectives"."target" > 0 and "operation_objectives"."weight" > 0 and "operation_objectives"."progress" >= 0)
);
--> statement-breakpoint
CREATE TABLE "operation_participants" (
	"operation_id" uuid NOT NULL,
	"player_id" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"squad_id" text,
	"points" bigint DEFAULT 0 NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"seq" bigserial NOT NULL,
	CONSTRAINT "operation_participants_operation_id_player_id_pk" PRIMARY KEY("operation_id","player_id")
);
--> statement-breakpoint
CREATE TABLE "operation_templates" (
	"key" text PRIMARY KEY NOT NULL,
	"definition" jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operation_trigger_signatures" (
	"signature" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"briefing" text DEFAULT '' NOT NULL,
	"handler" text DEFAULT 'Handler' NOT NULL,
	"phase" text DEFAULT 'scheduled' NOT NULL,
	"outcome" text,
	"template_key" text,
	"source_key" text,
	"squad_id" text,
	"created_by" text,
	"required_players" integer DEFAULT 1 NOT NULL,
	"target_territories" text[] DEFAULT '{}'::text[] NOT NULL,
	"xp_pool" bigint DEFAULT 0 NOT NULL,
	"pool_resource" text,
	"pool_amount" bigint DEFAULT 0 NOT NULL,
	"pay_to_squads" boolean DEFAULT false NOT NULL,
	"xp_multiplier" double precision DEFAULT 1 NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"active_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operations_source_key_unique" UNIQUE("source_key"),
	CONSTRAINT "operations_phase_check" CHECK ("operations"."phase" in ('scheduled', 'briefing', 'active', 'resolution', 'ended')),
	CONSTRAINT "operations_pool_non_negative" CHECK ("operations"."pool_amount" >= 0 and "operations"."xp_pool" >= 0)
);
--> statement-breakpoint
CREATE TABLE "weekly_leaderboards" (
	"week_start" date PRIMARY KEY NOT NULL,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"winners" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_kind_check";--> statement-breakpoint
ALTER TABLE "operation_contributions" ADD CONSTRAINT "operation_contributions_operation_id_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operation_messages" ADD CONSTRAINT "operation_messages_operation_id_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operation_objectives" ADD CONSTRAINT "operation_objectives_operation_id_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operation_participants" ADD CONSTRAINT "operation_participants_operation_id_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "operation_contributions_operation_idx" ON "operation_contributions" USING btree ("operation_id");--> statement-breakpoint
CREATE INDEX "operation_contributions_created_idx" ON "operation_contributions" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "operation_participants_points_idx" ON "operation_participants" USING btree ("operation_id","points");--> statement-breakpoint
CREATE INDEX "operations_phase_idx" ON "operations" USING btree ("phase");--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_kind_check" CHECK ("accounts"."kind" in ('player', 'squad', 'community', 'escrow', 'mint', 'burn', 'pool', 'auction'));
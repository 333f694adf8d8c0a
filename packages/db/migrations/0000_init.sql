CREATE TABLE "players" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text DEFAULT 'player' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"technical_mastery" integer DEFAULT 0 NOT NULL,
	"truth_score" integer DEFAULT 0 NOT NULL,
	"impact_rating" integer DEFAULT 0 NOT NULL,
	"teaching_honor" integer DEFAULT 0 NOT NULL,
	"artistic_vision" integer DEFAULT 0 NOT NULL,
	"first_blood" boolean DEFAULT false NOT NULL,
	"mass_awakening" boolean DEFAULT false NOT NULL,
	"is_squad_leader" boolean DEFAULT false NOT NULL,
	"xp" bigint DEFAULT 0 NOT NULL,
	"login_streak" integer DEFAULT 0 NOT NULL,
	"last_login_day" date,
	"last_login_at" timestamp with time zone,
	"last_contribution_at" timestamp with time zone,
	"last_major_action_at" timestamp with time zone,
	"contributions" integer DEFAULT 0 NOT NULL,
	"days_active" integer DEFAULT 0 NOT NULL,
	"verified" boolean DEFAULT true NOT NULL,
	"founder" boolean DEFAULT false NOT NULL,
	"founding_resistant" boolean DEFAULT false NOT NULL,
	"titles" text[] DEFAULT '{}'::text[] NOT NULL,
	"deployed_territory_id" text,
	"deployed_at" timestamp with time zone,
	CONSTRAINT "players_name_key_unique" UNIQUE("name_key"),
	CONSTRAINT "players_role_check" CHECK ("players"."role" in ('player', 'moderator', 'gm', 'admin')),
	CONSTRAINT "players_reputation_range" CHECK ("players"."technical_mastery" between 0 and 10000
        and "players"."truth_score" between 0 and 10000
        and "players"."impact_rating" between 0 and 10000
        and "players"."teaching_honor" between 0 and 10000
        and "players"."artistic_vision" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"center_q" integer NOT NULL,
	"center_r" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "territories" (
	"id" text PRIMARY KEY NOT NULL,
	"q" integer NOT NULL,
	"r" integer NOT NULL,
	"region_id" integer NOT NULL,
	"name" text NOT NULL,
	"terrain" text NOT NULL,
	"yield_resource" text NOT NULL,
	"yield_per_hour" integer NOT NULL,
	"status" text NOT NULL,
	"holder_squad_id" text,
	"garrison" integer DEFAULT 0 NOT NULL,
	"garrison_max" integer DEFAULT 0 NOT NULL,
	"last_deployed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "territories_q_r_unique" UNIQUE("q","r"),
	CONSTRAINT "territories_status_check" CHECK ("territories"."status" in ('occupied', 'neutral', 'liberated', 'contested'))
);
--> statement-breakpoint
CREATE TABLE "world_meta" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"seed" integer NOT NULL,
	"territory_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "world_meta_single_row" CHECK ("world_meta"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"owner_id" text DEFAULT '' NOT NULL,
	CONSTRAINT "accounts_kind_owner_unique" UNIQUE("kind","owner_id"),
	CONSTRAINT "accounts_kind_check" CHECK ("accounts"."kind" in ('player', 'squad', 'community', 'escrow', 'mint', 'burn'))
);
--> statement-breakpoint
CREATE TABLE "balances" (
	"account_id" bigint NOT NULL,
	"resource" text NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "balances_account_id_resource_pk" PRIMARY KEY("account_id","resource"),
	CONSTRAINT "balances_amount_non_negative" CHECK ("balances"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"transfer_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"resource" text NOT NULL,
	"delta" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"from_account_id" bigint NOT NULL,
	"to_account_id" bigint NOT NULL,
	"resource" text NOT NULL,
	"amount" bigint NOT NULL,
	"reason" text NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfers_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "transfers_amount_positive" CHECK ("transfers"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "parameter_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"old_value" double precision NOT NULL,
	"new_value" double precision NOT NULL,
	"changed_by" text NOT NULL,
	"reason" text NOT NULL,
	"proposal_id" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parameters" (
	"name" text PRIMARY KEY NOT NULL,
	"value" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"scheduled_for" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"rows" integer,
	"status" text DEFAULT 'running' NOT NULL,
	"error" text,
	"process" text,
	CONSTRAINT "job_runs_name_scheduled_for_unique" UNIQUE("name","scheduled_for"),
	CONSTRAINT "job_runs_status_check" CHECK ("job_runs"."status" in ('running', 'done', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "scheduled_jobs" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "players" ADD CONSTRAINT "players_deployed_territory_id_territories_id_fk" FOREIGN KEY ("deployed_territory_id") REFERENCES "public"."territories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "territories" ADD CONSTRAINT "territories_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "balances" ADD CONSTRAINT "balances_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_from_account_id_accounts_id_fk" FOREIGN KEY ("from_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_to_account_id_accounts_id_fk" FOREIGN KEY ("to_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "territories_region_id_idx" ON "territories" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_account_id_idx" ON "ledger_entries" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_transfer_id_idx" ON "ledger_entries" USING btree ("transfer_id");--> statement-breakpoint
CREATE INDEX "scheduled_jobs_due_idx" ON "scheduled_jobs" USING btree ("done_at","run_at");
-- The social layer (GAME §8.1, §9): every chat channel's messages in one table, DM and handler
-- threads, read markers, block lists, liberation-key unlocks of gated channels, reports, mutes,
-- bans, the admins' filter terms, and the append-only audit log of moderator and GM actions.
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"target_player_id" uuid,
	"target" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);--> statement-breakpoint
CREATE TABLE "social_bans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"player_id" uuid NOT NULL,
	"until" timestamp with time zone,
	"reason" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lifted_at" timestamp with time zone
);--> statement-breakpoint
CREATE TABLE "social_blocks" (
	"blocker_id" uuid NOT NULL,
	"blocked_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "social_blocks_blocker_id_blocked_id_pk" PRIMARY KEY("blocker_id","blocked_id"),
	CONSTRAINT "social_blocks_not_self" CHECK ("social_blocks"."blocker_id" <> "social_blocks"."blocked_id")
);--> statement-breakpoint
CREATE TABLE "social_dm_threads" (
	"channel" text PRIMARY KEY NOT NULL,
	"player_a" uuid NOT NULL,
	"player_b" uuid NOT NULL,
	"last_message_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE "social_filter_terms" (
	"term" text PRIMARY KEY NOT NULL,
	"added_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE "social_gate_unlocks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"player_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"transfer_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE "social_handler_threads" (
	"player_id" uuid PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"last_message_id" bigint NOT NULL,
	"last_player_message_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE "social_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"author_id" uuid,
	"as_handler" boolean DEFAULT false NOT NULL,
	"body" text NOT NULL,
	"masked" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by" uuid,
	"removed_kind" text,
	CONSTRAINT "social_messages_body_length" CHECK (char_length("social_messages"."body") <= 1000),
	CONSTRAINT "social_messages_tombstone" CHECK (("social_messages"."removed_at" IS NULL) = ("social_messages"."removed_kind" IS NULL) AND ("social_messages"."removed_at" IS NULL OR "social_messages"."body" = ''))
);--> statement-breakpoint
CREATE TABLE "social_mutes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"player_id" uuid NOT NULL,
	"channel" text,
	"until" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lifted_at" timestamp with time zone
);--> statement-breakpoint
CREATE TABLE "social_read_markers" (
	"player_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"last_read_id" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "social_read_markers_player_id_channel_pk" PRIMARY KEY("player_id","channel")
);--> statement-breakpoint
CREATE TABLE "social_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" bigint NOT NULL,
	"reporter_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone
);--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_players_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_target_player_id_players_id_fk" FOREIGN KEY ("target_player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_bans" ADD CONSTRAINT "social_bans_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_bans" ADD CONSTRAINT "social_bans_created_by_players_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_blocks" ADD CONSTRAINT "social_blocks_blocker_id_players_id_fk" FOREIGN KEY ("blocker_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_blocks" ADD CONSTRAINT "social_blocks_blocked_id_players_id_fk" FOREIGN KEY ("blocked_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_dm_threads" ADD CONSTRAINT "social_dm_threads_player_a_players_id_fk" FOREIGN KEY ("player_a") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_dm_threads" ADD CONSTRAINT "social_dm_threads_player_b_players_id_fk" FOREIGN KEY ("player_b") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_filter_terms" ADD CONSTRAINT "social_filter_terms_added_by_players_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_gate_unlocks" ADD CONSTRAINT "social_gate_unlocks_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_handler_threads" ADD CONSTRAINT "social_handler_threads_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_messages" ADD CONSTRAINT "social_messages_author_id_players_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_messages" ADD CONSTRAINT "social_messages_removed_by_players_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_mutes" ADD CONSTRAINT "social_mutes_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_mutes" ADD CONSTRAINT "social_mutes_created_by_players_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_read_markers" ADD CONSTRAINT "social_read_markers_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_reports" ADD CONSTRAINT "social_reports_message_id_social_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."social_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_reports" ADD CONSTRAINT "social_reports_reporter_id_players_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_reports" ADD CONSTRAINT "social_reports_resolved_by_players_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "social_bans_player_idx" ON "social_bans" USING btree ("player_id");--> statement-breakpoint
CREATE INDEX "social_dm_threads_a_idx" ON "social_dm_threads" USING btree ("player_a");--> statement-breakpoint
CREATE INDEX "social_dm_threads_b_idx" ON "social_dm_threads" USING btree ("player_b");--> statement-breakpoint
CREATE INDEX "social_gate_unlocks_player_idx" ON "social_gate_unlocks" USING btree ("player_id","expires_at");--> statement-breakpoint
CREATE INDEX "social_handler_threads_status_idx" ON "social_handler_threads" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "social_messages_channel_idx" ON "social_messages" USING btree ("channel","id");--> statement-breakpoint
CREATE INDEX "social_messages_author_idx" ON "social_messages" USING btree ("author_id","created_at");--> statement-breakpoint
CREATE INDEX "social_mutes_player_idx" ON "social_mutes" USING btree ("player_id","until");--> statement-breakpoint
CREATE UNIQUE INDEX "social_reports_message_reporter_unique" ON "social_reports" USING btree ("message_id","reporter_id");--> statement-breakpoint
CREATE INDEX "social_reports_status_idx" ON "social_reports" USING btree ("status","id");--> statement-breakpoint
-- Squad chat moves onto the social tables, history kept in its order (channel `squad:<id>`).
INSERT INTO "social_messages" ("channel", "author_id", "body", "created_at")
	SELECT 'squad:' || "squad_id"::text, "player_id", "body", "created_at" FROM "squad_chat_messages" ORDER BY "id";--> statement-breakpoint
DROP TABLE "squad_chat_messages";--> statement-breakpoint
-- The audit log is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on audit_log: the audit log is append-only', TG_OP;
END $$;--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_log_never_truncated BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Notifications (GAME §8.2): one row per notification, one inbox row per recipient (written by one
-- INSERT … SELECT per event), per-player settings, and the transactional outbox of deliveries
-- beyond the game (push, email).
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"tier" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"created_at" timestamp with time zone NOT NULL,
	"deliver_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notifications_tier_check" CHECK ("notifications"."tier" in ('urgent', 'important', 'regular', 'digest'))
);
--> statement-breakpoint
CREATE TABLE "notification_recipients" (
	"notification_id" bigint NOT NULL,
	"player_id" uuid NOT NULL,
	"tier" text NOT NULL,
	"relevance" double precision NOT NULL,
	"deliver_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"digest_id" bigint,
	"dedupe_key" text,
	CONSTRAINT "notification_recipients_pk" PRIMARY KEY("player_id","notification_id")
);
--> statement-breakpoint
ALTER TABLE "notification_recipients" ADD CONSTRAINT "notification_recipients_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_recipients_pending_idx" ON "notification_recipients" USING btree ("deliver_at") WHERE "notification_recipients"."delivered_at" IS NULL AND "notification_recipients"."digest_id" IS NULL;--> statement-breakpoint
CREATE INDEX "notification_recipients_unread_idx" ON "notification_recipients" USING btree ("player_id") WHERE "notification_recipients"."read_at" IS NULL AND "notification_recipients"."delivered_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "notification_recipients_digest_idx" ON "notification_recipients" USING btree ("digest_id") WHERE "notification_recipients"."digest_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_recipients_dedupe_idx" ON "notification_recipients" USING btree ("player_id","dedupe_key") WHERE "notification_recipients"."dedupe_key" IS NOT NULL;--> statement-breakpoint
CREATE TABLE "notification_settings" (
	"player_id" uuid PRIMARY KEY NOT NULL,
	"email" text,
	"email_tiers" text[] DEFAULT '{important,digest}'::text[] NOT NULL,
	"push_tiers" text[] DEFAULT '{urgent}'::text[] NOT NULL,
	"interests" text[],
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"notification_id" bigint NOT NULL,
	"player_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"target" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"claimed_by" text,
	"sender" text,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "notification_outbox_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "notification_outbox_channel_check" CHECK ("notification_outbox"."channel" in ('push', 'email')),
	CONSTRAINT "notification_outbox_status_check" CHECK ("notification_outbox"."status" in ('pending', 'sending', 'sent', 'dead'))
);
--> statement-breakpoint
CREATE INDEX "notification_outbox_ready_idx" ON "notification_outbox" USING btree ("next_attempt_at") WHERE "notification_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notification_outbox_leased_idx" ON "notification_outbox" USING btree ("lease_until") WHERE "notification_outbox"."status" = 'sending';--> statement-breakpoint
CREATE INDEX "notification_outbox_dead_idx" ON "notification_outbox" USING btree ("id") WHERE "notification_outbox"."status" = 'dead';

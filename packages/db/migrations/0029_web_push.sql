-- Web Push (docs/notifications.md, "Web Push"): the browsers' push subscriptions of each player.
-- An endpoint (one browser profile's push channel) belongs to one player: subscribing it again,
-- by the same or another player, replaces the row. A player keeps at most a few (the server's
-- limit; the oldest is dropped). The push sender deletes a row when the push service answers
-- 404/410 (the subscription expired or was revoked).
CREATE TABLE "push_subscriptions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"player_id" uuid NOT NULL,
	"endpoint" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "push_subscriptions_endpoint_unique" UNIQUE("endpoint")
);
--> statement-breakpoint
ALTER TABLE "push_subscriptions" ADD CONSTRAINT "push_subscriptions_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "push_subscriptions_player_idx" ON "push_subscriptions" USING btree ("player_id","created_at");

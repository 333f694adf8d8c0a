-- Market orders are written once: a fill changes only the resting order's row in
-- market_open_orders (its live `remaining`) or deletes it; market_orders keeps the order as placed
-- (a cancel records its status and released remaining). Its only index is the primary key
-- (player, client order id), the idempotency key of a resend.
ALTER TABLE "market_open_orders" ADD COLUMN "client_order_id" text;--> statement-breakpoint
ALTER TABLE "market_open_orders" ADD COLUMN "remaining" bigint;--> statement-breakpoint
UPDATE "market_open_orders" b SET "client_order_id" = o."client_order_id", "remaining" = o."remaining"
	FROM "market_orders" o WHERE o."id" = b."order_id";--> statement-breakpoint
-- An open row whose order is no longer open (none should exist) would read as resting: drop it.
DELETE FROM "market_open_orders" WHERE "client_order_id" IS NULL OR "remaining" IS NULL OR "remaining" <= 0;--> statement-breakpoint
ALTER TABLE "market_open_orders" ALTER COLUMN "client_order_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "market_open_orders" ALTER COLUMN "remaining" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "market_open_orders" ADD CONSTRAINT "market_open_orders_remaining_check" CHECK ("market_open_orders"."remaining" > 0);--> statement-breakpoint
-- Before this migration an `open` order always had its open row (both were written in one
-- transaction), so every existing row reads the same under the new rule.
ALTER TABLE "market_orders" DROP CONSTRAINT "market_orders_player_client_unique";--> statement-breakpoint
ALTER TABLE "market_orders" DROP CONSTRAINT "market_orders_pkey";--> statement-breakpoint
ALTER TABLE "market_orders" ADD CONSTRAINT "market_orders_player_client_pk" PRIMARY KEY("player_id","client_order_id");--> statement-breakpoint
-- Insert-only now: full pages. Partial fills update the open rows in place instead.
ALTER TABLE "market_orders" SET (fillfactor = 100);--> statement-breakpoint
ALTER TABLE "market_open_orders" SET (fillfactor = 50);

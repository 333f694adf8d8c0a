-- The market's group commit writes fewer index entries per trade: fills update market_orders in
-- place (no index covers remaining/status, so the update is HOT), the open orders live in their
-- own small table, and order rows take no row lock on players.
CREATE TABLE "market_open_orders" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"instrument" text NOT NULL,
	"seq" bigint NOT NULL,
	"player_id" uuid NOT NULL
);
--> statement-breakpoint
INSERT INTO "market_open_orders" ("order_id", "instrument", "seq", "player_id")
	SELECT "id", "instrument", "seq", "player_id" FROM "market_orders" WHERE "status" = 'open';
--> statement-breakpoint
ALTER TABLE "market_orders" DROP CONSTRAINT "market_orders_player_id_players_id_fk";
--> statement-breakpoint
DROP INDEX "market_orders_open_idx";--> statement-breakpoint
DROP INDEX "market_orders_player_idx";--> statement-breakpoint
CREATE INDEX "market_open_orders_book_idx" ON "market_open_orders" USING btree ("instrument","seq");--> statement-breakpoint
CREATE INDEX "market_open_orders_player_idx" ON "market_open_orders" USING btree ("player_id");--> statement-breakpoint
-- Room on each page for a filled order's new row version (a HOT update needs it on the same page).
ALTER TABLE "market_orders" SET (fillfactor = 50);

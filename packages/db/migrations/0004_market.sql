CREATE TABLE "fair_play_flags" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"player_ids" text[] NOT NULL,
	"detail" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "market_candles" (
	"instrument" text NOT NULL,
	"start" timestamp (3) with time zone NOT NULL,
	"open" bigint NOT NULL,
	"high" bigint NOT NULL,
	"low" bigint NOT NULL,
	"close" bigint NOT NULL,
	"volume" bigint NOT NULL,
	CONSTRAINT "market_candles_instrument_start_pk" PRIMARY KEY("instrument","start")
);
--> statement-breakpoint
CREATE TABLE "market_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"player_id" uuid NOT NULL,
	"client_order_id" text NOT NULL,
	"instrument" text NOT NULL,
	"side" text NOT NULL,
	"kind" text DEFAULT 'limit' NOT NULL,
	"price" bigint NOT NULL,
	"size" bigint NOT NULL,
	"remaining" bigint NOT NULL,
	"status" text NOT NULL,
	"seq" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "market_orders_player_client_unique" UNIQUE("player_id","client_order_id"),
	CONSTRAINT "market_orders_side_check" CHECK ("market_orders"."side" in ('buy', 'sell')),
	CONSTRAINT "market_orders_status_check" CHECK ("market_orders"."status" in ('open', 'filled', 'cancelled')),
	CONSTRAINT "market_orders_amounts_check" CHECK ("market_orders"."size" > 0 and "market_orders"."remaining" >= 0 and "market_orders"."remaining" <= "market_orders"."size" and "market_orders"."price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "market_trades" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"instrument" text NOT NULL,
	"maker_order_id" uuid NOT NULL,
	"taker_order_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"seller_id" uuid NOT NULL,
	"taker_side" text NOT NULL,
	"price" bigint NOT NULL,
	"size" bigint NOT NULL,
	"fee" bigint NOT NULL,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "market_orders" ADD CONSTRAINT "market_orders_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fair_play_flags_created_idx" ON "fair_play_flags" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "market_orders_open_idx" ON "market_orders" USING btree ("instrument","seq") WHERE "market_orders"."status" = 'open';--> statement-breakpoint
CREATE INDEX "market_orders_player_idx" ON "market_orders" USING btree ("player_id","status");--> statement-breakpoint
CREATE INDEX "market_trades_instrument_idx" ON "market_trades" USING btree ("instrument","id");--> statement-breakpoint
CREATE INDEX "market_trades_taker_idx" ON "market_trades" USING btree ("taker_order_id");
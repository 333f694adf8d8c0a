CREATE TABLE "auction_bids" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"auction_id" uuid NOT NULL,
	"bidder_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"client_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auction_bids_bidder_key_unique" UNIQUE("bidder_id","client_key")
);
--> statement-breakpoint
CREATE TABLE "auctions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seller_id" uuid,
	"created_by" uuid NOT NULL,
	"item_kind" text NOT NULL,
	"item_name" text NOT NULL,
	"item_resource" text,
	"item_amount" bigint,
	"reserve_price" bigint NOT NULL,
	"top_bid" bigint,
	"top_bidder_id" uuid,
	"bid_count" integer DEFAULT 0 NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"settled_at" timestamp with time zone,
	"client_key" text NOT NULL,
	CONSTRAINT "auctions_creator_key_unique" UNIQUE("created_by","client_key"),
	CONSTRAINT "auctions_status_check" CHECK ("auctions"."status" in ('open', 'settled')),
	CONSTRAINT "auctions_item_kind_check" CHECK ("auctions"."item_kind" in ('title', 'cosmetic_set', 'resource')),
	CONSTRAINT "auctions_reserve_positive" CHECK ("auctions"."reserve_price" > 0)
);
--> statement-breakpoint
CREATE TABLE "player_cosmetics" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"player_id" uuid NOT NULL,
	"name" text NOT NULL,
	"auction_id" uuid,
	"acquired_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "player_cosmetics_auction_unique" UNIQUE("auction_id")
);
--> statement-breakpoint
CREATE TABLE "pool_swaps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"player_id" uuid NOT NULL,
	"resource" text NOT NULL,
	"direction" text NOT NULL,
	"amount_in" bigint NOT NULL,
	"amount_out" bigint NOT NULL,
	"fee" bigint NOT NULL,
	"client_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pool_swaps_player_key_unique" UNIQUE("player_id","client_key"),
	CONSTRAINT "pool_swaps_direction_check" CHECK ("pool_swaps"."direction" in ('buy', 'sell')),
	CONSTRAINT "pool_swaps_amounts_positive" CHECK ("pool_swaps"."amount_in" > 0 and "pool_swaps"."amount_out" > 0 and "pool_swaps"."fee" >= 0)
);
--> statement-breakpoint
CREATE TABLE "pools" (
	"resource" text PRIMARY KEY NOT NULL,
	"seeded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"swap_count" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auction_bids" ADD CONSTRAINT "auction_bids_auction_id_auctions_id_fk" FOREIGN KEY ("auction_id") REFERENCES "public"."auctions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auction_bids" ADD CONSTRAINT "auction_bids_bidder_id_players_id_fk" FOREIGN KEY ("bidder_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auctions" ADD CONSTRAINT "auctions_seller_id_players_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auctions" ADD CONSTRAINT "auctions_created_by_players_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auctions" ADD CONSTRAINT "auctions_top_bidder_id_players_id_fk" FOREIGN KEY ("top_bidder_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "player_cosmetics" ADD CONSTRAINT "player_cosmetics_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "player_cosmetics" ADD CONSTRAINT "player_cosmetics_auction_id_auctions_id_fk" FOREIGN KEY ("auction_id") REFERENCES "public"."auctions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_swaps" ADD CONSTRAINT "pool_swaps_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pool_swaps" ADD CONSTRAINT "pool_swaps_resource_pools_resource_fk" FOREIGN KEY ("resource") REFERENCES "public"."pools"("resource") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auction_bids_auction_idx" ON "auction_bids" USING btree ("auction_id","id");--> statement-breakpoint
CREATE INDEX "auctions_status_ends_idx" ON "auctions" USING btree ("status","ends_at");--> statement-breakpoint
CREATE INDEX "pool_swaps_resource_idx" ON "pool_swaps" USING btree ("resource","id");
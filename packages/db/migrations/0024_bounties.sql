-- Sinks and the bounty board (GAME §4.5): bounties with their claims, bought challenge hints.
-- The money itself is in the ledger (the shared escrow account, reasons bounty_*, candidacy_*,
-- challenge_hint, investigation_action); these tables say what it was for.

CREATE TABLE "bounties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"poster_id" uuid NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"target" text NOT NULL,
	"resource" text NOT NULL,
	"amount" bigint NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"holder_at_post" text,
	"claimant_id" uuid,
	"request_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "bounties_kind_check" CHECK ("bounties"."kind" in ('liberate_territory', 'verify_intel', 'solve_challenge')),
	CONSTRAINT "bounties_status_check" CHECK ("bounties"."status" in ('open', 'paid', 'refunded')),
	CONSTRAINT "bounties_amount_check" CHECK ("bounties"."amount" > 0)
);--> statement-breakpoint
CREATE TABLE "bounty_claims" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bounty_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"accepted" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
CREATE TABLE "challenge_hints" (
	"challenge_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"cost" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenge_hints_pk" PRIMARY KEY("challenge_id","player_id")
);--> statement-breakpoint
ALTER TABLE "bounties" ADD CONSTRAINT "bounties_poster_id_players_id_fk" FOREIGN KEY ("poster_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bounties" ADD CONSTRAINT "bounties_claimant_id_players_id_fk" FOREIGN KEY ("claimant_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bounty_claims" ADD CONSTRAINT "bounty_claims_bounty_id_bounties_id_fk" FOREIGN KEY ("bounty_id") REFERENCES "public"."bounties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bounty_claims" ADD CONSTRAINT "bounty_claims_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_hints" ADD CONSTRAINT "challenge_hints_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenge_hints" ADD CONSTRAINT "challenge_hints_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bounties_open_idx" ON "bounties" USING btree ("deadline") WHERE "bounties"."status" = 'open';--> statement-breakpoint
CREATE INDEX "bounties_poster_idx" ON "bounties" USING btree ("poster_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "bounties_request_key_unique" ON "bounties" USING btree ("poster_id","request_key") WHERE "bounties"."request_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "bounty_claims_bounty_idx" ON "bounty_claims" USING btree ("bounty_id","created_at");--> statement-breakpoint
CREATE INDEX "bounty_claims_player_idx" ON "bounty_claims" USING btree ("player_id","created_at");--> statement-breakpoint
-- The custom-challenge cap sums what one creator's challenges paid on a day: their challenges, then
-- each one's solves by the challenge_solves primary key.
CREATE INDEX "challenges_created_by_idx" ON "challenges" USING btree ("created_by") WHERE "challenges"."created_by" IS NOT NULL;

CREATE TABLE "council_members" (
	"council" text NOT NULL,
	"player_id" uuid NOT NULL,
	"election_id" uuid NOT NULL,
	"seat" integer NOT NULL,
	"term_starts_at" timestamp with time zone NOT NULL,
	"term_ends_at" timestamp with time zone NOT NULL,
	CONSTRAINT "council_members_pk" PRIMARY KEY("election_id","player_id")
);
--> statement-breakpoint
CREATE TABLE "councils" (
	"name" text PRIMARY KEY NOT NULL,
	"channel_enabled" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "election_ballots" (
	"election_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"ranking" integer[] NOT NULL,
	"cast_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "election_ballots_pk" PRIMARY KEY("election_id","player_id")
);
--> statement-breakpoint
CREATE TABLE "election_candidates" (
	"election_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"statement" text DEFAULT '' NOT NULL,
	"nominated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "election_candidates_pk" PRIMARY KEY("election_id","player_id"),
	CONSTRAINT "election_candidates_number_unique" UNIQUE("election_id","number")
);
--> statement-breakpoint
CREATE TABLE "elections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"council" text NOT NULL,
	"seats" integer NOT NULL,
	"phase" text DEFAULT 'nomination' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"nomination_ends_at" timestamp with time zone NOT NULL,
	"campaign_ends_at" timestamp with time zone NOT NULL,
	"voting_ends_at" timestamp with time zone NOT NULL,
	"term_ends_at" timestamp with time zone,
	"seed" text,
	"result" jsonb,
	"counted_at" timestamp with time zone,
	CONSTRAINT "elections_phase_check" CHECK ("elections"."phase" in ('nomination', 'campaign', 'voting', 'counted'))
);
--> statement-breakpoint
CREATE TABLE "proposal_votes" (
	"proposal_id" uuid NOT NULL,
	"player_id" uuid NOT NULL,
	"support" boolean NOT NULL,
	"weight" double precision NOT NULL,
	"cast_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changes" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "proposal_votes_pk" PRIMARY KEY("proposal_id","player_id"),
	CONSTRAINT "proposal_votes_weight_range" CHECK ("proposal_votes"."weight" > 0 and "proposal_votes"."weight" <= 10)
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"author_id" uuid NOT NULL,
	"request_key" text,
	"parameter_name" text,
	"parameter_value" double precision,
	"deposit" bigint NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"yes_weight" double precision DEFAULT 0 NOT NULL,
	"no_weight" double precision DEFAULT 0 NOT NULL,
	"voters" integer DEFAULT 0 NOT NULL,
	"eligible_weight" double precision,
	"quorum_reached" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "proposals_author_request_key_unique" UNIQUE("author_id","request_key"),
	CONSTRAINT "proposals_kind_check" CHECK ("proposals"."kind" in ('feature', 'balance', 'content', 'economic', 'emergency')),
	CONSTRAINT "proposals_status_check" CHECK ("proposals"."status" in ('open', 'passed', 'rejected')),
	CONSTRAINT "proposals_deposit_non_negative" CHECK ("proposals"."deposit" >= 0)
);
--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_ballots" ADD CONSTRAINT "election_ballots_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_ballots" ADD CONSTRAINT "election_ballots_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_candidates" ADD CONSTRAINT "election_candidates_election_id_elections_id_fk" FOREIGN KEY ("election_id") REFERENCES "public"."elections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election_candidates" ADD CONSTRAINT "election_candidates_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_votes" ADD CONSTRAINT "proposal_votes_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_votes" ADD CONSTRAINT "proposal_votes_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_author_id_players_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."players"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "council_members_player_idx" ON "council_members" USING btree ("player_id","term_ends_at");--> statement-breakpoint
CREATE INDEX "elections_council_idx" ON "elections" USING btree ("council");--> statement-breakpoint
CREATE INDEX "proposals_status_closes_at_idx" ON "proposals" USING btree ("status","closes_at");
-- Onboarding (docs/onboarding.md): the tutorial chain's completed missions, recorded by triggers
-- on the real events (never by a client saying so), once per player and mission (the primary key);
-- the player collects each reward once, paid through the ledger (idempotency keys tutorial:<player>:<step>:<resource>);
-- an announcer tells the player. And whether a player has seen the handler's first briefing.
CREATE TABLE "tutorial_steps" (
	"player_id" uuid NOT NULL,
	"step" text NOT NULL,
	"done_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rewarded_at" timestamp with time zone,
	"announced_at" timestamp with time zone,
	"announce_lease" timestamp with time zone,
	CONSTRAINT "tutorial_steps_pk" PRIMARY KEY("player_id","step"),
	CONSTRAINT "tutorial_steps_step_check" CHECK ("tutorial_steps"."step" in ('deploy', 'walk', 'squad', 'operation', 'trade', 'vote', 'intel'))
);
--> statement-breakpoint
ALTER TABLE "tutorial_steps" ADD CONSTRAINT "tutorial_steps_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "tutorial_steps_unannounced_idx" ON "tutorial_steps" USING btree ("done_at") WHERE "tutorial_steps"."announced_at" IS NULL;
--> statement-breakpoint
CREATE TABLE "player_briefings" (
	"player_id" uuid PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "player_briefings" ADD CONSTRAINT "player_briefings_player_id_players_id_fk" FOREIGN KEY ("player_id") REFERENCES "public"."players"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- A deployment to another territory (the spawn on first entry sets it from NULL: not a mission).
CREATE FUNCTION tutorial_on_deploy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO tutorial_steps (player_id, step) VALUES (NEW.id, 'deploy') ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER players_tutorial_deploy AFTER UPDATE OF deployed_territory_id ON players FOR EACH ROW
	WHEN (OLD.deployed_territory_id IS NOT NULL AND NEW.deployed_territory_id IS DISTINCT FROM OLD.deployed_territory_id)
	EXECUTE FUNCTION tutorial_on_deploy();
--> statement-breakpoint
-- The rows a statement inserted, for tables with a uuid "player_id": one INSERT per statement
-- (set-based writers insert thousands of rows at once), existing players only.
CREATE FUNCTION tutorial_from_player_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO tutorial_steps (player_id, step)
	SELECT p.id, TG_ARGV[0] FROM (SELECT DISTINCT player_id FROM new_rows) n JOIN players p ON p.id = n.player_id
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER squad_members_tutorial AFTER INSERT ON squad_members REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION tutorial_from_player_rows('squad');
--> statement-breakpoint
CREATE TRIGGER pool_swaps_tutorial AFTER INSERT ON pool_swaps REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION tutorial_from_player_rows('trade');
--> statement-breakpoint
CREATE TRIGGER proposal_votes_tutorial AFTER INSERT ON proposal_votes REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION tutorial_from_player_rows('vote');
--> statement-breakpoint
CREATE TRIGGER squad_decision_votes_tutorial AFTER INSERT ON squad_decision_votes REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION tutorial_from_player_rows('vote');
--> statement-breakpoint
CREATE TRIGGER election_ballots_tutorial AFTER INSERT ON election_ballots REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION tutorial_from_player_rows('vote');
--> statement-breakpoint
CREATE TRIGGER intel_confirmations_tutorial AFTER INSERT ON intel_confirmations REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION tutorial_from_player_rows('intel');
--> statement-breakpoint
-- Both sides of a filled market trade.
CREATE FUNCTION tutorial_from_trades() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO tutorial_steps (player_id, step)
	SELECT p.id, 'trade' FROM (SELECT buyer_id AS id FROM new_rows UNION SELECT seller_id FROM new_rows) n JOIN players p ON p.id = n.id
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER market_trades_tutorial AFTER INSERT ON market_trades REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION tutorial_from_trades();
--> statement-breakpoint
-- A resource contribution to an operation (objective kind 'contribute'; progress credited by a
-- verified pattern or a solved challenge is not the player pitching in). player_id is text there.
CREATE FUNCTION tutorial_from_contributions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO tutorial_steps (player_id, step)
	SELECT p.id, 'operation' FROM (
		SELECT DISTINCT player_id FROM new_rows
		WHERE kind = 'contribute' AND player_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
	) n JOIN players p ON p.id = n.player_id::uuid
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER operation_contributions_tutorial AFTER INSERT ON operation_contributions REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION tutorial_from_contributions();

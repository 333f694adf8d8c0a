CREATE TABLE "sieges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"territory_id" text NOT NULL,
	"attacker_squad_id" uuid NOT NULL,
	"defender_squad_id" uuid,
	"declared_by" uuid NOT NULL,
	"declared_at" timestamp (3) with time zone NOT NULL,
	"muster_ends_at" timestamp (3) with time zone NOT NULL,
	"battle_ends_at" timestamp (3) with time zone NOT NULL,
	"status" text NOT NULL,
	"prior_status" text NOT NULL,
	"result" text,
	"attacker_strength" double precision,
	"defender_strength" double precision,
	"attackers_committed" integer,
	"defenders_committed" integer,
	"ghost" boolean DEFAULT false NOT NULL,
	"resolved_at" timestamp (3) with time zone,
	CONSTRAINT "sieges_status_check" CHECK ("sieges"."status" in ('muster', 'battle', 'resolved')),
	CONSTRAINT "sieges_result_check" CHECK ("sieges"."result" is null or "sieges"."result" in ('attacker', 'defender'))
);
--> statement-breakpoint
ALTER TABLE "sieges" ADD CONSTRAINT "sieges_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sieges" ADD CONSTRAINT "sieges_attacker_squad_id_squads_id_fk" FOREIGN KEY ("attacker_squad_id") REFERENCES "public"."squads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sieges" ADD CONSTRAINT "sieges_defender_squad_id_squads_id_fk" FOREIGN KEY ("defender_squad_id") REFERENCES "public"."squads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sieges_one_live_per_territory" ON "sieges" USING btree ("territory_id") WHERE "sieges"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "sieges_territory_resolved_idx" ON "sieges" USING btree ("territory_id","resolved_at");
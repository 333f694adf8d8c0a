-- GAME §3.5, the AC strikes back: a counter-siege is a siege row whose attacker is the AC (no
-- squad, no declaring player) with the strength it committed (the strongest adjacent garrison)
-- and the strike (job slot) that declared it; territories remember when a squad took them (the
-- AC spares a territory liberated within the grace period); squads count the counter-sieges
-- they held off.
ALTER TABLE "sieges" ALTER COLUMN "attacker_squad_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sieges" ALTER COLUMN "declared_by" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sieges" ADD COLUMN IF NOT EXISTS "ac_strength" integer;--> statement-breakpoint
ALTER TABLE "sieges" ADD COLUMN IF NOT EXISTS "ac_slot" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "sieges" ADD CONSTRAINT "sieges_one_attacker_check" CHECK (("sieges"."attacker_squad_id" is null) = ("sieges"."ac_strength" is not null));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sieges_ac_slot_idx" ON "sieges" USING btree ("ac_slot") WHERE "sieges"."ac_slot" is not null;--> statement-breakpoint
ALTER TABLE "territories" ADD COLUMN IF NOT EXISTS "liberated_at" timestamp with time zone;--> statement-breakpoint
-- Territories already held: the last change of their row is the best record of when they were taken.
UPDATE "territories" SET "liberated_at" = "updated_at" WHERE "holder_squad_id" IS NOT NULL AND "liberated_at" IS NULL;--> statement-breakpoint
ALTER TABLE "squads" ADD COLUMN IF NOT EXISTS "territories_defended" integer DEFAULT 0 NOT NULL;

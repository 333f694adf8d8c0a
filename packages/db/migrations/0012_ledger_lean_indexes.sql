-- Fewer index entries per ledger row for the set-based writers (payouts, market ticks):
-- a ledger leg is named by (transfer, account), since a transfer never moves from an account to
-- itself, so the legs lose their own id (its index and sequence) and the transfer-id index, which
-- the new primary key replaces; and transfers without an idempotency key take no entry in the
-- key's unique index (it becomes partial).
ALTER TABLE "transfers" DROP CONSTRAINT "transfers_idempotency_key_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_idempotency_key_unique" ON "transfers" USING btree ("idempotency_key") WHERE "transfers"."idempotency_key" is not null;--> statement-breakpoint
DROP INDEX "ledger_entries_transfer_id_idx";--> statement-breakpoint
ALTER TABLE "ledger_entries" DROP COLUMN "id";--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transfer_id_account_id_pk" PRIMARY KEY("transfer_id","account_id");

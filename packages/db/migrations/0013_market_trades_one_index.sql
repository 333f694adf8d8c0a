-- A market tick writes one index entry per trade: the trades' only index is the primary key
-- (instrument, id), which serves the history (an instrument's latest trades). The id-only key and
-- the taker-order index (no reader) are gone.
DROP INDEX "market_trades_instrument_idx";--> statement-breakpoint
DROP INDEX "market_trades_taker_idx";--> statement-breakpoint
ALTER TABLE "market_trades" DROP CONSTRAINT "market_trades_pkey";--> statement-breakpoint
ALTER TABLE "market_trades" ADD CONSTRAINT "market_trades_instrument_id_pk" PRIMARY KEY("instrument","id");

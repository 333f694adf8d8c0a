import { Router, type Request } from 'express';
import { GameError, TRADEABLE_RESOURCES, isResource } from '@datavism/rules';
import { listMarketCandles, listMarketTrades } from '@datavism/db';
import type { Services } from '../context';

function instrumentOf(req: Request): string {
  const instrument = req.params.instrument;
  if (!isResource(instrument) || !TRADEABLE_RESOURCES.includes(instrument)) {
    throw new GameError('NOT_FOUND', `no market for ${String(instrument)}`);
  }
  return instrument;
}

function intParam(req: Request, name: string, fallback: number, min: number, max: number): number {
  const raw = req.query[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new GameError('BAD_REQUEST', `${name} must be an integer in ${min}…${max}`);
  }
  return n;
}

/**
 * Market history (GAME §4.1):
 * - `GET /api/market/:instrument/trades?limit=` newest first (default 50, max 500);
 * - `GET /api/market/:instrument/candles?from=&to=` 1-minute candles, epoch ms, oldest first (max 1440);
 */
export function marketRoutes(s: Services): Router {
  const router = Router();
  router.get('/api/market/:instrument/trades', async (req, res, next) => {
    try {
      const instrument = instrumentOf(req);
      const limit = intParam(req, 'limit', 50, 1, 500);
      const trades = await listMarketTrades(s.database.db, instrument, limit);
      res.json({
        instrument,
        trades: trades.map((t) => ({
          id: t.id.toString(), makerOrderId: t.makerOrderId, takerOrderId: t.takerOrderId, side: t.takerSide,
          price: t.price.toString(), size: t.size.toString(), fee: t.fee.toString(), at: t.at.getTime(),
        })),
      });
    } catch (err) {
      next(err);
    }
  });
  router.get('/api/market/:instrument/candles', async (req, res, next) => {
    try {
      const instrument = instrumentOf(req);
      const now = Date.now();
      const to = intParam(req, 'to', now + 60_000, 0, Number.MAX_SAFE_INTEGER);
      const from = intParam(req, 'from', to - 24 * 3_600_000, 0, Number.MAX_SAFE_INTEGER);
      if (from > to) throw new GameError('BAD_REQUEST', 'from must not be after to');
      const candles = await listMarketCandles(s.database.db, instrument, { from, to, limit: 1440 });
      res.json({
        instrument,
        candles: candles.map((c) => ({
          start: c.start, open: c.open.toString(), high: c.high.toString(), low: c.low.toString(),
          close: c.close.toString(), volume: c.volume.toString(),
        })),
      });
    } catch (err) {
      next(err);
    }
  });
  return router;
}

/**
 * OHLCV candles from trades (GAME §4.1: clients see 1-minute candles live).
 * Pure: the trade's own `at` decides its candle; no clock is read.
 */
import { assertPositiveSafeInteger, badRequest } from './validate';

/** A trade as candles need it; `at` is a time in ms (the trade's durable timestamp). */
export interface CandleTrade {
  price: number;
  size: number;
  at: number;
}

/** One interval's open / high / low / close prices and traded size. */
export interface Candle {
  /** Start of the interval in ms: a multiple of the interval length. */
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Sum of traded sizes. */
  volume: number;
}

/** One minute, the candle length clients are shown. */
export const DEFAULT_CANDLE_INTERVAL_MS = 60_000;

/** The start of the interval holding `at` (floored, so negative times work too). */
function intervalStart(at: number, intervalMs: number): number {
  return Math.floor(at / intervalMs) * intervalMs;
}

function checkTrade(trade: CandleTrade): void {
  assertPositiveSafeInteger('trade price', trade.price);
  assertPositiveSafeInteger('trade size', trade.size);
  if (!Number.isSafeInteger(trade.at)) badRequest(`trade time must be an integer ms, got ${String(trade.at)}`);
}

/**
 * Folds one trade into the live candle and returns the candle the trade belongs to (a new
 * object; the input is not mutated):
 * - no candle yet, or the trade is in a later interval → a fresh candle opened by the trade
 *   (the previous one is then closed; the caller keeps it);
 * - same interval → the candle updated with the trade.
 *
 * @throws GameError `BAD_REQUEST` for a trade older than the candle's interval (candles only
 * move forward), a bad trade, or a bad interval.
 */
export function updateCandle(
  candle: Candle | undefined,
  trade: CandleTrade,
  intervalMs: number = DEFAULT_CANDLE_INTERVAL_MS,
): Candle {
  assertPositiveSafeInteger('intervalMs', intervalMs);
  checkTrade(trade);
  const start = intervalStart(trade.at, intervalMs);
  if (candle === undefined || start > candle.start) {
    const { price, size } = trade;
    return { start, open: price, high: price, low: price, close: price, volume: size };
  }
  if (start < candle.start) {
    badRequest(`trade at ${trade.at} is older than the candle starting at ${candle.start}`);
  }
  return {
    start,
    open: candle.open,
    high: trade.price > candle.high ? trade.price : candle.high,
    low: trade.price < candle.low ? trade.price : candle.low,
    close: trade.price,
    volume: candle.volume + trade.size,
  };
}

/**
 * Candles for a list of trades, oldest first. Trades are taken in time order (a stable sort
 * by `at`, so trades with the same time keep their given, i.e. execution, order); only
 * intervals with at least one trade get a candle (no empty candles for quiet minutes).
 *
 * @example
 * aggregateCandles([{ price: 10, size: 2, at: 1_000 }, { price: 12, size: 1, at: 61_000 }])
 * // → [{ start: 0, open: 10, high: 10, low: 10, close: 10, volume: 2 },
 * //    { start: 60000, open: 12, high: 12, low: 12, close: 12, volume: 1 }]
 */
export function aggregateCandles(
  trades: readonly CandleTrade[],
  intervalMs: number = DEFAULT_CANDLE_INTERVAL_MS,
): Candle[] {
  assertPositiveSafeInteger('intervalMs', intervalMs);
  let ordered = trades;
  for (let i = 1; i < trades.length; i++) {
    if (trades[i].at < trades[i - 1].at) {
      ordered = [...trades].sort((a, b) => a.at - b.at);
      break;
    }
  }
  const candles: Candle[] = [];
  let current: Candle | undefined;
  for (const trade of ordered) {
    const next = updateCandle(current, trade, intervalMs);
    if (current !== undefined && next.start !== current.start) candles.push(current);
    current = next;
  }
  if (current !== undefined) candles.push(current);
  return candles;
}

import { describe, expect, it } from 'vitest';
import {
  assertBidHighEnough, assertPoolResource, assertTransferable, endAfterBid, minimumBid, swapLegs,
} from '../src/exchange';

const gameError = (code: string) => expect.objectContaining({ name: 'GameError', code });

describe('exchange: soul-bound resources (GAME §4)', () => {
  it('truth_tokens and influence_points are soul-bound; the four tradeable ones pass', () => {
    expect(() => assertTransferable('truth_tokens')).toThrow(gameError('SOUL_BOUND'));
    expect(() => assertTransferable('influence_points')).toThrow(gameError('SOUL_BOUND'));
    for (const r of ['resistance_credits', 'cpu_cycles', 'data_credits', 'liberation_keys']) {
      expect(() => assertTransferable(r)).not.toThrow();
    }
    expect(() => assertTransferable('gold')).toThrow(gameError('BAD_REQUEST'));
  });

  it('pools exist for cpu_cycles, data_credits, liberation_keys only', () => {
    for (const r of ['cpu_cycles', 'data_credits', 'liberation_keys']) expect(() => assertPoolResource(r)).not.toThrow();
    expect(() => assertPoolResource('resistance_credits')).toThrow(gameError('NOT_FOUND'));
    expect(() => assertPoolResource('truth_tokens')).toThrow(gameError('SOUL_BOUND'));
  });

  it('swap legs: buy pays credits, sell pays the resource', () => {
    expect(swapLegs('cpu_cycles', 'buy')).toEqual({ assetIn: 'resistance_credits', assetOut: 'cpu_cycles' });
    expect(swapLegs('cpu_cycles', 'sell')).toEqual({ assetIn: 'cpu_cycles', assetOut: 'resistance_credits' });
  });
});

describe('exchange: English auctions (GAME §4.3)', () => {
  it('first bid: at least the reserve price', () => {
    expect(minimumBid(1000n, null)).toBe(1000n);
    expect(() => assertBidHighEnough(999n, 1000n, null)).toThrow(gameError('BID_TOO_LOW'));
    expect(() => assertBidHighEnough(1000n, 1000n, null)).not.toThrow();
  });

  it('minimum increment 5 %: exactly +5 % is accepted, one unit less is refused', () => {
    expect(minimumBid(1n, 1000n)).toBe(1050n);
    expect(() => assertBidHighEnough(1050n, 1n, 1000n)).not.toThrow();
    expect(() => assertBidHighEnough(1049n, 1n, 1000n)).toThrow(gameError('BID_TOO_LOW'));
  });

  it('the increment rounds up: 101 needs 107 (106.05)', () => {
    expect(minimumBid(1n, 101n)).toBe(107n);
    expect(() => assertBidHighEnough(106n, 1n, 101n)).toThrow(gameError('BID_TOO_LOW'));
  });

  it('anti-sniping: a bid in the last 60 s extends the end by 60 s', () => {
    const end = 1_000_000;
    expect(endAfterBid(end, end - 60_001)).toBe(end);
    expect(endAfterBid(end, end - 60_000)).toBe(end + 60_000);
    expect(endAfterBid(end, end - 1)).toBe(end + 60_000);
    expect(() => endAfterBid(end, end)).toThrow(gameError('AUCTION_CLOSED'));
  });

  it('scaled windows (TIME_SCALE) keep the same shape', () => {
    expect(endAfterBid(10_000, 9_500, 1_000, 1_000)).toBe(11_000);
    expect(endAfterBid(10_000, 8_000, 1_000, 1_000)).toBe(10_000);
  });
});

import { describe, expect, it } from 'vitest';
import {
  ContributeMessage, PG_BIGINT_MAX, PlaceOrderMessage, SquadContributeMessage, SquadProposeMessage, SwapBody,
  amountNumber, amountString,
} from '../src/index';

/** The first issue as the message edge words it: `path: message`. */
function refusal(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string | null {
  if (result.success) return null;
  const first = result.error!.issues[0]!;
  return `${first.path.join('.')}: ${first.message}`;
}

describe('amounts: bounded by the database column they end up in', () => {
  it('amountString: a bigint column holds 9223372036854775807 and not one more', () => {
    const amount = amountString();
    expect(amount.safeParse('9223372036854775807').success).toBe(true);
    expect(amount.safeParse('1').success).toBe(true);
    expect(amount.safeParse('9223372036854775808').error?.issues[0]?.message).toBe('must be at most 9223372036854775807');
    expect(amount.safeParse('1'.repeat(30)).error?.issues[0]?.message).toBe('must be at most 9223372036854775807');
    expect(amount.safeParse('0').error?.issues[0]?.message).toBe('must be at least 1');
    expect(amountString({ min: 0n }).safeParse('0').success).toBe(true);
  });

  it('amountString: only decimal digits without leading zeros; never a number', () => {
    const amount = amountString();
    for (const bad of ['', '01', '-1', '1e5', '1.0', ' 1', '0x10']) {
      expect(amount.safeParse(bad).error?.issues[0]?.message, bad).toBe('must be a whole number in decimal digits, without leading zeros');
    }
    expect(amount.safeParse(5).success).toBe(false);
    expect(amount.safeParse(5n).success).toBe(false);
    expect(amount.safeParse(new Date()).success).toBe(false);
  });

  it('amountString: a 16 kB string of digits is refused by its length', () => {
    expect(amountString().safeParse('9'.repeat(16_000)).error?.issues[0]?.message).toBe('must be at most 9223372036854775807');
  });

  it('amountNumber: a number above 2^53 (already rounded on arrival) is refused as too large, never rounded', () => {
    const amount = amountNumber({ max: 1_000_000_000 });
    expect(amount.safeParse(1_000_000_000).success).toBe(true);
    expect(amount.safeParse(2 ** 53 + 2).error?.issues[0]?.message).toBe('must be at most 1000000000');
    expect(amount.safeParse(1e20).error?.issues[0]?.message).toBe('must be at most 1000000000');
    expect(amount.safeParse(1.5).error?.issues[0]?.message).toBe('must be a whole number');
    expect(amount.safeParse(0).error?.issues[0]?.message).toBe('must be at least 1');
    expect(amount.safeParse('5').success).toBe(false);
    expect(() => amountNumber({ max: 2 ** 53 })).toThrow(/bad amount bounds/);
    expect(() => amountString({ max: PG_BIGINT_MAX + 1n })).toThrow(/bad amount bounds/);
  });

  it('squad contribute, spend and swap amounts: 20–30 digits are refused with the bound', () => {
    expect(refusal(SquadContributeMessage.safeParse({ resource: 'cpu_cycles', amount: '123456789012345678901234' })))
      .toBe('amount: must be at most 9223372036854775807');
    expect(refusal(SquadProposeMessage.safeParse({ kind: 'spend', resource: 'cpu_cycles', amount: '1'.repeat(20), toPlayerId: '00000000-0000-4000-8000-000000000000' })))
      .toBe('amount: must be at most 9223372036854775807');
    expect(refusal(SwapBody.safeParse({ direction: 'buy', amountIn: '1'.repeat(20), minOut: '0', idempotencyKey: 'k' })))
      .toBe('amountIn: must be at most 9223372036854775807');
    expect(SwapBody.safeParse({ direction: 'buy', amountIn: '9223372036854775807', minOut: '9223372036854775807', idempotencyKey: 'k' }).success).toBe(true);
  });

  it('market: price × size must fit the bigint escrow amount', () => {
    const order = { clientOrderId: 'o1', side: 'buy', price: 1_000_000_000_000 };
    expect(PlaceOrderMessage.safeParse({ ...order, size: 9_223_372 }).success).toBe(true);
    expect(refusal(PlaceOrderMessage.safeParse({ ...order, size: 9_223_373 }))).toBe('size: price × size must be at most 9223372036854775807');
    expect(refusal(PlaceOrderMessage.safeParse({ ...order, size: 2 ** 60 }))).toBe('size: must be at most 1000000000000');
  });

  it('operation contribute: a number amount above its bound is refused', () => {
    expect(refusal(ContributeMessage.safeParse({ resource: 'cpu_cycles', amount: 2 ** 63 }))).toBe('amount: must be at most 1000000000');
  });
});

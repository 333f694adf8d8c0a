import { describe, expect, it } from 'vitest';
import { orderId } from '../src/market/orderId';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('order ids (UUID v7)', () => {
  it('carry the millisecond they were made in their first 48 bits, with the version and variant set', () => {
    const at = Date.UTC(2026, 10, 22, 3, 58, 0, 123);
    const id = orderId(at);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sort by time across milliseconds and never repeat, across many pool refills', () => {
    const ids: string[] = [];
    for (let ms = 0; ms < 100; ms++) for (let i = 0; i < 1_000; i++) ids.push(orderId(1_795_000_000_000 + ms));
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const firstOfEachMs = ids.filter((_, i) => i % 1_000 === 0);
    expect([...firstOfEachMs].sort()).toEqual(firstOfEachMs);
    // Within one millisecond the rest is random: ids of the same ms are not all in one order.
    const sameMs = ids.slice(0, 1_000);
    expect([...sameMs].sort()).not.toEqual(sameMs);
  });
});

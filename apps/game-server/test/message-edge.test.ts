import { describe, expect, it } from 'vitest';
import { nonPlainValue } from '../src/rooms/messages';

// Values as Colyseus' msgpack decoder makes them: a timestamp is a Date, bin a Buffer, a 64-bit
// integer beyond 2^53 a bigint (the end-to-end sweep sends them through the real SDK).

describe('message edge: only plain data reaches a schema', () => {
  it('plain data passes: strings, numbers, booleans, null, arrays, plain and null-prototype objects', () => {
    expect(nonPlainValue({ a: 'x', b: 1.5, c: true, d: null, e: [1, 'y', { f: false }] })).toBeNull();
    expect(nonPlainValue({})).toBeNull();
    expect(nonPlainValue(undefined)).toBeNull();
    expect(nonPlainValue(Object.assign(Object.create(null), { a: 1 }))).toBeNull();
  });

  it('a msgpack timestamp, bin and bigint are refused, top-level or nested, with their path', () => {
    expect(nonPlainValue(new Date())).toEqual({ path: '', kind: 'Date' });
    expect(nonPlainValue(Buffer.from([1, 2]))).toEqual({ path: '', kind: 'Buffer' });
    expect(nonPlainValue({ resource: 'cpu_cycles', amount: 2n ** 62n })).toEqual({ path: 'amount', kind: 'bigint' });
    expect(nonPlainValue({ a: [{ b: new Date() }] })).toEqual({ path: 'a.0.b', kind: 'Date' });
  });

  it('objects the decoder can make but JSON cannot are refused: Map, Set, RegExp, class instances', () => {
    expect(nonPlainValue(new Map())).toEqual({ path: '', kind: 'Map' });
    expect(nonPlainValue({ s: new Set([1]) })).toEqual({ path: 's', kind: 'Set' });
    expect(nonPlainValue([/x/])).toEqual({ path: '0', kind: 'RegExp' });
    class Order { size = 1; }
    expect(nonPlainValue({ o: new Order() })).toEqual({ path: 'o', kind: 'Order' });
    // An object inheriting fields: zod would read `a` through the prototype.
    expect(nonPlainValue(Object.create({ a: 'inherited' }))).toEqual({ path: '', kind: 'object with a prototype' });
  });

  it('a self-referencing message (msgpackr structured-clone ids) and a very deep one end without recursion', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic, cyclic);
    expect(nonPlainValue(cyclic)).toBeNull();
    const deep: { next?: unknown } = {};
    let at = deep;
    for (let i = 0; i < 100_000; i++) at = (at.next = {}) as { next?: unknown };
    at.next = new Date(0);
    expect(nonPlainValue(deep)?.kind).toBe('Date');
  });
});

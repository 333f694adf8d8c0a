import { describe, expect, it } from 'vitest';
import { quoteSwap } from '@datavism/rules';
import {
  balanceOf, createAuction, decayResource, getPool, ledgerInvariant, listPools, mint, placeBid, seedPools,
  settleAuction, swapOnPool, withTransaction, type AccountRef, type Db,
} from '../src/index';
import { KINDS, at, gameError, newPlayer, useDatabase } from './harness';

const SEEDS = [
  { resource: 'cpu_cycles', reserveResource: 1_000_000n, reserveCredits: 1_000_000n },
  { resource: 'data_credits', reserveResource: 500_000n, reserveCredits: 1_000_000n },
  { resource: 'liberation_keys', reserveResource: 10_000n, reserveCredits: 5_000_000n },
] as const;

const me = (id: string): AccountRef => ({ kind: 'player', id });
const credits = (db: Db, id: string) => balanceOf(db, me(id), 'resistance_credits');

async function funded(db: Db, amount = 100_000n) {
  const p = await newPlayer(db);
  await withTransaction(db, (tx) => mint(tx, me(p.id), 'resistance_credits', amount, 'test'));
  return p;
}

async function invariantHolds(db: Db) {
  for (const line of await ledgerInvariant(db)) expect(line, line.resource).toMatchObject({ holds: true });
}

describe.each(KINDS)('exchange on %s', (kind) => {
  const ctx = useDatabase(kind);

  it('pools: seeded once, reserves in the ledger', async () => {
    expect(await seedPools(ctx.db, SEEDS)).toEqual(['cpu_cycles', 'data_credits', 'liberation_keys']);
    expect(await seedPools(ctx.db, SEEDS)).toEqual([]);
    const pools = await listPools(ctx.db);
    expect(pools.map((p) => [p.resource, p.reserveResource, p.reserveCredits])).toEqual([
      ['cpu_cycles', 1_000_000n, 1_000_000n], ['data_credits', 500_000n, 1_000_000n], ['liberation_keys', 10_000n, 5_000_000n],
    ]);
    await invariantHolds(ctx.db);
  });

  it('swap: the client quote equals the server result, fee to the community', async () => {
    const p = await funded(ctx.db);
    const before = await getPool(ctx.db, 'cpu_cycles');
    const communityBefore = await balanceOf(ctx.db, { kind: 'community' }, 'resistance_credits');
    const quote = quoteSwap({ amountIn: 10_000n, reserveIn: before.reserveCredits, reserveOut: before.reserveResource, feeBps: 200 });
    const r = await swapOnPool(ctx.db, { playerId: p.id, resource: 'cpu_cycles', direction: 'buy', amountIn: 10_000n, minOut: quote, feeBps: 200, clientKey: 'a' });
    // floor(10000·9800·1e6 / (1e6·10000 + 10000·9800)) = 9704
    expect(quote).toBe(9_704n);
    expect(r).toMatchObject({ amountOut: 9_704n, fee: 200n, replayed: false });
    expect(await credits(ctx.db, p.id)).toBe(90_000n);
    expect(await balanceOf(ctx.db, me(p.id), 'cpu_cycles')).toBe(9_704n);
    expect(await balanceOf(ctx.db, { kind: 'community' }, 'resistance_credits')).toBe(communityBefore + 200n);
    const after = await getPool(ctx.db, 'cpu_cycles');
    expect(after).toMatchObject({ reserveCredits: before.reserveCredits + 9_800n, reserveResource: before.reserveResource - 9_704n });
    expect(r.pool).toMatchObject({ reserveCredits: after.reserveCredits, reserveResource: after.reserveResource });

    // A resend with the same key returns the first swap and moves nothing.
    const again = await swapOnPool(ctx.db, { playerId: p.id, resource: 'cpu_cycles', direction: 'buy', amountIn: 10_000n, minOut: 1n, feeBps: 200, clientKey: 'a' });
    expect(again).toMatchObject({ swapId: r.swapId, amountOut: 9_704n, replayed: true });
    expect(await credits(ctx.db, p.id)).toBe(90_000n);

    // Sell back: pays credits, the fee is taken in cpu_cycles.
    const pool = await getPool(ctx.db, 'cpu_cycles');
    const back = quoteSwap({ amountIn: 9_704n, reserveIn: pool.reserveResource, reserveOut: pool.reserveCredits, feeBps: 200 });
    const sold = await swapOnPool(ctx.db, { playerId: p.id, resource: 'cpu_cycles', direction: 'sell', amountIn: 9_704n, minOut: back, feeBps: 200, clientKey: 'b' });
    expect(sold).toMatchObject({ amountOut: back, fee: 194n });
    expect(await balanceOf(ctx.db, me(p.id), 'cpu_cycles')).toBe(0n);
    await invariantHolds(ctx.db);
  });

  it('swap: minOut above the quote is refused and changes nothing', async () => {
    const p = await funded(ctx.db);
    const before = await getPool(ctx.db, 'data_credits');
    const quote = quoteSwap({ amountIn: 5_000n, reserveIn: before.reserveCredits, reserveOut: before.reserveResource, feeBps: 200 });
    await expect(swapOnPool(ctx.db, { playerId: p.id, resource: 'data_credits', direction: 'buy', amountIn: 5_000n, minOut: quote + 1n, feeBps: 200, clientKey: 'x' }))
      .rejects.toThrow(gameError('SLIPPAGE_EXCEEDED'));
    expect(await getPool(ctx.db, 'data_credits')).toEqual(before);
    expect(await credits(ctx.db, p.id)).toBe(100_000n);
  });

  it('swap: soul-bound, unknown pool and short balance are refused', async () => {
    const p = await funded(ctx.db, 10n);
    const base = { playerId: p.id, direction: 'buy' as const, amountIn: 5n, minOut: 0n, feeBps: 200, clientKey: 's' };
    await expect(swapOnPool(ctx.db, { ...base, resource: 'truth_tokens' })).rejects.toThrow(gameError('SOUL_BOUND'));
    await expect(swapOnPool(ctx.db, { ...base, resource: 'influence_points' })).rejects.toThrow(gameError('SOUL_BOUND'));
    await expect(swapOnPool(ctx.db, { ...base, resource: 'resistance_credits' })).rejects.toThrow(gameError('NOT_FOUND'));
    await expect(swapOnPool(ctx.db, { ...base, resource: 'liberation_keys', direction: 'sell', amountIn: 100n })).rejects.toThrow(gameError('INSUFFICIENT_FUNDS'));
    expect(await credits(ctx.db, p.id)).toBe(10n);
  });

  it('concurrent swaps serialize: reserves match the sum of swaps, the product never falls, the ledger holds', async () => {
    const players = await Promise.all(Array.from({ length: 8 }, () => funded(ctx.db, 1_000_000n)));
    const before = await getPool(ctx.db, 'liberation_keys');
    const receipts = await Promise.all(players.flatMap((p, i) => Array.from({ length: 5 }, (_, j) =>
      swapOnPool(ctx.db, { playerId: p.id, resource: 'liberation_keys', direction: 'buy', amountIn: BigInt(10_000 + 1_000 * i + j), minOut: 1n, feeBps: 200, clientKey: `c${j}` }))));
    const after = await getPool(ctx.db, 'liberation_keys');
    const paidIn = receipts.reduce((s, r) => s + r.amountIn - r.fee, 0n);
    const paidOut = receipts.reduce((s, r) => s + r.amountOut, 0n);
    expect(after.reserveCredits).toBe(before.reserveCredits + paidIn);
    expect(after.reserveResource).toBe(before.reserveResource - paidOut);
    expect(after.reserveCredits * after.reserveResource >= before.reserveCredits * before.reserveResource).toBe(true);
    expect(after.swapCount - before.swapCount).toBe(40);
    await invariantHolds(ctx.db);
  });

  it('auctions: reserve, +5 % edge, outbid release, anti-sniping, settlement exactly once', async () => {
    const gm = await newPlayer(ctx.db, { role: 'gm' });
    const a = await funded(ctx.db);
    const b = await funded(ctx.db);
    const t0 = at('2026-05-01', 12);
    const endsAt = new Date(t0.getTime() + 10 * 60_000);
    const { auction } = await createAuction(ctx.db, {
      createdBy: gm.id, sellerId: null, itemKind: 'resource', itemName: '50 liberation keys', itemResource: 'liberation_keys',
      itemAmount: 50n, reservePrice: 1_000n, now: t0, endsAt, clientKey: 'lot-1',
    });
    expect(await balanceOf(ctx.db, { kind: 'auction', id: auction.id }, 'liberation_keys')).toBe(50n);
    const bid = (bidderId: string, amount: bigint, minutes: number, key: string) =>
      placeBid(ctx.db, { auctionId: auction.id, bidderId, amount, now: new Date(t0.getTime() + minutes * 60_000), clientKey: key });

    await expect(bid(a.id, 999n, 1, 'a0')).rejects.toThrow(gameError('BID_TOO_LOW'));
    expect((await bid(a.id, 1_000n, 1, 'a1')).extended).toBe(false);
    expect(await credits(ctx.db, a.id)).toBe(99_000n);
    await expect(bid(b.id, 1_049n, 2, 'b0')).rejects.toThrow(gameError('BID_TOO_LOW'));
    const outbid = await bid(b.id, 1_050n, 2, 'b1');
    expect(outbid.outbidId).toBe(a.id);
    expect(await credits(ctx.db, a.id)).toBe(100_000n);
    expect(await credits(ctx.db, b.id)).toBe(98_950n);
    expect((await bid(b.id, 1_050n, 2, 'b1')).replayed).toBe(true);
    expect(await credits(ctx.db, b.id)).toBe(98_950n);

    // 30 s before the end: extended by 60 s.
    const sniped = await bid(a.id, 1_103n, 9.5, 'a2');
    expect(sniped.extended).toBe(true);
    expect(sniped.auction.endsAt.getTime()).toBe(endsAt.getTime() + 60_000);
    expect(await credits(ctx.db, b.id)).toBe(100_000n);

    // Not due at the old end; settled once after the new end, a second run pays nothing.
    expect(await settleAuction(ctx.db, auction.id, endsAt)).toMatchObject({ settled: false, reason: 'not_due' });
    const community = await balanceOf(ctx.db, { kind: 'community' }, 'resistance_credits');
    const late = new Date(endsAt.getTime() + 60_000);
    const results = await Promise.all([settleAuction(ctx.db, auction.id, late), settleAuction(ctx.db, auction.id, late)]);
    expect(results.filter((r) => r.settled)).toHaveLength(1);
    expect(await settleAuction(ctx.db, auction.id, late)).toMatchObject({ settled: false, reason: 'already_settled' });
    expect(await balanceOf(ctx.db, me(a.id), 'liberation_keys')).toBe(50n);
    expect(await credits(ctx.db, a.id)).toBe(100_000n - 1_103n);
    expect(await balanceOf(ctx.db, { kind: 'community' }, 'resistance_credits')).toBe(community + 1_103n);
    await expect(bid(b.id, 5_000n, 12, 'b2')).rejects.toThrow(gameError('AUCTION_CLOSED'));
    await invariantHolds(ctx.db);
  });

  it('auctions: no bids → a system lot is burned back; a title goes to the winner', async () => {
    const gm = await newPlayer(ctx.db, { role: 'gm' });
    const w = await funded(ctx.db);
    const t0 = at('2026-05-02', 12);
    const end = new Date(t0.getTime() + 60_000);
    const lot = await createAuction(ctx.db, { createdBy: gm.id, sellerId: null, itemKind: 'resource', itemName: 'keys', itemResource: 'liberation_keys', itemAmount: 7n, reservePrice: 10n, now: t0, endsAt: end, clientKey: 'u' });
    const title = await createAuction(ctx.db, { createdBy: gm.id, sellerId: null, itemKind: 'title', itemName: 'Ghost of the Grid', reservePrice: 10n, now: t0, endsAt: end, clientKey: 't' });
    await placeBid(ctx.db, { auctionId: title.auction.id, bidderId: w.id, amount: 10n, now: t0, clientKey: 'k' });
    expect(await settleAuction(ctx.db, lot.auction.id, end)).toMatchObject({ settled: true, winnerId: null });
    expect(await balanceOf(ctx.db, { kind: 'auction', id: lot.auction.id }, 'liberation_keys')).toBe(0n);
    expect(await settleAuction(ctx.db, title.auction.id, new Date(end.getTime() + 60_000))).toMatchObject({ settled: true, winnerId: w.id, price: 10n });
    const { getPlayer } = await import('../src/index');
    expect((await getPlayer(ctx.db, w.id))!.titles).toContain('Ghost of the Grid');
    await expect(createAuction(ctx.db, { createdBy: gm.id, sellerId: null, itemKind: 'resource', itemName: 'x', itemResource: 'truth_tokens', itemAmount: 1n, reservePrice: 1n, now: t0, endsAt: end, clientKey: 'sb' }))
      .rejects.toThrow(gameError('SOUL_BOUND'));
    await invariantHolds(ctx.db);
  });

  it('decay: cpu_cycles −10 % per run, pool reserves untouched, a re-run on the same day is a no-op', async () => {
    const p = await newPlayer(ctx.db);
    await withTransaction(ctx.db, (tx) => mint(tx, me(p.id), 'cpu_cycles', 12_345n, 'test'));
    const pool = await getPool(ctx.db, 'cpu_cycles');
    const day = at('2026-06-01', 0);
    await decayResource(ctx.db, 'cpu_cycles', day);
    expect(await balanceOf(ctx.db, me(p.id), 'cpu_cycles')).toBe(12_345n - 1_234n);
    await decayResource(ctx.db, 'cpu_cycles', day);
    expect(await balanceOf(ctx.db, me(p.id), 'cpu_cycles')).toBe(11_111n);
    await decayResource(ctx.db, 'cpu_cycles', at('2026-06-02', 0));
    expect(await balanceOf(ctx.db, me(p.id), 'cpu_cycles')).toBe(11_111n - 1_111n);
    expect((await getPool(ctx.db, 'cpu_cycles')).reserveResource).toBe(pool.reserveResource);
    await withTransaction(ctx.db, (tx) => mint(tx, me(p.id), 'liberation_keys', 1_000n, 'test'));
    await decayResource(ctx.db, 'liberation_keys', day);
    expect(await balanceOf(ctx.db, me(p.id), 'liberation_keys')).toBe(950n);
    await withTransaction(ctx.db, (tx) => mint(tx, me(p.id), 'influence_points', 1_000n, 'test'));
    await decayResource(ctx.db, 'influence_points', day);
    expect(await balanceOf(ctx.db, me(p.id), 'influence_points')).toBe(980n);
    await invariantHolds(ctx.db);
  });
});

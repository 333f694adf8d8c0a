/**
 * The market under load: 100 players (real SDK clients) fire 1,000 orders at once — limit and
 * market, both sides, crossing prices, some beyond their means, some cancels. Afterwards no
 * balance is negative, the ledger's conservation law holds, and the escrow account holds
 * exactly the open orders' remaining escrow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balancesOf, ledgerInvariant, marketEscrowCheck } from '@datavism/db';
import { mulberry32 } from '@datavism/rules';
import { startGame, type RunningGame } from '../utils/game';
import { waitFor } from '../utils/env';
import { directPlayer, fund, joinMarket, type MarketClient } from '../utils/market';

let run: RunningGame;
beforeAll(async () => {
  run = await startGame({ db: 'postgres' });
});
afterAll(async () => {
  await run?.close();
});

describe('market invariants under 1,000 concurrent orders from 100 players', () => {
  it('no negative balance, ledger invariant, escrow = open orders', async () => {
    const db = run.game.services.database.db;
    const secret = run.game.services.config.jwtSecret;
    const rng = mulberry32(42);
    const players: Array<{ id: string; m: MarketClient }> = [];
    for (let i = 0; i < 100; i++) {
      const p = await directPlayer(db, secret, 'inv');
      // Deliberately thin wallets so that some orders fail for funds.
      await fund(db, p.id, { resistance_credits: BigInt(500 + Math.floor(rng() * 3000)), data_credits: BigInt(5 + Math.floor(rng() * 40)) });
      players.push({ id: p.id, m: await joinMarket(run.url, p.token, 'data_credits') });
    }
    let sent = 0;
    for (let round = 0; round < 10; round++) {
      for (const [i, p] of players.entries()) {
        const side = rng() < 0.5 ? 'buy' : 'sell';
        const market = rng() < 0.1;
        const price = 40 + Math.floor(rng() * 21); // 40…60 around a 50 mid: plenty of crossing
        const size = 1 + Math.floor(rng() * 8);
        p.m.room.send('place_order', market
          ? { clientOrderId: `o${round}-${i}`, side, type: 'market', size }
          : { clientOrderId: `o${round}-${i}`, side, type: 'limit', price, size });
        sent++;
      }
    }
    expect(sent).toBe(1_000);
    await waitFor(() => players.every((p) => p.m.acks.length + p.m.errors.length >= 10), 60_000, 'every order answered');
    const acks = players.flatMap((p) => p.m.acks);
    const errors = players.flatMap((p) => p.m.errors);
    expect(acks.length + errors.length).toBe(1_000);
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['INSUFFICIENT_FUNDS']));
    expect(acks.some((a) => a.fills.length > 0)).toBe(true);

    // Half of the players cancel whatever still rests.
    const cancels: Array<Promise<unknown>> = [];
    for (const p of players.slice(0, 50)) {
      const open = p.m.acks.filter((a) => a.status === 'open');
      for (const a of open) p.m.room.send('cancel_order', { orderId: a.orderId });
      cancels.push(waitFor(() => p.m.cancels.length + p.m.errors.filter((e) => e.type === 'cancel_order').length >= open.length, 30_000, 'cancels'));
    }
    await Promise.all(cancels);

    for (const ref of [...players.map((p) => ({ kind: 'player' as const, id: p.id })), { kind: 'escrow' as const }, { kind: 'community' as const }]) {
      const all = await balancesOf(db, ref);
      expect(Object.values(all).every((v) => v >= 0n)).toBe(true);
    }
    expect((await ledgerInvariant(db)).filter((l) => !l.holds)).toEqual([]);
    const escrow = await marketEscrowCheck(db);
    expect(escrow.filter((l) => !l.holds)).toEqual([]);
    expect(escrow.find((l) => l.resource === 'data_credits')!.escrow).toBeGreaterThan(0n);
    await Promise.all(players.map((p) => p.m.room.leave()));
  });
});

/**
 * A big market tick goes to Postgres in parts (2,500 inputs each), the next part matched while the
 * previous one is written. Here one tick of 6,000 inputs — three parts — holds the interactions
 * that cross a part boundary: a resting order placed in part 1, partly filled in part 2 and filled
 * in part 3; a player who buys in part 1 and sells what they bought in part 2 (the sale's escrow
 * debit needs part 1's credit); one client order id sent in part 1 and again in part 2. Inputs are
 * queued straight into the room (no client can send 6,000 orders inside one 50 ms tick); everything
 * else is the real path: the room, the engine, the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchMaker } from '@colyseus/core';
import { balanceOf, findOrdersByClientId, ledgerInvariant, loadOpenOrders, marketEscrowCheck } from '@datavism/db';
import { startGame, type RunningGame } from '../utils/game';
import { sleep } from '../utils/env';
import { directPlayer, fund, joinMarket } from '../utils/market';

let run: RunningGame;
beforeAll(async () => {
  run = await startGame({ db: 'postgres' });
});
afterAll(async () => {
  await run?.close();
});

type Queued = { input: Record<string, unknown>; client: { send(type: string, m: unknown): void }; at: number };

describe('a market tick written in parts', () => {
  it('orders, fills, balances and resends that cross part boundaries come out as if the tick were one statement', async () => {
    const db = run.game.services.database.db;
    const secret = run.game.services.config.jwtSecret;
    const players: string[] = [];
    for (let i = 0; i < 12; i++) {
      const p = await directPlayer(db, secret, 'parts');
      players.push(p.id);
    }
    const [maker, buyer2, buyer3, flipper, dupper] = players;
    const fillers = players.slice(5);
    await fund(db, maker, { liberation_keys: 5n });
    await fund(db, buyer2, { resistance_credits: 1_000n });
    await fund(db, buyer3, { resistance_credits: 1_000n });
    await fund(db, flipper, { resistance_credits: 1_000n }); // no liberation_keys at the start
    await fund(db, dupper, { resistance_credits: 1_000n });
    for (const f of fillers) await fund(db, f, { resistance_credits: 100_000n });

    const watcher = await directPlayer(db, secret, 'parts');
    const w = await joinMarket(run.url, watcher.token, 'liberation_keys');
    const [listing] = await matchMaker.query({ name: 'market' });
    const room = matchMaker.getLocalRoomById(listing.roomId) as unknown as { queue: Queued[] };

    const answers = new Map<string, { type: string; m: any }>();
    const client = {
      send: (type: string, m: any) => {
        answers.set(`${m.clientOrderId ?? m.orderId}#${answers.size}`, { type, m });
      },
    };
    const place = (playerId: string, clientOrderId: string, side: 'buy' | 'sell', price: number, size: number) =>
      ({ kind: 'place', playerId, clientOrderId, side, type: 'limit', price, size });
    // 6,000 inputs: fillers rest bids at 1 (never crossed) around the interesting ones.
    const inputs: Record<string, unknown>[] = [];
    let n = 0;
    const filler = () => place(fillers[n % fillers.length], `f${n++}`, 'buy', 1, 1);
    while (inputs.length < 6_000) inputs.push(filler());
    inputs[0] = place(maker, 'rest', 'sell', 90, 5); // part 1: rests 5 @ 90
    inputs[1] = place(flipper, 'buy1', 'buy', 90, 1); // part 1: takes 1 of it (rest 4 left)
    inputs[20] = place(dupper, 'dup', 'buy', 2, 1); // part 1: rests
    inputs[2_600] = place(dupper, 'dup', 'buy', 2, 1); // part 2: the same id again → duplicate
    inputs[3_000] = place(flipper, 'sell1', 'sell', 300, 1); // part 2: sells the key bought in part 1 (rests)
    inputs[3_100] = place(buyer2, 'b2', 'buy', 90, 2); // part 2: rest 4 → 2
    inputs[5_500] = place(buyer3, 'b3', 'buy', 90, 2); // part 3: rest 2 → 0, filled
    const target = inputs.length;
    for (const input of inputs) room.queue.push({ input, client, at: performance.now() });
    for (let waited = 0; answers.size < target; waited += 5) {
      if (waited > 60_000) throw new Error(`only ${answers.size} of ${target} inputs answered`);
      await sleep(5);
    }
    const all = [...answers.values()];
    expect(all.filter((a) => a.type !== 'order_ack')).toEqual([]);
    const ack = (id: string) => all.filter((a) => a.m.clientOrderId === id).map((a) => a.m);
    expect(ack('buy1')).toMatchObject([{ status: 'filled', fills: [{ price: '90', size: '1' }] }]);
    expect(ack('b2')).toMatchObject([{ status: 'filled', fills: [{ price: '90', size: '2' }] }]);
    expect(ack('b3')).toMatchObject([{ status: 'filled', fills: [{ price: '90', size: '2' }] }]);
    expect(ack('sell1')).toMatchObject([{ status: 'open', remaining: '1' }]);
    const dups = ack('dup');
    expect(dups.map((d) => d.duplicate)).toEqual([false, true]);
    expect(dups[1].orderId).toBe(dups[0].orderId);

    // In the database: the resting order filled across three parts reads as filled; the flipper's
    // key went from part 1's purchase into part 2's sale escrow; one row for the repeated id.
    const [rest] = await findOrdersByClientId(db, [{ playerId: maker, clientOrderId: 'rest' }]);
    expect(rest).toMatchObject({ status: 'filled', remaining: 0n, size: 5n });
    expect(await findOrdersByClientId(db, [{ playerId: dupper, clientOrderId: 'dup' }])).toHaveLength(1);
    expect(await balanceOf(db, { kind: 'player', id: flipper }, 'liberation_keys')).toBe(0n);
    expect(await balanceOf(db, { kind: 'player', id: maker }, 'resistance_credits')).toBe(450n);
    expect(await balanceOf(db, { kind: 'player', id: buyer3 }, 'liberation_keys')).toBe(2n);
    // 90 × 2 = 180 + the 2 % taker fee, rounded up: 4.
    expect(await balanceOf(db, { kind: 'player', id: buyer3 }, 'resistance_credits')).toBe(1_000n - 184n);
    const open = await loadOpenOrders(db, 'liberation_keys');
    expect(open.filter((o) => o.side === 'sell').map((o) => [o.clientOrderId, o.remaining])).toEqual([['sell1', 1n]]);
    expect(open.filter((o) => o.side === 'buy')).toHaveLength(6_000 - 6); // the fillers and the first 'dup'
    expect((await marketEscrowCheck(db)).filter((l) => !l.holds)).toEqual([]);
    expect((await ledgerInvariant(db)).filter((l) => !l.holds)).toEqual([]);
    await w.room.leave();
  });
});

import { Client, type Room } from '@colyseus/sdk';
import { randomBytes } from 'node:crypto';
import { createPlayer, mint, withTransaction, type Db } from '@datavism/db';
import { signToken } from '@datavism/game-server';
import type { Resource } from '@datavism/rules';
import { waitFor } from './env';

/** A market-room client that records everything the server sends it. */
export interface MarketClient {
  room: Room<any, any>;
  acks: any[];
  errors: any[];
  fills: any[];
  cancels: any[];
  balances: any[];
  myOrders: any[];
  /** Resolves with the ack or error answering `clientOrderId`. */
  answer(clientOrderId: string, timeoutMs?: number): Promise<any>;
}

export async function joinMarket(url: string, token: string, instrument: string): Promise<MarketClient> {
  const client = new Client(url);
  client.auth.token = token;
  const room = await client.joinOrCreate('market', { instrument });
  const c: MarketClient = {
    room, acks: [], errors: [], fills: [], cancels: [], balances: [], myOrders: [],
    answer: (id, timeoutMs = 10_000) =>
      waitFor(() => c.acks.find((a) => a.clientOrderId === id) ?? c.errors.find((e) => e.clientOrderId === id), timeoutMs, `answer to ${id}`),
  };
  room.onMessage('order_ack', (m) => c.acks.push(m));
  room.onMessage('error', (m) => c.errors.push(m));
  room.onMessage('fill', (m) => c.fills.push(m));
  room.onMessage('order_cancelled', (m) => c.cancels.push(m));
  room.onMessage('balances', (m) => c.balances.push(m));
  room.onMessage('my_orders', (m) => c.myOrders.push(m));
  return c;
}

/** Gives a player resources straight from the mint (tests only). */
export async function fund(db: Db, playerId: string, amounts: Partial<Record<Resource, bigint>>): Promise<void> {
  await withTransaction(db, async (tx) => {
    for (const [resource, amount] of Object.entries(amounts)) {
      if (amount && amount > 0n) await mint(tx, { kind: 'player', id: playerId }, resource as Resource, amount, 'test_funding');
    }
  });
}

/** A player created straight in the database with a signed token (no HTTP registration limits). */
export async function directPlayer(db: Db, jwtSecret: string, prefix = 'mk'): Promise<{ id: string; name: string; token: string }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const player = await createPlayer(db, { name, passwordHash: 'not-a-login' });
  return { id: player.id, name, token: signToken(jwtSecret, { sub: player.id, name }) };
}

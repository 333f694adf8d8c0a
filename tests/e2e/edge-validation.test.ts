// The edges refuse what their contracts do not describe, from the outside with real SDK clients:
// every message type of every room gets non-plain payloads (a msgpack Date, bin, bigint, an array,
// a Map, null, a number, a string, a Date nested in an otherwise valid message) and answers each
// with BAD_REQUEST, the sender stays connected and nothing in the database changes; amounts beyond
// their database column are refused as BAD_REQUEST, never INTERNAL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import { matchMaker } from '@colyseus/core';
import { balanceOf, createPlayer, ledgerInvariant, mint, setPlayerRole, withTransaction } from '@datavism/db';
import { signToken } from '@datavism/game-server';
import {
  COUNCIL_MESSAGES, EXCHANGE_MESSAGES, MARKET_MESSAGES, OPERATION_MESSAGES, SQUAD_MESSAGES, WAR_MESSAGES, REGION_MESSAGES, SOCIAL_MESSAGES,
} from '@datavism/shared-schema';
import { startGame, type RunningGame } from '../utils/game';
import { api } from '../utils/http';
import { playerName, sleep, waitFor } from '../utils/env';
import { q } from './territory-fixtures';

let run: RunningGame;
const db = () => run.game.services.database.db;

interface P { id: string; name: string; token: string }
interface Seat { room: Room<any, any>; inbox: { type: string | number; message: any }[]; closed: number | null }

const errorsOf = (seat: Seat): any[] => seat.inbox.filter((m) => m.type === 'error').map((m) => m.message);
const UUID = '00000000-0000-4000-8000-000000000000';
const BIGINT_MAX = '9223372036854775807';

/** A player straight in the database (registration is rate-limited per address). */
async function player(role?: 'gm'): Promise<P> {
  const name = playerName('edge');
  const p = await createPlayer(db(), { name, passwordHash: 'unused' });
  if (role) await setPlayerRole(db(), p.id, role);
  return { id: p.id, name, token: signToken(run.game.services.config.jwtSecret, { sub: p.id, name }) };
}

async function seat(token: string, roomName: string, options: Record<string, unknown> = {}): Promise<Seat> {
  const client = new Client(run.url);
  client.auth.token = token;
  const room = await client.joinOrCreate(roomName, options);
  const s: Seat = { room, inbox: [], closed: null };
  room.onMessage('*', (type, message) => s.inbox.push({ type, message }));
  room.onLeave((code) => { s.closed = code; });
  return s;
}

/** The message types a live room instance handles: its `messages` map as Colyseus registered it. */
function handledTypes(s: Seat): string[] {
  const instance = matchMaker.getLocalRoomById(s.room.roomId) as unknown as { onMessageEvents: { events: Record<string, unknown[]> } };
  return Object.entries(instance.onMessageEvents.events).filter(([type, handlers]) => type !== '*' && handlers.length > 0).map(([type]) => type).sort();
}

/**
 * A shape-valid message of every type (its content need not succeed): the nested-Date payload is
 * this message with its first field replaced by a Date. A new message type fails the sweep until
 * it has a sample here.
 */
const VALID: Record<string, Record<string, Record<string, unknown>>> = {
  region: { deploy: { territoryId: 't1' }, move: { x: 0, y: 0, seq: 1 } },
  map: {},
  social: {
    post: { channel: 'global', body: 'hello' }, read: { channel: 'global', messageId: 1 }, subscribe: { channel: 'global' },
    unsubscribe: { channel: 'global' }, delete: { messageId: 1 }, report: { messageId: 1, reason: 'spam' }, channels: {},
  },
  squad: {
    chat: { body: 'hello' }, propose: { kind: 'kick', playerId: UUID }, vote: { decisionId: UUID, yes: true },
    contribute: { resource: 'cpu_cycles', amount: '1' }, withdraw: { resource: 'cpu_cycles', amount: '1' },
    promote: { playerId: UUID }, demote: { playerId: UUID }, kick: { playerId: UUID },
    decide_application: { applicationId: UUID, accept: true }, set_recruitment: { recruitment: 'open' }, leave: {},
  },
  war: { claim: { territoryId: 't1' }, declare_siege: { territoryId: 't1' } },
  market: { place_order: { clientOrderId: 'edge-1', side: 'buy', price: 1, size: 1 }, cancel_order: { orderId: UUID } },
  auction_house: {
    bid: { auctionId: UUID, amount: '1', idempotencyKey: 'edge-1' },
    swap: { resource: 'cpu_cycles', direction: 'buy', amountIn: '1', minOut: '0', idempotencyKey: 'edge-1' },
  },
  operation: { join: {}, contribute: { resource: 'cpu_cycles', amount: 1 } },
  council: { propose: { kind: 'feature', title: 'edge case' }, vote: { proposalId: UUID, support: true } },
};

/** The same valid message with its first field (or a new `at` field) holding `value`. */
function withFirstField(valid: Record<string, unknown>, value: unknown): Record<string, unknown> {
  const key = Object.keys(valid)[0] ?? 'at';
  return { ...valid, [key]: value };
}

/** What each refusal must say: `true` when the edge's plain-data check (not the schema) must refuse it. */
const NON_PLAIN: { name: string; payload: (valid: Record<string, unknown>) => unknown; plainCheck: boolean }[] = [
  { name: 'a Date (msgpack timestamp)', payload: () => new Date(), plainCheck: true },
  { name: 'a Uint8Array (msgpack bin)', payload: () => new Uint8Array([1, 2, 3]), plainCheck: true },
  { name: 'an array', payload: (v) => [v], plainCheck: false },
  { name: 'a Map', payload: () => new Map<unknown, unknown>([['size', 1], [2, 'b']]), plainCheck: false },
  { name: 'null', payload: () => null, plainCheck: false },
  { name: 'a number', payload: () => 42, plainCheck: false },
  { name: 'a string', payload: () => 'leave', plainCheck: false },
  { name: 'a nested Date', payload: (v) => withFirstField(v, new Date()), plainCheck: true },
  { name: 'a nested bigint', payload: (v) => withFirstField(v, 2n ** 62n), plainCheck: true },
];

/** Every table's content as one hash per table: "nothing changed" without knowing which table a message would touch. */
async function databaseSnapshot(): Promise<Record<string, string>> {
  const tables = await q<{ name: string }>(db(), `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await q<{ h: string }>(db(), `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${name}" t`);
    out[name] = row!.h;
  }
  return out;
}

async function unexpectedErrors(): Promise<number> {
  const metric = await run.game.services.metrics.errors.get();
  return metric.values.reduce((sum, v) => sum + v.value, 0);
}

async function expectLedgerHolds(): Promise<void> {
  for (const line of await ledgerInvariant(db())) expect(line, line.resource).toMatchObject({ holds: true });
}

let gm: P;
let leader: P;
let squadId: string;
let operationId: string;

beforeAll(async () => {
  // JOBS off: no periodic job writes while the sweep compares the database before and after.
  run = await startGame({ db: 'postgres', env: { JOBS: 'off' } });
  gm = await player('gm');
  leader = await player();
  const squad = await api(run.url, 'POST', '/api/squads', { name: playerName('Edge'), type: 'strike_team' }, leader.token);
  expect(squad.status).toBe(201);
  squadId = squad.body.id;
  const op = await api(run.url, 'POST', '/api/gm/operations', {
    operation: {
      type: 'rapid', name: 'Edge Op', requiredPlayers: 1,
      objectives: [{ tier: 'primary', kind: 'contribute', title: 'Cycles', resource: 'cpu_cycles', target: 300 }],
    },
  }, gm.token);
  expect(op.status).toBe(201);
  operationId = op.body.id;
});
afterAll(async () => {
  await run?.close();
});

/** How to get a fresh player (or the squad's leader) into each room. */
const OPEN: Record<string, () => Promise<Seat>> = {
  region: async () => {
    const p = await player();
    const entry = await api(run.url, 'POST', '/api/world/enter', {}, p.token);
    return seat(p.token, 'region', { regionId: entry.body.regionId });
  },
  map: async () => seat((await player()).token, 'map'),
  social: async () => seat((await player()).token, 'social'),
  squad: () => seat(leader.token, 'squad', { squadId }),
  war: async () => seat((await player()).token, 'war'),
  market: async () => seat((await player()).token, 'market', { instrument: 'cpu_cycles' }),
  auction_house: async () => seat((await player()).token, 'auction_house'),
  operation: async () => seat((await player()).token, 'operation', { operationId }),
  council: async () => seat((await player()).token, 'council'),
};

/** The contracts' own lists of client → server messages, per room. */
const CONTRACT: Record<string, readonly string[]> = {
  region: REGION_MESSAGES, map: [], social: SOCIAL_MESSAGES, squad: SQUAD_MESSAGES, war: WAR_MESSAGES, market: MARKET_MESSAGES,
  auction_house: EXCHANGE_MESSAGES, operation: OPERATION_MESSAGES, council: COUNCIL_MESSAGES,
};

describe('edge validation: non-plain payloads on every message of every room', () => {
  it('every defined room is in the sweep, and each room handles exactly its contract messages, each with a sample', async () => {
    expect(Object.keys(matchMaker.getAllHandlers()).sort()).toEqual(Object.keys(OPEN).sort());
    for (const [name, open] of Object.entries(OPEN)) {
      const s = await open();
      const types = handledTypes(s);
      expect(types, name).toEqual([...CONTRACT[name]!].sort());
      expect(Object.keys(VALID[name] ?? {}).sort(), `valid samples of ${name}`).toEqual(types);
      await s.room.leave();
    }
  });

  it('each payload is refused with BAD_REQUEST naming the message, the sender stays connected, nothing changes', async () => {
    // One seat per (room, message type): each sends fewer messages than any room's burst allows.
    const seats: { room: string; type: string; seat: Seat }[] = [];
    for (const [name, open] of Object.entries(OPEN)) {
      const probe = await open();
      const types = handledTypes(probe);
      await probe.room.leave();
      for (const type of types) seats.push({ room: name, type, seat: await open() });
    }
    const squadSeat = seats.find((s) => s.room === 'squad')!.seat;
    const operationSeat = seats.find((s) => s.room === 'operation')!.seat;
    await waitFor(() => squadSeat.room.state.members?.get(leader.id)?.online, 5000, 'leader online in the squad room');
    await waitFor(() => operationSeat.room.state.id === operationId, 5000, 'operation state');
    await sleep(300); // joins settle (presence, first patches)
    const before = await databaseSnapshot();
    const failuresBefore = await unexpectedErrors();

    for (const { room, type, seat: s } of seats) {
      for (const bad of NON_PLAIN) s.room.send(type, bad.payload(VALID[room]![type]!));
    }
    for (const { room, type, seat: s } of seats) {
      const errors = await waitFor(() => (errorsOf(s).length >= NON_PLAIN.length ? errorsOf(s) : null), 10_000, `${room}.${type} refusals`);
      expect(errors, `${room}.${type}`).toHaveLength(NON_PLAIN.length);
      NON_PLAIN.forEach((bad, i) => {
        const what = `${room}.${type} with ${bad.name}: ${JSON.stringify(errors[i])}`;
        expect(errors[i], what).toMatchObject({ code: 'BAD_REQUEST', type });
        if (bad.plainCheck) expect(errors[i].message, what).toMatch(/: must be plain data \(a JSON value\), not a (Date|Buffer|bigint)$/);
      });
    }
    await sleep(300);
    for (const { room, type, seat: s } of seats) {
      expect(s.closed, `${room}.${type} closed`).toBeNull();
      expect(s.room.connection.isOpen, `${room}.${type} connected`).toBe(true);
      expect(errorsOf(s), `${room}.${type}: one answer per message`).toHaveLength(NON_PLAIN.length);
    }

    // The two holes found from the outside: `leave` with a Date left the squad, `join` with a Date joined.
    expect(squadSeat.room.state.members.get(leader.id)).toBeDefined();
    expect(await q(db(), 'SELECT 1 FROM squad_members WHERE squad_id = $1 AND player_id = $2', [squadId, leader.id])).toHaveLength(1);
    expect(operationSeat.room.state.participants).toBe(0);
    expect(await q(db(), 'SELECT 1 FROM operation_participants WHERE operation_id = $1', [operationId])).toHaveLength(0);

    expect(await databaseSnapshot()).toEqual(before);
    expect(await unexpectedErrors()).toBe(failuresBefore);
    await expectLedgerHolds();
    await Promise.all(seats.map(({ seat: s }) => s.room.leave()));
  });
});

describe('edge validation: amounts bounded by their database columns', () => {
  it('squad contribute of 24 digits is BAD_REQUEST (was INTERNAL from Postgres); the bigint maximum is INSUFFICIENT_FUNDS; nothing moves', async () => {
    await withTransaction(db(), (tx) => mint(tx, { kind: 'player', id: leader.id }, 'cpu_cycles', 1000n, 'test_grant'));
    const L = await seat(leader.token, 'squad', { squadId });
    await waitFor(() => L.room.state.members?.get(leader.id), 5000, 'squad state');
    const balance = await balanceOf(db(), { kind: 'player', id: leader.id }, 'cpu_cycles');
    const treasury = await balanceOf(db(), { kind: 'squad', id: squadId }, 'cpu_cycles');
    const failures = await unexpectedErrors();

    L.room.send('contribute', { resource: 'cpu_cycles', amount: '123456789012345678901234', requestKey: 'huge' });
    const [huge] = await waitFor(() => (errorsOf(L).length >= 1 ? errorsOf(L) : null), 5000, 'huge refused');
    expect(huge).toEqual({
      code: 'BAD_REQUEST', type: 'contribute', requestKey: 'huge',
      message: `amount: must be at most ${BIGINT_MAX}`,
      issues: [{ path: 'amount', message: `must be at most ${BIGINT_MAX}` }],
    });
    L.room.send('contribute', { resource: 'cpu_cycles', amount: BIGINT_MAX, requestKey: 'max' });
    const max = await waitFor(() => errorsOf(L)[1], 5000, 'bigint maximum refused');
    expect(max).toMatchObject({ code: 'INSUFFICIENT_FUNDS', type: 'contribute', requestKey: 'max' });

    expect(await balanceOf(db(), { kind: 'player', id: leader.id }, 'cpu_cycles')).toBe(balance);
    expect(await balanceOf(db(), { kind: 'squad', id: squadId }, 'cpu_cycles')).toBe(treasury);
    expect(L.room.state.treasury.get('cpu_cycles') ?? '0').toBe(String(treasury));
    expect(await unexpectedErrors()).toBe(failures);
    await expectLedgerHolds();

    // The same contract still takes an ordinary amount.
    L.room.send('contribute', { resource: 'cpu_cycles', amount: '250' });
    await waitFor(() => L.room.state.treasury.get('cpu_cycles') === String(treasury + 250n), 5000, 'contribution');
    await expectLedgerHolds();
    await L.room.leave();
  });

  it('market: price × size beyond a bigint escrow is BAD_REQUEST with its clientOrderId; operation amounts past 2^53 are refused, never rounded', async () => {
    const trader = await player();
    const M = await seat(trader.token, 'market', { instrument: 'cpu_cycles' });
    M.room.send('place_order', { clientOrderId: 'notional', side: 'buy', price: 1_000_000_000_000, size: 9_223_373 });
    const refused = await waitFor(() => errorsOf(M)[0], 5000, 'order refused');
    expect(refused).toMatchObject({
      code: 'BAD_REQUEST', type: 'place_order', clientOrderId: 'notional', message: `size: price × size must be at most ${BIGINT_MAX}`,
    });
    expect(await q(db(), 'SELECT 1 FROM market_orders WHERE player_id = $1', [trader.id])).toHaveLength(0);
    await M.room.leave();

    const contributor = await player();
    const O = await seat(contributor.token, 'operation', { operationId });
    await waitFor(() => O.room.state.id === operationId, 5000, 'operation state');
    O.room.send('contribute', { resource: 'cpu_cycles', amount: 2 ** 63, key: 'number' });
    O.room.send('contribute', { resource: 'cpu_cycles', amount: 2n ** 62n, key: 'bigint' });
    const [asNumber, asBigint] = await waitFor(() => (errorsOf(O).length >= 2 ? errorsOf(O) : null), 5000, 'contributions refused');
    expect(asNumber).toMatchObject({ code: 'BAD_REQUEST', key: 'number', message: 'amount: must be at most 1000000000' });
    expect(asBigint).toMatchObject({ code: 'BAD_REQUEST', key: 'bigint', message: 'amount: must be plain data (a JSON value), not a bigint' });
    expect(await q(db(), 'SELECT 1 FROM operation_contributions WHERE operation_id = $1', [operationId])).toHaveLength(0);
    await O.room.leave();
    await expectLedgerHolds();
  });

  it('HTTP: a swap or bid past a bigint is 400 BAD_REQUEST, the bigint maximum 422 INSUFFICIENT_FUNDS, a 30-digit JSON number is refused, arrays and null are not bodies', async () => {
    const p = await player();
    const credits = await balanceOf(db(), { kind: 'player', id: p.id }, 'resistance_credits');
    const swap = (amountIn: string, key: string) =>
      api(run.url, 'POST', '/api/pools/cpu_cycles/swap', { direction: 'buy', amountIn, minOut: '0', idempotencyKey: key }, p.token);
    expect(await swap('1234567890123456789012345', 'h1')).toEqual({
      status: 400, body: { code: 'BAD_REQUEST', message: `amountIn: must be at most ${BIGINT_MAX}` },
    });
    expect(await swap(BIGINT_MAX, 'h2')).toMatchObject({ status: 422, body: { code: 'INSUFFICIENT_FUNDS' } });
    const quote = await api(run.url, 'GET', '/api/pools/cpu_cycles/quote?amountIn=1234567890123456789012345');
    expect(quote).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });

    // A JSON number of 30 digits parses to 1.2e29 (its digits already lost): refused by its bound.
    const raw = await fetch(`${run.url}/api/gm/operations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gm.token}` },
      body: `{"operation":{"type":"rapid","name":"Huge","pool":{"resource":"resistance_credits","amount":123456789012345678901234567890},`
        + `"objectives":[{"tier":"primary","kind":"contribute","title":"C","resource":"cpu_cycles","target":10}]}}`,
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ code: 'BAD_REQUEST', message: 'operation.pool.amount: must be at most 1000000000000' });

    // Auctions: a reserve of the bigint maximum is stored; a bid of it is INSUFFICIENT_FUNDS; one past it 400.
    const auction = await api(run.url, 'POST', '/api/auctions', {
      itemKind: 'title', itemName: 'Edge Walker', reservePrice: BIGINT_MAX, durationSeconds: 3600, idempotencyKey: 'edge-auction',
    }, gm.token);
    expect(auction).toMatchObject({ status: 201, body: { reservePrice: BIGINT_MAX } });
    const bid = (amount: string, key: string) => api(run.url, 'POST', `/api/auctions/${auction.body.id}/bids`, { amount, idempotencyKey: key }, p.token);
    expect(await bid(BIGINT_MAX, 'b1')).toMatchObject({ status: 422, body: { code: 'INSUFFICIENT_FUNDS' } });
    expect(await bid('9223372036854775808', 'b2')).toEqual({ status: 400, body: { code: 'BAD_REQUEST', message: `amount: must be at most ${BIGINT_MAX}` } });
    expect(await q(db(), 'SELECT 1 FROM auction_bids WHERE auction_id = $1', [auction.body.id])).toHaveLength(0);

    const asArray = await api(run.url, 'POST', `/api/auctions/${UUID}/bids`, [{ amount: '1', idempotencyKey: 'a1' }], p.token);
    expect(asArray).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST', message: 'body: Invalid input: expected object, received array' } });
    const squadAsArray = await api(run.url, 'POST', '/api/squads', [{ name: playerName('Arr'), type: 'strike_team' }], p.token);
    expect(squadAsArray).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    const asNull = await fetch(`${run.url}/api/squads`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` }, body: 'null',
    });
    expect(asNull.status).toBe(400);

    expect(await balanceOf(db(), { kind: 'player', id: p.id }, 'resistance_credits')).toBe(credits);
    expect(await q(db(), 'SELECT 1 FROM squad_members WHERE player_id = $1', [p.id])).toHaveLength(0);
    await expectLedgerHolds();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOperationRow, type Db } from '@datavism/db';
import { signTrigger } from '../../apps/game-server/src/operations/triggers';
import { runCalendar } from '../../apps/game-server/src/operations/calendar';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';

const SECRET = 'trigger-secret-'.padEnd(40, 'x');
let run: RunningGame;
let db: Db;

async function postTrigger(body: string, opts: { timestamp?: number; secret?: string; signature?: string } = {}) {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = opts.signature ?? signTrigger(opts.secret ?? SECRET, timestamp, body);
  const res = await fetch(`${run.url}/api/triggers`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'x-datavism-timestamp': timestamp, 'x-datavism-signature': signature },
    body,
  });
  return { status: res.status, body: await res.json() as any, signature };
}

beforeAll(async () => {
  run = await startGame({ db: 'postgres', env: { TRIGGER_SECRET: SECRET } });
  db = run.game.services.database.db;
});
afterAll(async () => {
  await run?.close();
});

describe('operations webhook (HMAC, replay, idempotent by trigger id)', () => {
  it('a signed data_breach trigger creates the matching operation; replay → 409; same id → same operation', async () => {
    const body = JSON.stringify({ id: 'breach-001', kind: 'data_breach', title: 'MegaCorp leak' });
    const first = await postTrigger(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ name: 'Data Breach: MegaCorp leak', type: 'rapid', phase: 'active', handler: 'Cipher' });
    expect(first.body.objectives.map((o: any) => o.title)).toEqual(['Identify affected users', 'Trace the source', 'Secure exposed data', 'Notify victims']);
    // rapid: 24 h active phase
    expect(Date.parse(first.body.endsAt) - Date.parse(first.body.activeAt)).toBe(24 * 3_600_000);

    // The same request again (same signature): a replay.
    const replay = await fetch(`${run.url}/api/triggers`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-datavism-timestamp': String(Math.floor(Date.now() / 1000)), 'x-datavism-signature': first.signature },
      body,
    });
    expect([401, 409]).toContain(replay.status); // a new timestamp breaks the signature; the old one is a replay
    const sameTs = await postTrigger(body, { signature: first.signature, timestamp: Math.floor(Date.now() / 1000) });
    expect([401, 409]).toContain(sameTs.status);

    // A fresh delivery of the same trigger id (new timestamp, new signature): the same operation.
    const again = await postTrigger(body, { timestamp: Math.floor(Date.now() / 1000) - 7 });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('an exact replay (same timestamp and signature) → 409', async () => {
    const body = JSON.stringify({ id: 'election-7', kind: 'election' });
    const ts = Math.floor(Date.now() / 1000);
    const first = await postTrigger(body, { timestamp: ts });
    expect(first.status).toBe(201);
    expect(first.body.objectives.map((o: any) => o.title)).toEqual(['Monitor disinformation', 'Fact-check claims', 'Protect voter data', 'Ensure transparency']);
    const replay = await postTrigger(body, { timestamp: ts });
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('REPLAYED');
  });

  it('bad signature → 401, stale timestamp → 409, malformed body → 400; nothing created', async () => {
    const body = JSON.stringify({ id: 'crash-1', kind: 'market_crash' });
    expect((await postTrigger(body, { secret: 'wrong-secret-wrong-secret' })).status).toBe(401);
    expect((await postTrigger(body, { signature: 'deadbeef' })).status).toBe(401);
    expect((await postTrigger(body, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(409);
    expect((await postTrigger(JSON.stringify({ id: 'x', kind: 'alien_invasion' }))).status).toBe(400);
    const gm = await registerPlayer(run.url);
    const list = await api(run.url, 'GET', '/api/operations', undefined, gm.token);
    expect(list.body.some((o: any) => o.name === 'Market Crash')).toBe(false);
  });
});

describe('the calendar on fixed dates (GAME §6.5)', () => {
  it('first Friday of Nov 2026: the Friday flashpoint (XP ×2) and Global Strike Day, once each', async () => {
    const s = run.game.services;
    const friday = new Date('2026-11-06T00:00:00Z');
    const first = await runCalendar(s, friday);
    expect(first.launched).toHaveLength(2);
    const ops = await Promise.all(first.launched.map((id) => getOperationRow(db, id)));
    const flash = ops.find((o) => o!.templateKey === 'friday_flashpoint')!;
    expect(flash.type).toBe('flashpoint');
    expect(flash.xpMultiplier).toBe(2);
    expect(flash.endsAt!.getTime() - flash.activeAt.getTime()).toBe(3 * 3_600_000);
    const strike = ops.find((o) => o!.templateKey === 'global_strike_day')!;
    expect(strike.type).toBe('global');
    expect(strike.endsAt!.getTime() - strike.activeAt.getTime()).toBe(48 * 3_600_000);
    // Later the same day (a second run, a restart): nothing new.
    expect((await runCalendar(s, new Date('2026-11-06T13:00:00Z'))).launched).toHaveLength(0);
    // Second Friday: a flashpoint, no strike.
    const second = await runCalendar(s, new Date('2026-11-13T00:00:00Z'));
    expect(second.launched).toHaveLength(1);
    // Thursday: nothing.
    expect((await runCalendar(s, new Date('2026-11-12T00:00:00Z'))).launched).toHaveLength(0);
  });

  it('last weekend: one Mega Raid (liberation war, no deadline) for Saturday and Sunday', async () => {
    const s = run.game.services;
    const sat = await runCalendar(s, new Date('2026-11-28T00:00:00Z'));
    expect(sat.launched).toHaveLength(1);
    const raid = (await getOperationRow(db, sat.launched[0]))!;
    expect(raid.type).toBe('liberation_war');
    expect(raid.endsAt).toBeNull();
    expect(raid.targetTerritories.length).toBeGreaterThan(0);
    const sun = await runCalendar(s, new Date('2026-11-29T00:00:00Z'));
    expect(sun.launched).toHaveLength(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeModifiers, siegeCooldownSeconds } from '@datavism/rules';
import type { Db } from '@datavism/db';
import { startGame, type RunningGame } from '../utils/game';
import { sleep, waitFor } from '../utils/env';
import { matchMaker } from '@colyseus/core';
import { deploy, joinWar, makeSquad, pickTerritory, q, type WarClient } from './territory-fixtures';
import { plainState, StateOracle } from '../utils/stateOracle';

// TIME_SCALE 10: registry seconds run 10× faster, so a 10 s battle window lasts 1 s.
const TIME_SCALE = 10;
let run: RunningGame;
let db: Db;
let secret: string;
const used = new Set<string>();
const clients: WarClient[] = [];

async function setParameter(name: string, value: number): Promise<void> {
  await run.game.services.parameters.set({ name, value, changedBy: 'territory-test', reason: 'fast sieges' });
}

async function war(token: string): Promise<WarClient> {
  const c = await joinWar(run.url, token);
  clients.push(c);
  return c;
}

async function siegeRow(id: string) {
  const [row] = await q(db, `SELECT status, result, attacker_strength, defender_strength, attackers_committed,
      defenders_committed, extract(epoch from declared_at) * 1000 AS declared, extract(epoch from muster_ends_at) * 1000 AS muster,
      extract(epoch from battle_ends_at) * 1000 AS battle FROM sieges WHERE id = $1`, [id]);
  return row;
}

async function territoryRow(id: string) {
  const [row] = await q(db, 'SELECT status, holder_squad_id, garrison FROM territories WHERE id = $1', [id]);
  return row;
}

async function waitResolved(siegeId: string) {
  return waitFor(async () => {
    const row = await siegeRow(siegeId);
    return row?.status === 'resolved' ? row : null;
  }, 20_000, `siege ${siegeId} resolved`);
}

beforeAll(async () => {
  run = await startGame({ db: 'postgres', env: { TIME_SCALE: String(TIME_SCALE) } });
  db = run.game.services.database.db;
  secret = run.game.services.config.jwtSecret;
  await setParameter('siege_muster_seconds', 5); // 0.5 s
  await setParameter('siege_battle_seconds', 10); // 1 s
  await setParameter('travel_seconds_per_hex', 0);
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await run?.close();
});

describe('territory warfare, end to end with real SDK clients', () => {
  it('siege: a strike_team beats an AC garrison (48 vs 39); committed attackers gain, the territory is theirs', async () => {
    // Level 3 strike_team: Rapid_Deployment (no muster) and Extended_Operations (battle ×1.5).
    const a = await makeSquad(db, secret, { type: 'strike_team', size: 5, missionsCompleted: 45 });
    const target = await pickTerritory(db, 'occupied', used);
    await q(db, 'UPDATE territories SET garrison = 30 WHERE id = $1', [target]);
    const leader = await war(a.members[0]!.token);
    const watcher = await war((await makeSquad(db, secret, { type: 'analysis', size: 5 })).members[1]!.token);
    // Four of five members deploy (rating 10 each at influence 0); the fifth stays away.
    await deploy(db, a.members.slice(0, 4), target);

    leader.room.send('declare_siege', { territoryId: target });
    const declared = await waitFor(() => leader.declared[0], 5000, 'siege_declared');
    expect(declared.battleEndsAt - declared.musterEndsAt).toBe(1500); // 10 s / 10 × 1.5
    const row = await siegeRow(declared.siegeId);
    expect(Number(row.muster)).toBe(Number(row.declared)); // no muster
    expect(row.status).toBe('battle');
    expect((await territoryRow(target)).status).toBe('contested');

    // Every client sees the siege with live strengths: 4 × 10 × 1.2 = 48 against 30 × 1.3 = 39.
    const live = await waitFor(() => {
      const s = watcher.room.state.sieges?.get(declared.siegeId);
      return s && s.attackersCommitted === 4 ? s : null;
    }, 5000, 'live strengths');
    expect(live.attackerStrength).toBe(48);
    expect(live.defenderStrength).toBe(39);
    expect(live.garrison).toBe(30);

    const done = await waitResolved(declared.siegeId);
    expect(done).toMatchObject({ result: 'attacker', attacker_strength: 48, defender_strength: 39, attackers_committed: 4 });
    const t = await territoryRow(target);
    expect(t).toMatchObject({ status: 'liberated', holder_squad_id: a.id });
    const [squad] = await q(db, 'SELECT territories_liberated, level FROM squads WHERE id = $1', [a.id]);
    expect(squad).toMatchObject({ territories_liberated: 1, level: 3 });
    const reps = await q(db, 'SELECT id::text, impact_rating, technical_mastery FROM players WHERE id = ANY($1::uuid[]) ORDER BY id',
      [a.members.map((m) => m.id)]);
    for (const r of reps) {
      const committed = a.members.slice(0, 4).some((m) => m.id === r.id);
      expect(r).toMatchObject(committed ? { impact_rating: 50, technical_mastery: 25 } : { impact_rating: 0, technical_mastery: 0 });
    }
    // The result reaches the clients' state; the world map follows through world:territories.
    await waitFor(() => watcher.room.state.sieges.get(declared.siegeId)?.result === 'attacker', 5000, 'result in state');

    // Cooldown: another squad cannot besiege it again right away (halved on Squad Wars Saturday).
    const c = await makeSquad(db, secret, { type: 'analysis', size: 5 });
    const cLeader = await war(c.members[0]!.token);
    cLeader.room.send('declare_siege', { territoryId: target });
    const err = await waitFor(() => cLeader.errors[0], 5000, 'cooldown error');
    expect(err).toMatchObject({ code: 'SIEGE_COOLDOWN', type: 'declare_siege' });
    const cooldown = siegeCooldownSeconds(600, activeModifiers(new Date())) / TIME_SCALE;
    expect(err.message).toMatch(new RegExp(`another (${Math.ceil(cooldown)}|${Math.ceil(cooldown) - 1}) s`));
  });

  it('siege: a claimed territory is held by its infiltration squad (57.2 vs 50); the attackers lose 100 impactRating', async () => {
    const b = await makeSquad(db, secret, { type: 'infiltration', size: 5 });
    const n = await pickTerritory(db, 'neutral', used);
    const bClaimer = await war(b.members[0]!.token);
    const bDefender = await war(b.members[1]!.token);
    await deploy(db, b.members.slice(0, 4), n);
    bClaimer.room.send('claim', { territoryId: n });
    await waitFor(() => bClaimer.claimed[0], 5000, 'claimed');
    expect(await territoryRow(n)).toMatchObject({ status: 'liberated', holder_squad_id: b.id });

    const c = await makeSquad(db, secret, { type: 'analysis', size: 5, impactRating: 200 });
    const cMember = await war(c.members[2]!.token);
    cMember.room.send('declare_siege', { territoryId: n });
    expect(await waitFor(() => cMember.errors[0], 5000, 'officer error')).toMatchObject({ code: 'NOT_SQUAD_OFFICER' });
    const cLeader = await war(c.members[0]!.token);
    await deploy(db, c.members, n);
    cLeader.room.send('declare_siege', { territoryId: n });
    const declared = await waitFor(() => cLeader.declared[0], 5000, 'siege_declared');
    expect(declared.musterEndsAt - (await siegeRow(declared.siegeId)).declared).toBe(500);
    // Five members are 1000 points: level 2, so Extended_Operations makes the 1 s window 1.5 s.
    expect(declared.battleEndsAt - declared.musterEndsAt).toBe(1500);

    // The defending squad's online members are told at once (no Ghost_Mode).
    const notice = await waitFor(() => bDefender.notices.find((x) => x.kind === 'under_attack'), 5000, 'under_attack notice');
    expect(notice).toMatchObject({ siegeId: declared.siegeId, territoryId: n });

    // Attack 5 × 10 = 50; defence 4 × 10 × 1.3 × 1.1 = 57.2: the defender holds.
    const done = await waitResolved(declared.siegeId);
    expect(done).toMatchObject({ result: 'defender', attacker_strength: 50, defender_strength: 57.2, attackers_committed: 5, defenders_committed: 4 });
    expect(await territoryRow(n)).toMatchObject({ status: 'liberated', holder_squad_id: b.id });
    const reps = await q(db, 'SELECT impact_rating FROM players WHERE id = ANY($1::uuid[])', [c.members.map((m) => m.id)]);
    expect(reps.map((r) => r.impact_rating)).toEqual([100, 100, 100, 100, 100]);
    await waitFor(() => bDefender.notices.find((x) => x.kind === 'siege_result'), 5000, 'result notice');
  });

  it('Ghost_Mode: the muster never reaches the defender’s decoded state; the battle does', async () => {
    await setParameter('siege_muster_seconds', 20); // 2 s of hidden muster
    const b = await makeSquad(db, secret, { type: 'infiltration', size: 5 });
    const g = await makeSquad(db, secret, { type: 'shadow', size: 3, missionsCompleted: 10 }); // level 2
    // The state oracle checks every frame each client decodes against GAME §2's rule: a
    // Ghost_Mode muster is seen by the attacking squad only, everything else by everyone.
    const opener = clients[0] ?? (await war(b.members[4]!.token)); // the war room exists from here
    const warRoom: any = matchMaker.getLocalRoomById(opener.room.roomId);
    const squadOf = new Map<string, string>();
    const oracle = new StateOracle(warRoom, (sessionId) => {
      const mine = squadOf.get(sessionId);
      const state = plainState(warRoom.state) as { sieges: Record<string, { ghost: boolean; phase: string; attackerSquadId: string }> };
      const sieges = Object.fromEntries(Object.entries(state.sieges)
        .filter(([, s]) => !(s.ghost && s.phase === 'muster') || s.attackerSquadId === mine));
      return { ...state, sieges };
    });
    const watched = async (squadId: string, token: string) => {
      const c = await war(token);
      squadOf.set(c.room.sessionId, squadId);
      oracle.watch(c.room);
      return c;
    };
    const held = await pickTerritory(db, 'neutral', used);
    const bClaimer = await watched(b.id, b.members[0]!.token);
    await deploy(db, b.members.slice(0, 1), held);
    bClaimer.room.send('claim', { territoryId: held });
    await waitFor(() => bClaimer.claimed[0], 5000, 'claimed');
    const defender = await watched(b.id, b.members[1]!.token);
    const gLeader = await watched(g.id, g.members[0]!.token);
    // Every state the defender decodes is checked (a timer sampling it could miss a patch, or
    // not have run yet when the battle is first seen).
    const sightings: { phase: string; at: number }[] = [];
    const sight = () => {
      for (const s of defender.room.state.sieges?.values() ?? []) if (s.attackerSquadId === g.id) sightings.push({ phase: s.phase, at: Date.now() });
    };
    defender.room.onStateChange(sight);
    try {
      gLeader.room.send('declare_siege', { territoryId: held });
      const declared = await waitFor(() => gLeader.declared[0], 5000, 'siege_declared');
      expect((await siegeRow(declared.siegeId)).status).toBe('muster');
      // The attackers see their muster; the defender's state has nothing of it.
      await waitFor(() => gLeader.room.state.sieges?.get(declared.siegeId)?.phase === 'muster', 5000, 'attacker sees muster');
      await sleep(300);
      expect(defender.room.state.sieges?.get(declared.siegeId)).toBeUndefined();
      expect(defender.notices.filter((x) => x.siegeId === declared.siegeId)).toEqual([]);
      // From the battle on the defender sees it, and is told.
      await waitFor(() => defender.room.state.sieges?.get(declared.siegeId), 10_000, 'defender sees battle');
      await waitFor(() => defender.notices.find((x) => x.siegeId === declared.siegeId && x.kind === 'under_attack'), 10_000, 'ghost notice');
      expect(sightings.length).toBeGreaterThan(0);
      expect(sightings.every((x) => x.phase !== 'muster' && x.at >= declared.musterEndsAt)).toBe(true);
      // Extended_Operations at level 2: battle 1 s × 1.5.
      expect(declared.battleEndsAt - declared.musterEndsAt).toBe(1500);
      await waitResolved(declared.siegeId);
      await waitFor(() => defender.room.state.sieges.get(declared.siegeId)?.phase === 'resolved', 5000, 'result decoded');
      await waitFor(() => oracle.pending() === 0, 5000, 'clients caught up').catch((e) => { throw new Error(`${e.message}: ${oracle.describePending()}`); });
      expect(oracle.compared).toBeGreaterThan(10);
      oracle.assertConsistent();
    } finally {
      oracle.detach();
      defender.room.onStateChange.remove(sight);
      await setParameter('siege_muster_seconds', 5);
    }
  });

  it('two squads declaring on one territory at the same instant: exactly one siege, one SIEGE_IN_PROGRESS', async () => {
    const target = await pickTerritory(db, 'occupied', used);
    const d = await makeSquad(db, secret, { type: 'analysis', size: 5 });
    const e = await makeSquad(db, secret, { type: 'analysis', size: 5 });
    const dLeader = await war(d.members[0]!.token);
    const eLeader = await war(e.members[0]!.token);
    dLeader.room.send('declare_siege', { territoryId: target });
    eLeader.room.send('declare_siege', { territoryId: target });
    await waitFor(() => dLeader.declared.length + dLeader.errors.length + eLeader.declared.length + eLeader.errors.length >= 2, 5000, 'both answered');
    expect(dLeader.declared.length + eLeader.declared.length).toBe(1);
    expect([...dLeader.errors, ...eLeader.errors].map((x) => x.code)).toEqual(['SIEGE_IN_PROGRESS']);
    const rows = await q(db, 'SELECT count(*)::int AS n FROM sieges WHERE territory_id = $1', [target]);
    expect(rows[0].n).toBe(1);
  });

  it('bad input: a non-adjacent target and a player without a squad get typed errors, nothing changes', async () => {
    const a = await makeSquad(db, secret, { type: 'analysis', size: 5 });
    const home = await pickTerritory(db, 'neutral', used);
    await deploy(db, a.members.slice(0, 1), home);
    const leader = await war(a.members[0]!.token);
    leader.room.send('claim', { territoryId: home });
    await waitFor(() => leader.claimed[0], 5000, 'claimed');
    // Far away occupied territory: not adjacent to the only holding.
    const [far] = await q(db, `SELECT t.id FROM territories t, territories h WHERE h.id = $1 AND t.status = 'occupied'
        ORDER BY (abs(t.q - h.q) + abs(t.r - h.r) + abs(t.q + t.r - h.q - h.r)) DESC LIMIT 1`, [home]);
    leader.room.send('declare_siege', { territoryId: far.id });
    expect(await waitFor(() => leader.errors[0], 5000, 'error')).toMatchObject({ code: 'NOT_ADJACENT' });
    const loner = await makeSquad(db, secret, { type: 'analysis', size: 1 });
    await q(db, 'DELETE FROM squad_members WHERE player_id = $1', [loner.members[0]!.id]);
    const l = await war(loner.members[0]!.token);
    l.room.send('claim', { territoryId: home });
    l.room.send('declare_siege', { territoryId: 42 });
    await waitFor(() => l.errors.length >= 2, 5000, 'errors');
    expect(l.errors.map((x) => x.code).sort()).toEqual(['BAD_REQUEST', 'NOT_SQUAD_MEMBER']);
    expect(await territoryRow(far.id)).toMatchObject({ status: 'occupied' });
  });
});

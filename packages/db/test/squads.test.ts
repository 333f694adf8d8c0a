import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  applyToSquad, balanceOf, castDecisionVote, closeDecision, contributeToTreasury, createSquad, decideApplication,
  getSquad, joinSquad, kickMember, leaveSquad, ledgerInvariant, mint, proposeDecision, refreshSquadLevel, schema,
  setMemberRole, squadMembers, squadOfPlayer, withTransaction, withdrawFromTreasury, type Db,
} from '../src/index';
import { gameError, newPlayer, useDatabase, KINDS, type Ctx } from './harness';

const NOW = new Date('2026-11-21T12:00:00Z');
const HOUR = 3_600_000;

async function squadWith(db: Db, type: 'strike_team' | 'analysis' | 'research' | 'ghost', extra: number) {
  const leader = await newPlayer(db);
  const squad = await createSquad(db, { leaderId: leader.id, name: `S-${leader.id.slice(0, 8)}`, type });
  const members = [];
  for (let i = 0; i < extra; i++) {
    const p = await newPlayer(db);
    await joinSquad(db, squad.id, p.id);
    members.push(p);
  }
  return { squad, leader, members };
}

async function give(db: Db, playerId: string, resource: 'resistance_credits' | 'data_credits' | 'cpu_cycles', amount: bigint) {
  await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: playerId }, resource, amount, 'test'));
}

async function invariantHolds(db: Db) {
  for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
}

describe.each(KINDS)('squads on %s', (kind) => {
  const ctx: Ctx = useDatabase(kind);

  it('membership: creator leads, one squad per player, level from members, is_squad_leader kept', async () => {
    const { db } = ctx;
    const { squad, leader, members } = await squadWith(db, 'strike_team', 4);
    expect(await squadOfPlayer(db, leader.id)).toEqual({ squadId: squad.id, role: 'leader' });
    // 5 members × 200 = 1000 points → level 2.
    expect((await getSquad(db, squad.id))!.level).toBe(2);
    const [lp] = await db.select().from(schema.players).where(eq(schema.players.id, leader.id));
    expect(lp.isSquadLeader).toBe(true);
    await expect(createSquad(db, { leaderId: members[0].id, name: 'Another', type: 'analysis' })).rejects.toEqual(gameError('ALREADY_IN_SQUAD'));
    await expect(createSquad(db, { leaderId: (await newPlayer(db)).id, name: squad.name.toUpperCase(), type: 'analysis' }))
      .rejects.toEqual(gameError('NAME_TAKEN'));
    await expect(joinSquad(db, squad.id, members[0].id)).rejects.toEqual(gameError('ALREADY_IN_SQUAD'));
  });

  it('size: an elite squad holds 5; the sixth join is SQUAD_FULL and changes nothing', async () => {
    const { db } = ctx;
    const { squad } = await squadWith(db, 'ghost', 4);
    const sixth = await newPlayer(db);
    await expect(joinSquad(db, squad.id, sixth.id)).rejects.toEqual(gameError('SQUAD_FULL'));
    expect(await squadMembers(db, squad.id)).toHaveLength(5);
    expect(await squadOfPlayer(db, sixth.id)).toBeNull();
  });

  it('concurrent joins never exceed the cap', async () => {
    const { db } = ctx;
    const { squad } = await squadWith(db, 'ghost', 2);
    const joiners = await Promise.all([1, 2, 3, 4].map(() => newPlayer(db)));
    const results = await Promise.allSettled(joiners.map((p) => joinSquad(db, squad.id, p.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(await squadMembers(db, squad.id)).toHaveLength(5);
  });

  it('recruitment: closed, application with accept/reject by officers, requirements', async () => {
    const { db } = ctx;
    const leader = await newPlayer(db);
    const squad = await createSquad(db, { leaderId: leader.id, name: `App-${leader.id.slice(0, 6)}`, type: 'research', recruitment: 'application', minRank: 'Initiate' });
    const weak = await newPlayer(db);
    await expect(applyToSquad(db, squad.id, weak.id)).rejects.toEqual(gameError('REQUIREMENTS_NOT_MET'));
    // influence 0.25·400 = 100 → Initiate.
    const ok = await newPlayer(db, { technicalMastery: 400 });
    await expect(joinSquad(db, squad.id, ok.id)).rejects.toEqual(gameError('SQUAD_CLOSED'));
    const app = await applyToSquad(db, squad.id, ok.id, 'hi');
    await expect(applyToSquad(db, squad.id, ok.id)).rejects.toEqual(gameError('ALREADY_DONE'));
    const member = await newPlayer(db, { technicalMastery: 400 });
    const app2 = await applyToSquad(db, squad.id, member.id);
    await decideApplication(db, app2.id, leader.id, true);
    await expect(decideApplication(db, app.id, member.id, true)).rejects.toEqual(gameError('NOT_SQUAD_OFFICER'));
    await setMemberRole(db, squad.id, leader.id, member.id, 'officer');
    await decideApplication(db, app.id, member.id, false);
    expect(await squadOfPlayer(db, ok.id)).toBeNull();
    await expect(decideApplication(db, app.id, leader.id, true)).rejects.toEqual(gameError('ALREADY_DONE'));
  });

  it('succession: senior officer, else senior member; the last to leave disbands and frees the name', async () => {
    const { db } = ctx;
    const { squad, leader, members } = await squadWith(db, 'analysis', 3);
    await setMemberRole(db, squad.id, leader.id, members[2].id, 'officer');
    await expect(kickMember(db, squad.id, members[0].id, members[1].id)).rejects.toEqual(gameError('NOT_SQUAD_LEADER'));
    expect((await leaveSquad(db, leader.id)).newLeaderId).toBe(members[2].id);
    expect((await getSquad(db, squad.id))!.leaderId).toBe(members[2].id);
    await kickMember(db, squad.id, members[2].id, members[1].id);
    // No officer left: the senior member (joined first) leads.
    expect((await leaveSquad(db, members[2].id)).newLeaderId).toBe(members[0].id);
    await give(db, members[0].id, 'resistance_credits', 50n);
    await contributeToTreasury(db, { squadId: squad.id, playerId: members[0].id, resource: 'resistance_credits', amount: 50n });
    const last = await leaveSquad(db, members[0].id);
    expect(last.disbanded).toBe(true);
    expect(await balanceOf(db, { kind: 'squad', id: squad.id }, 'resistance_credits')).toBe(0n);
    const again = await createSquad(db, { leaderId: leader.id, name: squad.name, type: 'analysis' });
    expect(again.id).not.toBe(squad.id);
    await invariantHolds(db);
  });

  it('treasury: contribution weights, Treasury_Guardian above 10000, idempotent retry, no overdraft', async () => {
    const { db } = ctx;
    const { squad, leader, members } = await squadWith(db, 'strike_team', 1);
    await give(db, leader.id, 'cpu_cycles', 5n);
    await give(db, leader.id, 'data_credits', 5001n);
    const cpu = await contributeToTreasury(db, { squadId: squad.id, playerId: leader.id, resource: 'cpu_cycles', amount: 5n });
    expect(cpu.scoreDelta).toBe(2.5);
    const a = await contributeToTreasury(db, { squadId: squad.id, playerId: leader.id, resource: 'data_credits', amount: 5000n, idempotencyKey: 'k' });
    expect(a.contributionScore).toBe(10002.5);
    expect(a.guardianAwarded).toBe(true);
    const retry = await contributeToTreasury(db, { squadId: squad.id, playerId: leader.id, resource: 'data_credits', amount: 5000n, idempotencyKey: 'k' });
    expect(retry.applied).toBe(false);
    await contributeToTreasury(db, { squadId: squad.id, playerId: leader.id, resource: 'data_credits', amount: 1n });
    const [p] = await db.select().from(schema.players).where(eq(schema.players.id, leader.id));
    expect(p.titles.filter((t) => t === 'Treasury_Guardian')).toHaveLength(1);
    await expect(contributeToTreasury(db, { squadId: squad.id, playerId: members[0].id, resource: 'data_credits', amount: 1n }))
      .rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
    await expect(contributeToTreasury(db, { squadId: squad.id, playerId: (await newPlayer(db)).id, resource: 'data_credits', amount: 1n }))
      .rejects.toEqual(gameError('NOT_SQUAD_MEMBER'));
    expect(await balanceOf(db, { kind: 'squad', id: squad.id }, 'data_credits')).toBe(5001n);
    await invariantHolds(db);
  });

  it('Resource_Sharing: level ≥ 3 withdraws up to 10 % per member per UTC day', async () => {
    const { db } = ctx;
    const { squad, leader, members } = await squadWith(db, 'analysis', 1);
    await give(db, leader.id, 'resistance_credits', 1000n);
    await contributeToTreasury(db, { squadId: squad.id, playerId: leader.id, resource: 'resistance_credits', amount: 1000n });
    await expect(withdrawFromTreasury(db, { squadId: squad.id, playerId: members[0].id, resource: 'resistance_credits', amount: 1n, now: NOW }))
      .rejects.toEqual(gameError('DECISION_REQUIRED'));
    // 10 territories liberated × 500 + 2 members × 200 = 5400 points → level 3.
    await db.update(schema.squads).set({ territoriesLiberated: 10 }).where(eq(schema.squads.id, squad.id));
    await withTransaction(db, async (tx) => {
      expect((await refreshSquadLevel(tx, squad.id)).level).toBe(3);
    });
    const w = { squadId: squad.id, playerId: members[0].id, resource: 'resistance_credits' as const, now: NOW };
    await withdrawFromTreasury(db, { ...w, amount: 60n });
    await expect(withdrawFromTreasury(db, { ...w, amount: 41n })).rejects.toEqual(gameError('WITHDRAWAL_LIMIT'));
    expect((await withdrawFromTreasury(db, { ...w, amount: 40n })).remaining).toBe(0n);
    // Another member has their own allowance: 10 % of 900 = 90.
    await expect(withdrawFromTreasury(db, { ...w, playerId: leader.id, amount: 91n })).rejects.toEqual(gameError('WITHDRAWAL_LIMIT'));
    await withdrawFromTreasury(db, { ...w, playerId: leader.id, amount: 90n });
    // Next UTC day: 10 % of 810.
    await withdrawFromTreasury(db, { ...w, amount: 81n, now: new Date(NOW.getTime() + 24 * HOUR) });
    expect(await balanceOf(db, { kind: 'squad', id: squad.id }, 'resistance_credits')).toBe(729n);
    await invariantHolds(db);
  });

  it('decisions: one vote per member (changeable), pass executes exactly once, quorum failure, profits pro rata', async () => {
    const { db } = ctx;
    const { squad, leader, members } = await squadWith(db, 'strike_team', 9); // 10 members
    await give(db, leader.id, 'resistance_credits', 1000n);
    await give(db, members[0].id, 'resistance_credits', 1000n);
    await contributeToTreasury(db, { squadId: squad.id, playerId: leader.id, resource: 'resistance_credits', amount: 300n });
    await contributeToTreasury(db, { squadId: squad.id, playerId: members[0].id, resource: 'resistance_credits', amount: 600n });
    const recipient = members[5];

    const spend = await proposeDecision(db, {
      squadId: squad.id, proposerId: members[1].id, now: NOW, periodMs: 24 * HOUR,
      payload: { kind: 'spend', resource: 'resistance_credits', amount: '100', toPlayerId: recipient.id },
    });
    await expect(proposeDecision(db, {
      squadId: squad.id, proposerId: leader.id, now: NOW, periodMs: HOUR,
      payload: { kind: 'spend', resource: 'resistance_credits', amount: '5000', toPlayerId: recipient.id },
    })).rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
    const vote = (playerId: string, yes: boolean, now = NOW) => castDecisionVote(db, { decisionId: spend.id, playerId, yes, now });
    await vote(members[1].id, false);
    expect((await vote(members[1].id, true)).changed).toBe(true);
    await vote(members[2].id, true);
    const tally = await vote(members[3].id, false);
    expect([tally.decision.yes, tally.decision.no]).toEqual([2, 1]);
    await expect(vote((await newPlayer(db)).id, true)).rejects.toEqual(gameError('NOT_SQUAD_MEMBER'));
    await expect(vote(members[4].id, true, new Date(NOW.getTime() + 24 * HOUR))).rejects.toEqual(gameError('DECISION_CLOSED'));

    // 3 of 10 voted (30 %), 2 yes > 1 no: passes.
    const before = await balanceOf(db, { kind: 'player', id: recipient.id }, 'resistance_credits');
    const closed = await Promise.all([
      closeDecision(db, { decisionId: spend.id, now: new Date(NOW.getTime() + 24 * HOUR) }),
      closeDecision(db, { decisionId: spend.id, now: new Date(NOW.getTime() + 24 * HOUR) }),
    ]);
    expect(closed.filter((c) => c.closed)).toHaveLength(1);
    expect(closed.find((c) => c.closed)!.decision!.status).toBe('passed');
    expect(await balanceOf(db, { kind: 'player', id: recipient.id }, 'resistance_credits')).toBe(before + 100n);
    expect(await balanceOf(db, { kind: 'squad', id: squad.id }, 'resistance_credits')).toBe(800n);

    // 2 of 10 (20 %) fails on quorum even though both say yes.
    const quorum = await proposeDecision(db, {
      squadId: squad.id, proposerId: leader.id, now: NOW, periodMs: HOUR,
      payload: { kind: 'spend', resource: 'resistance_credits', amount: '100', toPlayerId: recipient.id },
    });
    await castDecisionVote(db, { decisionId: quorum.id, playerId: leader.id, yes: true, now: NOW });
    await castDecisionVote(db, { decisionId: quorum.id, playerId: members[0].id, yes: true, now: NOW });
    const failed = await closeDecision(db, { decisionId: quorum.id, now: new Date(NOW.getTime() + HOUR) });
    expect(failed.decision!.status).toBe('failed');
    expect(await balanceOf(db, { kind: 'squad', id: squad.id }, 'resistance_credits')).toBe(800n);

    // Profits 800 pro rata to scores 300 : 600 → 267 / 533 (largest remainder to the leader's 266.67).
    const profits = await proposeDecision(db, {
      squadId: squad.id, proposerId: leader.id, now: NOW, periodMs: HOUR,
      payload: { kind: 'distribute_profits', resource: 'resistance_credits', amount: '800' },
    });
    for (const p of [leader, members[0], members[1]]) {
      await castDecisionVote(db, { decisionId: profits.id, playerId: p.id, yes: true, now: NOW });
    }
    const leaderBefore = await balanceOf(db, { kind: 'player', id: leader.id }, 'resistance_credits');
    const m0Before = await balanceOf(db, { kind: 'player', id: members[0].id }, 'resistance_credits');
    expect((await closeDecision(db, { decisionId: profits.id, now: new Date(NOW.getTime() + HOUR) })).decision!.status).toBe('passed');
    expect(await balanceOf(db, { kind: 'player', id: leader.id }, 'resistance_credits')).toBe(leaderBefore + 267n);
    expect(await balanceOf(db, { kind: 'player', id: members[0].id }, 'resistance_credits')).toBe(m0Before + 533n);
    expect(await balanceOf(db, { kind: 'squad', id: squad.id }, 'resistance_credits')).toBe(0n);
    await invariantHolds(db);
  });

  it('decisions: a passed spend the treasury can no longer pay is execution_failed and moves nothing; kick by decision', async () => {
    const { db } = ctx;
    const { squad, leader, members } = await squadWith(db, 'analysis', 2);
    await give(db, leader.id, 'resistance_credits', 100n);
    await contributeToTreasury(db, { squadId: squad.id, playerId: leader.id, resource: 'resistance_credits', amount: 100n });
    const propose = (payload: Parameters<typeof proposeDecision>[1]['payload']) =>
      proposeDecision(db, { squadId: squad.id, proposerId: leader.id, now: NOW, periodMs: HOUR, payload });
    const a = await propose({ kind: 'spend', resource: 'resistance_credits', amount: '80', toPlayerId: members[0].id });
    const b = await propose({ kind: 'spend', resource: 'resistance_credits', amount: '80', toPlayerId: members[1].id });
    const k = await propose({ kind: 'kick', playerId: members[1].id });
    for (const d of [a, b, k]) {
      for (const p of [leader, members[0]]) await castDecisionVote(db, { decisionId: d.id, playerId: p.id, yes: true, now: NOW });
    }
    const later = new Date(NOW.getTime() + HOUR);
    expect((await closeDecision(db, { decisionId: a.id, now: later })).decision!.status).toBe('passed');
    const second = await closeDecision(db, { decisionId: b.id, now: later });
    expect(second.decision!.status).toBe('execution_failed');
    expect(second.decision!.result).toMatch(/INSUFFICIENT_FUNDS/);
    expect(await balanceOf(db, { kind: 'squad', id: squad.id }, 'resistance_credits')).toBe(20n);
    expect((await closeDecision(db, { decisionId: k.id, now: later })).decision!.status).toBe('passed');
    expect(await squadOfPlayer(db, members[1].id)).toBeNull();
    // Now 2 members: change recruitment by decision.
    const r = await propose({ kind: 'change_recruitment', recruitment: 'closed', minInfluence: 50 });
    await castDecisionVote(db, { decisionId: r.id, playerId: members[0].id, yes: true, now: NOW });
    expect((await closeDecision(db, { decisionId: r.id, now: later })).decision!.status).toBe('passed');
    expect(await getSquad(db, squad.id)).toMatchObject({ recruitment: 'closed', minInfluence: 50 });
    await invariantHolds(db);
  });
});

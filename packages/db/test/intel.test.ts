/**
 * Intel and challenges persistence (GAME §6.3, §6.4) on both drivers: squads as groups,
 * exactly-once verification under concurrent confirmations, rewards through the ledger,
 * once-only solves under a concurrent double submit.
 */
import { describe, expect, it } from 'vitest';
import { generateChallenge, tamperedRecordIds } from '@datavism/rules';
import {
  balanceOf, confirmIntel, createCustomChallenge, createSquad, ensureDailyChallenge, getPlayer, joinSquad, ledgerInvariant,
  listIntelClaims, solveChallenge, submitIntel, type Db,
} from '../src/index';
import { KINDS, gameError, newPlayer, useDatabase } from './harness';

const base = { evidence: '', required: 3, dataCreditsMultiplier: 1 };
const tokens = (db: Db, id: string) => balanceOf(db, { kind: 'player', id }, 'truth_tokens');

describe.each(KINDS)('intel on %s', (kind) => {
  const ctx = useDatabase(kind);

  it('three confirmers from one squad do not verify; one from outside does, paying each once', async () => {
    const db = ctx.db;
    const [lead, m1, m2, outsider] = await Promise.all([0, 1, 2, 3].map(() => newPlayer(db)));
    const squad = await createSquad(db, { leaderId: lead.id, name: `S${lead.id.slice(0, 8)}`, type: 'analysis' });
    await joinSquad(db, squad.id, m1.id);
    await joinSquad(db, squad.id, m2.id);
    const { claim } = await submitIntel(db, { ...base, playerId: lead.id, category: 'leak', claimText: 'Memo 12 is real' });
    expect((await confirmIntel(db, { ...base, playerId: m1.id, claimId: claim.id })).verified).toBeNull();
    expect((await confirmIntel(db, { ...base, playerId: m2.id, claimId: claim.id })).verified).toBeNull();
    await expect(confirmIntel(db, { ...base, playerId: m2.id, claimId: claim.id })).rejects.toEqual(gameError('ALREADY_CONFIRMED'));
    await expect(confirmIntel(db, { ...base, playerId: lead.id, claimId: claim.id })).rejects.toEqual(gameError('ALREADY_CONFIRMED'));
    // Verified on an Intelligence Monday: data_credits ×1.5.
    const last = await confirmIntel(db, { ...base, dataCreditsMultiplier: 1.5, playerId: outsider.id, claimId: claim.id });
    expect(last.verified?.contributors.sort()).toEqual([lead.id, m1.id, m2.id, outsider.id].sort());
    for (const p of [lead, m1, m2, outsider]) {
      expect(await tokens(db, p.id)).toBe(1n);
      expect((await getPlayer(db, p.id))!.truthScore).toBe(100);
      expect(await balanceOf(db, { kind: 'player', id: p.id }, 'data_credits')).toBe(150n);
    }
    expect((await listIntelClaims(db, { viewerId: outsider.id, verified: true })).map((c) => c.id)).toContain(claim.id);
    for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
  });

  it('concurrent confirmations verify exactly once (threshold 3, squadless players)', async () => {
    const db = ctx.db;
    const [sub, ...others] = await Promise.all([0, 1, 2, 3, 4, 5].map(() => newPlayer(db)));
    const { claim } = await submitIntel(db, { ...base, playerId: sub!.id, category: 'finance', claimText: 'Nimbus launders ad money' });
    const results = await Promise.allSettled(others.map((p) => confirmIntel(db, { ...base, playerId: p.id, claimId: claim.id })));
    const verifiedNow = results.filter((r) => r.status === 'fulfilled' && r.value.verified !== null);
    expect(verifiedNow).toHaveLength(1);
    // After verification, later confirmations are refused (ALREADY_DONE) and earn nothing.
    const refused = results.filter((r) => r.status === 'rejected');
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toEqual(gameError('ALREADY_DONE'));
    const contributors = (verifiedNow[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof confirmIntel>>>).value.verified!.contributors;
    expect(contributors).toHaveLength(3);
    let paid = 0n;
    for (const p of [sub!, ...others]) paid += await tokens(db, p.id);
    expect(paid).toBe(3n);
    for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
  });

  it('a challenge is solved once per player even with a concurrent double submit; wrong answers write nothing', async () => {
    const db = ctx.db;
    const p = await newPlayer(db);
    const now = new Date();
    const g = generateChallenge(99, 2);
    const ch = await ensureDailyChallenge(db, { dailyKey: `test-${kind}:2`, generated: g, startsAt: new Date(now.getTime() - 1000), endsAt: new Date(now.getTime() + 60_000) });
    const again = await ensureDailyChallenge(db, { dailyKey: `test-${kind}:2`, generated: generateChallenge(5, 2), startsAt: ch.startsAt, endsAt: ch.endsAt });
    expect(again.id).toBe(ch.id);
    const wrongId = g.data.records.find((r) => r.id !== g.answer)!.id;
    await expect(solveChallenge(db, { challengeId: ch.id, playerId: p.id, answer: wrongId, now, xpMultiplier: 1 })).rejects.toEqual(gameError('WRONG_ANSWER'));
    expect(await balanceOf(db, { kind: 'player', id: p.id }, 'cpu_cycles')).toBe(0n);
    const [answer] = tamperedRecordIds(g.data);
    const both = await Promise.allSettled([0, 1].map(() => solveChallenge(db, { challengeId: ch.id, playerId: p.id, answer: answer!, now, xpMultiplier: 1.25 })));
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toEqual(gameError('ALREADY_DONE'));
    expect(await balanceOf(db, { kind: 'player', id: p.id }, 'cpu_cycles')).toBe(40n);
    const row = (await getPlayer(db, p.id))!;
    expect(row.technicalMastery).toBe(20);
    expect(Number(row.xp)).toBe(125 + 100); // 2 × 50 × 1.25, plus the first_blood achievement
  });

  it('custom challenges: influence ≥ 100 and reward ≤ influence', async () => {
    const db = ctx.db;
    const now = new Date();
    const win = { title: 't', description: 'd', answer: 'x', startsAt: now, endsAt: new Date(now.getTime() + 60_000), now };
    const low = await newPlayer(db, { truthScore: 396 }); // influence 99
    await expect(createCustomChallenge(db, { ...win, creatorId: low.id, rewardPoints: 1 })).rejects.toEqual(gameError('REQUIREMENTS_NOT_MET'));
    const ok = await newPlayer(db, { truthScore: 480 }); // influence 120
    await expect(createCustomChallenge(db, { ...win, creatorId: ok.id, rewardPoints: 121 })).rejects.toEqual(gameError('REQUIREMENTS_NOT_MET'));
    expect((await createCustomChallenge(db, { ...win, creatorId: ok.id, rewardPoints: 120 })).rewardPoints).toBe(120);
  });
});

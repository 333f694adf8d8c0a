import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, getOperationRow, getPlayer, ledgerInvariant, playerAchievements, type Db } from '@datavism/db';
import { activeModifiers, tamperedRecordIds } from '@datavism/rules';
import { startGame, type RunningGame } from '../utils/game';
import { joinMapNotices } from '../utils/worldEntry';
import { api, registerPlayer } from '../utils/http';
import { playerName, waitFor } from '../utils/env';

let run: RunningGame;
let db: Db;

beforeAll(async () => {
  run = await startGame({ db: 'postgres' });
  db = run.game.services.database.db;
});
afterAll(async () => {
  await run?.close();
});

const joinWorld = (token: string) => joinMapNotices(run.url, token);

async function invariantHolds(): Promise<void> {
  for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
}

const player = (id: string) => ({ kind: 'player' as const, id });

describe('intel: collective verification over HTTP', () => {
  it('3 squadless players verify a pattern: rewards exactly once, everyone told, an investigation opens', async () => {
    const [a, b, c, watcher] = await Promise.all([1, 2, 3, 4].map(() => registerPlayer(run.url)));
    const world = await joinWorld(watcher.token);
    const multiplier = activeModifiers(new Date()).intelDataCreditsMultiplier;

    const sub = await api(run.url, 'POST', '/api/intel', { category: 'surveillance', claim: 'Camera grid #7 feeds the   Control!', evidence: 'photos' }, a.token);
    expect(sub.status).toBe(201);
    expect(sub.body.claim.claimKey).toBe('camera grid 7 feeds the control');
    expect(sub.body.claim.confirmations).toBe(1);
    const claimId = sub.body.claim.id;

    // The submitter is the first confirmer: neither a re-submit nor a confirm counts again.
    const self = await api(run.url, 'POST', `/api/intel/${claimId}/confirm`, { evidence: 'again' }, a.token);
    expect([self.status, self.body.code]).toEqual([422, 'ALREADY_CONFIRMED']);
    const resubmit = await api(run.url, 'POST', '/api/intel', { category: 'surveillance', claim: 'camera grid 7 feeds the control' }, a.token);
    expect(resubmit.body.code).toBe('ALREADY_CONFIRMED');

    // Submitting the same claim key (different wording) confirms it.
    const second = await api(run.url, 'POST', '/api/intel', { category: 'surveillance', claim: 'CAMERA GRID 7 — feeds the control.', evidence: 'logs' }, b.token);
    expect(second.status).toBe(200);
    expect(second.body.created).toBe(false);
    expect(second.body.claim.confirmations).toBe(2);
    expect(second.body.verified).toBeNull();
    const double = await api(run.url, 'POST', `/api/intel/${claimId}/confirm`, {}, b.token);
    expect(double.body.code).toBe('ALREADY_CONFIRMED');

    const tooLong = await api(run.url, 'POST', `/api/intel/${claimId}/confirm`, { evidence: 'x'.repeat(2001) }, c.token);
    expect([tooLong.status, tooLong.body.code]).toEqual([400, 'BAD_REQUEST']);
    const pending = await api(run.url, 'GET', '/api/intel?category=surveillance', undefined, c.token);
    expect(pending.body.claims.map((x: any) => x.id)).toContain(claimId);

    const third = await api(run.url, 'POST', `/api/intel/${claimId}/confirm`, { evidence: 'witness' }, c.token);
    expect(third.status).toBe(200);
    expect(third.body.verified).toMatchObject({ claimId, contributors: 3, truthScore: 100, truthTokens: '1', dataCredits: String(Math.floor(100 * multiplier)) });
    expect(third.body.claim.operationId).toEqual(expect.any(String));

    for (const p of [a, b, c]) {
      expect(await balanceOf(db, player(p.player.id), 'truth_tokens')).toBe(1n);
      expect(await balanceOf(db, player(p.player.id), 'data_credits')).toBe(BigInt(Math.floor(100 * multiplier)));
      const row = (await getPlayer(db, p.player.id))!;
      expect(row.truthScore).toBe(100);
      expect((await playerAchievements(db, p.player.id)).map((x) => x.achievementId)).toContain('truth_seeker');
      expect(Number(row.xp)).toBeGreaterThanOrEqual(2000);
    }
    // first_blood (GAME §1): the submitter of the first-ever verified pattern only.
    expect((await getPlayer(db, a.player.id))!.firstBlood).toBe(true);
    expect((await getPlayer(db, b.player.id))!.firstBlood).toBe(false);

    // A verified pattern takes no more confirmations.
    const late = await api(run.url, 'POST', `/api/intel/${claimId}/confirm`, {}, watcher.token);
    expect(late.body.code).toBe('ALREADY_DONE');
    expect(await balanceOf(db, player(watcher.player.id), 'truth_tokens')).toBe(0n);

    const notice = await waitFor(() => world.notices.find((n) => n.kind === 'intel_verified' && n.claimId === claimId), 5000, 'verified notice');
    expect(notice.operationId).toBe(third.body.claim.operationId);
    expect((await getOperationRow(db, notice.operationId))!.type).toBe('investigation');
    const verified = await api(run.url, 'GET', '/api/intel?verified=1', undefined, watcher.token);
    expect(verified.body.claims.map((x: any) => x.id)).toContain(claimId);
    await invariantHolds();
    await world.room.leave();
  });

  it('3 confirmers from one squad do not verify; a fourth from outside does', async () => {
    const [lead, m1, m2, outsider] = await Promise.all([1, 2, 3, 4].map(() => registerPlayer(run.url)));
    const squad = await api(run.url, 'POST', '/api/squads', { name: `Intel ${playerName('s').slice(2, 10)}`, type: 'analysis' }, lead.token);
    expect(squad.status).toBe(201);
    for (const m of [m1, m2]) expect((await api(run.url, 'POST', `/api/squads/${squad.body.id}/join`, {}, m.token)).status).toBe(200);
    const sub = await api(run.url, 'POST', '/api/intel', { category: 'finance', claim: 'Shell company Nimbus launders ad money' }, lead.token);
    for (const m of [m1, m2]) {
      const r = await api(run.url, 'POST', `/api/intel/${sub.body.claim.id}/confirm`, {}, m.token);
      expect(r.body.verified).toBeNull();
    }
    expect(await balanceOf(db, player(lead.player.id), 'truth_tokens')).toBe(0n);
    const out = await api(run.url, 'POST', `/api/intel/${sub.body.claim.id}/confirm`, {}, outsider.token);
    expect(out.body.verified.contributors).toBe(4);
    for (const p of [lead, m1, m2, outsider]) expect(await balanceOf(db, player(p.player.id), 'truth_tokens')).toBe(1n);
    await invariantHolds();
  });
});

describe('challenges over HTTP', () => {
  it("today's generated challenge: a wrong answer changes nothing, the right one pays once, a second solve is refused", async () => {
    const p = await registerPlayer(run.url);
    const today = await api(run.url, 'GET', '/api/challenges/today', undefined, p.token);
    expect(today.status).toBe(200);
    const ch = today.body.challenge;
    expect(ch.difficulty).toBe(1);
    expect(ch.data.records).toHaveLength(10);
    expect(JSON.stringify(ch)).not.toContain('answer');
    const before = (await getPlayer(db, p.player.id))!;
    const cpu0 = await balanceOf(db, player(p.player.id), 'cpu_cycles'); // the registration's daily login paid some

    const honest = ch.data.records.find((r: any) => !tamperedRecordIds(ch.data).includes(r.id));
    const wrong = await api(run.url, 'POST', `/api/challenges/${ch.id}/solve`, { answer: honest.id }, p.token);
    expect([wrong.status, wrong.body.code]).toEqual([422, 'WRONG_ANSWER']);
    expect(await balanceOf(db, player(p.player.id), 'cpu_cycles')).toBe(cpu0);
    expect((await getPlayer(db, p.player.id))!.xp).toBe(before.xp);

    const [answer] = tamperedRecordIds(ch.data);
    const xpMult = activeModifiers(new Date()).challengeXpMultiplier;
    const ok = await api(run.url, 'POST', `/api/challenges/${ch.id}/solve`, { answer: ` ${answer!.toLowerCase()} ` }, p.token);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ technicalMastery: 10, xp: Math.floor(50 * xpMult), cpuCycles: '20', firstChallenge: true });
    const after = (await getPlayer(db, p.player.id))!;
    expect(after.technicalMastery).toBe(before.technicalMastery + 10);
    expect(Number(after.xp)).toBe(Number(before.xp) + Math.floor(50 * xpMult) + 100);
    expect((await playerAchievements(db, p.player.id)).map((x) => x.achievementId)).toContain('first_blood');
    expect(await balanceOf(db, player(p.player.id), 'cpu_cycles')).toBe(cpu0 + 20n);

    const again = await api(run.url, 'POST', `/api/challenges/${ch.id}/solve`, { answer: answer }, p.token);
    expect([again.status, again.body.code]).toEqual([422, 'ALREADY_DONE']);
    expect(await balanceOf(db, player(p.player.id), 'cpu_cycles')).toBe(cpu0 + 20n);
    expect((await getPlayer(db, p.player.id))!.xp).toBe(after.xp);
    await invariantHolds();
  });

  it('custom challenges: influence ≥ 100 and reward ≤ influence; solving pays the reward points', async () => {
    const creator = await registerPlayer(run.url);
    const solver = await registerPlayer(run.url);
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const body = { title: 'Who signed it?', description: 'Name the signatory of memo 12.', answer: 'Vera Holt', rewardPoints: 50, endsAt };
    const poor = await api(run.url, 'POST', '/api/challenges', body, creator.token);
    expect([poor.status, poor.body.code]).toEqual([422, 'REQUIREMENTS_NOT_MET']);

    // technicalMastery 400 → influence 0.25 × 400 = 100.
    await db.execute(`UPDATE players SET technical_mastery = 400 WHERE id = '${creator.player.id}'`);
    const tooRich = await api(run.url, 'POST', '/api/challenges', { ...body, rewardPoints: 101 }, creator.token);
    expect([tooRich.status, tooRich.body.code]).toEqual([422, 'REQUIREMENTS_NOT_MET']);
    const created = await api(run.url, 'POST', '/api/challenges', { ...body, rewardPoints: 100 }, creator.token);
    expect(created.status).toBe(201);
    const id = created.body.challenge.id;
    expect(JSON.stringify(created.body)).not.toContain('Vera');

    const own = await api(run.url, 'POST', `/api/challenges/${id}/solve`, { answer: 'vera holt' }, creator.token);
    expect([own.status, own.body.code]).toEqual([403, 'OWN_CHALLENGE']);
    const xpMult = activeModifiers(new Date()).challengeXpMultiplier;
    const cpu0 = await balanceOf(db, player(solver.player.id), 'cpu_cycles');
    const ok = await api(run.url, 'POST', `/api/challenges/${id}/solve`, { answer: '  VERA   holt ' }, solver.token);
    expect(ok.body).toMatchObject({ technicalMastery: 10, xp: Math.floor(100 * xpMult), cpuCycles: '100' });
    expect(await balanceOf(db, player(solver.player.id), 'cpu_cycles')).toBe(cpu0 + 100n);
    const twice = await api(run.url, 'POST', `/api/challenges/${id}/solve`, { answer: 'vera holt' }, solver.token);
    expect(twice.body.code).toBe('ALREADY_DONE');
    // Not yet open: refused, nothing paid.
    const later = await api(run.url, 'POST', '/api/challenges', { ...body, rewardPoints: 10, startsAt: new Date(Date.now() + 600_000).toISOString() }, creator.token);
    expect(later.status).toBe(201);
    const early = await api(run.url, 'POST', `/api/challenges/${later.body.challenge.id}/solve`, { answer: 'vera holt' }, solver.token);
    expect([early.status, early.body.code]).toEqual([422, 'CHALLENGE_NOT_OPEN']);
    expect(await balanceOf(db, player(solver.player.id), 'cpu_cycles')).toBe(cpu0 + 100n);
    const list = await api(run.url, 'GET', '/api/challenges', undefined, solver.token);
    expect(list.body.challenges.find((c: any) => c.id === id)).toMatchObject({ solvedByMe: true, solves: 1 });
    await invariantHolds();
  });
});

import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { countStv, voteWeight } from '@datavism/rules';
import {
  balanceOf, castBallot, castVote, closeProposal, createProposal, electionForCount, eligibleVoteWeight, ledgerInvariant, loadParameters,
  mint, openElection, standForElection, voterProfile, withTransaction, withdrawCandidacy, type Db,
} from '../src/index';
import { KINDS, countRows, gameError, newPlayer, useDatabase } from './harness';

const NOW = new Date('2026-11-21T12:00:00Z');
const DAY = 86_400_000;

async function withPoints(db: Db, amount: bigint) {
  const p = await newPlayer(db);
  await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: p.id }, 'influence_points', amount, 'test'));
  return p;
}

describe.each(KINDS)('governance on %s', (kind) => {
  const ctx = useDatabase(kind);

  it('eligible weight (one SQL pass) equals Σ voteWeight of every player', async () => {
    const db = ctx.db;
    await newPlayer(db, { truthScore: 3996, createdAt: new Date(NOW.getTime() - 31 * DAY) });
    await newPlayer(db, { technicalMastery: 10000, impactRating: 10000, firstBlood: true, daysActive: 400 });
    await newPlayer(db, { createdAt: new Date(NOW.getTime() - 91 * DAY) });
    const ids = (await db.execute(sql`SELECT id FROM players`) as unknown as { rows: { id: string }[] }).rows;
    let expected = 0;
    for (const { id } of ids) expected += (await voterProfile(db, id, NOW)).weight;
    expect(await eligibleVoteWeight(db, NOW)).toBeCloseTo(expected, 9);
    const first = await voterProfile(db, ids[0].id, NOW);
    expect(first.weight).toBe(voteWeight({ influence: 999, daysActive: 31, contributionScore: 0 }));
  });

  it('a vote is one row per player (database key); a change updates it; concurrent votes keep the tally exact', async () => {
    const db = ctx.db;
    const author = await withPoints(db, 100n);
    const { proposal } = await createProposal(db, { authorId: author.id, kind: 'feature', title: 't', deposit: 100n, periodMs: DAY, now: NOW });
    const voters = await Promise.all(Array.from({ length: 12 }, () => newPlayer(db)));
    await Promise.all(voters.map((v, i) => castVote(db, { proposalId: proposal.id, playerId: v.id, support: i % 3 !== 0, now: NOW })));
    const changed = await castVote(db, { proposalId: proposal.id, playerId: voters[0].id, support: true, now: NOW });
    expect(changed).toMatchObject({ changed: true, tally: { yesWeight: 9, noWeight: 3, voters: 12 } });
    await expect(db.execute(sql`INSERT INTO proposal_votes (proposal_id, player_id, support, weight)
      VALUES (${proposal.id}::uuid, ${voters[1].id}::uuid, true, 1)`)).rejects.toThrow();
    expect(await countRows(db, sql`SELECT count(*) AS n FROM proposal_votes WHERE proposal_id = ${proposal.id}::uuid`)).toBe(12);
    await expect(castVote(db, { proposalId: proposal.id, playerId: voters[1].id, support: true, now: new Date(NOW.getTime() + DAY) }))
      .rejects.toEqual(gameError('DECISION_CLOSED'));
    expect(await closeProposal(db, proposal.id, new Date(NOW.getTime() + DAY - 1))).toBeNull();
    const closed = await closeProposal(db, proposal.id, new Date(NOW.getTime() + DAY));
    expect(closed?.proposal).toMatchObject({ status: 'passed', yesWeight: 9, noWeight: 3, quorumReached: true });
    expect(await closeProposal(db, proposal.id, new Date(NOW.getTime() + DAY))).toBeNull();
    expect(await balanceOf(db, { kind: 'player', id: author.id }, 'influence_points')).toBe(100n);
    for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
  });

  it('a passed economic proposal changes its parameter in the closing transaction; a rejected one does not', async () => {
    const db = ctx.db;
    const author = await withPoints(db, 200n);
    const open = (value: number) => createProposal(db, {
      authorId: author.id, kind: 'economic', title: `fee ${value}`, parameterName: 'market_taker_fee_bps', parameterValue: value,
      deposit: 100n, periodMs: 3 * DAY, now: NOW,
    });
    const { proposal: yes } = await open(250);
    const { proposal: no } = await open(300);
    const voters = await Promise.all(Array.from({ length: 30 }, () => newPlayer(db)));
    for (const v of voters) {
      await castVote(db, { proposalId: yes.id, playerId: v.id, support: true, now: NOW });
      await castVote(db, { proposalId: no.id, playerId: v.id, support: false, now: NOW });
    }
    const at = new Date(NOW.getTime() + 3 * DAY);
    const passed = await closeProposal(db, yes.id, at);
    expect(passed?.proposal.status).toBe('passed');
    expect(passed?.parameterChange).toMatchObject({ name: 'market_taker_fee_bps', oldValue: 200, newValue: 250, proposalId: yes.id, changedBy: 'governance' });
    expect((await loadParameters(db)).market_taker_fee_bps).toBe(250);
    const rejected = await closeProposal(db, no.id, at);
    expect(rejected).toMatchObject({ proposal: { status: 'rejected' }, parameterChange: null });
    expect((await loadParameters(db)).market_taker_fee_bps).toBe(250);
    expect(await countRows(db, sql`SELECT count(*) AS n FROM parameter_changes WHERE proposal_id IS NOT NULL`)).toBe(1);
  });

  it('short of the deposit: INSUFFICIENT_FUNDS and no proposal row', async () => {
    const db = ctx.db;
    const p = await withPoints(db, 99n);
    await expect(createProposal(db, { authorId: p.id, kind: 'feature', title: 't', deposit: 100n, periodMs: DAY, now: NOW }))
      .rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
    expect(await countRows(db, sql`SELECT count(*) AS n FROM proposals WHERE author_id = ${p.id}::uuid`)).toBe(0);
    expect(await balanceOf(db, { kind: 'player', id: p.id }, 'influence_points')).toBe(99n);
  });

  it('ballots: unknown or repeated candidates rejected; identical rankings grouped for the count', async () => {
    const db = ctx.db;
    const e = await openElection(db, {
      council: 'creative', seats: 2, openedAt: NOW, nominationEndsAt: new Date(NOW.getTime() + DAY),
      campaignEndsAt: new Date(NOW.getTime() + 2 * DAY), votingEndsAt: new Date(NOW.getTime() + 3 * DAY),
    });
    const cands = await Promise.all([1, 2, 3].map(() => newPlayer(db, { artisticVision: 5000 })));
    // A candidacy deposits one truth_token (GAME §4.5).
    for (const c of cands) await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: c.id }, 'truth_tokens', 1n, 'test'));
    for (const c of cands) await standForElection(db, { electionId: e.id, playerId: c.id, now: NOW });
    const weak = await newPlayer(db, { artisticVision: 4999 });
    await expect(standForElection(db, { electionId: e.id, playerId: weak.id, now: NOW })).rejects.toEqual(gameError('REQUIREMENTS_NOT_MET'));
    const voting = new Date(NOW.getTime() + 2 * DAY);
    const v = await Promise.all([1, 2, 3].map(() => newPlayer(db)));
    await expect(castBallot(db, { electionId: e.id, playerId: v[0].id, ranking: [cands[0].id], now: NOW })).rejects.toEqual(gameError('DECISION_CLOSED'));
    await expect(castBallot(db, { electionId: e.id, playerId: v[0].id, ranking: [cands[0].id, weak.id], now: voting })).rejects.toEqual(gameError('BAD_REQUEST'));
    await expect(castBallot(db, { electionId: e.id, playerId: v[0].id, ranking: [cands[0].id, cands[0].id], now: voting })).rejects.toEqual(gameError('BAD_REQUEST'));
    await castBallot(db, { electionId: e.id, playerId: v[0].id, ranking: [cands[2].id, cands[0].id], now: voting });
    await castBallot(db, { electionId: e.id, playerId: v[1].id, ranking: [cands[2].id, cands[0].id], now: voting });
    await castBallot(db, { electionId: e.id, playerId: v[2].id, ranking: [cands[1].id], now: voting });
    expect(await castBallot(db, { electionId: e.id, playerId: v[2].id, ranking: [cands[0].id], now: voting })).toMatchObject({ replaced: true });
    const forCount = await electionForCount(db, e);
    expect(forCount.candidates).toEqual(cands.map((c) => c.name));
    expect(forCount.ballots).toEqual([{ count: 1, ranking: [1] }, { count: 2, ranking: [3, 1] }]);
    expect(forCount.withdrawn).toEqual([]);

    // Candidate 3 withdraws during the voting: ballots keep their rankings, the count skips 3.
    await expect(withdrawCandidacy(db, { electionId: e.id, playerId: weak.id, now: voting })).rejects.toEqual(gameError('NOT_FOUND'));
    await withdrawCandidacy(db, { electionId: e.id, playerId: cands[2].id, now: voting });
    await expect(withdrawCandidacy(db, { electionId: e.id, playerId: cands[2].id, now: voting })).rejects.toEqual(gameError('ALREADY_DONE'));
    await expect(withdrawCandidacy(db, { electionId: e.id, playerId: cands[1].id, now: new Date(NOW.getTime() + 3 * DAY) }))
      .rejects.toEqual(gameError('DECISION_CLOSED'));
    const afterWithdrawal = await electionForCount(db, e);
    expect(afterWithdrawal.withdrawn).toEqual([3]);
    expect(afterWithdrawal.ballots).toEqual(forCount.ballots);
    // Two seats, three papers, 3 withdrawn: its two papers pass to candidate 1, who is elected with 3.
    const result = countStv(afterWithdrawal, { method: 'scottish', seed: '1' });
    expect(result.elected[0]).toBe(cands[0].name);
    expect(result.elected).not.toContain(cands[2].name);
  });
});

/**
 * The bounty board and the sinks of GAME §4.5 on both drivers: escrow at posting, claims with a
 * staked truth_token and the server's fulfilment check (first valid claimant paid, concurrently
 * too), refunds at the deadline exactly once; hints, investigation actions and candidacy deposits
 * as ledger burns/escrows in their action's transaction; the custom-challenge daily cap. Every
 * refusal changes nothing, and the ledger invariant holds after each test.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { countStv, generateChallenge, tamperedRecordIds, type Resource } from '@datavism/rules';
import {
  balanceOf, buyChallengeHint, claimBounty, createCustomChallenge, electionForCount, ensureDailyChallenge, ledgerInvariant,
  listOpenBounties, listPlayerBounties, mint, openElection, postBounty, recordElectionResult, refundBounty, schema,
  solveChallenge, standForElection, submitIntel, confirmIntel, withTransaction, type Db,
} from '../src/index';
import { KINDS, countRows, gameError, newPlayer, useDatabase } from './harness';

const HOUR = 3_600_000;
const player = (id: string) => ({ kind: 'player' as const, id });
const fund = (db: Db, id: string, resource: Resource, amount: bigint) =>
  withTransaction(db, (tx) => mint(tx, player(id), resource, amount, 'test'));
const bal = (db: Db, id: string, resource: Resource) => balanceOf(db, player(id), resource);
const escrow = (db: Db, resource: Resource) => balanceOf(db, { kind: 'escrow' }, resource);
const ago = (ms: number) => new Date(Date.now() - ms);

async function invariantHolds(db: Db): Promise<void> {
  for (const line of await ledgerInvariant(db)) expect(line, line.resource).toMatchObject({ holds: true, broken: 0 });
}

/** A custom challenge by a fresh creator of influence 1000, open for an hour. */
async function customChallenge(db: Db, rewardPoints: number, creatorId?: string) {
  const creator = creatorId ?? (await newPlayer(db, { truthScore: 4000 })).id;
  const now = new Date();
  const c = await createCustomChallenge(db, {
    creatorId: creator, title: 'Who runs Nimbus?', description: 'Name the owner.', answer: 'Vela Holdings', rewardPoints,
    startsAt: ago(60_000), endsAt: new Date(now.getTime() + HOUR), now,
  });
  return { challenge: c, creatorId: creator };
}

const solve = (db: Db, challengeId: string, playerId: string, answer = 'vela holdings', customDailyCap?: number) =>
  solveChallenge(db, { challengeId, playerId, answer, now: new Date(), xpMultiplier: 1, customDailyCap });

describe.each(KINDS)('bounty board on %s', (kind) => {
  const ctx = useDatabase(kind);

  it('posting escrows the reward with its deadline job; short funds or a soul-bound reward write nothing; a retry key posts once', async () => {
    const db = ctx.db;
    const poster = await newPlayer(db);
    await fund(db, poster.id, 'data_credits', 100n);
    const input = {
      posterId: poster.id, title: 'Verify the leak', kind: 'verify_intel', target: 'leak', resource: 'data_credits', amount: 60n,
      hours: 24, hourMs: HOUR, now: new Date(), requestKey: 'k1',
      deadlines: (b: { id: string; deadline: Date }) => [{ key: `bounty:${b.id}`, name: 'bounty-deadline', runAt: b.deadline, payload: { bountyId: b.id } }],
    };
    const first = await postBounty(db, input);
    expect(first.created).toBe(true);
    expect(first.bounty).toMatchObject({ status: 'open', amount: 60n, resource: 'data_credits' });
    expect(first.bounty.deadline.getTime() - first.bounty.createdAt.getTime()).toBe(24 * HOUR);
    expect(await bal(db, poster.id, 'data_credits')).toBe(40n);
    expect(await countRows(db, sql`SELECT count(*) AS n FROM scheduled_jobs WHERE key = ${`bounty:${first.bounty.id}`} AND run_at = ${first.bounty.deadline}`)).toBe(1);
    // The same request again: the first bounty, nothing escrowed twice.
    const again = await postBounty(db, input);
    expect(again).toMatchObject({ created: false, bounty: { id: first.bounty.id } });
    expect(await bal(db, poster.id, 'data_credits')).toBe(40n);
    // 60 more than the 40 left: INSUFFICIENT_FUNDS, no bounty, no job.
    await expect(postBounty(db, { ...input, requestKey: 'k2' })).rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
    await expect(postBounty(db, { ...input, requestKey: 'k3', resource: 'truth_tokens' })).rejects.toEqual(gameError('SOUL_BOUND'));
    await expect(postBounty(db, { ...input, requestKey: 'k4', kind: 'liberate_territory', target: 't-999_999' })).rejects.toEqual(gameError('UNKNOWN_TERRITORY'));
    expect(await countRows(db, sql`SELECT count(*) AS n FROM bounties WHERE poster_id = ${poster.id}::uuid`)).toBe(1);
    expect(await countRows(db, sql`SELECT count(*) AS n FROM scheduled_jobs WHERE name = 'bounty-deadline'`)).toBe(1);
    expect((await listOpenBounties(db, new Date())).map((b) => b.id)).toContain(first.bounty.id);
    await invariantHolds(db);
  });

  it('a claim the server cannot verify burns the stake and leaves the bounty open; the poster and stakeless players change nothing', async () => {
    const db = ctx.db;
    const [poster, idle, broke] = await Promise.all([newPlayer(db), newPlayer(db), newPlayer(db)]);
    await fund(db, poster.id, 'resistance_credits', 500n);
    await fund(db, poster.id, 'truth_tokens', 1n);
    await fund(db, idle.id, 'truth_tokens', 2n);
    const { challenge } = await customChallenge(db, 10);
    const { bounty } = await postBounty(db, {
      posterId: poster.id, title: 'Solve it', kind: 'solve_challenge', target: challenge.id, resource: 'resistance_credits',
      amount: 500n, hours: 2, hourMs: HOUR, now: new Date(),
    });
    const now = new Date();
    await expect(claimBounty(db, { bountyId: bounty.id, playerId: poster.id, now })).rejects.toEqual(gameError('OWN_BOUNTY'));
    await expect(claimBounty(db, { bountyId: bounty.id, playerId: broke.id, now })).rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
    await expect(claimBounty(db, { bountyId: '00000000-0000-0000-0000-000000000000', playerId: idle.id, now })).rejects.toEqual(gameError('NOT_FOUND'));
    expect(await countRows(db, sql`SELECT count(*) AS n FROM bounty_claims WHERE bounty_id = ${bounty.id}::uuid`)).toBe(0);
    expect(await bal(db, poster.id, 'truth_tokens')).toBe(1n);
    // idle did not solve the challenge: its stake is burned, the claim recorded as rejected, the bounty still open.
    const rejected = await claimBounty(db, { bountyId: bounty.id, playerId: idle.id, now });
    expect(rejected.accepted).toBe(false);
    expect(await bal(db, idle.id, 'truth_tokens')).toBe(1n);
    expect(await bal(db, idle.id, 'resistance_credits')).toBe(0n);
    expect(await countRows(db, sql`SELECT count(*) AS n FROM bounty_claims WHERE bounty_id = ${bounty.id}::uuid AND NOT accepted`)).toBe(1);
    expect(await countRows(db, sql`SELECT count(*) AS n FROM bounties WHERE id = ${bounty.id}::uuid AND status = 'open'`)).toBe(1);
    expect(await countRows(db, sql`SELECT count(*) AS n FROM transfers WHERE reason = 'bounty_stake_burned'`)).toBeGreaterThanOrEqual(1);
    await invariantHolds(db);
  });

  it('the first valid claimant is paid, stake returned; concurrent valid claims pay once; then the bounty is closed', async () => {
    const db = ctx.db;
    const poster = await newPlayer(db);
    const solvers = await Promise.all([0, 1, 2].map(() => newPlayer(db)));
    await fund(db, poster.id, 'cpu_cycles', 300n);
    for (const s of solvers) await fund(db, s.id, 'truth_tokens', 1n);
    const { challenge } = await customChallenge(db, 10);
    const escrowBefore = await escrow(db, 'cpu_cycles');
    const { bounty } = await postBounty(db, {
      posterId: poster.id, title: 'Crack it', kind: 'solve_challenge', target: challenge.id, resource: 'cpu_cycles',
      amount: 300n, hours: 2, hourMs: HOUR, now: ago(1000),
    });
    expect(await escrow(db, 'cpu_cycles')).toBe(escrowBefore + 300n);
    for (const s of solvers) await solve(db, challenge.id, s.id);
    const results = await Promise.allSettled(solvers.map((s) => claimBounty(db, { bountyId: bounty.id, playerId: s.id, now: new Date() })));
    const paid = results.filter((r) => r.status === 'fulfilled' && r.value.accepted);
    expect(paid).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toEqual(gameError('BOUNTY_CLOSED'));
    const winner = (paid[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof claimBounty>>>).value.bounty.claimantId!;
    // Each solver earned 10 cpu_cycles from the challenge; the winner got the 300 on top and kept its token.
    for (const s of solvers) {
      expect(await bal(db, s.id, 'cpu_cycles')).toBe(s.id === winner ? 310n : 10n);
      expect(await bal(db, s.id, 'truth_tokens')).toBe(1n);
    }
    expect(await escrow(db, 'cpu_cycles')).toBe(escrowBefore);
    expect(await refundBounty(db, bounty.id, new Date(Date.now() + 3 * HOUR))).toBeNull();
    expect((await listPlayerBounties(db, winner)).map((b) => [b.id, b.status, b.claimantId])).toEqual([[bounty.id, 'paid', winner]]);
    await invariantHolds(db);
  });

  it('verify_intel: only a pattern verified after the posting fulfils it', async () => {
    const db = ctx.db;
    const poster = await newPlayer(db);
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => newPlayer(db)));
    await fund(db, poster.id, 'data_credits', 80n);
    const base = { evidence: '', required: 3, dataCreditsMultiplier: 1 };
    const category = `cat_${kind}`;
    // A pattern verified before the bounty exists (a, b, c each get a truth_token).
    const { claim } = await submitIntel(db, { ...base, playerId: a.id, category, claimText: 'Old news about Nimbus' });
    await confirmIntel(db, { ...base, playerId: b.id, claimId: claim.id });
    await confirmIntel(db, { ...base, playerId: c.id, claimId: claim.id });
    const { bounty } = await postBounty(db, {
      posterId: poster.id, title: 'New intel', kind: 'verify_intel', target: category, resource: 'data_credits', amount: 80n,
      hours: 2, hourMs: HOUR, now: new Date(Date.now() + 1000),
    });
    expect((await claimBounty(db, { bountyId: bounty.id, playerId: a.id, now: new Date() })).accepted).toBe(false);
    expect(await bal(db, a.id, 'truth_tokens')).toBe(0n);
    await invariantHolds(db);
  });

  it('the deadline refunds the poster once; a claim after it is closed', async () => {
    const db = ctx.db;
    const [poster, late] = await Promise.all([newPlayer(db), newPlayer(db)]);
    await fund(db, poster.id, 'liberation_keys', 3n);
    await fund(db, late.id, 'truth_tokens', 1n);
    const { bounty } = await postBounty(db, {
      posterId: poster.id, title: 'Too late', kind: 'verify_intel', target: 'leak', resource: 'liberation_keys', amount: 3n,
      hours: 1, hourMs: HOUR, now: ago(2 * HOUR),
    });
    expect(await bal(db, poster.id, 'liberation_keys')).toBe(0n);
    expect(await refundBounty(db, bounty.id, new Date(bounty.deadline.getTime() - 1))).toBeNull();
    const both = await Promise.all([refundBounty(db, bounty.id, new Date()), refundBounty(db, bounty.id, new Date())]);
    expect(both.filter((r) => r !== null)).toHaveLength(1);
    expect(await bal(db, poster.id, 'liberation_keys')).toBe(3n);
    await expect(claimBounty(db, { bountyId: bounty.id, playerId: late.id, now: new Date() })).rejects.toEqual(gameError('BOUNTY_CLOSED'));
    expect(await bal(db, late.id, 'truth_tokens')).toBe(1n);
    expect((await listOpenBounties(db, new Date())).map((b) => b.id)).not.toContain(bounty.id);
    await invariantHolds(db);
  });
});

describe.each(KINDS)('sinks on %s', (kind) => {
  const ctx = useDatabase(kind);

  it('a hint burns 20 data_credits once per challenge and player; short funds change nothing', async () => {
    const db = ctx.db;
    const [p, poor] = await Promise.all([newPlayer(db), newPlayer(db)]);
    await fund(db, p.id, 'data_credits', 30n);
    const now = new Date();
    const g = generateChallenge(7, 3);
    const ch = await ensureDailyChallenge(db, { dailyKey: `hint-${kind}`, generated: g, startsAt: ago(1000), endsAt: new Date(now.getTime() + HOUR) });
    const first = await buyChallengeHint(db, { challengeId: ch.id, playerId: p.id, cost: 20n, now });
    expect(first.cost).toBe(20n);
    expect(first.hint.suspects).toContain(tamperedRecordIds(g.data)[0]);
    expect(await bal(db, p.id, 'data_credits')).toBe(10n);
    const second = await buyChallengeHint(db, { challengeId: ch.id, playerId: p.id, cost: 20n, now });
    expect(second).toEqual({ ...first, cost: 0n });
    expect(await bal(db, p.id, 'data_credits')).toBe(10n);
    await expect(buyChallengeHint(db, { challengeId: ch.id, playerId: poor.id, cost: 20n, now })).rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
    expect(await countRows(db, sql`SELECT count(*) AS n FROM challenge_hints WHERE player_id = ${poor.id}::uuid`)).toBe(0);
    await invariantHolds(db);
  });

  it('an intel action inside an active investigation burns 5 cpu_cycles with it; without them nothing is filed', async () => {
    const db = ctx.db;
    const [p, poor] = await Promise.all([newPlayer(db), newPlayer(db)]);
    await fund(db, p.id, 'cpu_cycles', 7n);
    const now = new Date();
    const [op] = await db.insert(schema.operations).values({ type: 'investigation', name: 'Trace Nimbus', phase: 'active', startsAt: now, activeAt: now }).returning();
    const [rapid] = await db.insert(schema.operations).values({ type: 'rapid', name: 'Rapid', phase: 'active', startsAt: now, activeAt: now }).returning();
    const base = { evidence: '', required: 3, dataCreditsMultiplier: 1, category: `inv_${kind}` };
    const investigation = { operationId: op!.id, cpuCycles: 5n };
    await submitIntel(db, { ...base, playerId: p.id, claimText: 'Nimbus pays the relay', investigation });
    expect(await bal(db, p.id, 'cpu_cycles')).toBe(2n);
    await expect(submitIntel(db, { ...base, playerId: p.id, claimText: 'Second lead on Nimbus', investigation })).rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
    await expect(submitIntel(db, { ...base, playerId: poor.id, claimText: 'Poor lead', investigation })).rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
    await expect(submitIntel(db, { ...base, playerId: p.id, claimText: 'Wrong op', investigation: { operationId: rapid!.id, cpuCycles: 5n } })).rejects.toEqual(gameError('BAD_REQUEST'));
    expect(await countRows(db, sql`SELECT count(*) AS n FROM intel_claims WHERE category = ${base.category}`)).toBe(1);
    expect(await bal(db, p.id, 'cpu_cycles')).toBe(2n);
    await invariantHolds(db);
  });

  it('a council candidacy deposits one truth_token, returned at the count; without one nobody stands', async () => {
    const db = ctx.db;
    const now = new Date();
    const e = await openElection(db, {
      council: 'technical', seats: 1, openedAt: now, nominationEndsAt: new Date(now.getTime() + HOUR),
      campaignEndsAt: new Date(now.getTime() + 2 * HOUR), votingEndsAt: new Date(now.getTime() + 3 * HOUR),
    });
    const [a, b, broke] = await Promise.all([0, 1, 2].map(() => newPlayer(db, { technicalMastery: 8000 })));
    await fund(db, a.id, 'truth_tokens', 2n);
    await fund(db, b.id, 'truth_tokens', 1n);
    await expect(standForElection(db, { electionId: e.id, playerId: broke.id, now })).rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
    expect(await countRows(db, sql`SELECT count(*) AS n FROM election_candidates WHERE election_id = ${e.id}::uuid`)).toBe(0);
    await standForElection(db, { electionId: e.id, playerId: a.id, now });
    await standForElection(db, { electionId: e.id, playerId: b.id, now });
    expect([await bal(db, a.id, 'truth_tokens'), await bal(db, b.id, 'truth_tokens')]).toEqual([1n, 0n]);
    const result = countStv(await electionForCount(db, e), { method: 'scottish', seed: '1' });
    expect(await recordElectionResult(db, { electionId: e.id, result, now, termMs: HOUR })).toBe(true);
    expect(await recordElectionResult(db, { electionId: e.id, result, now, termMs: HOUR })).toBe(false);
    expect([await bal(db, a.id, 'truth_tokens'), await bal(db, b.id, 'truth_tokens')]).toEqual([2n, 1n]);
    await invariantHolds(db);
  });

  it('custom challenges: the creator cannot solve their own; one creator\'s challenges pay at most the daily cap', async () => {
    const db = ctx.db;
    const { challenge: first, creatorId } = await customChallenge(db, 600);
    const { challenge: second } = await customChallenge(db, 600, creatorId);
    await expect(solve(db, first.id, creatorId, 'vela holdings', 1000)).rejects.toEqual(gameError('OWN_CHALLENGE'));
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => newPlayer(db)));
    expect((await solve(db, first.id, a.id, 'vela holdings', 1000)).reward.cpuCycles).toBe(600n);
    expect((await solve(db, second.id, b.id, 'vela holdings', 1000)).reward).toMatchObject({ cpuCycles: 400n, xp: 400, technicalMastery: 40 });
    expect((await solve(db, first.id, c.id, 'vela holdings', 1000)).reward).toEqual({ cpuCycles: 0n, xp: 0, technicalMastery: 0 });
    expect([await bal(db, a.id, 'cpu_cycles'), await bal(db, b.id, 'cpu_cycles'), await bal(db, c.id, 'cpu_cycles')]).toEqual([600n, 400n, 0n]);
    // Another creator's challenge is not touched by this creator's cap.
    const { challenge: other } = await customChallenge(db, 50);
    expect((await solve(db, other.id, c.id, 'vela holdings', 1000)).reward.cpuCycles).toBe(50n);
    await invariantHolds(db);
  });
});

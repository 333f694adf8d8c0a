/**
 * Operations persistence (GAME §6.1) on both drivers: the set-based payout is exactly the
 * rules' pro-rata split, it pays once, contributions move through the ledger.
 */
import { describe, expect, it } from 'vitest';
import { operationPayout } from '@datavism/rules';
import {
  balanceOf, contributeToOperation, createOperation, joinOperation, ledgerInvariant, listObjectives, mint, recordObjectiveProgressTx,
  resolveOperation, territoryLiberatedTx, topContributors, withTransaction, type Db,
} from '../src/index';
import { KINDS, gameError, newPlayer, rowsOf, useDatabase } from './harness';
import { sql } from 'drizzle-orm';

async function activeOp(db: Db, pool: bigint, objectives: Parameters<typeof createOperation>[1]['objectives']) {
  const now = new Date();
  const { operation } = await createOperation(db, {
    type: 'rapid', name: 'op', briefing: '', handler: 'h', objectives, startsAt: now, activeAt: now,
    endsAt: new Date(now.getTime() + 3_600_000), pool: { resource: 'resistance_credits', amount: pool }, phase: 'active',
  });
  return operation;
}

describe.each(KINDS)('operations on %s', (kind) => {
  const ctx = useDatabase(kind);

  it('the set-based payout equals distributeProRata and runs once; the invariant holds', async () => {
    const db = ctx.db;
    const op = await activeOp(db, 1001n, [{ tier: 'primary', kind: 'solve_challenges', title: 's', target: 7 }]);
    const players = await Promise.all([0, 1, 2].map(() => newPlayer(db)));
    for (const [i, p] of players.entries()) {
      await joinOperation(db, op.id, { id: p.id, name: p.name });
      await withTransaction(db, (tx) => recordObjectiveProgressTx(tx, { operationId: op.id, kind: 'solve_challenges', amount: i + 1, playerId: p.id }));
    }
    // Progress 1+2+3 = 6 of 7: the primary objective is not complete → failure, 25 % of 1001 = 250.
    const points = [1, 2, 3].map((n) => Math.floor((n * 1_000_000) / 7));
    const expected = operationPayout(1001n, false, players.map((p, i) => ({ id: p.id, weight: points[i] })));
    const r = await resolveOperation(db, op.id);
    expect(r).toMatchObject({ resolvedNow: true, outcome: 'failure', paid: 250n, recipients: 3 });
    for (const [i, p] of players.entries()) {
      expect(await balanceOf(db, { kind: 'player', id: p.id }, 'resistance_credits')).toBe(expected[i].amount);
    }
    expect((await resolveOperation(db, op.id)).resolvedNow).toBe(false);
    expect(await balanceOf(db, { kind: 'player', id: players[2].id }, 'resistance_credits')).toBe(expected[2].amount);
    expect(await balanceOf(db, { kind: 'escrow' }, 'resistance_credits')).toBe(0n);
    for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
  });

  it.runIf(kind === 'postgres')('a recipient balance created by a concurrent transaction during the payout: paid once, nothing lost', async () => {
    // The payout creates missing balance rows with a plain insert; here another transaction holds
    // an uncommitted new balance row of one recipient, so that insert waits, fails on the key once
    // the other commits, and the payout runs again with ON CONFLICT: both credits must be there.
    const db = ctx.db;
    const op = await activeOp(db, 900n, [{ tier: 'primary', kind: 'solve_challenges', title: 's', target: 3 }]);
    const players = await Promise.all([0, 1, 2].map(() => newPlayer(db)));
    for (const p of players) {
      await joinOperation(db, op.id, { id: p.id, name: p.name });
      await withTransaction(db, (tx) => recordObjectiveProgressTx(tx, { operationId: op.id, kind: 'solve_challenges', amount: 1, playerId: p.id }));
    }
    const racer = players[0];
    // The racer's account exists (committed); its resistance_credits row does not yet.
    await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: racer.id }, 'data_credits', 1n, 'test'));
    const [before] = await rowsOf<{ n: unknown }>(db, sql`SELECT count(*) AS n FROM balances b JOIN accounts a ON a.id = b.account_id
      WHERE a.kind = 'player' AND a.owner_id = ${racer.id} AND b.resource = 'resistance_credits'`);
    expect(Number(before.n)).toBe(0);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let minted!: () => void;
    const mintedNow = new Promise<void>((r) => (minted = r));
    const other = withTransaction(db, async (tx) => {
      await mint(tx, { kind: 'player', id: racer.id }, 'resistance_credits', 5n, 'test');
      minted();
      await held;
    });
    await mintedNow;
    const payout = resolveOperation(db, op.id);
    for (let i = 0; ; i++) {
      const [w] = await rowsOf<{ n: unknown }>(db, sql`SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO transfers%'`);
      if (Number(w.n) > 0) break;
      if (i > 500) throw new Error('the payout never waited on the concurrent balance row');
      await new Promise((r) => setTimeout(r, 10));
    }
    release();
    await other;
    const r = await payout;
    // Success: all three objectives' progress 3 of 3; 900 split equally.
    expect(r).toMatchObject({ resolvedNow: true, outcome: 'success', paid: 900n, recipients: 3 });
    expect(await balanceOf(db, { kind: 'player', id: racer.id }, 'resistance_credits')).toBe(305n);
    for (const p of players.slice(1)) expect(await balanceOf(db, { kind: 'player', id: p.id }, 'resistance_credits')).toBe(300n);
    expect(await balanceOf(db, { kind: 'escrow' }, 'resistance_credits')).toBe(0n);
    for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
  });

  it('a contribution moves the resource to escrow with its progress; short funds change nothing; a retried key counts once', async () => {
    const db = ctx.db;
    const op = await activeOp(db, 0n, [{ tier: 'primary', kind: 'contribute', title: 'c', resource: 'data_credits', target: 100 }]);
    const p = await newPlayer(db);
    await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: p.id }, 'data_credits', 60n, 'test'));
    await expect(contributeToOperation(db, { operationId: op.id, player: p, resource: 'data_credits', amount: 61 })).rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
    const first = await contributeToOperation(db, { operationId: op.id, player: p, resource: 'data_credits', amount: 40, idempotencyKey: 'k1' });
    const retry = await contributeToOperation(db, { operationId: op.id, player: p, resource: 'data_credits', amount: 40, idempotencyKey: 'k1' });
    expect(first).toMatchObject({ applied: true, accepted: 40, points: 400_000 });
    expect(retry.applied).toBe(false);
    expect(await balanceOf(db, { kind: 'player', id: p.id }, 'data_credits')).toBe(20n);
    await expect(contributeToOperation(db, { operationId: op.id, player: p, resource: 'cpu_cycles', amount: 1 })).rejects.toEqual(gameError('BAD_REQUEST'));
    await resolveOperation(db, op.id);
    await expect(contributeToOperation(db, { operationId: op.id, player: p, resource: 'data_credits', amount: 1 })).rejects.toEqual(gameError('OPERATION_NOT_ACTIVE'));
    for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
  });

  it('a liberated target territory counts once per operation and its points are shared; intel counts only in its category', async () => {
    const db = ctx.db;
    const now = new Date();
    const { operation } = await createOperation(db, {
      type: 'liberation_war', name: 'war', briefing: '', handler: 'h', phase: 'active', startsAt: now, activeAt: now, endsAt: null,
      targetTerritories: ['t-1', 't-2'],
      objectives: [
        { tier: 'primary', kind: 'liberate', title: 'l', target: 2 },
        { tier: 'secondary', kind: 'verify_intel', title: 'v', category: 'leak', target: 3 },
      ],
    });
    const [a, b] = [await newPlayer(db), await newPlayer(db)];
    expect(await withTransaction(db, (tx) => territoryLiberatedTx(tx, 't-1', [a.id, b.id]))).toEqual([operation.id]);
    expect(await withTransaction(db, (tx) => territoryLiberatedTx(tx, 't-1', [a.id]))).toEqual([]);
    expect(await withTransaction(db, (tx) => territoryLiberatedTx(tx, 'elsewhere', [a.id]))).toEqual([]);
    const objectives = await listObjectives(db, operation.id);
    expect(objectives[0].progress).toBe(1);
    const top = await topContributors(db, operation.id);
    expect(top.map((t) => t.points).sort()).toEqual([250_000, 250_000]);
    await withTransaction(db, (tx) => recordObjectiveProgressTx(tx, { kind: 'verify_intel', amount: 1, playerId: a.id, category: 'other' }));
    expect((await listObjectives(db, operation.id))[1].progress).toBe(0);
    await withTransaction(db, (tx) => recordObjectiveProgressTx(tx, { kind: 'verify_intel', amount: 1, playerId: a.id, category: 'leak', idempotencyKey: 'p1' }));
    await withTransaction(db, (tx) => recordObjectiveProgressTx(tx, { kind: 'verify_intel', amount: 1, playerId: a.id, category: 'leak', idempotencyKey: 'p1' }));
    expect((await listObjectives(db, operation.id))[1].progress).toBe(1);
  });
});

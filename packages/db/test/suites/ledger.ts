import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Resource } from '@datavism/rules';
import {
  balanceOf,
  balancesOf,
  burn,
  ledgerInvariant,
  mint,
  schema,
  transfer,
  withTransaction,
  type AccountRef,
  type Db,
} from '../../src/index';
import { countRows, gameError, newPlayer, type Ctx } from '../harness';

const player = (id: string): AccountRef => ({ kind: 'player', id });

async function fund(db: Db, to: AccountRef, amount: bigint, resource: Resource = 'resistance_credits') {
  await withTransaction(db, (tx) => mint(tx, to, resource, amount, 'test_funding'));
}


/** Ledger behaviour, run by db.test.ts against each database. */
export function ledgerSuite(ctx: Ctx): void {
  describe('ledger', () => {
    it('a transfer writes one row, two legs (−amount, +amount) and moves both balances', async () => {
      const a = await newPlayer(ctx.db);
      const b = await newPlayer(ctx.db);
      await fund(ctx.db, player(a.id), 500n);
      const result = await withTransaction(ctx.db, (tx) =>
        transfer(tx, { from: player(a.id), to: player(b.id), resource: 'resistance_credits', amount: 120n, reason: 'gift' }),
      );
      expect(result.applied).toBe(true);
      expect(typeof result.transferId).toBe('bigint');
      expect(await balanceOf(ctx.db, player(a.id), 'resistance_credits')).toBe(380n);
      expect(await balanceOf(ctx.db, player(b.id), 'resistance_credits')).toBe(120n);
      const legs = await ctx.db
        .select({ delta: schema.ledgerEntries.delta, resource: schema.ledgerEntries.resource })
        .from(schema.ledgerEntries)
        .where(sql`${schema.ledgerEntries.transferId} = ${result.transferId!.toString()}::bigint`)
        .orderBy(schema.ledgerEntries.delta);
      expect(legs).toEqual([
        { delta: -120n, resource: 'resistance_credits' },
        { delta: 120n, resource: 'resistance_credits' },
      ]);
      const [row] = await ctx.db
        .select()
        .from(schema.transfers)
        .where(sql`${schema.transfers.id} = ${result.transferId!.toString()}::bigint`);
      expect(row).toMatchObject({ amount: 120n, reason: 'gift', resource: 'resistance_credits', idempotencyKey: null });
    });

    it('the same idempotency key twice applies once', async () => {
      const a = await newPlayer(ctx.db);
      const b = await newPlayer(ctx.db);
      await fund(ctx.db, player(a.id), 100n);
      const input = {
        from: player(a.id), to: player(b.id), resource: 'resistance_credits' as const, amount: 40n,
        reason: 'retry', idempotencyKey: `retry:${a.id}`,
      };
      const first = await withTransaction(ctx.db, (tx) => transfer(tx, input));
      const second = await withTransaction(ctx.db, (tx) => transfer(tx, input));
      expect(first.applied).toBe(true);
      expect(second).toEqual({ applied: false, transferId: null });
      expect(await balanceOf(ctx.db, player(a.id), 'resistance_credits')).toBe(60n);
      expect(await balanceOf(ctx.db, player(b.id), 'resistance_credits')).toBe(40n);
      expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM transfers WHERE idempotency_key = ${input.idempotencyKey}`)).toBe(1);
    });

    it('insufficient funds throws INSUFFICIENT_FUNDS and changes nothing', async () => {
      const a = await newPlayer(ctx.db);
      const b = await newPlayer(ctx.db);
      await fund(ctx.db, player(a.id), 50n);
      const transfersBefore = await countRows(ctx.db, sql`SELECT count(*) AS n FROM transfers`);
      await expect(
        withTransaction(ctx.db, (tx) =>
          transfer(tx, { from: player(a.id), to: player(b.id), resource: 'resistance_credits', amount: 51n, reason: 'too much' }),
        ),
      ).rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
      // Also from a resource never held at all.
      await expect(
        withTransaction(ctx.db, (tx) =>
          transfer(tx, { from: player(a.id), to: player(b.id), resource: 'data_credits', amount: 1n, reason: 'none held' }),
        ),
      ).rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
      expect(await balanceOf(ctx.db, player(a.id), 'resistance_credits')).toBe(50n);
      expect(await balanceOf(ctx.db, player(b.id), 'resistance_credits')).toBe(0n);
      expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM transfers`)).toBe(transfersBefore);
    });

    it('a caller that catches INSUFFICIENT_FUNDS keeps a clean transaction', async () => {
      const a = await newPlayer(ctx.db);
      const b = await newPlayer(ctx.db);
      await fund(ctx.db, player(a.id), 10n);
      const key = `caught:${a.id}`;
      await withTransaction(ctx.db, async (tx) => {
        await expect(
          transfer(tx, { from: player(a.id), to: player(b.id), resource: 'resistance_credits', amount: 11n, reason: 'x', idempotencyKey: key }),
        ).rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
        await transfer(tx, { from: player(a.id), to: player(b.id), resource: 'resistance_credits', amount: 10n, reason: 'fits' });
      });
      expect(await balanceOf(ctx.db, player(b.id), 'resistance_credits')).toBe(10n);
      // The failed attempt left no row behind, so its key is still free.
      expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM transfers WHERE idempotency_key = ${key}`)).toBe(0);
    });

    it('zero and negative amounts are rejected with BAD_REQUEST', async () => {
      const a = await newPlayer(ctx.db);
      await fund(ctx.db, player(a.id), 10n);
      for (const amount of [0n, -5n]) {
        await expect(
          withTransaction(ctx.db, (tx) => burn(tx, player(a.id), 'resistance_credits', amount, 'bad')),
        ).rejects.toEqual(gameError('BAD_REQUEST'));
        await expect(
          withTransaction(ctx.db, (tx) => mint(tx, player(a.id), 'resistance_credits', amount, 'bad')),
        ).rejects.toEqual(gameError('BAD_REQUEST'));
      }
      expect(await balanceOf(ctx.db, player(a.id), 'resistance_credits')).toBe(10n);
    });

    it('balancesOf is zero-filled over the six resources', async () => {
      const a = await newPlayer(ctx.db);
      await fund(ctx.db, player(a.id), 7n, 'truth_tokens' as never);
      expect(await balancesOf(ctx.db, player(a.id))).toEqual({
        resistance_credits: 0n, cpu_cycles: 0n, data_credits: 0n, truth_tokens: 7n, liberation_keys: 0n, influence_points: 0n,
      });
    });

    it('the invariant Σ balances = minted − burned holds after mints, transfers and burns', async () => {
      const before = await ledgerInvariant(ctx.db);
      const a = await newPlayer(ctx.db);
      const b = await newPlayer(ctx.db);
      const squad: AccountRef = { kind: 'squad', id: `squad-${a.id}` };
      await withTransaction(ctx.db, async (tx) => {
        await mint(tx, player(a.id), 'data_credits', 1000n, 'income');
        await mint(tx, player(b.id), 'data_credits', 300n, 'income');
        await transfer(tx, { from: player(a.id), to: squad, resource: 'data_credits', amount: 250n, reason: 'treasury' });
        await transfer(tx, { from: squad, to: { kind: 'community' }, resource: 'data_credits', amount: 50n, reason: 'fee' });
        await transfer(tx, { from: player(b.id), to: { kind: 'escrow' }, resource: 'data_credits', amount: 100n, reason: 'order' });
        await transfer(tx, { from: { kind: 'escrow' }, to: player(a.id), resource: 'data_credits', amount: 100n, reason: 'fill' });
        await burn(tx, player(a.id), 'data_credits', 77n, 'spent');
        await burn(tx, squad, 'data_credits', 3n, 'spent');
      });
      const after = await ledgerInvariant(ctx.db);
      expect(after.every((line) => line.holds)).toBe(true);
      const delta = (lines: typeof after, field: 'minted' | 'burned' | 'balances') =>
        lines.find((l) => l.resource === 'data_credits')![field];
      expect(delta(after, 'minted') - delta(before, 'minted')).toBe(1300n);
      expect(delta(after, 'burned') - delta(before, 'burned')).toBe(80n);
      expect(delta(after, 'balances') - delta(before, 'balances')).toBe(1220n);
      expect(await balanceOf(ctx.db, squad, 'data_credits')).toBe(197n);
      expect(await balanceOf(ctx.db, player(a.id), 'data_credits')).toBe(773n);
    });

    it('without foreign keys the ledger still keeps its references: accounts stay, legs are append-only, the invariant counts broken rows', async () => {
      const a = await newPlayer(ctx.db);
      await fund(ctx.db, player(a.id), 10n, 'liberation_keys');
      const refused = async (statement: Promise<unknown>) => {
        const err = (await statement.then(() => null, (e: unknown) => e)) as { message?: string; cause?: { message?: string } } | null;
        expect(String(err?.cause?.message ?? err?.message)).toMatch(/the ledger keeps every account and every entry/);
      };
      await refused(ctx.db.execute(sql`DELETE FROM accounts WHERE kind = 'player' AND owner_id = ${a.id}`));
      await refused(ctx.db.execute(sql`UPDATE ledger_entries SET delta = delta + 1 WHERE resource = 'liberation_keys'`));
      await refused(ctx.db.execute(sql`DELETE FROM ledger_entries WHERE resource = 'liberation_keys'`));
      const rollback = new Error('rollback');
      await expect(withTransaction(ctx.db, async (tx) => {
        // A balance of an account that does not exist, and a transfer with only one leg.
        await tx.execute(sql`INSERT INTO balances (account_id, resource, amount) VALUES (987654321, 'liberation_keys', 0)`);
        const [acc] = (await tx.execute(sql`SELECT id FROM accounts WHERE kind = 'player' AND owner_id = ${a.id}`) as unknown as { rows: { id: string }[] }).rows;
        await tx.execute(sql`WITH t AS (INSERT INTO transfers (from_account_id, to_account_id, resource, amount, reason)
            VALUES (${acc.id}, ${acc.id}, 'liberation_keys', 5, 'test') RETURNING id)
          INSERT INTO ledger_entries (transfer_id, account_id, resource, delta) SELECT id, ${acc.id}, 'liberation_keys', -5 FROM t`);
        const line = (await ledgerInvariant(tx)).find((l) => l.resource === 'liberation_keys')!;
        expect(line).toMatchObject({ broken: 2, holds: false });
        throw rollback;
      })).rejects.toBe(rollback);
      expect((await ledgerInvariant(ctx.db)).every((l) => l.holds && l.broken === 0)).toBe(true);
    });

    it('50 parallel transfers draining one account: exactly floor(balance / amount) succeed, never below zero', async () => {
      const source = await newPlayer(ctx.db);
      const sink = await newPlayer(ctx.db);
      await fund(ctx.db, player(source.id), 1000n);
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          withTransaction(ctx.db, (tx) =>
            transfer(tx, {
              from: player(source.id), to: player(sink.id), resource: 'resistance_credits', amount: 70n,
              reason: 'drain', idempotencyKey: `drain:${source.id}:${i}`,
            }),
          ),
        ),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      const failed = results.filter((r) => r.status === 'rejected');
      expect(ok).toHaveLength(14); // floor(1000 / 70)
      expect(failed).toHaveLength(36);
      for (const f of failed) expect((f as PromiseRejectedResult).reason).toEqual(gameError('INSUFFICIENT_FUNDS'));
      expect(await balanceOf(ctx.db, player(source.id), 'resistance_credits')).toBe(20n);
      expect(await balanceOf(ctx.db, player(sink.id), 'resistance_credits')).toBe(980n);
      expect((await ledgerInvariant(ctx.db)).every((line) => line.holds)).toBe(true);
    });

    it('opposite transfers in parallel (A→B while B→A) all complete without deadlock', async () => {
      const a = await newPlayer(ctx.db);
      const b = await newPlayer(ctx.db);
      await fund(ctx.db, player(a.id), 1000n);
      await fund(ctx.db, player(b.id), 1000n);
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          withTransaction(ctx.db, async (tx) => {
            const [from, to] = i % 2 === 0 ? [a.id, b.id] : [b.id, a.id];
            await transfer(tx, { from: player(from), to: player(to), resource: 'resistance_credits', amount: 5n, reason: 'swap' });
          }),
        ),
      );
      expect(await balanceOf(ctx.db, player(a.id), 'resistance_credits')).toBe(1000n);
      expect(await balanceOf(ctx.db, player(b.id), 'resistance_credits')).toBe(1000n);
    });
  });
}

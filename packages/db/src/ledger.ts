import { and, eq, sql, type SQL } from 'drizzle-orm';
import { GameError, RESOURCES, isResource, type Resource } from '@datavism/rules';
import type { Db, Tx } from './client';
import { accounts, balances, type AccountKind } from './schema/index';
import { queryRows, toBigInt, toNumber } from './sql';

/** A ledger account: a player's or squad's wallet, or one of the system accounts. */
export type AccountRef =
  | { kind: 'player'; id: string }
  | { kind: 'squad'; id: string }
  | { kind: 'community' }
  | { kind: 'escrow' }
  | { kind: 'mint' }
  | { kind: 'burn' }
  /** A liquidity pool's reserves; `id` is the pool's resource (GAME §4.2). */
  | { kind: 'pool'; id: string }
  /** One auction's escrow (its item and top bid); `id` is the auction id (GAME §4.3). */
  | { kind: 'auction'; id: string };

/** One double-entry transfer request. */
export interface TransferInput {
  from: AccountRef;
  to: AccountRef;
  resource: Resource;
  /** Units to move; must be > 0n. */
  amount: bigint;
  /** Why (shown in history and audits), e.g. `'login_streak'`, `'market_fee'`. */
  reason: string;
  /** A caller that may retry passes a stable key; a repeated key changes nothing. */
  idempotencyKey?: string;
}

/** Outcome of {@link transfer}: `applied: false` when the idempotency key was already used. */
export interface TransferResult {
  applied: boolean;
  transferId: bigint | null;
}

/** One line of {@link ledgerInvariant}: Σ balances = Σ minted − Σ burned for a resource. */
export interface LedgerInvariantLine {
  resource: Resource;
  balances: bigint;
  minted: bigint;
  burned: bigint;
  /**
   * Rows of this resource that break double entry or point nowhere: balances or transfers of
   * unknown accounts, legs of unknown transfers or accounts, transfers whose legs are not
   * exactly −amount on the source and +amount on the target. Must be 0.
   */
  broken: number;
  holds: boolean;
}

function ownerOf(ref: AccountRef): string {
  return 'id' in ref ? ref.id : '';
}

function describe(ref: AccountRef): string {
  const owner = ownerOf(ref);
  return owner ? `${ref.kind}:${owner}` : ref.kind;
}

/**
 * Opens a transaction on `db` and runs `fn` in it; it commits when `fn` resolves
 * and rolls back when it throws. Inside, use only `tx` (on PGlite a query on `db`
 * would wait for this transaction to end).
 */
export function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as Tx));
}

/** The id of an account, creating the account on first use. */
export async function accountId(tx: Db, ref: AccountRef): Promise<number> {
  const kind: AccountKind = ref.kind;
  const ownerId = ownerOf(ref);
  if ('id' in ref && !ownerId) {
    throw new GameError('BAD_REQUEST', `a ${kind} account needs an owner id`);
  }
  const found = await findAccountId(tx, ref);
  if (found !== null) return found;
  // Two transactions may create the same account at once: the loser's insert does
  // nothing (after waiting for the winner) and it reads the winner's row.
  const inserted = await tx
    .insert(accounts)
    .values({ kind, ownerId })
    .onConflictDoNothing({ target: [accounts.kind, accounts.ownerId] })
    .returning({ id: accounts.id });
  if (inserted[0]) return inserted[0].id;
  const again = await findAccountId(tx, ref);
  if (again === null) throw new GameError('INTERNAL', `account ${describe(ref)} vanished`);
  return again;
}

/** The `accounts` row of `ref` as a WHERE condition (system accounts have the empty owner id). */
export function accountMatch(ref: AccountRef): SQL | undefined {
  return and(eq(accounts.kind, ref.kind), eq(accounts.ownerId, ownerOf(ref)));
}

/**
 * CTEs ending in `player_accounts (id, owner_id)`: the ledger accounts of `playerIds`, created on
 * first use, for the top-level WITH of one statement (a data-modifying CTE cannot be nested). The
 * existing accounts are read first and only the missing ones inserted (ON CONFLICT on an existing
 * row still costs a speculative insertion). An account a concurrent transaction creates meanwhile
 * is in neither half: {@link completePlayerAccounts} reads those.
 */
export function playerAccountsCtes(playerIds: readonly string[]): SQL {
  return sql`pa_ids AS MATERIALIZED (
      SELECT x AS owner_id FROM jsonb_array_elements_text(${JSON.stringify([...new Set(playerIds)])}::jsonb) AS x
    ), pa_existing AS MATERIALIZED (
      SELECT id, owner_id FROM accounts WHERE kind = 'player' AND owner_id IN (SELECT owner_id FROM pa_ids)
    ), pa_created AS (
      INSERT INTO accounts (kind, owner_id)
      SELECT 'player', owner_id FROM pa_ids WHERE owner_id NOT IN (SELECT owner_id FROM pa_existing) ORDER BY owner_id
      ON CONFLICT (kind, owner_id) DO NOTHING RETURNING id, owner_id
    ), player_accounts AS (
      SELECT id, owner_id FROM pa_existing UNION ALL SELECT id, owner_id FROM pa_created
    )`;
}

/** Adds to `found` the accounts of `playerIds` it lacks (created by a concurrent transaction), read anew. */
export async function completePlayerAccounts(tx: Db, playerIds: readonly string[], found: Map<string, number>): Promise<void> {
  const missing = [...new Set(playerIds)].filter((p) => !found.has(p));
  if (missing.length === 0) return;
  const rows = await queryRows<{ id: unknown; owner_id: string }>(tx, sql`SELECT id, owner_id FROM accounts
    WHERE kind = 'player' AND owner_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(missing)}::jsonb))`);
  for (const r of rows) found.set(r.owner_id, toNumber(r.id));
}

async function findAccountId(db: Db, ref: AccountRef): Promise<number | null> {
  const rows = await db.select({ id: accounts.id }).from(accounts).where(accountMatch(ref));
  return rows[0]?.id ?? null;
}

/**
 * The set-based double entry, as two CTEs for the top-level WITH of one statement: `name` inserts
 * a transfer per row of `rows` and returns `id, from_account_id, to_account_id, resource, amount`
 * of each one inserted; `name_legs` writes their two ledger legs (−amount on the source, +amount
 * on the target). `rows` is a SELECT of (from account, to account, resource, amount, reason,
 * idempotency key or NULL) in that order. With `idempotent`, a row whose key was used before
 * inserts nothing, so it has no legs and is not returned. Balances are the caller's: the returned
 * transfers say what to debit and credit.
 *
 * @example
 * sql`WITH ${transferCtes('paid', sql`SELECT ${escrow}, account_id, ${resource}, amount, 'payout', NULL FROM due`)}
 *     UPDATE balances b SET amount = b.amount + p.amount FROM paid p WHERE …`
 */
export function transferCtes(name: string, rows: SQL, options: { idempotent?: boolean } = {}): SQL {
  const transfers = sql.identifier(name);
  return sql`${transfers} AS (
      INSERT INTO transfers (from_account_id, to_account_id, resource, amount, reason, idempotency_key)
      ${rows}
      ${options.idempotent ? sql`ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING` : sql``}
      RETURNING id, from_account_id, to_account_id, resource, amount
    ), ${sql.identifier(`${name}_legs`)} AS (
      INSERT INTO ledger_entries (transfer_id, account_id, resource, delta)
      SELECT id, from_account_id, resource, -amount FROM ${transfers}
      UNION ALL SELECT id, to_account_id, resource, amount FROM ${transfers}
    )`;
}

/**
 * The balance rows of the accounts `accountIds` selects (optionally only `resources`), locked
 * until the transaction ends in the ledger's lock order — (account, resource), like every ledger
 * write — so batches and single transfers cannot deadlock each other. A SELECT of
 * (account_id, resource, amount) with the amount as text (exact on both drivers), usable as a
 * statement or a CTE.
 */
export function balancesForUpdate(accountIds: SQL, resources?: SQL): SQL {
  return sql`SELECT account_id, resource, amount::text AS amount FROM balances
    WHERE account_id IN (${accountIds}) ${resources ? sql`AND resource IN (${resources})` : sql``}
    ORDER BY account_id, resource FOR UPDATE`;
}

/**
 * A CTE `name` crediting balances, for the top-level WITH of one statement: `rows` is a SELECT (or
 * VALUES) of (account, resource, amount), at most one row per (account, resource); a missing
 * balance row is created, an existing one grows.
 */
export function creditCte(name: string, rows: SQL): SQL {
  return sql`${sql.identifier(name)} AS (
      INSERT INTO balances (account_id, resource, amount)
      ${rows}
      ON CONFLICT (account_id, resource) DO UPDATE SET amount = balances.amount + excluded.amount
    )`;
}

/**
 * Moves `amount` of a resource from one account to another inside the caller's
 * transaction: one `transfers` row, two `ledger_entries` legs (−amount, +amount)
 * and the two balance updates. The mint issues without a balance; the burn keeps none.
 *
 * - A repeated `idempotencyKey` returns `{ applied: false }` and changes nothing.
 * - A short balance throws `INSUFFICIENT_FUNDS` and leaves nothing behind, so a caller
 *   may catch it and go on with its transaction.
 * - `amount ≤ 0n`, an unknown resource or `from = to` throw `BAD_REQUEST`.
 *
 * @example
 * await withTransaction(db, (tx) => transfer(tx, {
 *   from: { kind: 'player', id: buyer }, to: { kind: 'escrow' },
 *   resource: 'resistance_credits', amount: 500n, reason: 'order_escrow', idempotencyKey: `order:${orderId}`,
 * }));
 */
export async function transfer(tx: Tx, input: TransferInput): Promise<TransferResult> {
  const { from, to, resource, amount, reason } = input;
  if (typeof amount !== 'bigint' || amount <= 0n) {
    throw new GameError('BAD_REQUEST', `transfer amount must be a positive integer, got ${String(amount)}`);
  }
  if (!isResource(resource)) throw new GameError('BAD_REQUEST', `unknown resource: ${String(resource)}`);
  if (from.kind === 'burn') throw new GameError('BAD_REQUEST', 'nothing can be taken out of the burn account');
  if (to.kind === 'mint') throw new GameError('BAD_REQUEST', 'nothing can be paid into the mint account');
  const fromId = await accountId(tx, from);
  const toId = await accountId(tx, to);
  if (fromId === toId) throw new GameError('BAD_REQUEST', `transfer from ${describe(from)} to itself`);
  const x = amount.toString();

  // The transfer row goes first: with a repeated key the insert does nothing (waiting
  // for a concurrent holder of the same key to commit), and we stop before touching money.
  const [created] = await queryRows<{ id: unknown }>(
    tx,
    sql`INSERT INTO transfers (from_account_id, to_account_id, resource, amount, reason, idempotency_key)
        VALUES (${fromId}, ${toId}, ${resource}, ${x}::bigint, ${reason}, ${input.idempotencyKey ?? null})
        ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
        RETURNING id`,
  );
  if (!created) return { applied: false, transferId: null };
  const transferId = toBigInt(created.id);
  const id = transferId.toString();

  const debits = from.kind !== 'mint';
  const credits = to.kind !== 'burn';
  // Lock balance rows in account-id order so that opposite transfers (A→B while B→A)
  // cannot deadlock: when the target sorts first, lock it before debiting the source.
  if (debits && credits && toId < fromId) {
    await tx.execute(
      sql`SELECT 1 FROM balances WHERE account_id = ${toId} AND resource = ${resource} FOR UPDATE`,
    );
  }
  if (debits) {
    // One conditional UPDATE: concurrent debits queue on the row lock and each
    // re-checks `amount >= x` against the committed balance, so none overdraws.
    const debited = await queryRows<{ amount: unknown }>(
      tx,
      sql`UPDATE balances SET amount = amount - ${x}::bigint
          WHERE account_id = ${fromId} AND resource = ${resource} AND amount >= ${x}::bigint
          RETURNING amount`,
    );
    if (debited.length === 0) {
      // Undo the transfer row so a caller that catches this keeps a clean transaction.
      await tx.execute(sql`DELETE FROM transfers WHERE id = ${id}::bigint`);
      throw new GameError(
        'INSUFFICIENT_FUNDS',
        `${describe(from)} holds less than ${amount} ${resource}`,
      );
    }
  }
  const legs = sql`INSERT INTO ledger_entries (transfer_id, account_id, resource, delta)
    VALUES (${id}::bigint, ${fromId}, ${resource}, -${x}::bigint), (${id}::bigint, ${toId}, ${resource}, ${x}::bigint)`;
  if (credits) {
    // The credit (an upsert) and both legs in one statement.
    await tx.execute(sql`
      WITH ${creditCte('credit', sql`VALUES (${toId}::bigint, ${resource}, ${x}::bigint)`)}
      ${legs}`);
  } else {
    await tx.execute(legs);
  }
  return { applied: true, transferId };
}

/**
 * Issues new units from the mint (rewards, income).
 * @example await mint(tx, { kind: 'player', id }, 'cpu_cycles', 10n, 'login_streak', `login:${id}:${day}:cpu_cycles`);
 */
export function mint(
  tx: Tx,
  to: AccountRef,
  resource: Resource,
  amount: bigint,
  reason: string,
  idempotencyKey?: string,
): Promise<TransferResult> {
  return transfer(tx, { from: { kind: 'mint' }, to, resource, amount, reason, idempotencyKey });
}

/** Destroys units (decay, burned fees, spending on the game itself). */
export function burn(
  tx: Tx,
  from: AccountRef,
  resource: Resource,
  amount: bigint,
  reason: string,
  idempotencyKey?: string,
): Promise<TransferResult> {
  return transfer(tx, { from, to: { kind: 'burn' }, resource, amount, reason, idempotencyKey });
}

/** An account's balance of one resource (0n for an account that never held any). */
export async function balanceOf(db: Db, ref: AccountRef, resource: Resource): Promise<bigint> {
  const rows = await db
    .select({ amount: balances.amount })
    .from(balances)
    .innerJoin(accounts, eq(accounts.id, balances.accountId))
    .where(
      and(
        eq(accounts.kind, ref.kind),
        eq(accounts.ownerId, ownerOf(ref)),
        eq(balances.resource, resource),
      ),
    );
  return rows[0]?.amount ?? 0n;
}

/** All six balances of an account, zero-filled. */
export async function balancesOf(db: Db, ref: AccountRef): Promise<Record<Resource, bigint>> {
  const rows = await db
    .select({ resource: balances.resource, amount: balances.amount })
    .from(balances)
    .innerJoin(accounts, eq(accounts.id, balances.accountId))
    .where(and(eq(accounts.kind, ref.kind), eq(accounts.ownerId, ownerOf(ref))));
  const out = Object.fromEntries(RESOURCES.map((r) => [r, 0n])) as Record<Resource, bigint>;
  for (const row of rows) if (isResource(row.resource)) out[row.resource] = row.amount;
  return out;
}

/**
 * Checks the conservation law of the economy, per resource: the sum of all balances
 * equals everything minted minus everything burned (GAME §4), and every row is sound double
 * entry (see {@link LedgerInvariantLine.broken}; the ledger tables carry no foreign keys, so
 * this is where referential integrity is audited). Audits and tests call it; it scans the
 * ledger tables, so it is not for hot paths.
 */
export async function ledgerInvariant(db: Db): Promise<LedgerInvariantLine[]> {
  const rows = await queryRows<{ resource: string; balances: unknown; minted: unknown; burned: unknown; broken: unknown }>(
    db,
    sql`SELECT r.resource,
          (SELECT coalesce(sum(b.amount), 0) FROM balances b WHERE b.resource = r.resource)::text AS balances,
          (SELECT coalesce(sum(t.amount), 0) FROM transfers t JOIN accounts a ON a.id = t.from_account_id
            WHERE a.kind = 'mint' AND t.resource = r.resource)::text AS minted,
          (SELECT coalesce(sum(t.amount), 0) FROM transfers t JOIN accounts a ON a.id = t.to_account_id
            WHERE a.kind = 'burn' AND t.resource = r.resource)::text AS burned,
          ((SELECT count(*) FROM balances b WHERE b.resource = r.resource
              AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = b.account_id))
           + (SELECT count(*) FROM transfers t WHERE t.resource = r.resource
              AND (NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = t.from_account_id)
                OR NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = t.to_account_id)
                OR NOT coalesce((SELECT count(*) = 2
                      AND bool_or(e.account_id = t.from_account_id AND e.delta = -t.amount)
                      AND bool_or(e.account_id = t.to_account_id AND e.delta = t.amount)
                    FROM ledger_entries e WHERE e.transfer_id = t.id), false)))
           + (SELECT count(*) FROM ledger_entries e WHERE e.resource = r.resource
              AND (NOT EXISTS (SELECT 1 FROM transfers t WHERE t.id = e.transfer_id)
                OR NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = e.account_id))))::int AS broken
        FROM (VALUES ${sql.join(RESOURCES.map((r) => sql`(${r})`), sql`, `)}) AS r(resource)`,
  );
  return rows.map((row) => {
    const line = {
      resource: row.resource as Resource,
      balances: toBigInt(row.balances),
      minted: toBigInt(row.minted),
      burned: toBigInt(row.burned),
      broken: toNumber(row.broken),
    };
    return { ...line, holds: line.balances === line.minted - line.burned && line.broken === 0 };
  });
}

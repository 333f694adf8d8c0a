import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Kinds of ledger account (GAME §4). */
export const ACCOUNT_KINDS = ['player', 'squad', 'community', 'escrow', 'mint', 'burn', 'pool', 'auction'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/*
 * Referential integrity of the ledger tables (balances, transfers, ledger_entries → accounts,
 * ledger_entries → transfers) is kept without foreign keys: per-row FK checks took ~3.4 s of a
 * 7 s 100,000-recipient payout. Instead accounts can never be deleted (trigger
 * `accounts_never_deleted`), ledger entries are append-only (`ledger_entries_append_only`),
 * every writer takes account ids from `accounts` in the same transaction, and
 * `ledgerInvariant()` counts orphaned or unbalanced rows (tests require zero).
 */

/**
 * A ledger account. System accounts (community, escrow, mint, burn) have
 * `owner_id = ''`; player and squad accounts carry the owner's id, a liquidity pool's
 * account its resource (its balances are the pool's reserves, GAME §4.2) and an auction's
 * escrow account the auction id (it holds the item and the top bid, GAME §4.3).
 */
export const accounts = pgTable(
  'accounts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind', { enum: ACCOUNT_KINDS }).notNull(),
    ownerId: text('owner_id').notNull().default(''),
  },
  (t) => [
    unique('accounts_kind_owner_unique').on(t.kind, t.ownerId),
    check(
      'accounts_kind_check',
      sql`${t.kind} in ('player', 'squad', 'community', 'escrow', 'mint', 'burn', 'pool', 'auction')`,
    ),
  ],
);

/**
 * Current balance of one account in one resource. Mint and burn have no rows:
 * the mint issues without a balance, the burn keeps nothing (its intake is the
 * sum of transfers into it).
 */
export const balances = pgTable(
  'balances',
  {
    accountId: bigint('account_id', { mode: 'number' }).notNull(),
    resource: text('resource').notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull().default(sql`0`),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.resource] }),
    // The ledger debits with `amount >= x`; this is the last line of defence.
    check('balances_amount_non_negative', sql`${t.amount} >= 0`),
  ],
);

/** One movement of `amount` of a resource between two accounts. */
export const transfers = pgTable(
  'transfers',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    fromAccountId: bigint('from_account_id', { mode: 'number' }).notNull(),
    toAccountId: bigint('to_account_id', { mode: 'number' }).notNull(),
    resource: text('resource').notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    reason: text('reason').notNull(),
    /**
     * Set by callers that may retry; a second transfer with the same key is a no-op. Transfers
     * whose exactly-once comes from elsewhere (a market tick, an operation's payout under the
     * operation's row lock) carry none and take no entry in the unique index (it is partial).
     */
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('transfers_amount_positive', sql`${t.amount} > 0`),
    uniqueIndex('transfers_idempotency_key_unique').on(t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
  ],
);

/**
 * The two legs of every transfer: −amount on the source, +amount on the target. A transfer never
 * moves from an account to itself, so (transfer, account) names a leg: that key is the primary key
 * (it also serves the invariant's double-entry check), and a leg has no id of its own — one index
 * entry less per leg for the set-based writers (payouts, the market tick; migration 0012).
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    transferId: bigint('transfer_id', { mode: 'bigint' }).notNull(),
    accountId: bigint('account_id', { mode: 'number' }).notNull(),
    resource: text('resource').notNull(),
    delta: bigint('delta', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.transferId, t.accountId] }),
    // An account's statement.
    index('ledger_entries_account_id_idx').on(t.accountId),
  ],
);

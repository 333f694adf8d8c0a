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
} from 'drizzle-orm/pg-core';

/** Kinds of ledger account (GAME §4). */
export const ACCOUNT_KINDS = ['player', 'squad', 'community', 'escrow', 'mint', 'burn', 'pool', 'auction'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

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
    accountId: bigint('account_id', { mode: 'number' })
      .notNull()
      .references(() => accounts.id),
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
    fromAccountId: bigint('from_account_id', { mode: 'number' })
      .notNull()
      .references(() => accounts.id),
    toAccountId: bigint('to_account_id', { mode: 'number' })
      .notNull()
      .references(() => accounts.id),
    resource: text('resource').notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    reason: text('reason').notNull(),
    /** Set by callers that may retry; a second transfer with the same key is a no-op. */
    idempotencyKey: text('idempotency_key').unique('transfers_idempotency_key_unique'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('transfers_amount_positive', sql`${t.amount} > 0`)],
);

/** The two legs of every transfer: −amount on the source, +amount on the target. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    transferId: bigint('transfer_id', { mode: 'bigint' })
      .notNull()
      .references(() => transfers.id),
    accountId: bigint('account_id', { mode: 'number' })
      .notNull()
      .references(() => accounts.id),
    resource: text('resource').notNull(),
    delta: bigint('delta', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    index('ledger_entries_account_id_idx').on(t.accountId),
    // Also keeps the foreign-key check cheap when a failed transfer's row is deleted.
    index('ledger_entries_transfer_id_idx').on(t.transferId),
  ],
);

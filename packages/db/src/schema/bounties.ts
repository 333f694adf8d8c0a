import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { players } from './players';
import { challenges } from './intel';

/** Bounty kinds and statuses (GAME §4.5), as the rules name them. */
export const BOUNTY_KIND_VALUES = ['liberate_territory', 'verify_intel', 'solve_challenge'] as const;
export const BOUNTY_STATUS_VALUES = ['open', 'paid', 'refunded'] as const;

/**
 * A bounty of the board (GAME §4.5). Its reward sits in the shared escrow account from the posting
 * (`bounty_escrow`) until it is paid to the first valid claimant (`bounty_payout`) or refunded to
 * the poster at the deadline (`bounty_refund`); `status` leaves `open` exactly once, by a
 * conditional UPDATE in the transaction that moves the escrow.
 */
export const bounties = pgTable(
  'bounties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    posterId: uuid('poster_id').notNull().references(() => players.id),
    title: text('title').notNull(),
    kind: text('kind', { enum: BOUNTY_KIND_VALUES }).notNull(),
    /** A territory id, an intel category or a challenge id, by kind. */
    target: text('target').notNull(),
    resource: text('resource').notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    status: text('status', { enum: BOUNTY_STATUS_VALUES }).notNull().default('open'),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    /** liberate_territory: the squad holding the territory at the posting (it cannot fulfil it by holding on). */
    holderAtPost: text('holder_at_post'),
    claimantId: uuid('claimant_id').references(() => players.id),
    /** The poster's retry key: one bounty per (poster, key). */
    requestKey: text('request_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [
    check('bounties_kind_check', sql`${t.kind} in ('liberate_territory', 'verify_intel', 'solve_challenge')`),
    check('bounties_status_check', sql`${t.status} in ('open', 'paid', 'refunded')`),
    check('bounties_amount_check', sql`${t.amount} > 0`),
    index('bounties_open_idx').on(t.deadline).where(sql`${t.status} = 'open'`),
    index('bounties_poster_idx').on(t.posterId, t.createdAt),
    uniqueIndex('bounties_request_key_unique').on(t.posterId, t.requestKey).where(sql`${t.requestKey} is not null`),
  ],
);

/**
 * Every claim of a bounty, accepted or rejected, with the stake's transfer: an accepted claim's
 * stake went back to the claimant, a rejected one's was burned (GAME §4.5).
 */
export const bountyClaims = pgTable(
  'bounty_claims',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    bountyId: uuid('bounty_id').notNull().references(() => bounties.id),
    playerId: uuid('player_id').notNull().references(() => players.id),
    accepted: boolean('accepted').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('bounty_claims_bounty_idx').on(t.bountyId, t.createdAt), index('bounty_claims_player_idx').on(t.playerId, t.createdAt)],
);

/** A bought challenge hint (GAME §4.5): once per (challenge, player); a second request costs nothing. */
export const challengeHints = pgTable(
  'challenge_hints',
  {
    challengeId: uuid('challenge_id').notNull().references(() => challenges.id, { onDelete: 'cascade' }),
    playerId: uuid('player_id').notNull().references(() => players.id, { onDelete: 'cascade' }),
    /** The data_credits burned (0 while the registry price is 0). */
    cost: bigint('cost', { mode: 'bigint' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'challenge_hints_pk', columns: [t.challengeId, t.playerId] })],
);

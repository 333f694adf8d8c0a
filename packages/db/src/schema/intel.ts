import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { players } from './players';

/**
 * A claim of collective intelligence (GAME §6.3): one normalised claim key per category.
 * `verified_at` is the exactly-once marker of its verification, set by a conditional UPDATE in
 * the transaction that pays the contributors.
 */
export const intelClaims = pgTable(
  'intel_claims',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    category: text('category').notNull(),
    claimKey: text('claim_key').notNull(),
    /** The first submitter's wording, shown to players. */
    claimText: text('claim_text').notNull(),
    submittedBy: uuid('submitted_by').notNull().references(() => players.id, { onDelete: 'cascade' }),
    confirmations: integer('confirmations').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /** The investigation operation launched for the verified pattern. */
    operationId: uuid('operation_id'),
  },
  (t) => [
    unique('intel_claims_category_key_unique').on(t.category, t.claimKey),
    index('intel_claims_pending_idx').on(t.category, t.createdAt).where(sql`${t.verifiedAt} is null`),
  ],
);

/** One player's confirmation (with evidence) of a claim; the submitter's is the first. */
export const intelConfirmations = pgTable(
  'intel_confirmations',
  {
    claimId: uuid('claim_id').notNull().references(() => intelClaims.id, { onDelete: 'cascade' }),
    playerId: uuid('player_id').notNull().references(() => players.id, { onDelete: 'cascade' }),
    /** The squad the player was in when confirming (null: squadless, its own group). */
    squadId: uuid('squad_id'),
    evidence: text('evidence').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'intel_confirmations_pk', columns: [t.claimId, t.playerId] }),
    check('intel_confirmations_evidence_len', sql`char_length(${t.evidence}) <= 2000`),
  ],
);

/** Once-only world firsts (`first_pattern`: the first-ever verified pattern → first_blood). */
export const intelFirsts = pgTable('intel_firsts', {
  kind: text('kind').primaryKey(),
  claimId: uuid('claim_id').notNull(),
  playerId: uuid('player_id').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A skill challenge (GAME §6.4): generated daily per difficulty (`daily_key` = `YYYY-MM-DD:d`)
 * or custom by a player. `answer` is normalised and never leaves the server.
 */
export const challenges = pgTable(
  'challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['generated', 'custom'] }).notNull(),
    dailyKey: text('daily_key').unique('challenges_daily_key_unique'),
    seed: bigint('seed', { mode: 'number' }),
    difficulty: integer('difficulty').notNull().default(1),
    title: text('title').notNull(),
    description: text('description').notNull(),
    data: jsonb('data'),
    answer: text('answer').notNull(),
    rewardPoints: integer('reward_points').notNull().default(0),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => players.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('challenges_kind_check', sql`${t.kind} in ('generated', 'custom')`),
    check('challenges_window_check', sql`${t.endsAt} > ${t.startsAt}`),
    index('challenges_ends_idx').on(t.endsAt),
  ],
);

/** A solve: once per player per challenge (the primary key refuses a second one). */
export const challengeSolves = pgTable(
  'challenge_solves',
  {
    challengeId: uuid('challenge_id').notNull().references(() => challenges.id, { onDelete: 'cascade' }),
    playerId: uuid('player_id').notNull().references(() => players.id, { onDelete: 'cascade' }),
    technicalMastery: integer('technical_mastery').notNull(),
    xp: integer('xp').notNull(),
    cpuCycles: integer('cpu_cycles').notNull(),
    solvedAt: timestamp('solved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'challenge_solves_pk', columns: [t.challengeId, t.playerId] })],
);

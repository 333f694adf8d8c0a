import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * A global operation (GAME §6.1). Its pools are minted into the escrow account at creation
 * (`pool_amount`), so the payout can never exceed them; `resolved_at` is the exactly-once
 * marker written in the payout's transaction.
 */
export const operations = pgTable(
  'operations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').notNull(),
    name: text('name').notNull(),
    briefing: text('briefing').notNull().default(''),
    handler: text('handler').notNull().default('Handler'),
    /** scheduled | briefing | active | resolution | ended */
    phase: text('phase').notNull().default('scheduled'),
    /** success | failure, once resolved. */
    outcome: text('outcome'),
    templateKey: text('template_key'),
    /** Webhook trigger id or calendar slot that created it: unique, so creation is idempotent. */
    sourceKey: text('source_key').unique('operations_source_key_unique'),
    /** Squad-scoped mission: only this squad's members may join. */
    squadId: text('squad_id'),
    createdBy: text('created_by'),
    requiredPlayers: integer('required_players').notNull().default(1),
    targetTerritories: text('target_territories').array().notNull().default(sql`'{}'::text[]`),
    xpPool: bigint('xp_pool', { mode: 'number' }).notNull().default(0),
    poolResource: text('pool_resource'),
    poolAmount: bigint('pool_amount', { mode: 'bigint' }).notNull().default(sql`0`),
    /** Pay members' shares into their squad's treasury. */
    payToSquads: boolean('pay_to_squads').notNull().default(false),
    /** XP multiplier fixed at creation (Flashpoint Friday: ×2). */
    xpMultiplier: doublePrecision('xp_multiplier').notNull().default(1),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    activeAt: timestamp('active_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('operations_phase_check', sql`${t.phase} in ('scheduled', 'briefing', 'active', 'resolution', 'ended')`),
    check('operations_pool_non_negative', sql`${t.poolAmount} >= 0 and ${t.xpPool} >= 0`),
    index('operations_phase_idx').on(t.phase),
  ],
);

/** One objective of an operation. Hidden ones are never sent to clients until `revealed`. */
export const operationObjectives = pgTable(
  'operation_objectives',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    operationId: uuid('operation_id').notNull().references(() => operations.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** primary | secondary | hidden */
    tier: text('tier').notNull(),
    /** liberate | contribute | verify_intel | solve_challenges */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    target: bigint('target', { mode: 'number' }).notNull(),
    progress: bigint('progress', { mode: 'number' }).notNull().default(0),
    weight: integer('weight').notNull().default(1),
    /** contribute: the resource; verify_intel: the category. */
    resource: text('resource'),
    category: text('category'),
    /** Hidden: revealed at this operation progress (0..1). */
    revealAt: doublePrecision('reveal_at'),
    revealed: boolean('revealed').notNull().default(true),
  },
  (t) => [
    unique('operation_objectives_position_unique').on(t.operationId, t.position),
    check('operation_objectives_target_positive', sql`${t.target} > 0 and ${t.weight} > 0 and ${t.progress} >= 0`),
  ],
);

/** A participant (player, with the squad they joined for) and their contribution points. */
export const operationParticipants = pgTable(
  'operation_participants',
  {
    operationId: uuid('operation_id').notNull().references(() => operations.id, { onDelete: 'cascade' }),
    playerId: text('player_id').notNull(),
    name: text('name').notNull().default(''),
    squadId: text('squad_id'),
    points: bigint('points', { mode: 'number' }).notNull().default(0),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    seq: bigserial('seq', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.operationId, t.playerId] }),
    index('operation_participants_points_idx').on(t.operationId, t.points),
  ],
);

/** Every contribution, as recorded (GAME §6.1). */
export const operationContributions = pgTable(
  'operation_contributions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    operationId: uuid('operation_id').notNull().references(() => operations.id, { onDelete: 'cascade' }),
    objectiveId: bigint('objective_id', { mode: 'number' }).notNull(),
    playerId: text('player_id').notNull(),
    kind: text('kind').notNull(),
    resource: text('resource'),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    points: bigint('points', { mode: 'number' }).notNull(),
    idempotencyKey: text('idempotency_key').unique('operation_contributions_key_unique'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('operation_contributions_operation_idx').on(t.operationId), index('operation_contributions_created_idx').on(t.createdAt)],
);

/** Handler messages posted into an operation. */
export const operationMessages = pgTable('operation_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  operationId: uuid('operation_id').notNull().references(() => operations.id, { onDelete: 'cascade' }),
  body: text('body').notNull(),
  author: text('author'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Operation templates (calendar, triggers, GM library), seeded from defaults, GM-editable. */
export const operationTemplates = pgTable('operation_templates', {
  key: text('key').primaryKey(),
  definition: jsonb('definition').$type<unknown>().notNull(),
  updatedBy: text('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Webhook signatures seen (replay protection, GAME §6.2). */
export const operationTriggerSignatures = pgTable('operation_trigger_signatures', {
  signature: text('signature').primaryKey(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The closes of the former weekly operations leaderboard (before migration 0020's leaderboards,
 * which now close operation points with the other boards): kept as history, no longer written.
 */
export const weeklyLeaderboards = pgTable('weekly_leaderboards', {
  weekStart: date('week_start', { mode: 'string' }).primaryKey(),
  closedAt: timestamp('closed_at', { withTimezone: true }).notNull().defaultNow(),
  winners: jsonb('winners').$type<unknown>().notNull().default([]),
});

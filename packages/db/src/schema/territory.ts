import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { territories } from './world';
import { squads } from './squads';

/** Siege phases (GAME §3.3): muster → battle → resolved. */
export const SIEGE_STATUSES = ['muster', 'battle', 'resolved'] as const;
export type SiegeStatus = (typeof SIEGE_STATUSES)[number];

/** Who won a resolved siege. */
export const SIEGE_RESULTS = ['attacker', 'defender'] as const;
export type SiegeOutcome = (typeof SIEGE_RESULTS)[number];

/**
 * A siege on one territory (GAME §3.3). The deadlines are persisted so a restarted server
 * resolves it on time; `prior_status` is what the territory goes back to if the attack fails.
 */
export const sieges = pgTable(
  'sieges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    territoryId: text('territory_id')
      .notNull()
      .references(() => territories.id),
    /** The attacking squad; null when the AC attacks (a counter-siege, GAME §3.5). */
    attackerSquadId: uuid('attacker_squad_id').references(() => squads.id),
    /** The holding squad; null when the AC (or nobody) holds the territory. */
    defenderSquadId: uuid('defender_squad_id').references(() => squads.id),
    /** The leader or officer who declared it; null for the AC's counter-sieges. */
    declaredBy: uuid('declared_by'),
    declaredAt: timestamp('declared_at', { withTimezone: true, precision: 3 }).notNull(),
    musterEndsAt: timestamp('muster_ends_at', { withTimezone: true, precision: 3 }).notNull(),
    battleEndsAt: timestamp('battle_ends_at', { withTimezone: true, precision: 3 }).notNull(),
    status: text('status', { enum: SIEGE_STATUSES }).notNull(),
    /** Territory status before the siege (occupied or liberated): restored when the attack fails. */
    priorStatus: text('prior_status').notNull(),
    result: text('result', { enum: SIEGE_RESULTS }),
    attackerStrength: doublePrecision('attacker_strength'),
    defenderStrength: doublePrecision('defender_strength'),
    attackersCommitted: integer('attackers_committed'),
    defendersCommitted: integer('defenders_committed'),
    /** The attacker had Ghost_Mode: the muster is hidden from the defender. */
    ghost: boolean('ghost').notNull().default(false),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, precision: 3 }),
    /** A counter-siege's AC strength: the strongest adjacent garrison when it was declared (GAME §3.5). */
    acStrength: integer('ac_strength'),
    /** The AC strike (its job slot) that declared this counter-siege: a re-run of the slot declares nothing. */
    acSlot: timestamp('ac_slot', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    // Exactly one live siege per territory, even when two squads declare at the same instant.
    uniqueIndex('sieges_one_live_per_territory')
      .on(t.territoryId)
      .where(sql`${t.status} <> 'resolved'`),
    index('sieges_territory_resolved_idx').on(t.territoryId, t.resolvedAt),
    check('sieges_status_check', sql`${t.status} in ('muster', 'battle', 'resolved')`),
    check('sieges_result_check', sql`${t.result} is null or ${t.result} in ('attacker', 'defender')`),
    // Exactly one attacker: a squad, or the AC with its strength.
    check('sieges_one_attacker_check', sql`(${t.attackerSquadId} is null) = (${t.acStrength} is not null)`),
    index('sieges_ac_slot_idx').on(t.acSlot).where(sql`${t.acSlot} is not null`),
  ],
);

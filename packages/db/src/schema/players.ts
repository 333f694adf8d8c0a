import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { territories } from './world';

/** Account roles (GAME §9), weakest first. */
export const PLAYER_ROLES = ['player', 'moderator', 'gm', 'admin'] as const;
export type PlayerRole = (typeof PLAYER_ROLES)[number];

const reputation = (name: string) => integer(name).notNull().default(0);

/**
 * A player account with its reputation (GAME §1), login streak (§1.3), the
 * activity timestamps reputation decay reads (§1.2) and the current deployment (§3.1).
 */
export const players = pgTable(
  'players',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** `lower(name)`: names are unique case-insensitively. */
    nameKey: text('name_key').notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: PLAYER_ROLES }).notNull().default('player'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),

    technicalMastery: reputation('technical_mastery'),
    truthScore: reputation('truth_score'),
    impactRating: reputation('impact_rating'),
    teachingHonor: reputation('teaching_honor'),
    artisticVision: reputation('artistic_vision'),

    firstBlood: boolean('first_blood').notNull().default(false),
    massAwakening: boolean('mass_awakening').notNull().default(false),
    isSquadLeader: boolean('is_squad_leader').notNull().default(false),

    xp: bigint('xp', { mode: 'number' }).notNull().default(0),
    loginStreak: integer('login_streak').notNull().default(0),
    /** The UTC day (YYYY-MM-DD) of the last login that counted for the streak. */
    lastLoginDay: date('last_login_day', { mode: 'string' }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    lastContributionAt: timestamp('last_contribution_at', { withTimezone: true }),
    lastMajorActionAt: timestamp('last_major_action_at', { withTimezone: true }),
    contributions: integer('contributions').notNull().default(0),
    daysActive: integer('days_active').notNull().default(0),
    verified: boolean('verified').notNull().default(true),
    founder: boolean('founder').notNull().default(false),
    /**
     * Reached 10000 influence once: permanent Legend aura with decay floor 5000
     * (GAME §1 unlocks). Set by the decay pass when it sees such a player, and by
     * whatever raises reputation.
     */
    foundingResistant: boolean('founding_resistant').notNull().default(false),
    titles: text('titles').array().notNull().default(sql`'{}'::text[]`),
    /** Mentee of an active pairing (GAME §8.3, migration 0023): the trigger players_mentee_xp adds +20 % to XP gains. */
    mentored: boolean('mentored').notNull().default(false),
    /** The last time XP crossed a level (GAME §8.4 churn risk; migration 0027's trigger `players_xp_level_up` sets it). */
    lastLevelUpAt: timestamp('last_level_up_at', { withTimezone: true }),

    deployedTerritoryId: text('deployed_territory_id').references(() => territories.id, {
      onDelete: 'set null',
    }),
    deployedAt: timestamp('deployed_at', { withTimezone: true }),
  },
  (t) => [
    check('players_role_check', sql`${t.role} in ('player', 'moderator', 'gm', 'admin')`),
    check(
      'players_reputation_range',
      sql`${t.technicalMastery} between 0 and 10000
        and ${t.truthScore} between 0 and 10000
        and ${t.impactRating} between 0 and 10000
        and ${t.teachingHonor} between 0 and 10000
        and ${t.artisticVision} between 0 and 10000`,
    ),
  ],
);

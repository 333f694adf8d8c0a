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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { SQUAD_RECRUITMENT, type SquadRecruitment } from '@datavism/rules';
import { players } from './players';

/** Recruitment statuses (GAME §2), defined with the rules. */
export { SQUAD_RECRUITMENT, type SquadRecruitment };

/** Member roles (GAME §2): one leader, officers, members. */
export const SQUAD_ROLES = ['leader', 'officer', 'member'] as const;
export type SquadRole = (typeof SQUAD_ROLES)[number];

/** Squad decision kinds. */
export const SQUAD_DECISION_KINDS = [
  'spend', 'declare_siege', 'kick', 'change_recruitment', 'distribute_profits',
] as const;
export type SquadDecisionKind = (typeof SQUAD_DECISION_KINDS)[number];

/** Decision lifecycle: open → passed (executed) | failed | execution_failed. */
export const SQUAD_DECISION_STATUSES = ['open', 'passed', 'failed', 'execution_failed'] as const;
export type SquadDecisionStatus = (typeof SQUAD_DECISION_STATUSES)[number];

export const SQUAD_APPLICATION_STATUSES = ['pending', 'accepted', 'rejected', 'withdrawn'] as const;
export type SquadApplicationStatus = (typeof SQUAD_APPLICATION_STATUSES)[number];

/**
 * A squad (GAME §2). Stats feed the level (points); `level` is stored by
 * `refreshSquadLevel` whenever members or stats change. A disbanded squad keeps
 * its row (ledger history points at it) with `disbanded_at` set and its
 * `name_key` freed.
 */
export const squads = pgTable(
  'squads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** `lower(name)`: squad names are unique case-insensitively. */
    nameKey: text('name_key').notNull().unique('squads_name_key_unique'),
    type: text('type').notNull(),
    motto: text('motto').notNull().default(''),
    recruitment: text('recruitment', { enum: SQUAD_RECRUITMENT }).notNull().default('open'),
    minInfluence: integer('min_influence').notNull().default(0),
    minRank: text('min_rank'),
    missionsCompleted: integer('missions_completed').notNull().default(0),
    territoriesLiberated: integer('territories_liberated').notNull().default(0),
    /** AC counter-sieges held off (GAME §3.5). */
    territoriesDefended: integer('territories_defended').notNull().default(0),
    evidenceGathered: integer('evidence_gathered').notNull().default(0),
    level: integer('level').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    leaderId: uuid('leader_id').references(() => players.id),
    /** Squad finder profile: activity pace 0..1, main UTC offset, play style. */
    activityPace: doublePrecision('activity_pace').notNull().default(0.5),
    timezoneOffsetHours: doublePrecision('timezone_offset_hours').notNull().default(0),
    playStyle: text('play_style').notNull().default('balanced'),
    disbandedAt: timestamp('disbanded_at', { withTimezone: true }),
  },
  (t) => [
    check('squads_recruitment_check', sql`${t.recruitment} in ('open', 'application', 'closed')`),
    check('squads_level_range', sql`${t.level} between 1 and 6`),
  ],
);

/** Squad membership: a player is in at most one squad (UNIQUE player_id). */
export const squadMembers = pgTable(
  'squad_members',
  {
    squadId: uuid('squad_id')
      .notNull()
      .references(() => squads.id),
    playerId: uuid('player_id')
      .notNull()
      .references(() => players.id)
      .unique('squad_members_player_id_unique'),
    role: text('role', { enum: SQUAD_ROLES }).notNull(),
    /** Seniority: succession goes to the earliest joined officer, then member. */
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    contributionScore: doublePrecision('contribution_score').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.squadId, t.playerId] }),
    check('squad_members_role_check', sql`${t.role} in ('leader', 'officer', 'member')`),
  ],
);

/** Applications to squads recruiting by application; one pending per (squad, player). */
export const squadApplications = pgTable(
  'squad_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    squadId: uuid('squad_id')
      .notNull()
      .references(() => squads.id),
    playerId: uuid('player_id')
      .notNull()
      .references(() => players.id),
    message: text('message').notNull().default(''),
    status: text('status', { enum: SQUAD_APPLICATION_STATUSES }).notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
  },
  (t) => [
    uniqueIndex('squad_applications_pending_unique')
      .on(t.squadId, t.playerId)
      .where(sql`${t.status} = 'pending'`),
    index('squad_applications_player_idx').on(t.playerId),
  ],
);

/** A squad decision (GAME §2): proposed, voted on, closed by a job, executed once if passed. */
export const squadDecisions = pgTable(
  'squad_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    squadId: uuid('squad_id')
      .notNull()
      .references(() => squads.id),
    proposerId: uuid('proposer_id')
      .notNull()
      .references(() => players.id),
    kind: text('kind', { enum: SQUAD_DECISION_KINDS }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: SQUAD_DECISION_STATUSES }).notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** Final tally, written at close. */
    yes: integer('yes').notNull().default(0),
    no: integer('no').notNull().default(0),
    memberCount: integer('member_count').notNull().default(0),
    /** Why execution failed, or a short note of what it did. */
    result: text('result'),
  },
  (t) => [
    index('squad_decisions_squad_status_idx').on(t.squadId, t.status),
    check(
      'squad_decisions_status_check',
      sql`${t.status} in ('open', 'passed', 'failed', 'execution_failed')`,
    ),
  ],
);

/** One vote per member per decision; changing it updates the row. */
export const squadDecisionVotes = pgTable(
  'squad_decision_votes',
  {
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => squadDecisions.id),
    playerId: uuid('player_id')
      .notNull()
      .references(() => players.id),
    yes: boolean('yes').notNull(),
    votedAt: timestamp('voted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.playerId] })],
);

/** Resource_Sharing withdrawals, summed per (squad, player, resource, UTC day). */
export const squadWithdrawals = pgTable(
  'squad_withdrawals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    squadId: uuid('squad_id')
      .notNull()
      .references(() => squads.id),
    playerId: uuid('player_id')
      .notNull()
      .references(() => players.id),
    resource: text('resource').notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('squad_withdrawals_day_idx').on(t.squadId, t.playerId, t.resource, t.day),
    check('squad_withdrawals_amount_positive', sql`${t.amount} > 0`),
  ],
);

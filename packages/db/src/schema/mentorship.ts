import { sql } from 'drizzle-orm';
import {
  check, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { challenges } from './intel';
import { players } from './players';

/*
 * Mentorship (GAME §8.3), migration 0023. The migration also adds `players.mentored` (true while
 * the player is the mentee of an active pairing; the trigger `players_mentee_xp` reads it to add
 * +20 % to every XP gain) — written only by the mentorship data access.
 */

/** Time zone, languages and style: a mentor's offer and a mentee's ask have the same columns and checks. */
const preferenceColumns = () => ({
  timeZone: smallint('time_zone').notNull(),
  languages: text('languages').array().notNull(),
  style: text('style').notNull(),
});

function preferenceChecks(table: string, t: { timeZone: AnyPgColumn; languages: AnyPgColumn; style: AnyPgColumn }) {
  return [
    check(`${table}_time_zone_check`, sql`${t.timeZone} BETWEEN -12 AND 14`),
    check(`${table}_languages_check`, sql`cardinality(${t.languages}) BETWEEN 1 AND 5`),
    check(`${table}_style_check`, sql`${t.style} in ('structured', 'hands_on', 'socratic', 'exploratory')`),
  ];
}

/** A registered mentor (influence ≥ 1000 at registration): time zone, languages, style. */
export const mentorProfiles = pgTable(
  'mentor_profiles',
  {
    playerId: uuid('player_id').primaryKey().references(() => players.id, { onDelete: 'cascade' }),
    ...preferenceColumns(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => preferenceChecks('mentor_profiles', t),
);

/** What a mentee asked for; offers are matched against it. */
export const menteeAsks = pgTable(
  'mentee_asks',
  {
    playerId: uuid('player_id').primaryKey().references(() => players.id, { onDelete: 'cascade' }),
    ...preferenceColumns(),
    askedAt: timestamp('asked_at', { withTimezone: true }).notNull(),
  },
  (t) => preferenceChecks('mentee_asks', t),
);

/** A pairing's status: requested → active | declined; active → graduated | ended; requested → ended. */
export type MentorshipStatus = 'requested' | 'active' | 'declined' | 'ended' | 'graduated';

/**
 * A mentor–mentee pairing. `start*`: the mentee's dimensions when it became active; graduation
 * freezes `skillsImproved`, `skillGrowth` and `coopChallenges`. `mentorRating` is the mentee's
 * rating of the mentor (paid 50 × rating influence_points), `menteeRating` the mentor's of the mentee.
 */
export const mentorships = pgTable(
  'mentorships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mentorId: uuid('mentor_id').notNull().references(() => players.id, { onDelete: 'cascade' }),
    menteeId: uuid('mentee_id').notNull().references(() => players.id, { onDelete: 'cascade' }),
    status: text('status').$type<MentorshipStatus>().notNull().default('requested'),
    compatibilityBps: integer('compatibility_bps').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    startTechnicalMastery: integer('start_technical_mastery'),
    startTruthScore: integer('start_truth_score'),
    startImpactRating: integer('start_impact_rating'),
    startTeachingHonor: integer('start_teaching_honor'),
    startArtisticVision: integer('start_artistic_vision'),
    lessonsCompleted: integer('lessons_completed').notNull().default(0),
    coopChallenges: integer('coop_challenges'),
    skillsImproved: integer('skills_improved'),
    skillGrowth: jsonb('skill_growth'),
    mentorRating: smallint('mentor_rating'),
    menteeRating: smallint('mentee_rating'),
  },
  (t) => [
    check('mentorships_status_check', sql`${t.status} in ('requested', 'active', 'declined', 'ended', 'graduated')`),
    check('mentorships_not_self_check', sql`${t.mentorId} <> ${t.menteeId}`),
    check('mentorships_mentor_rating_check', sql`${t.mentorRating} BETWEEN 1 AND 5`),
    check('mentorships_mentee_rating_check', sql`${t.menteeRating} BETWEEN 1 AND 5`),
    uniqueIndex('mentorships_open_mentee_idx').on(t.menteeId).where(sql`${t.status} in ('requested', 'active')`),
    index('mentorships_mentor_idx').on(t.mentorId, t.status),
    index('mentorships_mentee_idx').on(t.menteeId),
  ],
);

/** A lesson: a challenge the mentor assigned to the mentee; completed when the mentee solves it. */
export const mentorshipLessons = pgTable(
  'mentorship_lessons',
  {
    pairingId: uuid('pairing_id').notNull().references(() => mentorships.id, { onDelete: 'cascade' }),
    challengeId: uuid('challenge_id').notNull().references(() => challenges.id, { onDelete: 'cascade' }),
    menteeId: uuid('mentee_id').notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'mentorship_lessons_pk', columns: [t.pairingId, t.challengeId] }),
    index('mentorship_lessons_open_idx').on(t.menteeId, t.challengeId).where(sql`${t.completedAt} IS NULL`),
  ],
);

/** The week a mentor earned maintenance points for (once per UTC week). */
export const mentorMaintenance = pgTable(
  'mentor_maintenance',
  {
    mentorId: uuid('mentor_id').notNull(),
    week: integer('week').notNull(),
    pairingId: uuid('pairing_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'mentor_maintenance_pk', columns: [t.mentorId, t.week] })],
);

/** A player's decay maintenance points (GAME §1.2): the daily decay spends them first. */
export const decayMaintenance = pgTable(
  'decay_maintenance',
  {
    playerId: uuid('player_id').primaryKey().references(() => players.id, { onDelete: 'cascade' }),
    points: integer('points').notNull().default(0),
    /** The UTC day of the last decay pass that spent points, and how many it spent (that pass's decay leaves them out). */
    spentDay: date('spent_day', { mode: 'string' }),
    spent: integer('spent').notNull().default(0),
  },
  (t) => [check('decay_maintenance_points_check', sql`${t.points} >= 0`)],
);

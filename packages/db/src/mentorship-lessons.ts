/**
 * Mentorship (GAME §8.3), part two: lessons (challenges the mentor assigns, completed when the
 * mentee solves them — the solve's own transaction marks them), co-op challenges, skill growth,
 * graduation with the mentor's reward, ratings, the decay maintenance of mentoring (§1.2), and the
 * read model a player sees.
 */
import { sql } from 'drizzle-orm';
import {
  GameError, MENTOR_MAINTENANCE_POINTS, REPUTATION_DIMENSIONS, assertChallengeOpen, assertMayGraduate, assertRating,
  SKILL_IMPROVED_POINTS, maintenanceWeek, skillGrowth, skillsImproved, type Reputation,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { withTransaction } from './ledger';
import { lockPairingTx, reputationOf, REPUTATION_COLUMNS, type PairingRow, type ReputationRow } from './mentorship';
import { rewardMentor, type MentorRewardResult } from './progression';
import { isUuid, queryRows, toNumber } from './sql';

/** The mentee's dimensions when the pairing began. */
function startOf(p: Record<string, unknown>): Reputation {
  return {
    technicalMastery: toNumber(p.start_technical_mastery), truthScore: toNumber(p.start_truth_score), impactRating: toNumber(p.start_impact_rating),
    teachingHonor: toNumber(p.start_teaching_honor), artisticVision: toNumber(p.start_artistic_vision),
  };
}

/**
 * The mentor assigns a lesson: an open challenge the mentee has not solved. FORBIDDEN unless the
 * mentor; PAIRING_NOT_ACTIVE unless active; NOT_FOUND / CHALLENGE_NOT_OPEN for the challenge;
 * REQUIREMENTS_NOT_MET for a challenge the mentee created (they may not solve it); ALREADY_DONE
 * when the mentee already solved it or it is already a lesson of this pairing.
 */
export async function assignLesson(db: Db, input: { pairingId: string; mentorId: string; challengeId: string; now: Date }): Promise<void> {
  await withTransaction(db, async (tx) => {
    const pairing = await lockPairingTx(tx, input.pairingId, input.mentorId, 'mentor');
    if (pairing.status !== 'active') throw new GameError('PAIRING_NOT_ACTIVE', `this mentorship is ${pairing.status}`);
    if (!isUuid(input.challengeId)) throw new GameError('NOT_FOUND', 'no such challenge');
    const [c] = await queryRows<{ starts_at: string | Date; ends_at: string | Date; created_by: string | null; solved: boolean }>(tx, sql`
      SELECT starts_at, ends_at, created_by::text AS created_by,
        EXISTS (SELECT 1 FROM challenge_solves s WHERE s.challenge_id = c.id AND s.player_id = ${pairing.mentee_id}::uuid) AS solved
      FROM challenges c WHERE c.id = ${input.challengeId}::uuid`);
    if (!c) throw new GameError('NOT_FOUND', 'no such challenge');
    assertChallengeOpen(new Date(c.starts_at), new Date(c.ends_at), input.now);
    if (c.created_by === pairing.mentee_id) throw new GameError('REQUIREMENTS_NOT_MET', 'your mentee created this challenge and cannot solve it');
    if (c.solved) throw new GameError('ALREADY_DONE', 'your mentee already solved this challenge');
    const inserted = await queryRows(tx, sql`INSERT INTO mentorship_lessons (pairing_id, challenge_id, mentee_id, assigned_at)
      VALUES (${input.pairingId}::uuid, ${input.challengeId}::uuid, ${pairing.mentee_id}::uuid, ${input.now})
      ON CONFLICT DO NOTHING RETURNING 1 AS ok`);
    if (inserted.length === 0) throw new GameError('ALREADY_DONE', 'this challenge is already a lesson of this mentorship');
  });
}

/** What a solve completed: the lessons (one per active pairing of the mentee at most). */
export interface LessonCompleted {
  pairingId: string;
  mentorId: string;
  lessonsCompleted: number;
  /** The mentor earned this week's maintenance points (GAME §1.2) with it. */
  maintenancePoints: number;
}

/**
 * Called inside a challenge solve's transaction (solveChallenge): if the challenge is an open lesson
 * of the solver's active pairing, the lesson is completed, the pairing counts it, and the mentor has
 * mentored a newbie (GAME §1.2): a contribution (stops the week's −100 decay) and, once per UTC week,
 * +200 maintenance points. One indexed statement when the solve is no lesson.
 */
export async function mentorshipLessonSolvedTx(tx: Tx, input: { playerId: string; challengeId: string; now: Date }): Promise<LessonCompleted[]> {
  const done = await queryRows<{ pairing_id: string; mentor_id: string; lessons: unknown }>(tx, sql`
    WITH l AS (
      UPDATE mentorship_lessons l SET completed_at = ${input.now}
      FROM mentorships m
      WHERE l.mentee_id = ${input.playerId}::uuid AND l.challenge_id = ${input.challengeId}::uuid AND l.completed_at IS NULL
        AND m.id = l.pairing_id AND m.status = 'active'
      RETURNING l.pairing_id
    )
    UPDATE mentorships m SET lessons_completed = m.lessons_completed + 1 FROM l WHERE m.id = l.pairing_id
    RETURNING m.id::text AS pairing_id, m.mentor_id::text AS mentor_id, m.lessons_completed AS lessons`);
  const out: LessonCompleted[] = [];
  for (const d of done) {
    await tx.execute(sql`UPDATE players SET contributions = contributions + 1, last_contribution_at = ${input.now} WHERE id = ${d.mentor_id}::uuid`);
    const week = maintenanceWeek(input.now.getTime());
    const first = await queryRows(tx, sql`INSERT INTO mentor_maintenance (mentor_id, week, pairing_id, at)
      VALUES (${d.mentor_id}::uuid, ${week}, ${d.pairing_id}::uuid, ${input.now}) ON CONFLICT DO NOTHING RETURNING 1 AS ok`);
    if (first.length > 0) {
      await tx.execute(sql`INSERT INTO decay_maintenance (player_id, points) VALUES (${d.mentor_id}::uuid, ${MENTOR_MAINTENANCE_POINTS})
        ON CONFLICT (player_id) DO UPDATE SET points = decay_maintenance.points + excluded.points`);
    }
    out.push({ pairingId: d.pairing_id, mentorId: d.mentor_id, lessonsCompleted: toNumber(d.lessons), maintenancePoints: first.length > 0 ? MENTOR_MAINTENANCE_POINTS : 0 });
  }
  return out;
}

/**
 * Co-op challenges of a pairing (GAME §8.3): challenges mentor and mentee both solved since it
 * began (and before it ended), within `hourMs` (one game hour) of each other.
 */
export async function coopChallenges(db: Db, pairing: { mentor_id: string; mentee_id: string; started_at?: unknown; ended_at?: unknown }, hourMs: number): Promise<number> {
  if (!pairing.started_at) return 0;
  const started = new Date(pairing.started_at as string);
  const ended = pairing.ended_at ? new Date(pairing.ended_at as string) : null;
  const [row] = await queryRows<{ n: unknown }>(db, sql`
    SELECT count(*) AS n FROM challenge_solves a JOIN challenge_solves b ON b.challenge_id = a.challenge_id
    WHERE a.player_id = ${pairing.mentor_id}::uuid AND b.player_id = ${pairing.mentee_id}::uuid
      AND a.solved_at >= ${started} AND b.solved_at >= ${started}
      ${ended ? sql`AND a.solved_at <= ${ended} AND b.solved_at <= ${ended}` : sql``}
      AND abs(extract(epoch FROM a.solved_at - b.solved_at)) * 1000 <= ${hourMs}`);
  return toNumber(row?.n);
}

/** What a graduation did. */
export interface GraduationResult {
  pairingId: string;
  lessonsCompleted: number;
  coopChallenges: number;
  skillsImproved: number;
  growth: Reputation;
  reward: MentorRewardResult;
}

/**
 * The mentor graduates the mentee (GAME §8.3): FORBIDDEN unless the mentor, PAIRING_NOT_ACTIVE
 * unless active, REQUIREMENTS_NOT_MET before 5 lessons and a skill improved by ≥ 500. Freezes the
 * pairing's growth, skills and co-op challenges, stops the mentee's XP bonus and pays the mentor
 * through `rewardMentor` (teachingHonor 100 × skills improved, students mentored, Master Teacher
 * above 10, mentor_master at 10), all in one transaction.
 */
export async function graduateMentee(db: Db, input: { pairingId: string; mentorId: string; now: Date; hourMs: number }): Promise<GraduationResult> {
  return withTransaction(db, async (tx) => {
    const pairing = await lockPairingTx(tx, input.pairingId, input.mentorId, 'mentor', true);
    if (pairing.status !== 'active') throw new GameError('PAIRING_NOT_ACTIVE', `this mentorship is ${pairing.status}`);
    const [mentee] = await queryRows<ReputationRow>(tx, sql`SELECT ${REPUTATION_COLUMNS} FROM players WHERE id = ${pairing.mentee_id}::uuid`);
    if (!mentee) throw new GameError('NOT_FOUND', 'no such mentee');
    const start = startOf(pairing);
    const now = reputationOf(mentee);
    const improved = skillsImproved(start, now);
    const lessons = toNumber(pairing.lessons_completed);
    assertMayGraduate({ lessonsCompleted: lessons, skillsImproved: improved });
    const coop = await coopChallenges(tx, pairing, input.hourMs);
    const growth = skillGrowth(start, now);
    await tx.execute(sql`UPDATE mentorships SET status = 'graduated', ended_at = ${input.now}, skills_improved = ${improved},
      coop_challenges = ${coop}, skill_growth = ${JSON.stringify(growth)}::jsonb WHERE id = ${input.pairingId}::uuid`);
    await tx.execute(sql`UPDATE players SET mentored = false WHERE id = ${pairing.mentee_id}::uuid`);
    const reward = await rewardMentor(tx, { pairingId: input.pairingId, mentorId: pairing.mentor_id, graduated: { skillsImproved: improved }, now: input.now });
    return { pairingId: input.pairingId, lessonsCompleted: lessons, coopChallenges: coop, skillsImproved: improved, growth, reward };
  });
}

/** What a rating did. */
export interface RatingResult {
  /** Who was rated. */
  rated: 'mentor' | 'mentee';
  rating: number;
  /** influence_points minted to the mentor (50 × rating when the mentee rates; 0 otherwise). */
  influencePoints: number;
}

/**
 * One side rates the other 1–5 after graduation (GAME §8.3: "both sides' ratings"): the mentee's
 * rating of the mentor pays the mentor 50 × rating influence_points through the ledger
 * (`rewardMentor`), the mentor's rating of the mentee is recorded. BAD_REQUEST outside 1–5,
 * FORBIDDEN for anyone else, REQUIREMENTS_NOT_MET before graduation, ALREADY_RATED the second time
 * (the pairing row is locked, so two at once: one stands).
 */
export async function rateMentorship(db: Db, input: { pairingId: string; raterId: string; rating: number; now: Date }): Promise<RatingResult> {
  assertRating(input.rating);
  return withTransaction(db, async (tx) => {
    const pairing = await lockPairingTx(tx, input.pairingId, input.raterId, 'either');
    if (pairing.status !== 'graduated') throw new GameError('REQUIREMENTS_NOT_MET', 'ratings come after graduation');
    const rated = pairing.mentee_id === input.raterId ? 'mentor' : 'mentee';
    const column = sql.raw(rated === 'mentor' ? 'mentor_rating' : 'mentee_rating');
    const set = await queryRows(tx, sql`UPDATE mentorships SET ${column} = ${input.rating}
      WHERE id = ${input.pairingId}::uuid AND ${column} IS NULL RETURNING 1 AS ok`);
    if (set.length === 0) throw new GameError('ALREADY_RATED', rated === 'mentor' ? 'you already rated your mentor' : 'you already rated your mentee');
    if (rated === 'mentee') return { rated, rating: input.rating, influencePoints: 0 };
    const reward = await rewardMentor(tx, { pairingId: input.pairingId, mentorId: pairing.mentor_id, rating: input.rating, now: input.now });
    return { rated, rating: input.rating, influencePoints: reward.influencePoints };
  });
}

/** A lesson as a pairing lists it. */
export interface LessonView {
  challengeId: string;
  title: string;
  assignedAt: Date;
  completedAt: Date | null;
}

/** A pairing as either side sees it. */
export interface PairingView {
  id: string;
  status: string;
  mentor: { id: string; name: string };
  mentee: { id: string; name: string };
  compatibility: number;
  requestedAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  lessonsCompleted: number;
  lessons: LessonView[];
  coopChallenges: number;
  /** Growth since the pairing began: live while active, frozen at graduation, null before it starts. */
  growth: Reputation | null;
  skillsImproved: number;
  mentorRating: number | null;
  menteeRating: number | null;
}

/**
 * The pairings of a player, as mentor and as mentee (open ones first, then the latest 20 closed),
 * with lessons, co-op challenges and skill growth.
 */
export async function playerMentorships(db: Db, playerId: string, hourMs: number): Promise<PairingView[]> {
  if (!isUuid(playerId)) return [];
  const rows = await queryRows<PairingRow & ReputationRow & { mentor_name: string; mentee_name: string }>(db, sql`
    SELECT m.*, a.name AS mentor_name, b.name AS mentee_name,
      b.technical_mastery, b.truth_score, b.impact_rating, b.teaching_honor, b.artistic_vision
    FROM mentorships m JOIN players a ON a.id = m.mentor_id JOIN players b ON b.id = m.mentee_id
    WHERE m.mentor_id = ${playerId}::uuid OR m.mentee_id = ${playerId}::uuid
    ORDER BY (m.status IN ('requested', 'active')) DESC, m.requested_at DESC LIMIT 30`);
  if (rows.length === 0) return [];
  const lessons = await queryRows<{ pairing_id: string; challenge_id: string; title: string; assigned_at: string | Date; completed_at: string | Date | null }>(db, sql`
    SELECT l.pairing_id::text AS pairing_id, l.challenge_id::text AS challenge_id, c.title, l.assigned_at, l.completed_at
    FROM mentorship_lessons l JOIN challenges c ON c.id = l.challenge_id
    WHERE l.pairing_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.id))}::jsonb)::uuid)
    ORDER BY l.assigned_at`);
  const date = (v: unknown) => (v ? new Date(v as string) : null);
  const views: PairingView[] = [];
  for (const r of rows) {
    const live = r.status === 'active';
    const growth = r.status === 'graduated' && r.skill_growth
      ? (typeof r.skill_growth === 'string' ? JSON.parse(r.skill_growth) : r.skill_growth) as Reputation
      : live ? skillGrowth(startOf(r), reputationOf(r)) : null;
    views.push({
      id: r.id, status: r.status,
      mentor: { id: r.mentor_id, name: r.mentor_name }, mentee: { id: r.mentee_id, name: r.mentee_name },
      compatibility: toNumber(r.compatibility_bps) / 10000,
      requestedAt: new Date(r.requested_at as string), startedAt: date(r.started_at), endedAt: date(r.ended_at),
      lessonsCompleted: toNumber(r.lessons_completed),
      lessons: lessons.filter((l) => l.pairing_id === r.id).map((l) => ({
        challengeId: l.challenge_id, title: l.title, assignedAt: new Date(l.assigned_at), completedAt: date(l.completed_at),
      })),
      coopChallenges: r.status === 'graduated' ? toNumber(r.coop_challenges) : live ? await coopChallenges(db, r, hourMs) : 0,
      growth,
      skillsImproved: growth ? REPUTATION_DIMENSIONS.filter((d) => growth[d] >= SKILL_IMPROVED_POINTS).length : 0,
      mentorRating: r.mentor_rating === null || r.mentor_rating === undefined ? null : toNumber(r.mentor_rating),
      menteeRating: r.mentee_rating === null || r.mentee_rating === undefined ? null : toNumber(r.mentee_rating),
    });
  }
  return views;
}

/** A player's decay maintenance points (GAME §1.2). */
export async function maintenancePoints(db: Db, playerId: string): Promise<number> {
  if (!isUuid(playerId)) return 0;
  const [row] = await queryRows<{ points: unknown }>(db, sql`SELECT points FROM decay_maintenance WHERE player_id = ${playerId}::uuid`);
  return toNumber(row?.points);
}

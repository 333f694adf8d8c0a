/**
 * Mentorship (GAME §8.3), part one: mentors register, mentees ask, matching offers mentors by the
 * rules' compatibility, a mentee requests a mentor, the mentor accepts (capacity checked under the
 * mentor's lock) or declines, either side ends a pairing. Lessons, graduation and ratings are in
 * mentorship-lessons.ts. Every function acts for `playerId` only: the caller passes the player of
 * the session, and each refuses to act on a pairing that player is not part of (FORBIDDEN).
 */
import { eq, sql } from 'drizzle-orm';
import {
  GameError, MENTOR_MATCH_MIN_SCORE, MENTOR_MIN_INFLUENCE, assertMayMentor, assertPreferences, compatibility, influence,
  matchMentors, type MentorCandidate, type MentorOffer, type MentoringPreferences, type MentoringStyle, type Reputation,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { withTransaction } from './ledger';
import { parameterSql } from './progression';
import { menteeAsks, mentorProfiles, type MentorshipStatus } from './schema/index';
import { isUniqueViolation, isUuid, queryRows, toNumber } from './sql';

/** The player columns matching and skill growth read. */
export const REPUTATION_COLUMNS = sql.raw(`technical_mastery, truth_score, impact_rating, teaching_honor, artistic_vision,
  first_blood, mass_awakening, is_squad_leader`);

/** A players row's reputation columns as raw SQL returns them. */
export interface ReputationRow {
  technical_mastery: unknown; truth_score: unknown; impact_rating: unknown; teaching_honor: unknown; artistic_vision: unknown;
  first_blood?: boolean; mass_awakening?: boolean; is_squad_leader?: boolean;
  [k: string]: unknown;
}

/** The five dimensions of a raw players row. */
export function reputationOf(r: ReputationRow): Reputation {
  return {
    technicalMastery: toNumber(r.technical_mastery), truthScore: toNumber(r.truth_score), impactRating: toNumber(r.impact_rating),
    teachingHonor: toNumber(r.teaching_honor), artisticVision: toNumber(r.artistic_vision),
  };
}

/** Influence of a raw players row, multipliers counted. */
export function influenceOf(r: ReputationRow): number {
  return influence(reputationOf(r), { firstBlood: r.first_blood, massAwakening: r.mass_awakening, squadLeader: r.is_squad_leader });
}

/** The live `mentor_max_mentees` (registry, default 3). */
export async function mentorMaxMentees(db: Db): Promise<number> {
  const [row] = await queryRows<{ v: unknown }>(db, sql`SELECT ${parameterSql('mentor_max_mentees')} AS v`);
  return toNumber(row?.v);
}

const preferencesOf = (r: { timeZone: number; languages: string[]; style: string }): MentoringPreferences =>
  ({ timeZone: r.timeZone, languages: r.languages, style: r.style as MentoringStyle });

function normalised(p: MentoringPreferences): MentoringPreferences {
  const languages = [...new Set(p.languages.map((l) => l.trim().toLowerCase()).filter((l) => l.length > 0))];
  const out = { timeZone: p.timeZone, languages, style: p.style };
  assertPreferences(out);
  return out;
}

/** A registered mentor's profile. */
export interface MentorProfile extends MentoringPreferences {
  playerId: string;
  registeredAt: Date;
}

/**
 * Registers a mentor (or updates their time zone, languages and style): REQUIREMENTS_NOT_MET below
 * influence 1000 (multipliers counted), BAD_REQUEST for malformed preferences.
 */
export async function registerMentor(db: Db, input: { playerId: string; preferences: MentoringPreferences; now: Date }): Promise<MentorProfile> {
  const prefs = normalised(input.preferences);
  return withTransaction(db, async (tx) => {
    const [p] = await queryRows<ReputationRow>(tx, sql`SELECT ${REPUTATION_COLUMNS} FROM players WHERE id = ${input.playerId}::uuid`);
    if (!p) throw new GameError('UNAUTHORIZED', 'unknown player');
    assertMayMentor({ ...reputationOf(p), firstBlood: p.first_blood, massAwakening: p.mass_awakening, squadLeader: p.is_squad_leader });
    const values = { timeZone: prefs.timeZone, languages: [...prefs.languages], style: prefs.style };
    const [row] = await tx.insert(mentorProfiles).values({ playerId: input.playerId, ...values, registeredAt: input.now, updatedAt: input.now })
      .onConflictDoUpdate({ target: mentorProfiles.playerId, set: { ...values, updatedAt: input.now } }).returning();
    return { playerId: row!.playerId, ...preferencesOf(row!), registeredAt: row!.registeredAt };
  });
}

/** Records what a mentee asks for (time zone, languages, style); offers are matched against it. */
export async function askForMentor(db: Db, input: { playerId: string; preferences: MentoringPreferences; now: Date }): Promise<MentoringPreferences> {
  const prefs = normalised(input.preferences);
  const values = { timeZone: prefs.timeZone, languages: [...prefs.languages], style: prefs.style, askedAt: input.now };
  await db.insert(menteeAsks).values({ playerId: input.playerId, ...values }).onConflictDoUpdate({ target: menteeAsks.playerId, set: values });
  return prefs;
}

/** The player's mentor profile and ask, or nulls. */
export async function mentoringPreferences(db: Db, playerId: string): Promise<{ mentor: MentorProfile | null; ask: MentoringPreferences | null }> {
  if (!isUuid(playerId)) return { mentor: null, ask: null };
  const [m] = await db.select().from(mentorProfiles).where(eq(mentorProfiles.playerId, playerId));
  const [a] = await db.select().from(menteeAsks).where(eq(menteeAsks.playerId, playerId));
  return {
    mentor: m ? { playerId: m.playerId, ...preferencesOf(m), registeredAt: m.registeredAt } : null,
    ask: a ? preferencesOf(a) : null,
  };
}

/** Registered mentors who may still mentor (influence ≥ 1000 now), with their active mentees. */
async function mentorCandidates(db: Db, onlyId?: string): Promise<(MentorCandidate & { name: string })[]> {
  const rows = await queryRows<ReputationRow & { id: string; name: string; time_zone: unknown; languages: string[]; style: string; active: unknown }>(db, sql`
    SELECT p.id::text AS id, p.name, ${REPUTATION_COLUMNS}, m.time_zone, m.languages, m.style,
      (SELECT count(*) FROM mentorships x WHERE x.mentor_id = m.player_id AND x.status = 'active') AS active
    FROM mentor_profiles m JOIN players p ON p.id = m.player_id
    ${onlyId ? sql`WHERE m.player_id = ${onlyId}::uuid` : sql``}`);
  return rows.filter((r) => influenceOf(r) >= MENTOR_MIN_INFLUENCE).map((r) => ({
    id: r.id, name: r.name, reputation: reputationOf(r), activeMentees: toNumber(r.active),
    preferences: { timeZone: toNumber(r.time_zone), languages: r.languages, style: r.style as MentoringStyle },
  }));
}

/** A mentor offered to a mentee, with the mentor's name. */
export interface MentorOfferView extends MentorOffer {
  name: string;
  activeMentees: number;
}

/**
 * The mentors offered to a player who asked (GAME §8.3): compatibility ≥ 0.7, best first, only
 * mentors with room; at most `limit`. Empty without an ask. Reads every registered mentor: fine for
 * thousands of mentors (influence ≥ 1000 is a small share of players).
 */
export async function mentorOffers(db: Db, playerId: string, limit = 20): Promise<MentorOfferView[]> {
  const { ask } = await mentoringPreferences(db, playerId);
  if (!ask) return [];
  const [me] = await queryRows<ReputationRow>(db, sql`SELECT ${REPUTATION_COLUMNS} FROM players WHERE id = ${playerId}::uuid`);
  if (!me) return [];
  const mentors = await mentorCandidates(db);
  const byId = new Map(mentors.map((m) => [m.id, m]));
  const offers = matchMentors({ id: playerId, reputation: reputationOf(me), preferences: ask }, mentors, await mentorMaxMentees(db));
  return offers.slice(0, limit).map((o) => ({ ...o, name: byId.get(o.mentorId)!.name, activeMentees: byId.get(o.mentorId)!.activeMentees }));
}

/** A pairing row as raw SQL returns it. */
export interface PairingRow {
  id: string;
  mentor_id: string;
  mentee_id: string;
  status: MentorshipStatus;
  [k: string]: unknown;
}

/**
 * The pairing `pairingId`, locked, or NOT_FOUND; FORBIDDEN unless `playerId` is its `side` (or either
 * side). With `menteeFirst` the mentee's players row is locked before the pairing: a challenge solve
 * locks the mentee, then the lesson's pairing, so a graduation or an end that writes the mentee's row
 * takes the locks in the same order (no deadlock with a lesson solved at that moment).
 */
export async function lockPairingTx(tx: Tx, pairingId: string, playerId: string, side: 'mentor' | 'mentee' | 'either', menteeFirst = false): Promise<PairingRow> {
  if (!isUuid(pairingId)) throw new GameError('NOT_FOUND', 'no such mentorship');
  if (menteeFirst) {
    await tx.execute(sql`SELECT 1 FROM players WHERE id = (SELECT mentee_id FROM mentorships WHERE id = ${pairingId}::uuid) FOR UPDATE`);
  }
  const [row] = await queryRows<PairingRow>(tx, sql`SELECT * FROM mentorships WHERE id = ${pairingId}::uuid FOR UPDATE`);
  if (!row) throw new GameError('NOT_FOUND', 'no such mentorship');
  const isMentor = row.mentor_id === playerId;
  const isMentee = row.mentee_id === playerId;
  if ((side === 'mentor' && !isMentor) || (side === 'mentee' && !isMentee) || (side === 'either' && !isMentor && !isMentee)) {
    throw new GameError('FORBIDDEN', side === 'either' ? 'not your mentorship' : `only the ${side} of this mentorship may do that`);
  }
  return row;
}

/**
 * A mentee asks a mentor (GAME §8.3): FORBIDDEN for oneself, REQUIREMENTS_NOT_MET without an ask or
 * below compatibility 0.7, NOT_FOUND for a player who is not a mentor (or no longer may be),
 * MENTOR_FULL when the mentor has `mentor_max_mentees` active mentees, ALREADY_MENTORED while the
 * mentee has a requested or active pairing (the partial unique index is the last guard).
 */
export async function requestMentor(db: Db, input: { menteeId: string; mentorId: string; now: Date }): Promise<{ pairingId: string; score: number }> {
  if (input.menteeId === input.mentorId) throw new GameError('FORBIDDEN', 'you cannot be your own mentor');
  if (!isUuid(input.mentorId)) throw new GameError('NOT_FOUND', 'no such mentor');
  try {
    return await withTransaction(db, async (tx) => {
      const { ask } = await mentoringPreferences(tx, input.menteeId);
      if (!ask) throw new GameError('REQUIREMENTS_NOT_MET', 'tell us your time zone, languages and style first');
      const [open] = await queryRows(tx, sql`SELECT 1 AS x FROM mentorships WHERE mentee_id = ${input.menteeId}::uuid AND status IN ('requested', 'active')`);
      if (open) throw new GameError('ALREADY_MENTORED', 'you already have a mentor or a request waiting');
      const [mentor] = await mentorCandidates(tx, input.mentorId);
      if (!mentor) throw new GameError('NOT_FOUND', 'no such mentor');
      if (mentor.activeMentees >= (await mentorMaxMentees(tx))) throw new GameError('MENTOR_FULL', 'this mentor has no room for another mentee');
      const [me] = await queryRows<ReputationRow>(tx, sql`SELECT ${REPUTATION_COLUMNS} FROM players WHERE id = ${input.menteeId}::uuid`);
      if (!me) throw new GameError('UNAUTHORIZED', 'unknown player');
      const score = compatibility(mentor, { reputation: reputationOf(me), preferences: ask });
      if (score < MENTOR_MATCH_MIN_SCORE) throw new GameError('REQUIREMENTS_NOT_MET', `compatibility ${score} is below ${MENTOR_MATCH_MIN_SCORE}`);
      const [row] = await queryRows<{ id: string }>(tx, sql`INSERT INTO mentorships (mentor_id, mentee_id, status, compatibility_bps, requested_at)
        VALUES (${input.mentorId}::uuid, ${input.menteeId}::uuid, 'requested', ${Math.round(score * 10000)}, ${input.now}) RETURNING id::text AS id`);
      return { pairingId: row!.id, score };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new GameError('ALREADY_MENTORED', 'you already have a mentor or a request waiting', { cause: err });
    throw err;
  }
}

/**
 * The mentor accepts a request: the pairing becomes active, the mentee's dimensions are recorded
 * (skill growth starts from them) and the mentee earns +20 % XP from now. The mentor's profile row
 * is locked, so concurrent accepts take turns and the cap holds: MENTOR_FULL at `mentor_max_mentees`.
 * PAIRING_NOT_ACTIVE unless requested; REQUIREMENTS_NOT_MET if the mentor's influence fell below 1000.
 */
export async function acceptMentee(db: Db, input: { pairingId: string; mentorId: string; now: Date }): Promise<PairingRow> {
  return withTransaction(db, async (tx) => {
    await tx.execute(sql`SELECT 1 FROM mentor_profiles WHERE player_id = ${input.mentorId}::uuid FOR UPDATE`);
    const pairing = await lockPairingTx(tx, input.pairingId, input.mentorId, 'mentor');
    if (pairing.status !== 'requested') throw new GameError('PAIRING_NOT_ACTIVE', `this mentorship is ${pairing.status}`);
    const [mentor] = await mentorCandidates(tx, input.mentorId);
    if (!mentor) throw new GameError('REQUIREMENTS_NOT_MET', `mentors need influence ${MENTOR_MIN_INFLUENCE}`);
    if (mentor.activeMentees >= (await mentorMaxMentees(tx))) throw new GameError('MENTOR_FULL', 'you have no room for another mentee');
    const [row] = await queryRows<PairingRow>(tx, sql`
      UPDATE mentorships m SET status = 'active', started_at = ${input.now},
        start_technical_mastery = p.technical_mastery, start_truth_score = p.truth_score, start_impact_rating = p.impact_rating,
        start_teaching_honor = p.teaching_honor, start_artistic_vision = p.artistic_vision
      FROM players p WHERE m.id = ${input.pairingId}::uuid AND p.id = m.mentee_id
      RETURNING m.*`);
    await tx.execute(sql`UPDATE players SET mentored = true WHERE id = ${pairing.mentee_id}::uuid`);
    return row!;
  });
}

/** The mentor declines a request (PAIRING_NOT_ACTIVE unless requested). */
export async function declineMentee(db: Db, input: { pairingId: string; mentorId: string; now: Date }): Promise<void> {
  await withTransaction(db, async (tx) => {
    const pairing = await lockPairingTx(tx, input.pairingId, input.mentorId, 'mentor');
    if (pairing.status !== 'requested') throw new GameError('PAIRING_NOT_ACTIVE', `this mentorship is ${pairing.status}`);
    await tx.execute(sql`UPDATE mentorships SET status = 'declined', ended_at = ${input.now} WHERE id = ${input.pairingId}::uuid`);
  });
}

/** Either side ends a requested or active pairing (no reward); the mentee's XP bonus stops. */
export async function endMentorship(db: Db, input: { pairingId: string; playerId: string; now: Date }): Promise<void> {
  await withTransaction(db, async (tx) => {
    const pairing = await lockPairingTx(tx, input.pairingId, input.playerId, 'either', true);
    if (pairing.status !== 'requested' && pairing.status !== 'active') throw new GameError('PAIRING_NOT_ACTIVE', `this mentorship is ${pairing.status}`);
    await tx.execute(sql`UPDATE mentorships SET status = 'ended', ended_at = ${input.now} WHERE id = ${input.pairingId}::uuid`);
    await tx.execute(sql`UPDATE players SET mentored = false WHERE id = ${pairing.mentee_id}::uuid`);
  });
}

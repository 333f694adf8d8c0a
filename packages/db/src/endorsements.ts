/**
 * Endorsements (GAME §1): a player of influence ≥ 100 endorses another once per game day, never
 * themselves, not the same player twice in 7 game days: +10 to one dimension of the target, which
 * counts towards the target's community_pillar (1000 received).
 */
import { sql } from 'drizzle-orm';
import {
  ENDORSEMENT_PAIR_COOLDOWN_DAYS, ENDORSEMENT_POINTS, GameError, REPUTATION_DIMENSIONS, assertMayEndorse, gameDay,
  isCommunityPillar, type ReputationDimension,
} from '@datavism/rules';
import type { Db } from './client';
import { grantAchievementsTx } from './achievements';
import { withTransaction } from './ledger';
import { raiseReputationTx } from './progression';
import { isUniqueViolation, isUuid, queryRows, toNumber } from './sql';

/** An endorsement to record. */
export interface EndorseInput {
  endorserId: string;
  targetId: string;
  dimension: ReputationDimension;
  now: Date;
  /** One game day in ms (config durations). */
  dayMs: number;
}

/** What an endorsement did. */
export interface EndorsementResult {
  targetId: string;
  dimension: ReputationDimension;
  points: number;
  /** Reputation the target has received from endorsements in all. */
  targetReceived: number;
  /** The target earned community_pillar with this endorsement. */
  communityPillar: boolean;
}

type PlayerRow = {
  id: string; technical_mastery: number; truth_score: number; impact_rating: number; teaching_honor: number;
  artistic_vision: number; first_blood: boolean; mass_awakening: boolean; is_squad_leader: boolean;
};

/**
 * Records an endorsement and raises the target's dimension by 10, in one transaction; on any
 * refusal nothing is written: BAD_REQUEST (dimension), SELF_ENDORSEMENT, NOT_FOUND (target),
 * REQUIREMENTS_NOT_MET (influence < 100), ENDORSED_TODAY, ENDORSED_RECENTLY. The endorser's row is
 * locked so two endorsements of one player take turns; the unique (endorser, game day) is the
 * last guard.
 */
export async function recordEndorsement(db: Db, input: EndorseInput): Promise<EndorsementResult> {
  if (!(REPUTATION_DIMENSIONS as readonly string[]).includes(input.dimension)) {
    throw new GameError('BAD_REQUEST', `unknown dimension ${String(input.dimension)}`);
  }
  if (input.endorserId === input.targetId) throw new GameError('SELF_ENDORSEMENT', 'you cannot endorse yourself');
  if (!isUuid(input.targetId)) throw new GameError('NOT_FOUND', `no player ${input.targetId}`);
  const day = gameDay(input.now.getTime(), input.dayMs);
  try {
    return await withTransaction(db, async (tx) => {
      const [endorser] = await queryRows<PlayerRow>(tx, sql`
        SELECT id, technical_mastery, truth_score, impact_rating, teaching_honor, artistic_vision, first_blood, mass_awakening, is_squad_leader
        FROM players WHERE id = ${input.endorserId}::uuid FOR UPDATE`);
      if (!endorser) throw new GameError('UNAUTHORIZED', 'unknown player');
      const [target] = await queryRows<{ id: string }>(tx, sql`SELECT id FROM players WHERE id = ${input.targetId}::uuid`);
      if (!target) throw new GameError('NOT_FOUND', `no player ${input.targetId}`);
      const [last] = await queryRows<{ day: unknown; pair_at: string | Date | null }>(tx, sql`
        SELECT (SELECT max(game_day) FROM endorsements WHERE endorser_id = ${input.endorserId}::uuid) AS day,
               (SELECT max(created_at) FROM endorsements WHERE endorser_id = ${input.endorserId}::uuid AND target_id = ${input.targetId}::uuid) AS pair_at`);
      assertMayEndorse({
        endorserId: input.endorserId, targetId: input.targetId,
        endorser: {
          technicalMastery: endorser.technical_mastery, truthScore: endorser.truth_score, impactRating: endorser.impact_rating,
          teachingHonor: endorser.teaching_honor, artisticVision: endorser.artistic_vision,
          firstBlood: endorser.first_blood, massAwakening: endorser.mass_awakening, squadLeader: endorser.is_squad_leader,
        },
        lastEndorsementDay: last?.day === null || last?.day === undefined ? null : toNumber(last.day),
        lastOfPairAt: last?.pair_at ? new Date(last.pair_at).getTime() : null,
        nowMs: input.now.getTime(), dayMs: input.dayMs,
      });
      await tx.execute(sql`INSERT INTO endorsements (endorser_id, target_id, dimension, points, game_day, created_at)
        VALUES (${input.endorserId}::uuid, ${input.targetId}::uuid, ${input.dimension}, ${ENDORSEMENT_POINTS}, ${day}, ${input.now})`);
      await raiseReputationTx(tx, [input.targetId], input.dimension, ENDORSEMENT_POINTS);
      const [received] = await queryRows<{ n: unknown }>(tx, sql`
        INSERT INTO player_progress (player_id, endorsement_points) VALUES (${input.targetId}::uuid, ${ENDORSEMENT_POINTS})
        ON CONFLICT (player_id) DO UPDATE SET endorsement_points = player_progress.endorsement_points + excluded.endorsement_points
        RETURNING endorsement_points AS n`);
      const total = toNumber(received?.n);
      const pillar = isCommunityPillar(total) ? await grantAchievementsTx(tx, 'community_pillar', [input.targetId]) : [];
      return { targetId: input.targetId, dimension: input.dimension, points: ENDORSEMENT_POINTS, targetReceived: total, communityPillar: pillar.length > 0 };
    });
  } catch (err) {
    // Two endorsements of one endorser on one day racing past the lock (cannot happen with it, but
    // the unique key is the rule's last word).
    if (isUniqueViolation(err)) throw new GameError('ENDORSED_TODAY', 'you already endorsed someone this game day', { cause: err });
    throw err;
  }
}

/** One endorsement in a player's lists. */
export interface EndorsementLine {
  playerId: string;
  name: string;
  dimension: ReputationDimension;
  points: number;
  at: Date;
}

/** A player's endorsement status: may they endorse today, whom not (7 days), what they gave and received. */
export interface EndorsementStatus {
  endorsedToday: boolean;
  /** Players this one may not endorse again yet, with the time they may. */
  cooldowns: { playerId: string; until: Date }[];
  given: EndorsementLine[];
  received: EndorsementLine[];
  receivedPoints: number;
}

/** The endorsement status of a player at `now` (lists: the latest 20 each way). */
export async function endorsementStatus(db: Db, playerId: string, now: Date, dayMs: number): Promise<EndorsementStatus> {
  if (!isUuid(playerId)) throw new GameError('NOT_FOUND', `no player ${playerId}`);
  const day = gameDay(now.getTime(), dayMs);
  const since = new Date(now.getTime() - ENDORSEMENT_PAIR_COOLDOWN_DAYS * dayMs);
  const line = (r: { player_id: string; name: string; dimension: string; points: unknown; created_at: string | Date }): EndorsementLine => ({
    playerId: r.player_id, name: r.name, dimension: r.dimension as ReputationDimension, points: toNumber(r.points), at: new Date(r.created_at),
  });
  type Row = { player_id: string; name: string; dimension: string; points: unknown; created_at: string | Date; game_day: unknown };
  const given = await queryRows<Row>(db, sql`
    SELECT e.target_id::text AS player_id, p.name, e.dimension, e.points, e.created_at, e.game_day
    FROM endorsements e JOIN players p ON p.id = e.target_id WHERE e.endorser_id = ${playerId}::uuid
    ORDER BY e.created_at DESC LIMIT 20`);
  const received = await queryRows<Row>(db, sql`
    SELECT e.endorser_id::text AS player_id, p.name, e.dimension, e.points, e.created_at, e.game_day
    FROM endorsements e JOIN players p ON p.id = e.endorser_id WHERE e.target_id = ${playerId}::uuid
    ORDER BY e.created_at DESC LIMIT 20`);
  const [total] = await queryRows<{ n: unknown }>(db, sql`SELECT endorsement_points AS n FROM player_progress WHERE player_id = ${playerId}::uuid`);
  const cooldowns = new Map<string, Date>();
  for (const g of given) {
    const at = new Date(g.created_at);
    if (at > since && !cooldowns.has(g.player_id)) cooldowns.set(g.player_id, new Date(at.getTime() + ENDORSEMENT_PAIR_COOLDOWN_DAYS * dayMs));
  }
  return {
    endorsedToday: given.some((g) => toNumber(g.game_day) >= day),
    cooldowns: [...cooldowns].map(([id, until]) => ({ playerId: id, until })),
    given: given.map(line),
    received: received.map(line),
    receivedPoints: toNumber(total?.n),
  };
}

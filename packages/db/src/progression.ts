/**
 * Where reputation and squad counters come from (GAME §1, §2, §5): objectives completed,
 * evidence gathered, operations resolved (their leader, the squads' missions, perfect_run,
 * speed_demon, mass_awakening), passed content, mentoring, and the squad levels and achievements
 * that follow. Every function runs inside the caller's transaction and is set-based: however many
 * players an event touches, a fixed number of statements.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  GameError, MASS_AWAKENING_PLAYERS, MASTER_TEACHER_TITLE, SECRET_MISSION_HANDLERS, SPECIALIZATION_THRESHOLDS,
  SQUAD_FOUNDER_LEVEL, SQUAD_LEVEL_THRESHOLDS, getParameterDef, hasSquadPerk, isMasterTeacher, isRevelation,
  isSpeedRun, mastersMentoring, mentorReward, type ParameterName, type ReputationDimension, type SquadType,
} from '@datavism/rules';
import type { Tx } from './client';
import { grantAchievementsTx, granteesSql, type Grantees } from './achievements';
import { accountId, creditCte, mint, playerAccountsCtes, transferCtes } from './ledger';
import { isUuid, queryRows, toNumber } from './sql';

/** The players column of a reputation dimension. */
const COLUMN: Readonly<Record<ReputationDimension, string>> = {
  technicalMastery: 'technical_mastery',
  truthScore: 'truth_score',
  impactRating: 'impact_rating',
  teachingHonor: 'teaching_honor',
  artisticVision: 'artistic_vision',
};

const idsSql = granteesSql;

/** A registry parameter's live value inside the statement (stored value, else the rules' default). */
export function parameterSql(name: ParameterName): SQL {
  return sql`coalesce((SELECT value FROM parameters WHERE name = ${name}), ${getParameterDef(name).default})::int`;
}

/** The live value of a registry parameter, read in `tx`. */
async function parameterValue(tx: Tx, name: ParameterName): Promise<number> {
  const [row] = await queryRows<{ v: unknown }>(tx, sql`SELECT ${parameterSql(name)} AS v`);
  return toNumber(row?.v);
}

/**
 * Adds `delta` (an amount, or a SQL expression) to one reputation dimension of `who`, clamped to
 * 0..10000, in one UPDATE; a rise of technicalMastery or truthScore then checks all_paths.
 */
export async function raiseReputationTx(tx: Tx, who: Grantees, dimension: ReputationDimension, delta: number | SQL): Promise<void> {
  const column = sql.raw(COLUMN[dimension]);
  const amount = typeof delta === 'number' ? sql`${Math.trunc(delta)}::int` : delta;
  await tx.execute(sql`UPDATE players SET ${column} = least(10000, greatest(0, ${column} + ${amount}))
    WHERE id IN (${idsSql(who)})`);
  if (dimension === 'technicalMastery' || dimension === 'truthScore') await checkAllPathsTx(tx, who);
}

/** Adds `delta` to a player_progress counter of `who` (creating their row). */
async function bumpProgressTx(tx: Tx, who: Grantees, column: 'investigations_led' | 'students_mentored' | 'content_passed' | 'endorsement_points', delta: number): Promise<void> {
  const c = sql.raw(column);
  await tx.execute(sql`INSERT INTO player_progress (player_id, ${c})
    SELECT id, ${delta}::int FROM (${idsSql(who)}) AS w(id) WHERE EXISTS (SELECT 1 FROM players p WHERE p.id = w.id)
    ON CONFLICT (player_id) DO UPDATE SET ${c} = player_progress.${c} + excluded.${c}`);
}

/**
 * Grants all_paths (GAME §5) to those of `who` who now show all five specializations (the rules'
 * SPECIALIZATION_THRESHOLDS, strictly above each). Called wherever one of the five inputs rises.
 */
export async function checkAllPathsTx(tx: Tx, who: Grantees): Promise<string[]> {
  const t = SPECIALIZATION_THRESHOLDS;
  return grantAchievementsTx(tx, 'all_paths', sql`
    SELECT p.id FROM players p JOIN player_progress g ON g.player_id = p.id
    WHERE p.id IN (${idsSql(who)})
      AND p.technical_mastery > ${t.technicalMastery} AND p.truth_score > ${t.truthScore}
      AND g.investigations_led > ${t.investigationsLed} AND g.students_mentored > ${t.studentsMentored}
      AND g.content_passed > ${t.contentPassed}`);
}

// ---- squads: counters, levels, founders ----

/** Squad level from points in SQL, from the rules' thresholds (< 1000 → 1 … ≥ 150000 → 6). */
function squadLevelSql(points: SQL): SQL {
  return sql`(1 ${sql.join(SQUAD_LEVEL_THRESHOLDS.map((t) => sql`+ CASE WHEN ${points} >= ${t} THEN 1 ELSE 0 END`), sql` `)})`;
}

/**
 * Re-levels squads after their counters moved (set-based: the rules' squadPoints with
 * activeMembers = member count) and grants squad_founder to the founders of those that reached
 * level 2. Returns the squads whose level changed.
 */
export async function relevelSquadsTx(tx: Tx, squadIds: SQL | readonly string[]): Promise<{ squadId: string; level: number }[]> {
  const ids = idsSql(squadIds);
  // 100·missionsCompleted + 500·territoriesLiberated + 50·evidenceGathered + 200·activeMembers (rules' squadPoints).
  const points = sql`(100 * s.missions_completed + 500 * s.territories_liberated + 50 * s.evidence_gathered
    + 200 * (SELECT count(*) FROM squad_members m WHERE m.squad_id = s.id))`;
  const rows = await queryRows<{ id: string; level: unknown }>(tx, sql`
    WITH c AS (SELECT s.id, ${squadLevelSql(points)} AS level FROM squads s WHERE s.id IN (${ids}) AND s.disbanded_at IS NULL)
    UPDATE squads s SET level = c.level FROM c WHERE s.id = c.id AND s.level <> c.level
    RETURNING s.id::text AS id, s.level`);
  const changed = rows.map((r) => ({ squadId: r.id, level: toNumber(r.level) }));
  await squadsReachedLevelTx(tx, changed);
  return changed;
}

/** squad_founder (GAME §5) for the founders of squads now at level ≥ 2. */
export async function squadsReachedLevelTx(tx: Tx, squads: readonly { squadId: string; level: number }[]): Promise<string[]> {
  const reached = squads.filter((s) => s.level >= SQUAD_FOUNDER_LEVEL).map((s) => s.squadId);
  if (reached.length === 0) return [];
  return grantAchievementsTx(tx, 'squad_founder', sql`SELECT player_id FROM squad_founders WHERE squad_id IN (${idsSql(reached)})`);
}

/** Records who founded a squad (in the squad's creating transaction). */
export async function recordSquadFounderTx(tx: Tx, squadId: string, playerId: string): Promise<void> {
  await tx.execute(sql`INSERT INTO squad_founders (squad_id, player_id) VALUES (${squadId}::uuid, ${playerId}::uuid) ON CONFLICT DO NOTHING`);
}

// ---- operations ----

/** The operation fields the hooks read. */
export interface OperationFacts {
  id: string;
  type: string;
  handler: string;
  squadId: string | null;
  activeAt: Date;
}

/**
 * Objectives of `op` that were completed in this transaction (their progress just reached the
 * target): each contributor gains `objective_impact_rating` impactRating (GAME §1); a hidden one is
 * a secret mission of the operation's handler (ghost_protocol once a player has one of every
 * handler) and, in a liberation war, the_revelation.
 */
export async function objectivesCompletedTx(tx: Tx, op: OperationFacts, objectives: readonly { id: number; tier: string }[]): Promise<void> {
  if (objectives.length === 0) return;
  const contributorsOf = (ids: readonly number[]) => sql`
    SELECT DISTINCT c.player_id::uuid FROM operation_contributions c
    WHERE c.objective_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::bigint)
      AND c.player_id <> ''`;
  await raiseReputationTx(tx, contributorsOf(objectives.map((o) => o.id)), 'impactRating', parameterSql('objective_impact_rating'));
  const hidden = objectives.filter((o) => o.tier === 'hidden').map((o) => o.id);
  if (hidden.length === 0) return;
  const finders = contributorsOf(hidden);
  await tx.execute(sql`INSERT INTO secret_missions (player_id, handler)
    SELECT id, ${op.handler} FROM (${finders}) AS f(id) ON CONFLICT DO NOTHING`);
  await secretMissionKeysTx(tx, hidden);
  const roster = JSON.stringify(SECRET_MISSION_HANDLERS);
  await grantAchievementsTx(tx, 'ghost_protocol', sql`
    SELECT player_id FROM secret_missions
    WHERE player_id IN (${finders}) AND handler IN (SELECT jsonb_array_elements_text(${roster}::jsonb))
    GROUP BY player_id HAVING count(*) = ${SECRET_MISSION_HANDLERS.length}`);
  if (isRevelation({ operationType: op.type, tier: 'hidden' })) await grantAchievementsTx(tx, 'the_revelation', finders);
}

/** liberation_keys minted to each finder of a secret mission (GAME §4: keys come from secret missions; the amount is ours). */
export const SECRET_MISSION_LIBERATION_KEYS = 1n;

/**
 * GAME §4's source of liberation_keys: every player who contributed to a hidden objective just
 * completed (a secret mission) gets {@link SECRET_MISSION_LIBERATION_KEYS} from the mint, once per
 * objective and player (key `secret_mission:<objective>:<player>`), in one statement however many
 * finders. Contributors that are not players (ids of no player) get nothing.
 */
async function secretMissionKeysTx(tx: Tx, objectiveIds: readonly number[]): Promise<void> {
  const due = await queryRows<{ objective: unknown; player: string }>(tx, sql`
    SELECT DISTINCT c.objective_id AS objective, c.player_id AS player FROM operation_contributions c
    JOIN players p ON p.id::text = c.player_id
    WHERE c.objective_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(objectiveIds)}::jsonb)::bigint)
    ORDER BY 2, 1`);
  if (due.length === 0) return;
  const mintAccount = await accountId(tx, { kind: 'mint' });
  const rows = JSON.stringify(due.map((d) => ({ objective: toNumber(d.objective), player: d.player })));
  // playerAccountsCtes creates the accounts a finder lacks; one created by a concurrent
  // transaction in between would be missed by the join, so those are read and paid after.
  const paid = await queryRows<{ owner: string }>(tx, sql`WITH ${playerAccountsCtes(due.map((d) => d.player))},
    due AS (
      SELECT pa.id AS account, x.objective, x.player FROM jsonb_to_recordset(${rows}::jsonb) AS x(objective bigint, player text)
      JOIN player_accounts pa ON pa.owner_id = x.player
    ), ${transferCtes('keys', sql`
      SELECT ${mintAccount}::bigint, account, 'liberation_keys', ${SECRET_MISSION_LIBERATION_KEYS}::bigint, 'secret_mission',
             'secret_mission:' || objective::text || ':' || player
      FROM due ORDER BY account, objective`, { idempotent: true })},
    ${creditCte('credit', sql`SELECT to_account_id, resource, sum(amount)::bigint FROM keys GROUP BY to_account_id, resource ORDER BY to_account_id`)}
    SELECT DISTINCT player AS owner FROM due`);
  const covered = new Set(paid.map((r) => r.owner));
  for (const d of due) {
    if (covered.has(d.player)) continue;
    await mint(tx, { kind: 'player', id: d.player }, 'liberation_keys', SECRET_MISSION_LIBERATION_KEYS, 'secret_mission', `secret_mission:${toNumber(d.objective)}:${d.player}`);
  }
}

/**
 * Evidence gathered (GAME §1, §2): `pieces` verified intel fragments of `playerId` in an
 * investigation operation raise their truthScore by `evidence_truth_score` each and their squad's
 * evidenceGathered by one each (×1.5 with Deep_Analysis, kept exact in halves), which may level it.
 */
export async function evidenceGatheredTx(tx: Tx, op: Pick<OperationFacts, 'type'>, playerId: string, pieces: number): Promise<void> {
  if (op.type !== 'investigation' || pieces <= 0 || !isUuid(playerId)) return;
  await raiseReputationTx(tx, [playerId], 'truthScore', sql`${pieces}::int * ${parameterSql('evidence_truth_score')}`);
  const [squad] = await queryRows<{ id: string; type: string; level: unknown }>(tx, sql`
    SELECT s.id::text AS id, s.type, s.level FROM squad_members m JOIN squads s ON s.id = m.squad_id
    WHERE m.player_id = ${playerId}::uuid AND s.disbanded_at IS NULL`);
  if (!squad) return;
  const deep = hasSquadPerk(squad.type as SquadType, toNumber(squad.level), 'Deep_Analysis');
  const halves = pieces * (deep ? 3 : 2);
  // The first row starts from the evidence the squad already had (2 halves each).
  await tx.execute(sql`
    WITH h AS (
      INSERT INTO squad_evidence (squad_id, halves)
      SELECT s.id, 2 * s.evidence_gathered + ${halves}::int FROM squads s WHERE s.id = ${squad.id}::uuid
      ON CONFLICT (squad_id) DO UPDATE SET halves = squad_evidence.halves + ${halves}::int
      RETURNING squad_id, halves
    )
    UPDATE squads s SET evidence_gathered = h.halves / 2 FROM h WHERE s.id = h.squad_id`);
  await relevelSquadsTx(tx, [squad.id]);
}

/**
 * The statement that records refused actions of players in an operation (perfect_run needs none):
 * on its own, or as a CTE of a batch's one statement (no round trip of its own).
 */
export function failedActionsSql(operationId: string, playerIds: readonly string[]): SQL {
  return sql`INSERT INTO operation_failed_actions (operation_id, player_id, failures)
    SELECT ${operationId}::uuid, x, count(*) FROM jsonb_array_elements_text(${JSON.stringify(playerIds)}::jsonb) AS x GROUP BY x
    ON CONFLICT (operation_id, player_id) DO UPDATE SET failures = operation_failed_actions.failures + excluded.failures`;
}

/** Records refused actions of players in an operation (perfect_run needs none). */
export async function recordFailedActionsTx(tx: Tx, operationId: string, playerIds: readonly string[]): Promise<void> {
  if (playerIds.length === 0) return;
  await tx.execute(failedActionsSql(operationId, playerIds));
}

/** What {@link operationResolvedTx} did. */
export interface OperationProgression {
  leaderId: string | null;
  squadsCredited: number;
}

/**
 * An operation resolved (inside its payout transaction, once): its leader — the top contributor
 * (GAME §1 "operations they led") — is recorded; a success counts as an investigation led and a
 * major action, and raises missionsCompleted of every squad with a rewarded member (and of the
 * squad of a squad mission); perfect_run goes to the rewarded participants without a failed action,
 * speed_demon to those of a flashpoint completed within 2 game hours; the rewarded players count
 * towards the leader's mass_awakening (1000 distinct).
 */
export async function operationResolvedTx(
  tx: Tx,
  op: OperationFacts,
  input: { success: boolean; rewarded: boolean; now: Date; hourMs: number },
): Promise<OperationProgression> {
  const rewardedParticipants = sql`SELECT p.player_id FROM operation_participants p
    WHERE p.operation_id = ${op.id}::uuid AND p.points > 0 AND p.player_id <> ''`;
  const [leader] = await queryRows<{ player_id: string }>(tx, sql`
    SELECT player_id FROM operation_participants
    WHERE operation_id = ${op.id}::uuid AND points > 0 AND player_id <> ''
    ORDER BY points DESC, seq ASC LIMIT 1`);
  const leaderId = leader?.player_id ?? null;
  if (leaderId) {
    await tx.execute(sql`INSERT INTO operation_leaders (operation_id, player_id, success, at)
      VALUES (${op.id}::uuid, ${leaderId}::uuid, ${input.success}, ${input.now}) ON CONFLICT DO NOTHING`);
    if (input.success) {
      await tx.execute(sql`UPDATE players SET last_major_action_at = ${input.now} WHERE id = ${leaderId}::uuid`);
      await bumpProgressTx(tx, [leaderId], 'investigations_led', 1);
      await checkAllPathsTx(tx, [leaderId]);
    }
    if (input.rewarded) await countLedRewardsTx(tx, leaderId, rewardedParticipants);
  }
  let squadsCredited = 0;
  if (input.success) {
    const squads = sql`SELECT DISTINCT s.id FROM squads s WHERE s.disbanded_at IS NULL AND (
      s.id::text IN (SELECT p.squad_id FROM operation_participants p
        WHERE p.operation_id = ${op.id}::uuid AND p.points > 0 AND p.squad_id IS NOT NULL)
      ${op.squadId && isUuid(op.squadId) ? sql`OR s.id = ${op.squadId}::uuid` : sql``})`;
    const credited = await queryRows<{ id: string }>(tx, sql`UPDATE squads SET missions_completed = missions_completed + 1
      WHERE id IN (${squads}) RETURNING id::text AS id`);
    squadsCredited = credited.length;
    if (credited.length > 0) await relevelSquadsTx(tx, credited.map((c) => c.id));
    await grantAchievementsTx(tx, 'perfect_run', sql`SELECT r.player_id::uuid FROM (${rewardedParticipants}) r
      WHERE NOT EXISTS (SELECT 1 FROM operation_failed_actions f WHERE f.operation_id = ${op.id}::uuid AND f.player_id = r.player_id)`);
    if (isSpeedRun({ type: op.type, success: true, activeAt: op.activeAt.getTime(), completedAt: input.now.getTime(), hourMs: input.hourMs })) {
      await grantAchievementsTx(tx, 'speed_demon', sql`SELECT r.player_id::uuid FROM (${rewardedParticipants}) r`);
    }
  }
  return { leaderId, squadsCredited };
}

/**
 * Adds the players an operation rewarded to the distinct players its leader has rewarded, keeping at
 * most the 1000 the condition needs (so a 100,000-player payout writes at most 1000 rows), and sets
 * mass_awakening (the ×1.3 multiplier) once they are 1000.
 */
async function countLedRewardsTx(tx: Tx, leaderId: string, rewarded: SQL): Promise<void> {
  const [held] = await queryRows<{ mass_awakening: boolean }>(tx, sql`SELECT mass_awakening FROM players WHERE id = ${leaderId}::uuid`);
  if (!held || held.mass_awakening) return;
  await tx.execute(sql`
    INSERT INTO led_rewards (leader_id, player_id)
    SELECT ${leaderId}::uuid, r.player_id FROM (${rewarded}) r
    WHERE r.player_id <> ${leaderId}
      AND NOT EXISTS (SELECT 1 FROM led_rewards l WHERE l.leader_id = ${leaderId}::uuid AND l.player_id = r.player_id)
    LIMIT greatest(0, ${MASS_AWAKENING_PLAYERS}::int - (SELECT count(*) FROM led_rewards WHERE leader_id = ${leaderId}::uuid))
    ON CONFLICT DO NOTHING`);
  await tx.execute(sql`UPDATE players SET mass_awakening = true
    WHERE id = ${leaderId}::uuid AND NOT mass_awakening
      AND (SELECT count(*) FROM led_rewards WHERE leader_id = ${leaderId}::uuid) >= ${MASS_AWAKENING_PLAYERS}::int`);
}

/** Distinct players rewarded by operations the player led (capped at 1000: all mass_awakening needs). */
export async function playersRewardedByLeader(tx: Tx, leaderId: string): Promise<number> {
  if (!isUuid(leaderId)) return 0;
  const [row] = await queryRows<{ n: unknown }>(tx, sql`SELECT count(*) AS n FROM led_rewards WHERE leader_id = ${leaderId}::uuid`);
  return toNumber(row?.n);
}

// ---- governance and mentorship ----

/**
 * A content proposal of `authorId` passed (GAME §1, §4, §7): content_passed + 1 (Reality_Artist) and
 * `content_proposal_influence_points` minted to the author (key `proposal:<id>:content-reward`).
 * The +500 artisticVision is paid by the proposal's close.
 */
export async function contentProposalPassedTx(tx: Tx, proposalId: string, authorId: string): Promise<bigint> {
  await bumpProgressTx(tx, [authorId], 'content_passed', 1);
  await checkAllPathsTx(tx, [authorId]);
  const points = BigInt(await parameterValue(tx, 'content_proposal_influence_points'));
  if (points > 0n) {
    await mint(tx, { kind: 'player', id: authorId }, 'influence_points', points, 'content_proposal_passed', `proposal:${proposalId}:content-reward`);
  }
  return points;
}

/** What a mentor earned from one call of {@link rewardMentor}. */
export interface MentorRewardResult {
  teachingHonor: number;
  influencePoints: number;
  /** Mentees graduated by this mentor so far. */
  graduations: number;
  /** Already rewarded for this pairing and kind: nothing was paid again. */
  repeated: boolean;
}

/** Input of {@link rewardMentor}: a graduation, a rating, or both, of one pairing. */
export interface RewardMentorInput {
  /** The mentorship pairing (once per pairing and kind). */
  pairingId: string;
  mentorId: string;
  /** The mentee graduated with this many skills improved (dimensions up ≥ 500 since pairing). */
  graduated?: { skillsImproved: number };
  /** The mentee rated the mentor 1–5. */
  rating?: number;
  now: Date;
}

/**
 * Pays a mentor (GAME §8.3) inside the caller's transaction — for the mentorship feature to call
 * when a mentee graduates and when the mentee rates the mentor. A graduation: teachingHonor
 * += 100 × skills improved, one more student mentored (Master_Teacher above 20, mentor_master at
 * 10, the "Master Teacher" title above 10), and it counts as a contribution (decay). A rating:
 * influence_points += 50 × rating, minted through the ledger. Each is paid once per pairing
 * (a repeat returns `repeated: true` and pays nothing). BAD_REQUEST for a rating outside 1–5 or
 * skills outside 0–5.
 * @example await rewardMentor(tx, { pairingId, mentorId, graduated: { skillsImproved: 2 }, now })
 * @example await rewardMentor(tx, { pairingId, mentorId, rating: 5, now }) // 250 influence_points
 */
export async function rewardMentor(tx: Tx, input: RewardMentorInput): Promise<MentorRewardResult> {
  const reward = mentorReward({ skillsImproved: input.graduated?.skillsImproved, rating: input.rating });
  if (!isUuid(input.mentorId)) throw new GameError('NOT_FOUND', `no player ${input.mentorId}`);
  const claim = async (kind: 'graduation' | 'rating') => (await queryRows(tx, sql`
    INSERT INTO mentor_rewards (pairing_id, kind, mentor_id, at) VALUES (${input.pairingId}, ${kind}, ${input.mentorId}::uuid, ${input.now})
    ON CONFLICT DO NOTHING RETURNING 1 AS ok`)).length === 1;
  let teachingHonor = 0;
  let influencePoints = 0;
  let repeated = false;
  if (input.graduated) {
    if (await claim('graduation')) {
      teachingHonor = reward.teachingHonor;
      await tx.execute(sql`UPDATE players SET teaching_honor = least(10000, teaching_honor + ${teachingHonor}::int),
        contributions = contributions + 1, last_contribution_at = ${input.now} WHERE id = ${input.mentorId}::uuid`);
      await bumpProgressTx(tx, [input.mentorId], 'students_mentored', 1);
    } else repeated = true;
  }
  if (input.rating !== undefined) {
    if (await claim('rating')) {
      influencePoints = reward.influencePoints;
      await mint(tx, { kind: 'player', id: input.mentorId }, 'influence_points', BigInt(influencePoints), 'mentor_rated', `mentor:${input.pairingId}:rating`);
    } else repeated = true;
  }
  const [row] = await queryRows<{ n: unknown }>(tx, sql`SELECT students_mentored AS n FROM player_progress WHERE player_id = ${input.mentorId}::uuid`);
  const graduations = toNumber(row?.n);
  if (teachingHonor > 0 || input.graduated) {
    if (mastersMentoring(graduations)) await grantAchievementsTx(tx, 'mentor_master', [input.mentorId]);
    if (isMasterTeacher(graduations)) {
      await tx.execute(sql`UPDATE players SET titles = array_append(titles, ${MASTER_TEACHER_TITLE}::text)
        WHERE id = ${input.mentorId}::uuid AND NOT (${MASTER_TEACHER_TITLE} = ANY(titles))`);
    }
    await checkAllPathsTx(tx, [input.mentorId]);
  }
  return { teachingHonor, influencePoints, graduations, repeated };
}

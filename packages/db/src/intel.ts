/**
 * Collective intelligence and skill challenges (GAME §6.3, §6.4): claims, confirmations, the
 * exactly-once verification with its ledger rewards, generated and custom challenges, solves.
 * Outer functions open the transaction; `*Tx` functions run inside the caller's.
 */
import { and, asc, desc, eq, gt, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import {
  GameError, achievementDef, answerMatches, assertChallengeOpen, assertCustomChallengeAllowed, assertIntelCategory,
  assertMayConfirm, assertNotOwnChallenge, cappedCustomChallengePoints, claimKeyOf, customChallengeReward, generatedChallengeReward, normaliseAnswer, patternVerifies,
  verifiedPatternReward, type ChallengeReward, type GeneratedChallenge, type IntelConfirmer,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { grantAchievementsTx } from './achievements';
import { mint, withTransaction } from './ledger';
import { checkAllPathsTx } from './progression';
import { recordFailedChallenge } from './engagement';
import { mentorshipLessonSolvedTx } from './mentorship-lessons';
import { squadIdOfPlayer } from './operations';
import { customPointsPaidTodayTx, runInvestigationActionTx, type InvestigationAction } from './sinks';
import { challengeSolves, challenges, intelClaims, intelConfirmations, intelFirsts, players } from './schema/index';
import { playerInfluence } from './squads';
import { isUuid } from './sql';

/** XP of the §5 `first_blood` achievement (a player's first solved challenge). */
export const FIRST_CHALLENGE_XP = achievementDef('first_blood')!.xp;

export type IntelClaimRow = typeof intelClaims.$inferSelect;
export type ChallengeRow = typeof challenges.$inferSelect;

/** A pattern that verified in this transaction, with what each contributor received. */
export interface VerifiedPattern {
  claimId: string;
  category: string;
  claimText: string;
  contributors: string[];
  truthScore: number;
  truthTokens: bigint;
  dataCredits: bigint;
  /** The submitter got `first_blood` (the first-ever verified pattern). */
  firstBloodPlayerId: string | null;
  /** Contributors who earned the truth_seeker achievement now. */
  truthSeekers: string[];
}

export interface IntelOutcome {
  claim: IntelClaimRow;
  /** A new claim was created (a submit of an unknown claim key). */
  created: boolean;
  verified: VerifiedPattern | null;
}

export interface IntelActionInput {
  playerId: string;
  evidence: string;
  /** Registry `intel_confirmations_required`. */
  required: number;
  /** Calendar: `activeModifiers(now).intelDataCreditsMultiplier`. */
  dataCreditsMultiplier: number;
  /** Runs inside the verification's transaction (operation progress). */
  onVerifiedTx?: (tx: Tx, pattern: VerifiedPattern) => Promise<void>;
  /** Filed inside an investigation operation: its cpu_cycles burn commits with the action (GAME §4.5). */
  investigation?: InvestigationAction;
}

/**
 * Submits an intel fragment: creates the claim for `(category, claim key)` with the submitter
 * as its first confirmer, or — when that claim key already exists — confirms it.
 */
export async function submitIntel(db: Db, input: IntelActionInput & { category: string; claimText: string }): Promise<IntelOutcome> {
  const category = assertIntelCategory(input.category);
  const claimKey = claimKeyOf(input.claimText);
  return withTransaction(db, async (tx) => {
    if (input.investigation) await runInvestigationActionTx(tx, input.playerId, input.investigation);
    const [inserted] = await tx.insert(intelClaims)
      .values({ category, claimKey, claimText: input.claimText.trim(), submittedBy: input.playerId })
      .onConflictDoNothing({ target: [intelClaims.category, intelClaims.claimKey] })
      .returning();
    if (inserted) {
      const verified = await addConfirmationTx(tx, inserted, input);
      return { claim: (await claimById(tx, inserted.id))!, created: true, verified };
    }
    const [existing] = await tx.select().from(intelClaims).where(and(eq(intelClaims.category, category), eq(intelClaims.claimKey, claimKey)));
    const verified = await addConfirmationTx(tx, existing!, input);
    return { claim: (await claimById(tx, existing!.id))!, created: false, verified };
  });
}

/** Confirms an existing claim (`NOT_FOUND`, `ALREADY_CONFIRMED`, `ALREADY_DONE` when verified). */
export async function confirmIntel(db: Db, input: IntelActionInput & { claimId: string }): Promise<IntelOutcome> {
  if (!isUuid(input.claimId)) throw new GameError('NOT_FOUND', 'no such claim');
  return withTransaction(db, async (tx) => {
    if (input.investigation) await runInvestigationActionTx(tx, input.playerId, input.investigation);
    const claim = await claimById(tx, input.claimId);
    if (!claim) throw new GameError('NOT_FOUND', 'no such claim');
    const verified = await addConfirmationTx(tx, claim, input);
    return { claim: (await claimById(tx, claim.id))!, created: false, verified };
  });
}

async function claimById(tx: Db, id: string): Promise<IntelClaimRow | undefined> {
  const [row] = await tx.select().from(intelClaims).where(eq(intelClaims.id, id));
  return row;
}

async function confirmersOf(tx: Db, claimId: string): Promise<IntelConfirmer[]> {
  const rows = await tx.select({ playerId: intelConfirmations.playerId, squadId: intelConfirmations.squadId })
    .from(intelConfirmations).where(eq(intelConfirmations.claimId, claimId)).orderBy(asc(intelConfirmations.createdAt));
  return rows;
}

/**
 * Adds `input.playerId`'s confirmation to `claim` (row-locked, so concurrent confirmations of
 * one claim serialise), then verifies the pattern when the rule says so.
 */
async function addConfirmationTx(tx: Tx, claim: IntelClaimRow, input: IntelActionInput): Promise<VerifiedPattern | null> {
  await tx.execute(sql`SELECT id FROM intel_claims WHERE id = ${claim.id} FOR UPDATE`);
  const [fresh] = await tx.select().from(intelClaims).where(eq(intelClaims.id, claim.id));
  if (fresh!.verifiedAt) throw new GameError('ALREADY_DONE', 'this pattern is already verified');
  const confirmers = await confirmersOf(tx, claim.id);
  const isSubmission = confirmers.length === 0 && input.playerId === claim.submittedBy;
  if (!isSubmission) assertMayConfirm(confirmers, input.playerId, claim.submittedBy);
  const squadId = await squadIdOfPlayer(tx, input.playerId);
  const added = await tx.insert(intelConfirmations)
    .values({ claimId: claim.id, playerId: input.playerId, squadId, evidence: input.evidence })
    .onConflictDoNothing().returning({ playerId: intelConfirmations.playerId });
  if (added.length === 0) throw new GameError('ALREADY_CONFIRMED', 'you already confirmed this claim');
  await tx.update(intelClaims).set({ confirmations: sql`${intelClaims.confirmations} + 1` }).where(eq(intelClaims.id, claim.id));
  const all = [...confirmers, { playerId: input.playerId, squadId }];
  if (!patternVerifies(all, input.required)) return null;
  return verifyPatternTx(tx, fresh!, all.map((c) => c.playerId), input);
}

/**
 * Marks the claim verified (conditional UPDATE: exactly once) and rewards every contributor:
 * truthScore, one truth_token and data_credits through the ledger (idempotency key per pattern
 * per player), truth_seeker on a player's first pattern, first_blood for the submitter of the
 * first-ever pattern.
 */
async function verifyPatternTx(tx: Tx, claim: IntelClaimRow, contributors: string[], input: IntelActionInput): Promise<VerifiedPattern | null> {
  const marked = await tx.update(intelClaims).set({ verifiedAt: sql`now()` })
    .where(and(eq(intelClaims.id, claim.id), isNull(intelClaims.verifiedAt))).returning({ id: intelClaims.id });
  if (marked.length === 0) return null;
  const reward = verifiedPatternReward(input.dataCreditsMultiplier);
  const ids = sql.join(contributors.map((id) => sql`${id}::uuid`), sql`, `);
  await tx.execute(sql`UPDATE players SET truth_score = least(10000, truth_score + ${reward.truthScore}) WHERE id IN (${ids})`);
  await checkAllPathsTx(tx, contributors);
  // GAME §5 truth_seeker (2000 XP) through the one grant path: once per player, whoever races.
  const seekers = await grantAchievementsTx(tx, 'truth_seeker', contributors);
  for (const playerId of contributors) {
    const to = { kind: 'player' as const, id: playerId };
    await mint(tx, to, 'truth_tokens', reward.truthTokens, 'intel_verified', `intel:${claim.id}:${playerId}:truth_tokens`);
    if (reward.dataCredits > 0n) await mint(tx, to, 'data_credits', reward.dataCredits, 'intel_verified', `intel:${claim.id}:${playerId}:data_credits`);
  }
  const first = await tx.insert(intelFirsts).values({ kind: 'first_pattern', claimId: claim.id, playerId: claim.submittedBy })
    .onConflictDoNothing().returning({ playerId: intelFirsts.playerId });
  if (first.length > 0) await tx.update(players).set({ firstBlood: true }).where(eq(players.id, claim.submittedBy));
  const pattern: VerifiedPattern = {
    claimId: claim.id, category: claim.category, claimText: claim.claimText, contributors,
    truthScore: reward.truthScore, truthTokens: reward.truthTokens, dataCredits: reward.dataCredits,
    firstBloodPlayerId: first.length > 0 ? claim.submittedBy : null, truthSeekers: seekers,
  };
  if (input.onVerifiedTx) await input.onVerifiedTx(tx, pattern);
  return pattern;
}

/** Records the investigation operation launched for a verified pattern. */
export async function setClaimOperation(db: Db, claimId: string, operationId: string): Promise<void> {
  await db.update(intelClaims).set({ operationId }).where(eq(intelClaims.id, claimId));
}

/** A claim as the board shows it. */
export interface IntelClaimView {
  id: string;
  category: string;
  claimKey: string;
  claimText: string;
  submittedBy: string;
  submitterName: string;
  confirmations: number;
  createdAt: Date;
  verifiedAt: Date | null;
  operationId: string | null;
  confirmedByViewer: boolean;
}

/** Pending claims (optionally of one category), newest first; or verified patterns. */
export async function listIntelClaims(db: Db, opts: {
  viewerId: string | null; category?: string; verified: boolean; limit?: number;
  /** Only verified patterns still without their investigation, verified before this time (the sweep). */
  awaitingInvestigationBefore?: Date;
}): Promise<IntelClaimView[]> {
  const conds = [opts.verified ? isNotNull(intelClaims.verifiedAt) : isNull(intelClaims.verifiedAt)];
  if (opts.category) conds.push(eq(intelClaims.category, opts.category));
  if (opts.awaitingInvestigationBefore) conds.push(isNull(intelClaims.operationId), lte(intelClaims.verifiedAt, opts.awaitingInvestigationBefore));
  const viewer = opts.viewerId && isUuid(opts.viewerId) ? opts.viewerId : '00000000-0000-0000-0000-000000000000';
  const rows = await db.select({
    id: intelClaims.id, category: intelClaims.category, claimKey: intelClaims.claimKey, claimText: intelClaims.claimText,
    submittedBy: intelClaims.submittedBy, submitterName: players.name, confirmations: intelClaims.confirmations,
    createdAt: intelClaims.createdAt, verifiedAt: intelClaims.verifiedAt, operationId: intelClaims.operationId,
    confirmedByViewer: sql<boolean>`exists (select 1 from intel_confirmations c where c.claim_id = ${intelClaims.id} and c.player_id = ${viewer}::uuid)`,
  }).from(intelClaims).innerJoin(players, eq(players.id, intelClaims.submittedBy)).where(and(...conds))
    .orderBy(opts.verified ? desc(intelClaims.verifiedAt) : desc(intelClaims.createdAt)).limit(Math.min(opts.limit ?? 50, 200));
  return rows.map((r) => ({ ...r, confirmedByViewer: Boolean(r.confirmedByViewer) }));
}

// ---- challenges ----

/** Stores the day's generated challenge of a difficulty once (`daily_key`) and returns it. */
export async function ensureDailyChallenge(db: Db, input: { dailyKey: string; generated: GeneratedChallenge; startsAt: Date; endsAt: Date }): Promise<ChallengeRow> {
  const g = input.generated;
  await db.insert(challenges).values({
    kind: 'generated', dailyKey: input.dailyKey, seed: g.seed, difficulty: g.difficulty, title: g.title, description: g.prompt,
    data: g.data, answer: normaliseAnswer(g.answer), startsAt: input.startsAt, endsAt: input.endsAt,
  }).onConflictDoNothing({ target: challenges.dailyKey });
  const [row] = await db.select().from(challenges).where(eq(challenges.dailyKey, input.dailyKey));
  return row!;
}

export interface CreateCustomChallengeInput {
  creatorId: string;
  title: string;
  description: string;
  answer: string;
  rewardPoints: number;
  startsAt: Date;
  endsAt: Date;
  now: Date;
}

/** A custom challenge by a player of influence ≥ 100 with reward points ≤ their influence. */
export async function createCustomChallenge(db: Db, input: CreateCustomChallengeInput): Promise<ChallengeRow> {
  const [creator] = await db.select().from(players).where(eq(players.id, input.creatorId));
  if (!creator) throw new GameError('UNAUTHORIZED', 'unknown player');
  assertCustomChallengeAllowed({ creatorInfluence: playerInfluence(creator), rewardPoints: input.rewardPoints, startsAt: input.startsAt, endsAt: input.endsAt, now: input.now });
  const answer = normaliseAnswer(input.answer);
  if (answer.length === 0) throw new GameError('BAD_REQUEST', 'an answer is required');
  const [row] = await db.insert(challenges).values({
    kind: 'custom', title: input.title, description: input.description, answer, rewardPoints: input.rewardPoints,
    startsAt: input.startsAt, endsAt: input.endsAt, createdBy: input.creatorId,
  }).returning();
  return row!;
}

export async function getChallenge(db: Db, id: string): Promise<ChallengeRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(challenges).where(eq(challenges.id, id));
  return row ?? null;
}

/** Challenges open at `now` (custom and generated), soonest-ending first, with the viewer's solve flag. */
export async function listOpenChallenges(db: Db, now: Date, viewerId: string): Promise<(ChallengeRow & { solvedByViewer: boolean; solves: number })[]> {
  const rows = await db.select({
    c: challenges,
    solvedByViewer: sql<boolean>`exists (select 1 from challenge_solves s where s.challenge_id = ${challenges.id} and s.player_id = ${viewerId}::uuid)`,
    solves: sql<number>`(select count(*)::int from challenge_solves s where s.challenge_id = ${challenges.id})`,
  }).from(challenges).where(and(lte(challenges.startsAt, now), gt(challenges.endsAt, now))).orderBy(asc(challenges.endsAt)).limit(100);
  return rows.map((r) => ({ ...r.c, solvedByViewer: Boolean(r.solvedByViewer), solves: Number(r.solves) }));
}

export interface SolveInput {
  challengeId: string;
  playerId: string;
  answer: string;
  now: Date;
  /** Calendar: `activeModifiers(now).challengeXpMultiplier` (Workshop Wednesday 1.25). */
  xpMultiplier: number;
  /** Runs inside the solve's transaction (operation progress). */
  onSolvedTx?: (tx: Tx) => Promise<void>;
  /** Registry `custom_challenge_daily_reward_points`: what one creator's custom challenges may pay per UTC day. */
  customDailyCap?: number;
}

export interface SolveResult {
  challengeId: string;
  reward: ChallengeReward;
  /** The §5 first_blood achievement (first solved challenge) was earned now. */
  firstChallenge: boolean;
}

/**
 * Solves a challenge: not the solver's own (`OWN_CHALLENGE`), open window (`CHALLENGE_NOT_OPEN`), not yet solved by this player
 * (`ALREADY_DONE`, also under a concurrent double submit: the primary key decides), the right
 * answer (`WRONG_ANSWER`: nothing of the solve written, one failed challenge counted for the churn
 * formula). Pays technicalMastery, XP and cpu_cycles (minted,
 * idempotency key per challenge per player) in the same transaction; a custom challenge pays at
 * most what is left of its creator's `customDailyCap` points today.
 */
export async function solveChallenge(db: Db, input: SolveInput): Promise<SolveResult> {
  const challenge = await getChallenge(db, input.challengeId);
  if (!challenge) throw new GameError('NOT_FOUND', 'no such challenge');
  assertNotOwnChallenge(challenge.createdBy, input.playerId);
  assertChallengeOpen(challenge.startsAt, challenge.endsAt, input.now);
  const solved = await withTransaction(db, async (tx) => {
    const [done] = await tx.select({ p: challengeSolves.playerId }).from(challengeSolves)
      .where(and(eq(challengeSolves.challengeId, challenge.id), eq(challengeSolves.playerId, input.playerId)));
    if (done) throw new GameError('ALREADY_DONE', 'you already solved this challenge');
    if (!answerMatches(challenge.answer, input.answer)) return null;
    // A custom challenge pays what is left of its creator's daily cap (0 once spent: the solve still counts).
    const points = challenge.kind === 'custom' && challenge.createdBy && input.customDailyCap !== undefined
      ? cappedCustomChallengePoints(challenge.rewardPoints, await customPointsPaidTodayTx(tx, challenge.createdBy, input.now), input.customDailyCap)
      : challenge.rewardPoints;
    const reward = challenge.kind === 'generated'
      ? generatedChallengeReward(challenge.difficulty, input.xpMultiplier)
      : customChallengeReward(points, input.xpMultiplier);
    const inserted = await tx.insert(challengeSolves).values({
      challengeId: challenge.id, playerId: input.playerId, solvedAt: input.now, technicalMastery: reward.technicalMastery, xp: reward.xp, cpuCycles: Number(reward.cpuCycles),
    }).onConflictDoNothing().returning({ p: challengeSolves.playerId });
    if (inserted.length === 0) throw new GameError('ALREADY_DONE', 'you already solved this challenge');
    await tx.update(players).set({
      technicalMastery: sql`least(10000, ${players.technicalMastery} + ${reward.technicalMastery})`,
      xp: sql`${players.xp} + ${reward.xp}`,
      contributions: sql`${players.contributions} + 1`,
      lastContributionAt: input.now,
    }).where(eq(players.id, input.playerId));
    await checkAllPathsTx(tx, [input.playerId]);
    // A lesson of the solver's mentorship (GAME §8.3) is completed by this solve.
    await mentorshipLessonSolvedTx(tx, { playerId: input.playerId, challengeId: challenge.id, now: input.now });
    // GAME §5 first_blood (a first challenge, 100 XP) through the one grant path.
    const first = await grantAchievementsTx(tx, 'first_blood', [input.playerId]);
    if (reward.cpuCycles > 0n) {
      await mint(tx, { kind: 'player', id: input.playerId }, 'cpu_cycles', reward.cpuCycles, 'challenge_solved', `challenge:${challenge.id}:${input.playerId}:cpu_cycles`);
    }
    if (input.onSolvedTx) await input.onSolvedTx(tx);
    return { challengeId: challenge.id, reward, firstChallenge: first.length > 0 };
  });
  if (solved) return solved;
  // A wrong answer writes nothing of the solve; it counts as a failed challenge (GAME §8.4 churn risk).
  await recordFailedChallenge(db, input.playerId, input.now);
  throw new GameError('WRONG_ANSWER', 'that is not the answer');
}

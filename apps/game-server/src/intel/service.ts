/**
 * Intel and challenge services (GAME §6.3, §6.4): what happens around the database calls —
 * the live registry threshold, the calendar multipliers, operation progress in the caller's
 * transaction, the broadcast and the investigation operation of a verified pattern.
 */
import {
  confirmIntel, ensureDailyChallenge, getPlayer, listIntelClaims, setClaimOperation, solveChallenge, submitIntel,
  buyChallengeHint,
  type ChallengeRow, type IntelClaimView, type IntelOutcome, type InvestigationAction, type SolveResult, type Tx, type VerifiedPattern,
} from '@datavism/db';
import {
  GameError, activeModifiers, dailyChallengeSeed, difficultyForLevel, generateChallenge, levelForXp, utcDay,
} from '@datavism/rules';
import type { ChallengeDto, ChallengeHintResponse, IntelActionResponse, IntelClaimDto, IntelVerifiedNotice, VerifiedPatternDto } from '@datavism/shared-schema';
import { channel, type Services } from '../context';
import { recordObjectiveProgress } from '../operations/progress';
import { launchOperation, loadTemplate, templateToInput } from '../operations/service';

const DAY_MS = 86_400_000;

/** Registry threshold, read live (a passed proposal changes it at once). */
function confirmationsRequired(s: Services): number {
  return s.parameters.get('intel_confirmations_required');
}

/** Verified intel counts for `verify_intel` objectives of the pattern's category, once per contributor. */
async function onVerifiedTx(tx: Tx, p: VerifiedPattern): Promise<void> {
  for (const playerId of p.contributors) {
    await recordObjectiveProgress(tx, null, 'verify_intel', 1, playerId, { category: p.category, idempotencyKey: `pattern:${p.claimId}:${playerId}` });
  }
}

/**
 * Launches the investigation operation of a verified pattern (idempotent: the operation's
 * source key is `intel:<claim id>`) and records it on the claim.
 */
export async function openInvestigation(s: Services, p: { claimId: string; category: string; claimText: string }, now: Date): Promise<string> {
  const template = await loadTemplate(s, 'investigation');
  const name = `Investigation: ${p.claimText.slice(0, 60)}`;
  const input = templateToInput(s, template, { now, name, templateKey: 'investigation', sourceKey: `intel:${p.claimId}` });
  // The pattern's own category is what the investigation corroborates.
  input.objectives = input.objectives.map((o) => (o.kind === 'verify_intel' ? { ...o, category: p.category } : o));
  const { operation } = await launchOperation(s, input, now);
  await setClaimOperation(s.database.db, p.claimId, operation.id);
  return operation.id;
}

/** Backstop for a crash between the verification's commit and its investigation: launch the missing ones. */
export async function sweepInvestigations(s: Services, now: Date): Promise<number> {
  const waiting = await listIntelClaims(s.database.db, { viewerId: null, verified: true, awaitingInvestigationBefore: new Date(now.getTime() - 10_000), limit: 50 });
  for (const c of waiting) await openInvestigation(s, { claimId: c.id, category: c.category, claimText: c.claimText }, now);
  return waiting.length;
}

/** After the verification committed: the investigation operation, then everyone is told. */
async function afterVerified(s: Services, p: VerifiedPattern, now: Date): Promise<string | null> {
  let operationId: string | null = null;
  try {
    operationId = await openInvestigation(s, p, now);
  } catch (err) {
    s.logger.error({ err, claimId: p.claimId }, 'investigation operation for a verified pattern failed (the sweep retries)');
  }
  const notice: IntelVerifiedNotice = {
    kind: 'intel_verified', from: 'Oracle', at: now.getTime(), claimId: p.claimId, category: p.category, operationId,
    message: `Intel verified [${p.category}]: “${p.claimText}” — ${p.contributors.length} contributors rewarded; an investigation is open.`,
  };
  await s.presence.publish(channel(s.config, 'broadcast'), notice);
  return operationId;
}

/** A claim as the board shows it. */
export function claimDto(c: IntelOutcome['claim'], submitterName: string, confirmedByMe: boolean): IntelClaimDto {
  return {
    id: c.id, category: c.category, claimKey: c.claimKey, claimText: c.claimText, submitterName,
    confirmations: c.confirmations, createdAt: c.createdAt.getTime(), verifiedAt: c.verifiedAt ? c.verifiedAt.getTime() : null,
    operationId: c.operationId, confirmedByMe,
  };
}

/** A listed claim (with its submitter's name and the viewer's flag). */
export function claimViewDto(c: IntelClaimView): IntelClaimDto {
  return claimDto({ ...c, submittedBy: c.submittedBy }, c.submitterName, c.confirmedByViewer);
}

function patternDto(p: VerifiedPattern): VerifiedPatternDto {
  return {
    claimId: p.claimId, category: p.category, claimText: p.claimText, contributors: p.contributors.length,
    truthScore: p.truthScore, truthTokens: p.truthTokens.toString(), dataCredits: p.dataCredits.toString(),
  };
}

/** An intel action filed inside an investigation operation burns `investigation_action_cpu_cycles` (GAME §4.5). */
function investigation(s: Services, operationId: string | undefined): InvestigationAction | undefined {
  return operationId ? { operationId, cpuCycles: BigInt(s.parameters.get('investigation_action_cpu_cycles')) } : undefined;
}

/** Submit (or confirm by claim key) an intel fragment, optionally inside an investigation operation. */
export async function submitIntelFragment(s: Services, player: { id: string; name: string }, body: { category: string; claim: string; evidence: string; operationId?: string }, now = new Date()): Promise<IntelActionResponse> {
  const outcome = await submitIntel(s.database.db, {
    playerId: player.id, category: body.category, claimText: body.claim, evidence: body.evidence,
    required: confirmationsRequired(s), dataCreditsMultiplier: activeModifiers(now).intelDataCreditsMultiplier, onVerifiedTx,
    investigation: investigation(s, body.operationId),
  });
  return finish(s, outcome, player, now);
}

/** Confirm an existing claim, optionally inside an investigation operation. */
export async function confirmIntelClaim(s: Services, player: { id: string; name: string }, claimId: string, evidence: string, now = new Date(), operationId?: string): Promise<IntelActionResponse> {
  const outcome = await confirmIntel(s.database.db, {
    playerId: player.id, claimId, evidence,
    required: confirmationsRequired(s), dataCreditsMultiplier: activeModifiers(now).intelDataCreditsMultiplier, onVerifiedTx,
    investigation: investigation(s, operationId),
  });
  return finish(s, outcome, player, now);
}

async function finish(s: Services, outcome: IntelOutcome, player: { id: string; name: string }, now: Date): Promise<IntelActionResponse> {
  if (outcome.verified) {
    const operationId = await afterVerified(s, outcome.verified, now);
    outcome.claim.operationId = operationId;
  }
  const submitter = outcome.claim.submittedBy === player.id ? player.name : (await getPlayer(s.database.db, outcome.claim.submittedBy))?.name ?? '';
  return {
    claim: claimDto(outcome.claim, submitter, true),
    created: outcome.created,
    verified: outcome.verified ? patternDto(outcome.verified) : null,
  };
}

/** A challenge as players see it: never its answer. */
export function challengeDto(c: ChallengeRow, solvedByMe: boolean, solves: number): ChallengeDto {
  return {
    id: c.id, kind: c.kind, title: c.title, description: c.description, difficulty: c.difficulty, rewardPoints: c.rewardPoints,
    data: (c.data as ChallengeDto['data']) ?? null, startsAt: c.startsAt.getTime(), endsAt: c.endsAt.getTime(), solvedByMe, solves,
  };
}

/** The day's (UTC) generated challenge of a difficulty, stored once per day and difficulty. */
export function dailyChallenge(s: Services, difficulty: number, now = new Date()): Promise<ChallengeRow> {
  const day = utcDay(now);
  const startsAt = new Date(`${day}T00:00:00.000Z`);
  return ensureDailyChallenge(s.database.db, {
    dailyKey: `${day}:${difficulty}`, generated: generateChallenge(dailyChallengeSeed(day, difficulty), difficulty),
    startsAt, endsAt: new Date(startsAt.getTime() + DAY_MS),
  });
}

/** Today's (UTC) generated challenge for the player's level. */
export async function todaysChallenge(s: Services, playerId: string, now = new Date()): Promise<ChallengeRow> {
  const player = await getPlayer(s.database.db, playerId);
  if (!player) throw new GameError('UNAUTHORIZED', 'unknown player');
  return dailyChallenge(s, difficultyForLevel(levelForXp(Number(player.xp))), now);
}

/** Solve: pays once, counts for `solve_challenges` objectives in the same transaction. */
export async function solve(s: Services, playerId: string, challengeId: string, answer: string, now = new Date()): Promise<SolveResult> {
  return solveChallenge(s.database.db, {
    challengeId, playerId, answer, now, xpMultiplier: activeModifiers(now).challengeXpMultiplier,
    customDailyCap: s.parameters.get('custom_challenge_daily_reward_points'),
    onSolvedTx: async (tx) => {
      await recordObjectiveProgress(tx, null, 'solve_challenges', 1, playerId, { idempotencyKey: `challenge:${challengeId}:${playerId}` });
    },
  });
}

/** A challenge's hint: `challenge_hint_data_credits` burned on the first request (GAME §4.5), free again after. */
export async function hint(s: Services, playerId: string, challengeId: string, now = new Date()): Promise<ChallengeHintResponse> {
  const bought = await buyChallengeHint(s.database.db, {
    challengeId, playerId, cost: BigInt(s.parameters.get('challenge_hint_data_credits')), now,
  });
  return { challengeId: bought.challengeId, text: bought.hint.text, suspects: bought.hint.suspects, cost: bought.cost.toString() };
}

/**
 * The daily bundle (GAME §8.4) in one call: an intel brief, a personal mission, the squad's
 * objective, the trending operation, a challenge for the player's level, the login bonus — and the
 * interventions the churn job sent the player this week. Each part reads through the data access
 * its own feature already has; the parts are read in parallel.
 */
import {
  getPlayer, getSquad, interventionsOf, listIntelClaims, listOpenChallenges, listSquads, liveOperationsOf, playerInfluence,
  squadObjective, squadOfPlayer, tutorialSteps, type IntelClaimView, type TrendingOperation,
} from '@datavism/db';
import {
  CHURN_INTERVENTION_COOLDOWN_DAYS, GameError, TUTORIAL_STEPS, loginBonusOutlook, suggestSquad, tutorialChain, utcDay,
} from '@datavism/rules';
import type { DailyBundleDto, IntelBriefItemDto, PersonalMissionDto, SquadObjectiveDto } from '@datavism/shared-schema';
import type { Services } from '../context';
import { todaysChallenge } from '../intel/service';
import { trendingOperationOf } from './trending';

/** Verified patterns and open claims the brief lists. */
export const INTEL_BRIEF_ITEMS = 3;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function briefItem(c: IntelClaimView): IntelBriefItemDto {
  return {
    id: c.id, category: c.category, claimText: c.claimText, confirmations: c.confirmations,
    verifiedAt: iso(c.verifiedAt), operationId: c.operationId,
  };
}

/** The tutorial's next mission; once the chain is done, the live operation the player is in, else the trending one. */
async function personalMission(s: Services, playerId: string, trending: TrendingOperation | null): Promise<PersonalMissionDto> {
  const recorded = await tutorialSteps(s.database.db, playerId);
  const chain = tutorialChain(new Map(recorded.map((r) => [r.step, { rewarded: r.rewardedAt !== null }])));
  const step = TUTORIAL_STEPS.find((t) => t.id === chain.current);
  if (step) {
    return {
      kind: 'tutorial', step: step.id, title: step.title, brief: step.brief, where: step.where, panel: step.panel,
      rewards: step.rewards.map((r) => ({ resource: r.resource, amount: r.amount })), collectable: chain.collectable,
    };
  }
  const [mine] = await liveOperationsOf(s.database.db, playerId);
  if (mine) return { kind: 'operation', operationId: mine.id, name: mine.name, joined: true };
  if (trending) return { kind: 'operation', operationId: trending.id, name: trending.name, joined: false };
  return { kind: 'none' };
}

/** My squad's event (or that it has none); for the squadless, a squad to join. */
async function squadObjectiveOf(s: Services, player: NonNullable<Awaited<ReturnType<typeof getPlayer>>>): Promise<SquadObjectiveDto> {
  const db = s.database.db;
  const membership = await squadOfPlayer(db, player.id);
  if (!membership) {
    const pick = suggestSquad(playerInfluence(player), await listSquads(db, { recruitingOnly: true }));
    return { kind: 'join_squad', suggestion: pick ? { id: pick.id, name: pick.name, memberCount: pick.memberCount, maxMembers: pick.maxMembers } : null };
  }
  const [squad, objective] = await Promise.all([getSquad(db, membership.squadId), squadObjective(db, membership.squadId)]);
  const ref = { id: membership.squadId, name: squad?.name ?? '' };
  if (!objective) return { kind: 'idle', squad: ref };
  return { kind: 'event', squad: ref, event: { kind: objective.kind, id: objective.id, name: objective.name, endsAt: iso(objective.endsAt) } };
}

/** The player's daily bundle at `now` (UNAUTHORIZED for an unknown player). */
export async function dailyBundle(s: Services, playerId: string, now = new Date()): Promise<DailyBundleDto> {
  const db = s.database.db;
  const player = await getPlayer(db, playerId);
  if (!player) throw new GameError('UNAUTHORIZED', 'unknown player');
  const today = utcDay(now);
  const trending = await trendingOperationOf(s, now);
  const [verified, pending, mission, squad, joined, challenge, open, interventions] = await Promise.all([
    listIntelClaims(db, { viewerId: playerId, verified: true, limit: INTEL_BRIEF_ITEMS }),
    listIntelClaims(db, { viewerId: playerId, verified: false, limit: 20 }),
    personalMission(s, playerId, trending),
    squadObjectiveOf(s, player),
    liveOperationsOf(db, playerId),
    todaysChallenge(s, playerId, now),
    listOpenChallenges(db, now, playerId),
    interventionsOf(db, playerId, today, CHURN_INTERVENTION_COOLDOWN_DAYS),
  ]);
  const bonus = loginBonusOutlook(player.lastLoginDay, player.loginStreak, today);
  return {
    day: today,
    intelBrief: {
      verified: verified.map(briefItem),
      // Claims the player could still confirm (not their own, not confirmed by them).
      open: pending.filter((c) => !c.confirmedByViewer).slice(0, INTEL_BRIEF_ITEMS).map(briefItem),
    },
    personalMission: mission,
    squadObjective: squad,
    trendingOperation: trending ? {
      id: trending.id, name: trending.name, type: trending.type, endsAt: iso(trending.endsAt), contributors: trending.contributors,
      participants: trending.participants, joined: joined.some((o) => o.id === trending.id),
    } : null,
    challenge: {
      id: challenge.id, title: challenge.title, difficulty: challenge.difficulty, endsAt: challenge.endsAt.toISOString(),
      solvedByMe: open.find((c) => c.id === challenge.id)?.solvedByViewer ?? false,
    },
    loginBonus: {
      claimedToday: bonus.claimedToday, streak: bonus.streak, credits: bonus.reward.resistance_credits, xp: bonus.reward.xp,
      cpuCycles: bonus.reward.cpu_cycles, liberationKeys: bonus.reward.liberation_keys, truthTokens: bonus.reward.truth_tokens, title: bonus.reward.title,
    },
    interventions: interventions.map((i) => ({ day: i.day, kind: i.kind, payload: i.payload })),
  };
}

import { Router } from 'express';
import {
  briefingSeenAt, getOperationRow, latestOperationOfTemplate, markBriefingSeen, payTutorialReward, siegePreviewTarget, siegeStrengths,
  squadsOfPlayers, tutorialSteps,
} from '@datavism/db';
import {
  CALENDAR_EVENT_TITLES, GameError, TUTORIAL_STEPS, calendarOutlook, isTutorialStepId, tutorialChain, tutorialStep, type CalendarDay,
} from '@datavism/rules';
import type { BriefingSeenDto, CalendarDayDto, CollectedRewardDto, OnboardingDto, SiegePreviewDto } from '@datavism/shared-schema';
import type { Services } from '../context';
import { requirePlayer } from '../http/guards';
import { INTRO_TEMPLATE_KEY } from './introOperation';

const dayDto = (d: CalendarDay): CalendarDayDto => ({
  day: d.day, startsAt: d.startsAt.toISOString(), endsAt: d.endsAt.toISOString(),
  events: d.events.map((key) => ({ key, title: CALENDAR_EVENT_TITLES[key] })),
});

/** A strength as the client prints it (one decimal at most; the rules settle float noise already). */
const strength = (x: number) => Math.round(x * 10) / 10;

/**
 * Onboarding HTTP API (docs/onboarding.md).
 *
 * | route | answer |
 * |---|---|
 * | `GET /api/onboarding` | the briefing's seen mark, the tutorial chain with my progress, the live intro operation, the calendar's today and next event |
 * | `POST /api/onboarding/briefing` | marks the briefing seen (or skipped); the first mark stays |
 * | `POST /api/onboarding/missions/:step/collect` | pays a done mission's reward through the ledger, once: REQUIREMENTS_NOT_MET (not done), ALREADY_DONE (collected), NOT_FOUND |
 * | `GET /api/calendar` | the calendar's today and next event (GAME §6.5) |
 * | `GET /api/territories/:id/siege-preview` | both sides' current strength if my squad besieged it now (GAME §3.1, §3.3): NOT_SQUAD_MEMBER, UNKNOWN_TERRITORY |
 */
export function onboardingRoutes(s: Services): Router {
  const router = Router();
  const auth = requirePlayer(s);
  const db = () => s.database.db;
  // The calendar runs on the calendar clock (CLOCK_OFFSET_MS), like the daily calendar job.
  const calendarNow = () => new Date(Date.now() + s.config.clockOffsetMs);

  router.get('/api/onboarding', auth, async (_req, res) => {
    const me = res.locals.player.id as string;
    const [seen, recorded, live] = await Promise.all([
      briefingSeenAt(db(), me), tutorialSteps(db(), me), latestOperationOfTemplate(db(), INTRO_TEMPLATE_KEY),
    ]);
    const byStep = new Map(recorded.map((r) => [r.step, r]));
    const chain = tutorialChain(new Map(recorded.map((r) => [r.step, { rewarded: r.rewardedAt !== null }])));
    const op = live && live.phase !== 'ended' ? await getOperationRow(db(), live.id) : null;
    const outlook = calendarOutlook(calendarNow());
    const body: OnboardingDto = {
      briefingSeenAt: seen?.toISOString() ?? null,
      steps: TUTORIAL_STEPS.map((step, i) => ({
        id: step.id, title: step.title, brief: step.brief, counts: step.counts, panel: step.panel, where: step.where,
        rewards: step.rewards.map((r) => ({ resource: r.resource, amount: r.amount })),
        done: chain.steps[i].done, rewarded: chain.steps[i].rewarded, doneAt: byStep.get(step.id)?.doneAt.toISOString() ?? null,
      })),
      current: chain.current, collectable: chain.collectable, completed: chain.completed, total: chain.total,
      introOperation: op ? { id: op.id, name: op.name, phase: op.phase } : null,
      serverNow: Date.now(),
      calendar: { today: dayDto(outlook.today), next: outlook.next ? dayDto(outlook.next) : null },
    };
    res.json(body);
  });

  router.post('/api/onboarding/briefing', auth, async (_req, res) => {
    const at = await markBriefingSeen(db(), res.locals.player.id, new Date());
    const body: BriefingSeenDto = { briefingSeenAt: at.toISOString() };
    res.json(body);
  });

  router.post('/api/onboarding/missions/:step/collect', auth, async (req, res) => {
    const me = res.locals.player.id as string;
    const step = String(req.params.step);
    if (!isTutorialStepId(step)) throw new GameError('NOT_FOUND', 'no such mission');
    const recorded = (await tutorialSteps(db(), me)).find((r) => r.step === step);
    if (!recorded) throw new GameError('REQUIREMENTS_NOT_MET', `mission "${tutorialStep(step).title}" is not done yet: ${tutorialStep(step).counts}`);
    const paid = await payTutorialReward(db(), { playerId: me, step }, new Date());
    if (!paid) throw new GameError('ALREADY_DONE', `the reward of "${tutorialStep(step).title}" was already collected`);
    const body: CollectedRewardDto = { step, rewards: tutorialStep(step).rewards.map((r) => ({ resource: r.resource, amount: r.amount })) };
    res.json(body);
  });

  router.get('/api/calendar', auth, async (_req, res) => {
    const outlook = calendarOutlook(calendarNow());
    res.json({ serverNow: Date.now(), today: dayDto(outlook.today), next: outlook.next ? dayDto(outlook.next) : null });
  });

  router.get('/api/territories/:id/siege-preview', auth, async (req, res) => {
    const me = res.locals.player.id as string;
    const squadId = (await squadsOfPlayers(db(), [me])).get(me);
    if (!squadId) throw new GameError('NOT_SQUAD_MEMBER', 'join a squad to besiege territory');
    const territoryId = String(req.params.id).slice(0, 64);
    const target = await siegePreviewTarget(db(), territoryId, squadId);
    if (!target) throw new GameError('UNKNOWN_TERRITORY', 'no such territory');
    const t = target.territory;
    // Exactly what the resolution would compute if the battle ended now.
    const now = await siegeStrengths(db(), { territoryId: t.id, attackerSquadId: squadId, defenderSquadId: t.holderSquadId }, new Date(), {
      combatBase: s.parameters.get('combat_rating_base'), garrison: t.holderSquadId ? undefined : t.garrison,
    });
    const body: SiegePreviewDto = {
      territoryId: t.id, territoryName: t.name,
      attacker: {
        squadId, squadName: target.squad.name, committed: now.attackerIds.length, strength: strength(now.attackerStrength), members: target.squad.members,
      },
      defender: t.holderSquadId
        ? { kind: 'squad', squadName: t.holderName ?? 'a resistance squad', committed: now.defenderIds.length, strength: strength(now.defenderStrength) }
        : { kind: 'ac', garrison: t.garrison, strength: strength(now.defenderStrength) },
      attackerWins: now.attackerWins,
    };
    res.json(body);
  });

  return router;
}

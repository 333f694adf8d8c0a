import {
  closeDecision, failDecisionExecution, overdueDecisions, noteDecisionResult, proposeDecision,
  type ScheduleJobInput, type SquadDecisionPayload, type SquadDecisionView,
} from '@datavism/db';
import { GameError } from '@datavism/rules';
import type { SquadChatLineDto } from '@datavism/shared-schema';
import { channel, type Services } from '../context';
import { deadlinesCommitted } from '../jobs/deadlines';
import { squadDecisionOpened } from '../notifications/events';
import { tryNotify } from '../notifications/notify';
import { declareSiegeForDecision } from './siegeHook';

/** The durable job that closes a squad decision at its deadline. */
export const SQUAD_DECISION_CLOSE_JOB = 'squad-decision-close';

/** Which parts of a squad's room state to reload from the database. */
export type SquadPart = 'meta' | 'members' | 'treasury' | 'decisions' | 'applications';

/** What goes over presence to the squad's room, wherever it runs. */
export type SquadEvent =
  | { kind: 'changed'; parts: SquadPart[] }
  | { kind: 'chat'; line: SquadChatLineDto }
  | { kind: 'chat_removed'; id: number };

/** Presence channel of one squad. */
export function squadChannel(s: Services, squadId: string): string {
  return channel(s.config, `squad:${squadId}`);
}

/** Tells the squad's room (on any process) what changed. */
export async function publishSquad(s: Services, squadId: string, event: SquadEvent): Promise<void> {
  await s.presence.publish(squadChannel(s, squadId), event);
}

export function changed(...parts: SquadPart[]): SquadEvent {
  return { kind: 'changed', parts };
}

/** The voting period: registry `squad_decision_period_hours` in game hours (TIME_SCALE applies). */
export function decisionPeriodMs(s: Services): number {
  return s.parameters.get('squad_decision_period_hours') * s.config.durations.hourMs;
}

function decisionDeadlines(decision: SquadDecisionView): ScheduleJobInput[] {
  return [{ key: `squad-decision:${decision.id}`, name: SQUAD_DECISION_CLOSE_JOB, runAt: decision.closesAt, payload: { decisionId: decision.id } }];
}

/** Proposes a decision; its close is a durable job committed with it. */
export async function propose(
  s: Services,
  squadId: string,
  proposerId: string,
  payload: SquadDecisionPayload,
): Promise<SquadDecisionView> {
  const decision = await proposeDecision(s.database.db, {
    squadId, proposerId, payload, now: new Date(), periodMs: decisionPeriodMs(s), deadlines: decisionDeadlines,
  });
  await deadlinesCommitted(s, 'squad-decision-propose', decisionDeadlines(decision));
  await publishSquad(s, squadId, changed('decisions'));
  // GAME §8.2 important: the other members hear that a vote opened.
  await tryNotify(s, squadDecisionOpened(decision));
  return decision;
}

/**
 * Closes a decision (exactly once: a second call finds it closed) and carries it out;
 * a passed declare_siege goes to the territory service after the close commits.
 */
export async function closeSquadDecision(s: Services, decisionId: string, now: Date): Promise<SquadDecisionView | null> {
  const { closed, decision } = await closeDecision(s.database.db, { decisionId, now });
  if (!closed || !decision) return decision;
  if (decision.status === 'passed' && decision.payload.kind === 'declare_siege') {
    try {
      const note = await declareSiegeForDecision(s, decision.squadId, decision.proposerId, decision.payload.territoryId);
      await noteDecisionResult(s.database.db, decision.id, note);
    } catch (err) {
      if (!(err instanceof GameError)) throw err;
      await failDecisionExecution(s.database.db, decision.id, `${err.code}: ${err.message}`);
    }
  }
  await publishSquad(s, decision.squadId, changed('decisions', 'treasury', 'members', 'meta'));
  s.logger.info({ decision: decision.id, squad: decision.squadId, status: decision.status }, 'squad decision closed');
  return decision;
}

/** Registers the decision-close job handler. */
export function registerSquadJobs(s: Services): void {
  s.jobs.register(SQUAD_DECISION_CLOSE_JOB, async (ctx) => {
    const decisionId = String(ctx.payload.decisionId ?? '');
    const decision = await closeSquadDecision(s, decisionId, new Date());
    return { rows: decision ? 1 : 0 };
  });
}

/**
 * Safety net at start: closes decisions whose deadline passed without their job having run
 * (e.g. scheduled on a runner that lost it). Closing is exactly-once, so a race with the job
 * or another process is harmless.
 */
export async function closeOverdueDecisions(s: Services, now: Date): Promise<number> {
  let n = 0;
  for (const id of await overdueDecisions(s.database.db, now)) {
    if ((await closeSquadDecision(s, id, now))?.closedAt) n++;
  }
  return n;
}

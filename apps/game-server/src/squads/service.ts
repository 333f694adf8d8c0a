import {
  closeDecision, failDecisionExecution, overdueDecisions, noteDecisionResult, postSquadChat, proposeDecision,
  type SquadChatLine, type SquadDecisionPayload, type SquadDecisionView,
} from '@datavism/db';
import { GameError } from '@datavism/rules';
import type { SquadChatLineDto } from '@datavism/shared-schema';
import { channel, type Services } from '../context';
import { declareSiegeForDecision } from './siegeHook';

/** The durable job that closes a squad decision at its deadline. */
export const SQUAD_DECISION_CLOSE_JOB = 'squad-decision-close';

/** Which parts of a squad's room state to reload from the database. */
export type SquadPart = 'meta' | 'members' | 'treasury' | 'decisions' | 'applications';

/** What goes over presence to the squad's room, wherever it runs. */
export type SquadEvent =
  | { kind: 'changed'; parts: SquadPart[] }
  | { kind: 'chat'; line: SquadChatLineDto };

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

// C0/C1 controls and the bidi/zero-width format characters that can disguise text.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * A chat body as stored: control characters removed (newlines become spaces), trimmed,
 * 1..500 characters (code points), else BAD_REQUEST.
 */
export function sanitizeChat(body: string): string {
  const clean = body.replace(/[\r\n\t]+/g, ' ').replace(CONTROL_CHARS, '').trim();
  const length = [...clean].length;
  if (length === 0) throw new GameError('BAD_REQUEST', 'empty message');
  if (length > 500) throw new GameError('BAD_REQUEST', `a message has at most 500 characters (got ${length})`);
  return clean;
}

export function chatDto(line: SquadChatLine): SquadChatLineDto {
  return { id: line.id, playerId: line.playerId, name: line.name, body: line.body, createdAt: line.createdAt.toISOString() };
}

/** Posts a chat line (rate limit from the registry) and broadcasts it to the squad room. */
export async function postChat(s: Services, squadId: string, playerId: string, body: string): Promise<SquadChatLineDto> {
  const line = await postSquadChat(s.database.db, {
    squadId,
    playerId,
    body: sanitizeChat(body),
    now: new Date(),
    maxPerWindow: s.parameters.get('chat_messages_per_window'),
    windowSeconds: s.parameters.get('chat_window_seconds'),
  });
  const dto = chatDto(line);
  await publishSquad(s, squadId, { kind: 'chat', line: dto });
  return dto;
}

/** The voting period: registry `squad_decision_period_hours` in game hours (TIME_SCALE applies). */
export function decisionPeriodMs(s: Services): number {
  return s.parameters.get('squad_decision_period_hours') * s.config.durations.hourMs;
}

/** Proposes a decision and schedules its close as a durable job. */
export async function propose(
  s: Services,
  squadId: string,
  proposerId: string,
  payload: SquadDecisionPayload,
): Promise<SquadDecisionView> {
  const decision = await proposeDecision(s.database.db, {
    squadId, proposerId, payload, now: new Date(), periodMs: decisionPeriodMs(s),
  });
  await s.jobs.schedule(`squad-decision:${decision.id}`, SQUAD_DECISION_CLOSE_JOB, decision.closesAt, { decisionId: decision.id });
  await publishSquad(s, squadId, changed('decisions'));
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

/**
 * The notifications today's systems raise (GAME §8.2 default tiers), built where the event
 * happens and passed to `notify`. Each names its audience set-based and what it touches.
 */
import { operationQualifiers, proposalNonVoters, type ClosingProposal, type OperationRow, type SiegeView, type SquadDecisionView } from '@datavism/db';
import type { NotificationEvent } from './notify';

/** Urgent: your squad's territory is besieged (by a squad or the AC) — told to the holding squad. */
export function territoryBesieged(siege: SiegeView): NotificationEvent | null {
  if (!siege.defenderSquadId) return null;
  return {
    kind: 'territory_besieged',
    audience: { kind: 'squad', squadId: siege.defenderSquadId },
    affects: { squad: true, topic: 'territory' },
    timeCritical: true,
    title: siege.attackerSquadId === null ? `The AC strikes back at ${siege.territoryName}` : `${siege.territoryName} is under siege`,
    body: `${siege.attackerName} is besieging ${siege.territoryName}: deploy there before ${siege.battleEndsAt.toISOString()} to defend it.`,
    link: `/territory/${siege.territoryId}`,
    dedupeKey: `siege:${siege.id}`,
  };
}

/**
 * You were outbid: urgent in an auction's last minute (the bid extended the auction), regular
 * before (`outbid`: GAME names only the last-minute case).
 */
export function outbid(input: { auctionId: string; itemName: string; bidderId: string; outbidId: string | null; amount: string; lastMinute: boolean; endsAt: Date }): NotificationEvent | null {
  if (!input.outbidId || input.outbidId === input.bidderId) return null;
  return {
    kind: input.lastMinute ? 'outbid_last_minute' : 'outbid',
    audience: { kind: 'players', playerIds: [input.outbidId] },
    affects: { player: true, topic: 'auctions' },
    timeCritical: input.lastMinute,
    title: `Outbid on ${input.itemName}`,
    body: `Someone bid ${input.amount} credits; your bid was released. The auction ends at ${input.endsAt.toISOString()}.`,
    link: `/auctions/${input.auctionId}`,
  };
}

/** Important: a squad decision opened — every member but the proposer may vote until it closes. */
export function squadDecisionOpened(decision: SquadDecisionView): NotificationEvent {
  return {
    kind: 'squad_decision_opened',
    audience: { kind: 'squad', squadId: decision.squadId, exceptPlayerIds: [decision.proposerId] },
    affects: { squad: true, topic: 'squads' },
    timeCritical: true,
    title: `Squad vote: ${decision.kind.replace(/_/g, ' ')}`,
    body: `A squad decision is open until ${decision.closesAt.toISOString()}: vote yes or no.`,
    link: `/squads/${decision.squadId}`,
    dedupeKey: `squad-decision:${decision.id}`,
  };
}

/** An operation runs for at most this long to count as time critical (flashpoint, rapid, global). */
const TIME_CRITICAL_OPERATION_HOURS = 48;

/** Important: an operation you qualify for launched (entered its briefing or active phase). */
export function operationLaunched(op: OperationRow, hourMs: number, now: Date): NotificationEvent {
  const runsMs = op.endsAt ? op.endsAt.getTime() - op.activeAt.getTime() : Infinity;
  return {
    kind: 'operation_launched',
    audience: operationQualifiers({ id: op.id, squadId: op.squadId }, now),
    affects: { squad: op.squadId !== null, topic: 'operations' },
    timeCritical: runsMs <= TIME_CRITICAL_OPERATION_HOURS * hourMs,
    title: `Operation ${op.name} launched`,
    body: op.briefing ? op.briefing.slice(0, 500) : `A ${op.type} operation is live: join it.`,
    link: `/operations/${op.id}`,
    dedupeKey: `operation:${op.id}`,
  };
}

/** Important: a proposal you have not voted on closes within 24 h. */
export function proposalClosing(p: ClosingProposal, now: Date): NotificationEvent {
  return {
    kind: 'proposal_closing',
    audience: proposalNonVoters(p.id, now),
    affects: { player: true, topic: 'governance' },
    timeCritical: true,
    title: `Vote closes soon: ${p.title}`,
    body: `The ${p.kind} proposal "${p.title}" closes at ${p.closesAt.toISOString()} and you have not voted.`,
    link: `/governance/${p.id}`,
    dedupeKey: `proposal-closing:${p.id}`,
  };
}

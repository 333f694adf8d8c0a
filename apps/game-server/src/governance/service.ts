import { randomBytes } from 'node:crypto';
import {
  COUNCILS, COUNCIL_NAMES, GameError, PROPOSAL_RULES, countStv, electionTimeline,
  type Council, type ElectionPhase, type StvResult,
} from '@datavism/rules';
import {
  advanceElectionPhase, castVote, closeProposal, createProposal, electionForCount, getElection, getProposal,
  openElection, overdueProposalIds, recordElectionResult, withTransaction, writeAudit,
  type AuditEntry, type CastVoteResult, type Election, type Proposal, type ScheduleJobInput,
} from '@datavism/db';
import type { ProposeMessage } from '@datavism/shared-schema';
import { channel, type Services } from '../context';
import { deadlinesCommitted } from '../jobs/deadlines';

/** Job names of the governance feature. */
export const PROPOSAL_CLOSE_JOB = 'proposal-close';
export const ELECTION_PHASE_JOB = 'election-phase';
export const ELECTION_COUNT_JOB = 'election-count';
/** Opens a council's next election so that its count falls at the end of the seated term. */
export const COUNCIL_ELECTION_OPEN_JOB = 'council-election-open';
/** GAME §7.3: nomination 7, campaign 7, voting 3 game days. */
export const ELECTION_DAYS = { nomination: 7, campaign: 7, voting: 3 } as const;
/** Closes overdue proposals whose own job failed or lost its slot (two proposals closing in the same millisecond). */
export const PROPOSAL_SWEEP_JOB = 'proposal-sweep';

/** What the council rooms hear on presence (from any process). */
export type GovernanceEvent =
  | { type: 'proposal'; id: string }
  | { type: 'tally'; proposalId: string; yesWeight: number; noWeight: number; voters: number }
  | { type: 'election'; id: string };

export function governanceChannel(s: Services): string {
  return channel(s.config, 'governance');
}

export async function publish(s: Services, event: GovernanceEvent): Promise<void> {
  await s.presence.publish(governanceChannel(s), event);
}

function proposalDeadlines(p: Proposal): ScheduleJobInput[] {
  return [{ key: `proposal:${p.id}`, name: PROPOSAL_CLOSE_JOB, runAt: p.closesAt, payload: { proposalId: p.id } }];
}

/**
 * Submits a proposal: period from PROPOSAL_RULES scaled by the configured day, deposit from the
 * live registry, and a durable close job at the deadline, committed with the proposal.
 */
export async function propose(s: Services, authorId: string, m: ProposeMessage, now = new Date()): Promise<Proposal> {
  const periodMs = PROPOSAL_RULES[m.kind].periodDays * s.config.durations.dayMs;
  const { proposal, created } = await createProposal(s.database.db, {
    authorId, kind: m.kind, title: m.title, description: m.description,
    parameterName: m.parameterName, parameterValue: m.parameterValue, requestKey: m.requestKey,
    deposit: BigInt(s.parameters.get('proposal_deposit_influence_points')), periodMs, now, deadlines: proposalDeadlines,
  });
  if (created) {
    await deadlinesCommitted(s, 'proposal-propose', proposalDeadlines(proposal));
    await publish(s, { type: 'proposal', id: proposal.id });
  }
  return proposal;
}

/** Casts or changes a vote and broadcasts the new tally to every council room. */
export async function vote(s: Services, playerId: string, proposalId: string, support: boolean): Promise<CastVoteResult> {
  const result = await castVote(s.database.db, { proposalId, playerId, support, now: new Date() });
  await publish(s, { type: 'tally', ...result.tally });
  return result;
}

/**
 * The close job: settles the proposal (idempotent). A passed balance/economic proposal changed
 * its parameter in the closing transaction; the live registry of every process reloads it.
 */
export async function closeProposalNow(s: Services, proposalId: string, now = new Date()): Promise<Proposal | null> {
  const db = s.database.db;
  const closed = await closeProposal(db, proposalId, now);
  const p = closed?.proposal ?? (await getProposal(db, proposalId));
  if (!p) return null;
  if (closed?.parameterChange) {
    await s.parameters.changed(closed.parameterChange.name);
    s.logger.info({ proposalId: p.id, name: p.parameterName, value: p.parameterValue }, 'governance changed a parameter');
  }
  if (closed) await publish(s, { type: 'proposal', id: p.id });
  return p;
}

function electionDeadlines(e: Election): ScheduleJobInput[] {
  return [
    { key: `election:${e.id}:campaign`, name: ELECTION_PHASE_JOB, runAt: e.nominationEndsAt, payload: { electionId: e.id, phase: 'campaign' } },
    { key: `election:${e.id}:voting`, name: ELECTION_PHASE_JOB, runAt: e.campaignEndsAt, payload: { electionId: e.id, phase: 'voting' } },
    { key: `election:${e.id}:count`, name: ELECTION_COUNT_JOB, runAt: e.votingEndsAt, payload: { electionId: e.id } },
  ];
}

/** Opens an election for a council; its phase jobs (durable) commit with it. */
export async function openCouncilElection(
  s: Services,
  council: Council,
  days?: { nomination?: number; campaign?: number; voting?: number },
  now = new Date(),
  /** A GM's opening: audited with it. */
  audit?: Omit<AuditEntry, 'target'>,
): Promise<Election> {
  const t = electionTimeline(now, s.config.durations.dayMs, {
    nomination: days?.nomination ?? ELECTION_DAYS.nomination, campaign: days?.campaign ?? ELECTION_DAYS.campaign,
    voting: days?.voting ?? ELECTION_DAYS.voting,
  });
  const e = await openElection(s.database.db, {
    council, seats: COUNCILS[council].seats, openedAt: now, ...t, deadlines: electionDeadlines, audit,
  });
  await deadlinesCommitted(s, 'election-open', electionDeadlines(e));
  await publish(s, { type: 'election', id: e.id });
  return e;
}

/** Moves an election to its next phase now (a phase job, or a GM hurrying it). */
export async function advanceElection(
  s: Services,
  electionId: string,
  to?: ElectionPhase,
  /** A GM hurrying it: audited with the phase change (or the count). */
  audit?: Omit<AuditEntry, 'target'>,
): Promise<Election | null> {
  const e = await getElection(s.database.db, electionId);
  if (!e || e.phase === 'counted') return e;
  const next: ElectionPhase = to ?? (e.phase === 'nomination' ? 'campaign' : e.phase === 'campaign' ? 'voting' : 'counted');
  if (next === 'nomination') return e;
  if (next === 'counted') {
    await countElection(s, electionId, new Date(), audit && { ...audit, details: { ...audit.details, to: next } });
  } else if (await withTransaction(s.database.db, async (tx) => {
    const moved = await advanceElectionPhase(tx, electionId, next);
    if (moved && audit) await writeAudit(tx, { ...audit, target: `election:${electionId}`, details: { ...audit.details, to: next } });
    return moved;
  })) {
    await publish(s, { type: 'election', id: electionId });
  }
  return getElection(s.database.db, electionId);
}

/**
 * Counts an election through the service path: ballots grouped in Postgres, `countStv` by the
 * Scottish rules with a fresh random seed (recorded in the result), the result stored and the
 * elected seated for the council's term (scaled by the configured day). Idempotent.
 */
export async function countElection(s: Services, electionId: string, now = new Date(), audit?: Omit<AuditEntry, 'target'>): Promise<StvResult | null> {
  const db = s.database.db;
  const e = await getElection(db, electionId);
  if (!e) return null;
  if (e.phase === 'counted') return e.result as StvResult;
  const election = await electionForCount(db, e);
  const seed = randomBytes(8).toString('hex');
  const result: StvResult = election.candidates.length === 0
    ? { method: 'scottish', title: election.title, seats: e.seats, valid: 0, quota: '1.00000', elected: [], excluded: [],
      withdrawn: [], stages: [], seed }
    : countStv(election, { method: 'scottish', seed });
  const termMs = COUNCILS[e.council as Council].termDays * s.config.durations.dayMs;
  // The next election: opened so that its count (17 game days later) seats the next council
  // when this term ends. Committed with the result, so only the count that records it schedules it.
  const electionMs = (ELECTION_DAYS.nomination + ELECTION_DAYS.campaign + ELECTION_DAYS.voting) * s.config.durations.dayMs;
  const opensAt = new Date(Math.max(now.getTime(), now.getTime() + termMs - electionMs));
  const next: ScheduleJobInput[] = [{
    key: `council-election:${e.council}:after:${electionId}`, name: COUNCIL_ELECTION_OPEN_JOB, runAt: opensAt, payload: { council: e.council },
  }];
  if (await recordElectionResult(db, { electionId, result, now, termMs, deadlines: () => next, audit })) {
    await deadlinesCommitted(s, 'election-count', next);
  }
  await publish(s, { type: 'election', id: electionId });
  const stored = await getElection(db, electionId);
  return (stored?.result as StvResult) ?? result;
}

/** Registers the governance jobs. */
export function registerGovernanceJobs(s: Services): void {
  s.jobs.register(PROPOSAL_CLOSE_JOB, async ({ payload }) => {
    const p = await closeProposalNow(s, String(payload.proposalId));
    return { rows: p ? 1 : 0 };
  });
  s.jobs.register(PROPOSAL_SWEEP_JOB, async () => {
    let rows = 0;
    // A grace of 5 s leaves each proposal to its own job first (closing is idempotent under a row lock).
    for (const id of await overdueProposalIds(s.database.db, new Date(Date.now() - 5000), 100)) {
      if (await closeProposalNow(s, id)) rows++;
    }
    return { rows };
  });
  // Every game hour, at least every second and at most every minute of real time.
  s.jobs.every(PROPOSAL_SWEEP_JOB, Math.max(1000, Math.min(60_000, s.config.durations.hourMs)));
  s.jobs.register(ELECTION_PHASE_JOB, async ({ payload }) => {
    const phase = payload.phase === 'voting' ? 'voting' : 'campaign';
    const e = await getElection(s.database.db, String(payload.electionId));
    if (!e || e.phase === 'counted') return { rows: 0 };
    const moved = await advanceElectionPhase(s.database.db, e.id, phase);
    if (moved) await publish(s, { type: 'election', id: e.id });
    return { rows: moved ? 1 : 0 };
  });
  s.jobs.register(ELECTION_COUNT_JOB, async ({ payload }) => {
    const r = await countElection(s, String(payload.electionId));
    return { rows: r ? r.elected.length : 0 };
  });
  s.jobs.register(COUNCIL_ELECTION_OPEN_JOB, async ({ payload }) => {
    const council = String(payload.council);
    if (!(COUNCIL_NAMES as readonly string[]).includes(council)) return { rows: 0 };
    try {
      await openCouncilElection(s, council as Council);
      return { rows: 1 };
    } catch (err) {
      // A GM opened one in the meantime: that election serves.
      if (err instanceof GameError && err.code === 'ALREADY_DONE') return { rows: 0 };
      throw err;
    }
  });
}

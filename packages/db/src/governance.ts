import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import {
  CANDIDACY_DEPOSIT_TRUTH_TOKENS, COUNCIL_NAMES, GameError, PARAMETER_PROPOSAL_KINDS, getParameterDef, influence, levelForXp, mayPropose,
  mayStandFor, proposalOutcome, rankingToNumbers, validateParameterValue, voteWeight,
  type Council, type ProposalKind, type ProposalOutcome, type StvElection, type StvResult,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { writeAudit, type AuditEntry } from './audit';
import { scheduleJobsTx, type Deadlines } from './jobs';
import { transfer, withTransaction } from './ledger';
import { setParameter, type ParameterChange } from './parameters';
import { contentProposalPassedTx } from './progression';
import {
  councilMembers, councils, electionBallots, electionCandidates, elections, players, proposalVotes, proposals,
  squadMembers,
} from './schema/index';
import { isUuid, queryRows, toBigInt, toNumber } from './sql';

/** A proposal row. */
export type Proposal = typeof proposals.$inferSelect;
/** An election row. */
export type Election = typeof elections.$inferSelect;
/** A candidate row. */
export type ElectionCandidate = typeof electionCandidates.$inferSelect;

/** artisticVision granted to the author of a content proposal that passes (GAME §1, §7). */
export const CONTENT_PROPOSAL_ARTISTIC_VISION = 500;

const DAY_MS = 86_400_000;

/** What a player's vote weight and council standing are computed from, read now. */
export interface VoterProfile {
  playerId: string;
  name: string;
  influence: number;
  /** max(players.days_active, whole real days since the account was created). */
  daysActive: number;
  contributionScore: number;
  level: number;
  technicalMastery: number;
  artisticVision: number;
  weight: number;
  /** Councils the player currently sits on. */
  councils: Council[];
}

/**
 * The player's current vote-weight inputs (GAME §7.2): influence of the stored reputation,
 * days active, and the squad contribution score; the weight by the rules' `voteWeight`.
 */
export async function voterProfile(db: Db, playerId: string, now: Date): Promise<VoterProfile> {
  if (!isUuid(playerId)) throw new GameError('NOT_FOUND', 'unknown player');
  const [row] = await db
    .select({ p: players, contribution: squadMembers.contributionScore })
    .from(players)
    .leftJoin(squadMembers, eq(squadMembers.playerId, players.id))
    .where(eq(players.id, playerId));
  if (!row) throw new GameError('NOT_FOUND', 'unknown player');
  const p = row.p;
  const inf = influence(p, { firstBlood: p.firstBlood, massAwakening: p.massAwakening, squadLeader: p.isSquadLeader });
  const daysActive = Math.max(p.daysActive, Math.floor((now.getTime() - p.createdAt.getTime()) / DAY_MS));
  const contributionScore = row.contribution ?? 0;
  const seats = await db
    .select({ council: councilMembers.council })
    .from(councilMembers)
    .where(and(eq(councilMembers.playerId, playerId), gt(councilMembers.termEndsAt, now)));
  return {
    playerId, name: p.name, influence: inf, daysActive, contributionScore, level: levelForXp(p.xp),
    technicalMastery: p.technicalMastery, artisticVision: p.artisticVision,
    weight: voteWeight({ influence: inf, daysActive, contributionScore }),
    councils: [...new Set(seats.map((s) => s.council as Council))],
  };
}

/**
 * Eligible weight for quorum: Σ over every player of the §7.2 weight, in one set-based query
 * (the same formula as `voteWeight`, evaluated by Postgres in double precision).
 */
export async function eligibleVoteWeight(db: Db, now: Date): Promise<number> {
  const [row] = await queryRows<{ total: unknown }>(db, sql`
    WITH w AS (
      SELECT (25 * p.technical_mastery + 25 * p.truth_score + 30 * p.impact_rating + 10 * p.teaching_honor
              + 10 * p.artistic_vision)::float8 / 100
             * CASE WHEN p.first_blood THEN 1.5 ELSE 1 END
             * CASE WHEN p.mass_awakening THEN 1.3 ELSE 1 END
             * CASE WHEN p.is_squad_leader THEN 1.2 ELSE 1 END AS influence,
             greatest(p.days_active, floor(extract(epoch FROM (${now.toISOString()}::timestamptz - p.created_at)) / 86400)) AS days,
             coalesce(m.contribution_score, 0) AS contribution
      FROM players p LEFT JOIN squad_members m ON m.player_id = p.id
    )
    SELECT coalesce(sum(least(10, 1 + log(greatest(influence, 0) + 1)
      + CASE WHEN days > 30 THEN 0.5 ELSE 0 END + CASE WHEN days > 90 THEN 0.5 ELSE 0 END
      + CASE WHEN days > 365 THEN 1 ELSE 0 END + CASE WHEN contribution > 1000 THEN 0.5 ELSE 0 END)), 0) AS total
    FROM w`);
  return toNumber(row?.total);
}

/** Input of {@link createProposal}. */
export interface CreateProposalInput {
  authorId: string;
  kind: ProposalKind;
  title: string;
  description?: string;
  parameterName?: string;
  parameterValue?: number;
  /** Deposit in influence_points (the live registry value). */
  deposit: bigint;
  periodMs: number;
  now: Date;
  /** A client retry key: the same key returns the first proposal, charging nothing again. */
  requestKey?: string;
  /** The close job, written with a new proposal (not for a retried one). */
  deadlines?: Deadlines<Proposal>;
}

/**
 * Submits a proposal: checks who may propose (emergency: council members only → FORBIDDEN;
 * content: influence ≥ 5000 → REQUIREMENTS_NOT_MET), the parameter (balance/economic: a
 * registry parameter of the matching kind within its bounds), and takes the deposit
 * (player → escrow, INSUFFICIENT_FUNDS when short), all in one transaction.
 */
export async function createProposal(db: Db, input: CreateProposalInput): Promise<{ proposal: Proposal; created: boolean }> {
  const needsParameter = PARAMETER_PROPOSAL_KINDS.includes(input.kind);
  if (needsParameter) {
    if (input.parameterName === undefined || input.parameterValue === undefined) {
      throw new GameError('BAD_REQUEST', `a ${input.kind} proposal names a parameter and a value`);
    }
    const def = getParameterDef(input.parameterName);
    validateParameterValue(input.parameterName, input.parameterValue);
    if (def.proposalKind !== input.kind) {
      throw new GameError('BAD_REQUEST', `${def.name} is changed by ${def.proposalKind} proposals, not ${input.kind}`);
    }
  } else if (input.parameterName !== undefined || input.parameterValue !== undefined) {
    throw new GameError('BAD_REQUEST', `a ${input.kind} proposal does not change a parameter`);
  }
  return withTransaction(db, async (tx) => {
    if (input.requestKey) {
      const [existing] = await tx.select().from(proposals)
        .where(and(eq(proposals.authorId, input.authorId), eq(proposals.requestKey, input.requestKey)));
      if (existing) return { proposal: existing, created: false };
    }
    const me = await voterProfile(tx, input.authorId, input.now);
    if (!mayPropose(input.kind, { influence: me.influence, isCouncilMember: me.councils.length > 0 })) {
      if (input.kind === 'emergency') throw new GameError('FORBIDDEN', 'only council members may raise emergency proposals');
      throw new GameError('REQUIREMENTS_NOT_MET', `${input.kind} proposals need influence ≥ 5000`);
    }
    const [proposal] = await tx.insert(proposals).values({
      kind: input.kind,
      title: input.title,
      description: input.description ?? '',
      authorId: input.authorId,
      requestKey: input.requestKey ?? null,
      parameterName: input.parameterName ?? null,
      parameterValue: input.parameterValue ?? null,
      deposit: input.deposit,
      createdAt: input.now,
      closesAt: new Date(input.now.getTime() + input.periodMs),
    }).returning();
    if (input.deposit > 0n) {
      await transfer(tx, {
        from: { kind: 'player', id: input.authorId }, to: { kind: 'escrow' }, resource: 'influence_points',
        amount: input.deposit, reason: 'proposal_deposit', idempotencyKey: `proposal:${proposal.id}:deposit`,
      });
    }
    await scheduleJobsTx(tx, input.deadlines?.(proposal) ?? []);
    return { proposal, created: true };
  });
}

/** A proposal's live tally. */
export interface ProposalTallyRow {
  proposalId: string;
  yesWeight: number;
  noWeight: number;
  voters: number;
}

/** Outcome of {@link castVote}. */
export interface CastVoteResult {
  tally: ProposalTallyRow;
  weight: number;
  /** True when an earlier vote of this player was changed (still one row). */
  changed: boolean;
}

/**
 * Casts or changes a vote (one row per player per proposal by the primary key). The weight is
 * computed now from the player's current standing. Voting at or after the deadline, or on a
 * closed proposal → DECISION_CLOSED. The proposal row is locked, so its tally stays exact.
 */
export async function castVote(
  db: Db,
  input: { proposalId: string; playerId: string; support: boolean; now: Date },
): Promise<CastVoteResult> {
  if (!isUuid(input.proposalId)) throw new GameError('NOT_FOUND', 'unknown proposal');
  return withTransaction(db, async (tx) => {
    const [p] = await tx.select().from(proposals).where(eq(proposals.id, input.proposalId)).for('update');
    if (!p) throw new GameError('NOT_FOUND', 'unknown proposal');
    if (p.status !== 'open' || input.now.getTime() >= p.closesAt.getTime()) {
      throw new GameError('DECISION_CLOSED', 'voting on this proposal has closed');
    }
    const me = await voterProfile(tx, input.playerId, input.now);
    const [old] = await tx.select().from(proposalVotes)
      .where(and(eq(proposalVotes.proposalId, p.id), eq(proposalVotes.playerId, input.playerId)));
    await tx.insert(proposalVotes)
      .values({ proposalId: p.id, playerId: input.playerId, support: input.support, weight: me.weight, castAt: input.now })
      .onConflictDoUpdate({
        target: [proposalVotes.proposalId, proposalVotes.playerId],
        set: { support: input.support, weight: me.weight, castAt: input.now, changes: sql`${proposalVotes.changes} + 1` },
      });
    let yes = p.yesWeight;
    let no = p.noWeight;
    if (old) {
      if (old.support) yes -= old.weight;
      else no -= old.weight;
    }
    if (input.support) yes += me.weight;
    else no += me.weight;
    const voters = p.voters + (old ? 0 : 1);
    await tx.update(proposals).set({ yesWeight: yes, noWeight: no, voters }).where(eq(proposals.id, p.id));
    return { tally: { proposalId: p.id, yesWeight: yes, noWeight: no, voters }, weight: me.weight, changed: Boolean(old) };
  });
}

/** Outcome of {@link closeProposal}. */
export interface ClosedProposal {
  proposal: Proposal;
  outcome: ProposalOutcome;
  /** The registry change a passed balance/economic proposal made, committed with the close. */
  parameterChange: ParameterChange | null;
}

/**
 * Closes a proposal at its deadline (idempotent: null when it is already closed or not due).
 * Tallies are recomputed from the votes; the eligible weight is read now. The deposit returns
 * to the author when quorum was reached and is burned otherwise (less its share of escrow decay); a passed content proposal
 * gives its author +500 artisticVision (capped at 10000) and `content_proposal_influence_points` influence_points. A passed balance/economic proposal
 * changes its registry parameter in the same transaction (logged with the proposal id), so the
 * proposal never reads as passed while the old value is still stored; the caller reloads the
 * live registry.
 */
export async function closeProposal(db: Db, proposalId: string, now: Date): Promise<ClosedProposal | null> {
  if (!isUuid(proposalId)) return null;
  return withTransaction(db, async (tx) => {
    const [p] = await tx.select().from(proposals).where(eq(proposals.id, proposalId)).for('update');
    if (!p || p.status !== 'open' || now.getTime() < p.closesAt.getTime()) return null;
    const [sums] = await queryRows<{ yes: unknown; no: unknown; voters: unknown }>(tx, sql`
      SELECT coalesce(sum(weight) FILTER (WHERE support), 0) AS yes,
             coalesce(sum(weight) FILTER (WHERE NOT support), 0) AS no, count(*) AS voters
      FROM proposal_votes WHERE proposal_id = ${p.id}::uuid`);
    const yesWeight = toNumber(sums?.yes);
    const noWeight = toNumber(sums?.no);
    const eligibleWeight = await eligibleVoteWeight(tx, now);
    const outcome = proposalOutcome({ kind: p.kind, yesWeight, noWeight, eligibleWeight });
    const settled = await depositShare(tx, p.deposit);
    if (settled > 0n) {
      await transfer(tx, {
        from: { kind: 'escrow' },
        to: outcome.quorumReached ? { kind: 'player', id: p.authorId } : { kind: 'burn' },
        resource: 'influence_points', amount: settled,
        reason: outcome.quorumReached ? 'proposal_deposit_returned' : 'proposal_deposit_burned',
        idempotencyKey: `proposal:${p.id}:deposit-settled`,
      });
    }
    if (outcome.passed && p.kind === 'content') {
      await tx.update(players)
        .set({ artisticVision: sql`least(10000, ${players.artisticVision} + ${CONTENT_PROPOSAL_ARTISTIC_VISION})` })
        .where(eq(players.id, p.authorId));
      // GAME §4: influence_points come from passed content (and mentoring); Reality_Artist counts it.
      await contentProposalPassedTx(tx, p.id, p.authorId);
    }
    const parameterChange = outcome.passed && p.parameterName && p.parameterValue !== null
      ? await setParameter(tx, {
        name: p.parameterName, value: p.parameterValue, changedBy: 'governance',
        reason: `proposal ${p.id} passed: ${p.title}`, proposalId: p.id,
      })
      : null;
    const [proposal] = await tx.update(proposals).set({
      status: outcome.passed ? 'passed' : 'rejected', yesWeight, noWeight, voters: toNumber(sums?.voters),
      eligibleWeight, quorumReached: outcome.quorumReached, closedAt: now,
    }).where(eq(proposals.id, p.id)).returning();
    return { proposal, outcome, parameterChange };
  });
}

/**
 * What a deposit is worth at settlement. Deposits sit in the shared escrow account, whose
 * influence_points decay like any holding (GAME §4: 2 % monthly); open deposits share that
 * loss pro rata: deposit × escrow balance / Σ deposits of open proposals, capped at the deposit.
 * Only proposals escrow influence_points (soul-bound: never on the market).
 */
async function depositShare(tx: Tx, deposit: bigint): Promise<bigint> {
  if (deposit <= 0n) return 0n;
  const [row] = await queryRows<{ outstanding: unknown; held: unknown }>(tx, sql`
    SELECT (SELECT coalesce(sum(deposit), 0) FROM proposals WHERE status = 'open') AS outstanding,
           (SELECT coalesce(sum(b.amount), 0) FROM balances b JOIN accounts a ON a.id = b.account_id
             WHERE a.kind = 'escrow' AND b.resource = 'influence_points') AS held`);
  const outstanding = toBigInt(row?.outstanding);
  const held = toBigInt(row?.held);
  if (outstanding <= 0n || held <= 0n) return 0n;
  const share = (deposit * held) / outstanding;
  return share < deposit ? share : deposit;
}

/** Open proposals whose deadline has passed (the sweep closes them if their job did not). */
export async function overdueProposalIds(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db.select({ id: proposals.id }).from(proposals)
    .where(and(eq(proposals.status, 'open'), lte(proposals.closesAt, now))).orderBy(asc(proposals.closesAt)).limit(limit);
  return rows.map((r) => r.id);
}

/** One proposal, or null. */
export async function getProposal(db: Db, id: string): Promise<Proposal | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(proposals).where(eq(proposals.id, id));
  return row ?? null;
}

/** Proposals with their author names: open ones by deadline, or the latest closed ones. */
export async function listProposals(
  db: Db,
  options: { status?: 'open' | 'closed'; limit: number },
): Promise<Array<Proposal & { authorName: string }>> {
  const q = db.select({ p: proposals, authorName: players.name }).from(proposals)
    .innerJoin(players, eq(players.id, proposals.authorId));
  const rows = options.status === 'open'
    ? await q.where(eq(proposals.status, 'open')).orderBy(asc(proposals.closesAt)).limit(options.limit)
    : options.status === 'closed'
      ? await q.where(sql`${proposals.status} <> 'open'`).orderBy(desc(proposals.closedAt)).limit(options.limit)
      : await q.orderBy(desc(proposals.createdAt)).limit(options.limit);
  return rows.map((r) => ({ ...r.p, authorName: r.authorName }));
}

/** A player's votes on some proposals: proposal id → support. */
export async function votesOf(db: Db, playerId: string, proposalIds: string[]): Promise<Record<string, boolean>> {
  if (proposalIds.length === 0 || !isUuid(playerId)) return {};
  const rows = await db.select({ id: proposalVotes.proposalId, support: proposalVotes.support }).from(proposalVotes)
    .where(and(eq(proposalVotes.playerId, playerId), inArray(proposalVotes.proposalId, proposalIds)));
  return Object.fromEntries(rows.map((r) => [r.id, r.support]));
}

/** The stored vote rows of one proposal (tests and audits). */
export function proposalVoteRows(db: Db, proposalId: string) {
  return db.select().from(proposalVotes).where(eq(proposalVotes.proposalId, proposalId));
}

// ---- councils and elections (GAME §7.3) ----

/** Creates the four council rows (channel flag on) if missing. */
export async function ensureCouncils(db: Db): Promise<void> {
  await db.insert(councils).values(COUNCIL_NAMES.map((name) => ({ name }))).onConflictDoNothing();
}

/** A council with its flag and current members. */
export interface CouncilView {
  name: string;
  channelEnabled: boolean;
  members: Array<{ playerId: string; name: string; seat: number; termEndsAt: Date }>;
}

/** Every council with its members whose term has not ended. */
export async function listCouncils(db: Db, now: Date): Promise<CouncilView[]> {
  const rows = await db.select().from(councils).orderBy(asc(councils.name));
  const members = await db
    .select({ council: councilMembers.council, playerId: councilMembers.playerId, name: players.name,
      seat: councilMembers.seat, termEndsAt: councilMembers.termEndsAt })
    .from(councilMembers).innerJoin(players, eq(players.id, councilMembers.playerId))
    .where(gt(councilMembers.termEndsAt, now)).orderBy(asc(councilMembers.seat));
  return rows.map((c) => ({
    name: c.name, channelEnabled: c.channelEnabled,
    members: members.filter((m) => m.council === c.name).map(({ council: _c, ...m }) => m),
  }));
}

/** Input of {@link openElection}. */
export interface OpenElectionInput {
  council: Council;
  seats: number;
  openedAt: Date;
  nominationEndsAt: Date;
  campaignEndsAt: Date;
  votingEndsAt: Date;
  /** The phase and count jobs, written with the election. */
  deadlines?: Deadlines<Election>;
  /** A GM's opening: its audit line, written with the election (target `election:<id>`). */
  audit?: Omit<AuditEntry, 'target'>;
}

/** Opens an election; one uncounted election per council at a time (else ALREADY_DONE). */
export async function openElection(db: Db, { deadlines, audit, ...input }: OpenElectionInput): Promise<Election> {
  return withTransaction(db, async (tx) => {
    // Serialize openings per council so two GMs cannot open two at once.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`election:${input.council}`}))`);
    const [running] = await tx.select({ id: elections.id }).from(elections)
      .where(and(eq(elections.council, input.council), sql`${elections.phase} <> 'counted'`));
    if (running) throw new GameError('ALREADY_DONE', `the ${input.council} council already has an election running`);
    const [row] = await tx.insert(elections).values(input).returning();
    await scheduleJobsTx(tx, deadlines?.(row) ?? []);
    if (audit) await writeAudit(tx, { ...audit, target: `election:${row.id}` });
    return row;
  });
}

/** One election, or null. */
export async function getElection(db: Db, id: string): Promise<Election | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(elections).where(eq(elections.id, id));
  return row ?? null;
}

/** Elections, newest first (without their result JSON). */
export async function listElections(db: Db, limit: number): Promise<Omit<Election, 'result'>[]> {
  const { result: _r, ...cols } = getTableColumns(elections);
  return db.select(cols).from(elections).orderBy(desc(elections.openedAt)).limit(limit);
}

/** The candidates of an election in number order. */
export function listCandidates(db: Db, electionId: string): Promise<ElectionCandidate[]> {
  return db.select().from(electionCandidates).where(eq(electionCandidates.electionId, electionId))
    .orderBy(asc(electionCandidates.number));
}

async function lockElection(tx: Tx, id: string): Promise<Election> {
  if (!isUuid(id)) throw new GameError('NOT_FOUND', 'unknown election');
  const [e] = await tx.select().from(elections).where(eq(elections.id, id)).for('update');
  if (!e) throw new GameError('NOT_FOUND', 'unknown election');
  return e;
}

/**
 * A player stands in an election during its nomination phase if eligible (`mayStandFor`,
 * else REQUIREMENTS_NOT_MET). Standing twice → ALREADY_DONE; outside nomination → DECISION_CLOSED.
 * The candidacy deposits one truth_token into escrow (GAME §4.5; `INSUFFICIENT_FUNDS` without one,
 * nothing written), returned at the count ({@link recordElectionResult}).
 */
export async function standForElection(
  db: Db,
  input: { electionId: string; playerId: string; statement?: string; now: Date },
): Promise<ElectionCandidate> {
  return withTransaction(db, async (tx) => {
    const e = await lockElection(tx, input.electionId);
    if (e.phase !== 'nomination' || input.now.getTime() >= e.nominationEndsAt.getTime()) {
      throw new GameError('DECISION_CLOSED', 'nominations for this election have closed');
    }
    const me = await voterProfile(tx, input.playerId, input.now);
    if (!mayStandFor(e.council as Council, me)) {
      throw new GameError('REQUIREMENTS_NOT_MET', `you do not meet the requirements to stand for the ${e.council} council`);
    }
    const [{ next }] = await queryRows<{ next: unknown }>(tx, sql`
      SELECT coalesce(max(number), 0) + 1 AS next FROM election_candidates WHERE election_id = ${e.id}::uuid`);
    const [row] = await tx.insert(electionCandidates)
      .values({ electionId: e.id, playerId: input.playerId, number: toNumber(next), name: me.name,
        statement: input.statement ?? '', nominatedAt: input.now })
      .onConflictDoNothing({ target: [electionCandidates.electionId, electionCandidates.playerId] })
      .returning();
    if (!row) throw new GameError('ALREADY_DONE', 'you already stand in this election');
    await transfer(tx, {
      from: { kind: 'player', id: input.playerId }, to: { kind: 'escrow' }, resource: 'truth_tokens',
      amount: CANDIDACY_DEPOSIT_TRUTH_TOKENS, reason: 'candidacy_deposit', idempotencyKey: candidacyDepositKey(e.id, input.playerId),
    });
    return row;
  });
}

function candidacyDepositKey(electionId: string, playerId: string): string {
  return `candidacy:${electionId}:${playerId}:deposit`;
}

/**
 * Returns every candidacy deposit of an election (withdrawn candidates' too: GAME §4.5 returns
 * it at the count), once: each return has its own idempotency key, and only deposits that were
 * taken (the ledger row of the deposit's key) are returned.
 */
async function returnCandidacyDepositsTx(tx: Tx, electionId: string): Promise<void> {
  for (const c of await listCandidates(tx, electionId)) {
    const [taken] = await queryRows<{ amount: unknown }>(tx, sql`
      SELECT amount FROM transfers WHERE idempotency_key = ${candidacyDepositKey(electionId, c.playerId)}`);
    if (!taken) continue;
    await transfer(tx, {
      from: { kind: 'escrow' }, to: { kind: 'player', id: c.playerId }, resource: 'truth_tokens', amount: toBigInt(taken.amount),
      reason: 'candidacy_deposit_returned', idempotencyKey: `candidacy:${electionId}:${c.playerId}:returned`,
    });
  }
}

/**
 * A candidate withdraws, at any time before the voting ends. The candidate keeps their number
 * and ballots keep ranking them; the count treats them as withdrawn (BLT: the STV rules skip
 * them and pass each paper to its next preference). Not a candidate → NOT_FOUND; twice →
 * ALREADY_DONE; after the voting → DECISION_CLOSED.
 */
export async function withdrawCandidacy(
  db: Db,
  input: { electionId: string; playerId: string; now: Date },
): Promise<ElectionCandidate> {
  return withTransaction(db, async (tx) => {
    const e = await lockElection(tx, input.electionId);
    if (e.phase === 'counted' || input.now.getTime() >= e.votingEndsAt.getTime()) {
      throw new GameError('DECISION_CLOSED', 'this election has closed');
    }
    const mine = and(eq(electionCandidates.electionId, e.id), eq(electionCandidates.playerId, input.playerId));
    const [row] = await tx.update(electionCandidates).set({ withdrawnAt: input.now })
      .where(and(mine, isNull(electionCandidates.withdrawnAt)))
      .returning();
    if (row) return row;
    // Nothing updated: say why (only on this refusal path is the row read).
    const [c] = await tx.select({ withdrawnAt: electionCandidates.withdrawnAt }).from(electionCandidates).where(mine);
    if (!c) throw new GameError('NOT_FOUND', 'you do not stand in this election');
    throw new GameError('ALREADY_DONE', 'you have already withdrawn');
  });
}

/**
 * Casts or replaces a player's ranked ballot (one per election by the primary key) during the
 * voting phase. The ranking names candidate player ids; unknown or repeated → BAD_REQUEST.
 */
export async function castBallot(
  db: Db,
  input: { electionId: string; playerId: string; ranking: string[]; now: Date },
): Promise<{ ranking: number[]; replaced: boolean }> {
  return withTransaction(db, async (tx) => {
    if (!isUuid(input.electionId)) throw new GameError('NOT_FOUND', 'unknown election');
    // FOR SHARE: ballots go on concurrently, the count's FOR UPDATE waits for them.
    const [e] = await tx.select().from(elections).where(eq(elections.id, input.electionId)).for('share');
    if (!e) throw new GameError('NOT_FOUND', 'unknown election');
    const t = input.now.getTime();
    if (e.phase === 'counted' || t >= e.votingEndsAt.getTime()) {
      throw new GameError('DECISION_CLOSED', 'voting in this election has closed');
    }
    if (e.phase !== 'voting' && t < e.campaignEndsAt.getTime()) {
      throw new GameError('DECISION_CLOSED', 'voting in this election has not opened yet');
    }
    const candidates = await listCandidates(tx, e.id);
    const ranking = rankingToNumbers(input.ranking, candidates.map((c) => c.playerId));
    const [old] = await tx.select({ p: electionBallots.playerId }).from(electionBallots)
      .where(and(eq(electionBallots.electionId, e.id), eq(electionBallots.playerId, input.playerId)));
    await tx.insert(electionBallots).values({ electionId: e.id, playerId: input.playerId, ranking, castAt: input.now })
      .onConflictDoUpdate({ target: [electionBallots.electionId, electionBallots.playerId], set: { ranking, castAt: input.now } });
    return { ranking, replaced: Boolean(old) };
  });
}

/** A player's ballot as candidate player ids, or null. */
export async function ballotOf(db: Db, electionId: string, playerId: string): Promise<string[] | null> {
  if (!isUuid(electionId) || !isUuid(playerId)) return null;
  const [b] = await db.select().from(electionBallots)
    .where(and(eq(electionBallots.electionId, electionId), eq(electionBallots.playerId, playerId)));
  if (!b) return null;
  const byNumber = new Map((await listCandidates(db, electionId)).map((c) => [c.number, c.playerId]));
  return b.ranking.map((n) => byNumber.get(n)!);
}

/** Moves an election forward to `phase` (never back); true if it moved. */
export async function advanceElectionPhase(db: Db, id: string, phase: 'campaign' | 'voting'): Promise<boolean> {
  const from = phase === 'campaign' ? ['nomination'] : ['nomination', 'campaign'];
  const rows = await db.update(elections).set({ phase })
    .where(and(eq(elections.id, id), inArray(elections.phase, from as ('nomination' | 'campaign')[])))
    .returning({ id: elections.id });
  return rows.length > 0;
}

/**
 * The election as the STV count reads it: candidates by number (names), identical rankings
 * grouped into one weighted ballot (one GROUP BY in the database), withdrawn candidates by number.
 */
export async function electionForCount(db: Db, e: Election): Promise<StvElection> {
  const candidates = await listCandidates(db, e.id);
  const rows = await queryRows<{ ranking: unknown; n: unknown }>(db, sql`
    SELECT ranking, count(*) AS n FROM election_ballots WHERE election_id = ${e.id}::uuid
    GROUP BY ranking ORDER BY ranking`);
  return {
    title: `DATAVISM ${e.council} council election ${e.id}`,
    seats: e.seats,
    candidates: candidates.map((c) => c.name),
    ballots: rows.map((r) => ({ count: toNumber(r.n), ranking: parseIntArray(r.ranking) })),
    withdrawn: candidates.filter((c) => c.withdrawnAt !== null).map((c) => c.number),
  };
}

/** int[] from either driver (node-postgres gives an array, PGlite an array or a '{1,2}' string). */
function parseIntArray(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === 'string') return v.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
  return [];
}

/**
 * Stores a count's result (every stage, with its seed), marks the election counted and seats
 * the elected on the council for the term. Idempotent: an already counted election keeps its
 * first result (returns false).
 */
export async function recordElectionResult(
  db: Db,
  input: {
    electionId: string; result: StvResult; now: Date; termMs: number;
    /** Jobs armed by the count (the council's next election), written only when this call records it. */
    deadlines?: Deadlines<Election>;
    /** A GM's count: its audit line, written with the result. */
    audit?: Omit<AuditEntry, 'target'>;
  },
): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const e = await lockElection(tx, input.electionId);
    if (e.phase === 'counted') return false;
    const termEndsAt = new Date(input.now.getTime() + input.termMs);
    await tx.update(elections).set({
      phase: 'counted', result: input.result, seed: String(input.result.seed), countedAt: input.now, termEndsAt,
    }).where(eq(elections.id, e.id));
    const byName = new Map((await listCandidates(tx, e.id)).map((c) => [c.name, c.playerId]));
    const seated = input.result.elected.map((name, i) => ({
      council: e.council, playerId: byName.get(name)!, electionId: e.id, seat: i + 1,
      termStartsAt: input.now, termEndsAt,
    }));
    if (seated.length > 0) await tx.insert(councilMembers).values(seated);
    await returnCandidacyDepositsTx(tx, e.id);
    // The new council replaces the previous one: earlier terms of this council end now.
    await tx.update(councilMembers).set({ termEndsAt: input.now })
      .where(and(eq(councilMembers.council, e.council), sql`${councilMembers.electionId} <> ${e.id}::uuid`,
        gt(councilMembers.termEndsAt, input.now)));
    await scheduleJobsTx(tx, input.deadlines?.(e) ?? []);
    if (input.audit) await writeAudit(tx, { ...input.audit, target: `election:${e.id}` });
    return true;
  });
}

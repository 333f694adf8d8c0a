/**
 * Governance (GAME §7): proposal kinds and their rules, vote weight, outcomes,
 * councils and who may stand for them.
 */

import { hasUnlock, rankFor, rankIndex } from './reputation';

/** Proposal kinds. */
export const PROPOSAL_KINDS = ['feature', 'balance', 'content', 'economic', 'emergency'] as const;
/** A proposal kind. */
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/** Voting period, quorum (share of eligible weight) and threshold (yes share of cast weight). */
export interface ProposalRule {
  periodDays: number;
  quorumBps: number;
  thresholdBps: number;
}

/** GAME §7.1 table; 66.7 % is 6670 bps (667/1000). */
export const PROPOSAL_RULES: Readonly<Record<ProposalKind, ProposalRule>> = {
  feature: { periodDays: 7, quorumBps: 1000, thresholdBps: 5000 },
  content: { periodDays: 7, quorumBps: 1000, thresholdBps: 5000 },
  balance: { periodDays: 3, quorumBps: 1500, thresholdBps: 6000 },
  economic: { periodDays: 3, quorumBps: 1500, thresholdBps: 6000 },
  emergency: { periodDays: 1, quorumBps: 500, thresholdBps: 6670 },
};

/** Proposal kinds that name a registry parameter and a new value. */
export const PARAMETER_PROPOSAL_KINDS: readonly ProposalKind[] = ['balance', 'economic'];

/**
 * True if a player may submit a proposal of `kind`: emergency proposals only by council
 * members, content proposals only with the `propose_content` unlock (influence ≥ 5000),
 * the others by anyone (who can pay the deposit).
 */
export function mayPropose(kind: ProposalKind, p: { influence: number; isCouncilMember: boolean }): boolean {
  if (kind === 'emergency') return p.isCouncilMember;
  if (kind === 'content') return hasUnlock(p.influence, 'propose_content');
  return true;
}

/** What a player's vote weight depends on. */
export interface VoteWeightInput {
  influence: number;
  daysActive: number;
  contributionScore: number;
}

/** The cap on a vote's weight. */
export const MAX_VOTE_WEIGHT = 10;

/**
 * Vote weight = min(10, 1 + log10(influence + 1) + 0.5·[daysActive > 30]
 * + 0.5·[daysActive > 90] + 1.0·[daysActive > 365] + 0.5·[contributionScore > 1000]).
 * All comparisons are strict; negative influence counts as 0.
 * @example voteWeight({ influence: 99, daysActive: 31, contributionScore: 0 }) // 3.5
 */
export function voteWeight(v: VoteWeightInput): number {
  let w = 1 + Math.log10(Math.max(0, v.influence) + 1);
  if (v.daysActive > 30) w += 0.5;
  if (v.daysActive > 90) w += 0.5;
  if (v.daysActive > 365) w += 1;
  if (v.contributionScore > 1000) w += 0.5;
  return Math.min(MAX_VOTE_WEIGHT, w);
}

/** Inputs of {@link proposalOutcome}. */
export interface ProposalTally {
  kind: ProposalKind;
  yesWeight: number;
  noWeight: number;
  /** Total weight of all players eligible to vote. */
  eligibleWeight: number;
}

/** Outcome of a closed proposal. */
export interface ProposalOutcome {
  /** cast / eligible ≥ quorum (the deposit is returned). */
  quorumReached: boolean;
  passed: boolean;
}

/**
 * Outcome of a proposal. Quorum: cast weight ≥ quorum share of eligible weight (inclusive).
 * Passed: quorum reached, yes ≥ threshold share of cast weight (inclusive: exactly 60 %
 * passes a balance proposal), and yes > no — so an exact 50/50 tie never passes a
 * feature or content proposal. Shares are compared by cross-multiplying, without division.
 */
export function proposalOutcome(t: ProposalTally): ProposalOutcome {
  const rule = PROPOSAL_RULES[t.kind];
  const cast = t.yesWeight + t.noWeight;
  const quorumReached = t.eligibleWeight > 0 && cast > 0 && cast * 10000 >= rule.quorumBps * t.eligibleWeight;
  const passed = quorumReached && t.yesWeight * 10000 >= rule.thresholdBps * cast && t.yesWeight > t.noWeight;
  return { quorumReached, passed };
}

/** Council names. */
export const COUNCIL_NAMES = ['player', 'technical', 'creative', 'strategic'] as const;
/** A council. */
export type Council = (typeof COUNCIL_NAMES)[number];

/** Seats, term, and the eligibility rule of each council (GAME §7.3). */
export const COUNCILS: Readonly<Record<Council, { seats: number; termDays: number; eligibility: string }>> = {
  player: { seats: 21, termDays: 90, eligibility: 'level ≥ 10' },
  technical: { seats: 7, termDays: 60, eligibility: 'technicalMastery ≥ 8000' },
  creative: { seats: 7, termDays: 60, eligibility: 'artisticVision ≥ 5000' },
  strategic: { seats: 5, termDays: 90, eligibility: 'rank Commander or above' },
};

/** Election phase lengths in days (defaults; the server reads the real ones from config). */
export const ELECTION_PHASE_DAYS = { nomination: 7, campaign: 7, voting: 3 } as const;

/** What standing for a council depends on. */
export interface CandidateProfile {
  level: number;
  technicalMastery: number;
  artisticVision: number;
  influence: number;
}

/**
 * True if a player may stand for `council`: player level ≥ 10; technical
 * technicalMastery ≥ 8000; creative artisticVision ≥ 5000; strategic rank Commander or
 * above (influence ≥ 5000).
 */
export function mayStandFor(council: Council, p: CandidateProfile): boolean {
  switch (council) {
    case 'player':
      return p.level >= 10;
    case 'technical':
      return p.technicalMastery >= 8000;
    case 'creative':
      return p.artisticVision >= 5000;
    case 'strategic':
      return rankIndex(rankFor(p.influence)) >= rankIndex('Commander');
  }
}

/**
 * Global operations (GAME §6.1): types and default durations, objectives and weighted
 * progress, hidden-objective reveal, contribution points and the end-of-operation payout.
 * Pure functions: the caller passes `now` and the stored values.
 */

import { GameError } from './errors';
import { distributeProRata, type ProRataShare } from './treasury';

/** Operation types (GAME §6.1). */
export const OPERATION_TYPES = ['flashpoint', 'rapid', 'investigation', 'campaign', 'global', 'liberation_war'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

const HOUR_MS = 3_600_000;

/**
 * Default active-phase length of each type in game milliseconds. A flashpoint runs 2–4 h:
 * we use the middle, 3 h. A liberation war has none (`null`): it runs until its objectives
 * are done or a GM ends it.
 */
export const OPERATION_DURATIONS_MS: Readonly<Record<OperationType, number | null>> = {
  flashpoint: 3 * HOUR_MS,
  rapid: 24 * HOUR_MS,
  investigation: 7 * 24 * HOUR_MS,
  campaign: 30 * 24 * HOUR_MS,
  global: 48 * HOUR_MS,
  liberation_war: null,
};

/** Phases in order; `scheduled` is before the briefing opens, `ended` after the payout. */
export const OPERATION_PHASES = ['scheduled', 'briefing', 'active', 'resolution', 'ended'] as const;
export type OperationPhase = (typeof OPERATION_PHASES)[number];

/** Objective tiers: the primary ones decide success; hidden ones stay classified until revealed. */
export const OBJECTIVE_TIERS = ['primary', 'secondary', 'hidden'] as const;
export type ObjectiveTier = (typeof OBJECTIVE_TIERS)[number];

/** Objective kinds (GAME §6.1). */
export const OBJECTIVE_KINDS = ['liberate', 'contribute', 'verify_intel', 'solve_challenges'] as const;
export type ObjectiveKind = (typeof OBJECTIVE_KINDS)[number];

/** Share of the pools a failed operation pays (GAME §6.1: 25 %), in basis points. */
export const FAILED_OPERATION_PAYOUT_BPS = 2500;

/** Contribution points per objective: completing an objective of weight w is worth w × this. */
export const POINTS_PER_OBJECTIVE_WEIGHT = 1_000_000;

/** The stored state of one objective that progress depends on. */
export interface ObjectiveProgress {
  tier: ObjectiveTier;
  weight: number;
  target: number;
  progress: number;
  /** Hidden objectives: revealed once the operation's progress (0..1) reaches this. */
  revealAt?: number;
}

/**
 * Weighted completion of an operation, 0..1: Σ weight·min(progress/target, 1) / Σ weight.
 * @example operationProgress([{tier:'primary',weight:2,target:10,progress:5},{tier:'secondary',weight:1,target:4,progress:4}]) // 2/3
 */
export function operationProgress(objectives: readonly ObjectiveProgress[]): number {
  let total = 0;
  let done = 0;
  for (const o of objectives) {
    total += o.weight;
    done += o.weight * Math.min(o.target > 0 ? o.progress / o.target : 1, 1);
  }
  return total > 0 ? done / total : 0;
}

/**
 * A hidden objective is revealed when the operation's progress reaches its `revealAt`
 * (default 0.5, "progress ≥ 50 %"), or once it is itself complete. Non-hidden: always visible.
 */
export function isObjectiveRevealed(objective: ObjectiveProgress, progress: number): boolean {
  if (objective.tier !== 'hidden') return true;
  return progress >= (objective.revealAt ?? 0.5) || objective.progress >= objective.target;
}

/** True when every primary objective has reached its target. */
export function primaryObjectivesComplete(objectives: readonly ObjectiveProgress[]): boolean {
  return objectives.filter((o) => o.tier === 'primary').every((o) => o.progress >= o.target);
}

/** True when every objective (hidden included) is complete: the operation resolves at once. */
export function allObjectivesComplete(objectives: readonly ObjectiveProgress[]): boolean {
  return objectives.every((o) => o.progress >= o.target);
}

/**
 * Success: every primary objective complete and at least `requiredPlayers` participants.
 */
export function operationSucceeded(objectives: readonly ObjectiveProgress[], participants: number, requiredPlayers: number): boolean {
  return participants >= requiredPlayers && primaryObjectivesComplete(objectives);
}

/**
 * How much of an amount an objective still accepts (contributions beyond the target are
 * refused, so nobody pays for progress that counts for nothing).
 */
export function acceptedAmount(objective: { target: number; progress: number }, amount: number): number {
  return Math.max(0, Math.min(amount, objective.target - objective.progress));
}

/**
 * Contribution points for adding `amount` units to an objective: the share of that
 * objective it completes × its weight × 1,000,000, floored. Points of different objectives
 * are comparable, so the payout is pro rata to each player's part of the weighted work.
 * @example contributionPoints({ weight: 1, target: 300 }, 100) // 333333
 */
export function contributionPoints(objective: { weight: number; target: number }, amount: number): number {
  if (objective.target <= 0) return 0;
  return Math.floor((amount * objective.weight * POINTS_PER_OBJECTIVE_WEIGHT) / objective.target);
}

/** The part of a pool paid out: all of it on success, floor(25 %) on failure. */
export function payablePool(pool: bigint, success: boolean): bigint {
  return success ? pool : (pool * BigInt(FAILED_OPERATION_PAYOUT_BPS)) / 10_000n;
}

/**
 * The payout of a pool between participants pro rata to their points (exact, sums to the
 * payable pool; ties of the remainder go to earlier participants). The database's set-based
 * payout computes the same split in SQL.
 */
export function operationPayout(pool: bigint, success: boolean, participants: ProRataShare[]): { id: string; amount: bigint }[] {
  const payable = payablePool(pool, success);
  if (participants.every((p) => p.weight === 0)) return participants.map((p) => ({ id: p.id, amount: 0n }));
  return distributeProRata(payable, participants);
}

/**
 * When the phases change: the briefing opens at `startsAt`, the active phase begins after
 * `briefingMs`, and ends `durationMs` later (`null`: no deadline).
 */
export function operationTimeline(startsAt: Date, briefingMs: number, durationMs: number | null): { briefingAt: Date; activeAt: Date; endsAt: Date | null } {
  if (briefingMs < 0 || (durationMs !== null && durationMs <= 0)) {
    throw new GameError('BAD_REQUEST', 'operation durations must be positive');
  }
  const activeAt = new Date(startsAt.getTime() + briefingMs);
  return { briefingAt: startsAt, activeAt, endsAt: durationMs === null ? null : new Date(activeAt.getTime() + durationMs) };
}

/** Influence a squad member needs to launch a squad-scoped mission (GAME §1 unlocks, §6.2). */
export const SQUAD_MISSION_MIN_INFLUENCE = 1000;

/** A row of an operation's top-contributors board: ties go to the earlier participant (`seq`). */
export interface BoardEntry {
  playerId: string;
  name: string;
  points: number;
  seq: number;
}

/**
 * The board after some participants' totals rose: `board` is the current top `limit`, `updated`
 * the new totals of the participants that changed. Exact as long as totals only grow (a player
 * below the board who is not in `updated` cannot have passed anyone on it). Zero totals stay off.
 */
export function mergeBoard(board: readonly BoardEntry[], updated: readonly BoardEntry[], limit: number): BoardEntry[] {
  const byPlayer = new Map(board.map((e) => [e.playerId, e]));
  for (const e of updated) byPlayer.set(e.playerId, e);
  return [...byPlayer.values()]
    .filter((e) => e.points > 0)
    .sort((a, b) => b.points - a.points || a.seq - b.seq)
    .slice(0, limit);
}

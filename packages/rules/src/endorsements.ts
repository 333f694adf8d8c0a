/**
 * Endorsements (GAME §1): reputation from peers. Once per game day a player of influence ≥ 100
 * may endorse another player — never themselves, not the same player twice in 7 days — in one
 * dimension: +10 to it. Days are game days (`dayMs` from config, so TIME_SCALE shortens them).
 */

import { GameError } from './errors';
import { influence, type InfluenceMultipliers, type Reputation } from './reputation';

/** Reputation an endorsement adds to the endorsed dimension. */
export const ENDORSEMENT_POINTS = 10;
/** Influence an endorser needs. */
export const ENDORSER_MIN_INFLUENCE = 100;
/** Game days before the same endorser may endorse the same player again. */
export const ENDORSEMENT_PAIR_COOLDOWN_DAYS = 7;

/** The game day an instant falls in: floor(ms / dayMs). At TIME_SCALE 1 it is the UTC day. */
export function gameDay(nowMs: number, dayMs: number): number {
  return Math.floor(nowMs / dayMs);
}

/** What the endorsement check reads. */
export interface EndorsementCheck {
  endorserId: string;
  targetId: string;
  endorser: Reputation & InfluenceMultipliers;
  /** The game day of the endorser's last endorsement, or null. */
  lastEndorsementDay: number | null;
  /** When the endorser last endorsed this target (ms), or null. */
  lastOfPairAt: number | null;
  nowMs: number;
  dayMs: number;
}

/**
 * Throws the typed refusal of an endorsement, checked in this order: `SELF_ENDORSEMENT`,
 * `REQUIREMENTS_NOT_MET` (influence < 100), `ENDORSED_TODAY` (already one this game day),
 * `ENDORSED_RECENTLY` (this target within 7 game days).
 */
export function assertMayEndorse(c: EndorsementCheck): void {
  if (c.endorserId === c.targetId) throw new GameError('SELF_ENDORSEMENT', 'you cannot endorse yourself');
  const value = influence(c.endorser, c.endorser);
  if (value < ENDORSER_MIN_INFLUENCE) {
    throw new GameError('REQUIREMENTS_NOT_MET', `endorsing needs influence ≥ ${ENDORSER_MIN_INFLUENCE} (you have ${Math.floor(value)})`);
  }
  if (c.lastEndorsementDay !== null && c.lastEndorsementDay >= gameDay(c.nowMs, c.dayMs)) {
    throw new GameError('ENDORSED_TODAY', 'you already endorsed someone this game day');
  }
  if (c.lastOfPairAt !== null && c.nowMs - c.lastOfPairAt < ENDORSEMENT_PAIR_COOLDOWN_DAYS * c.dayMs) {
    throw new GameError('ENDORSED_RECENTLY', `you endorsed this player less than ${ENDORSEMENT_PAIR_COOLDOWN_DAYS} days ago`);
  }
}

/**
 * Fair-play flags (GAME §9): what every detector produces. A flag names its kind, the accounts
 * involved, a one-line detail for the GM queue and the evidence — the numbers that triggered it.
 */

/** Every detector's flag kind. `wash_trading` is the market's. */
export const FLAG_KINDS = [
  'impossible_progress', 'automated_input', 'ledger_anomaly', 'wash_trading', 'vote_ring', 'endorsement_ring',
  'challenge_farm', 'intel_ring',
] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/** A flag a detector raises, before it is stored. */
export interface FlagDraft {
  kind: FlagKind;
  /** The accounts involved, sorted. */
  playerIds: string[];
  /**
   * What the flag is about, stable across runs (a player, a pair, a ring, a resource): with the kind
   * and the day it makes the flag's dedupe key, so a detector re-run raises nothing twice.
   */
  subject: string;
  detail: string;
  /** The numbers that triggered it. */
  evidence: Record<string, unknown>;
  /** How many events (trades, votes, inputs…) the evidence covers. */
  count: number;
}

/** One flag per (kind, subject, UTC day): the key the flags table makes unique. */
export function flagDedupeKey(draft: Pick<FlagDraft, 'kind' | 'subject'>, day: string): string {
  return `${draft.kind}:${draft.subject}:${day}`;
}

/** A group of accounts as a subject: their ids sorted and joined. */
export function groupSubject(ids: readonly string[]): string {
  return [...ids].sort().join('|');
}

/**
 * Ledger anomalies (GAME §4, §9): the conservation law broken for a resource (Σ balances ≠ minted
 * − burned, or rows that break double entry), or an account whose balance is not the sum of its
 * ledger legs. Either is a bug or tampering; both are flagged with the numbers.
 */
import type { FlagDraft } from './flags';

/** One resource's line of the invariant (amounts as decimal strings). */
export interface InvariantLine {
  resource: string;
  balances: string;
  minted: string;
  burned: string;
  broken: number;
  holds: boolean;
}

/** An account whose balance differs from the sum of its legs. */
export interface AccountMismatch {
  accountId: number;
  kind: string;
  ownerId: string;
  resource: string;
  balance: string;
  legs: string;
}

/** The flags of one ledger audit. */
export function ledgerAnomalies(lines: readonly InvariantLine[], mismatches: readonly AccountMismatch[]): FlagDraft[] {
  const out: FlagDraft[] = [];
  for (const l of lines) {
    if (l.holds) continue;
    const expected = BigInt(l.minted) - BigInt(l.burned);
    out.push({
      kind: 'ledger_anomaly',
      playerIds: [],
      subject: `resource:${l.resource}`,
      detail: `${l.resource}: balances ${l.balances} vs minted − burned ${expected}, ${l.broken} broken row(s)`,
      evidence: { ...l, expected: expected.toString(), difference: (BigInt(l.balances) - expected).toString() },
      count: l.broken,
    });
  }
  for (const m of mismatches) {
    out.push({
      kind: 'ledger_anomaly',
      playerIds: m.kind === 'player' ? [m.ownerId] : [],
      subject: `account:${m.accountId}:${m.resource}`,
      detail: `${m.kind} account ${m.accountId}${m.ownerId ? ` (${m.ownerId})` : ''}: ${m.resource} balance ${m.balance} but its legs sum to ${m.legs}`,
      evidence: { ...m, difference: (BigInt(m.balance) - BigInt(m.legs)).toString() },
      count: 1,
    });
  }
  return out;
}

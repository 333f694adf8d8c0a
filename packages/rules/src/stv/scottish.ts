/**
 * Single transferable vote under the Scottish Local Government Elections Order 2007
 * (SSI 2007/42, Schedule 1, Rules 45–52): Droop quota, weighted inclusive Gregory surplus
 * transfers in 5-dp fixed point truncated, one surplus or one exclusion per stage.
 *
 * Papers with the same ranking always travel together (same holder, same value), so they are
 * kept as one parcel with a count; each candidate keeps the list of parcels it holds, and a
 * stage touches only the papers of the candidate being transferred.
 */
import { GameError } from '../errors';
import { formatUnits, mulDivFloor, UNIT } from './fixed';
import { CONTINUING, ELECTED, EXCLUDED, Papers, WITHDRAWN } from './papers';
import { electionSeed, TieBreaker } from './ties';
import type { StvElection, StvOptions, StvResult, StvStage, StvTransferValue } from './types';

function validate(election: StvElection, options: StvOptions): void {
  if (options.method !== 'scottish') {
    throw new GameError('BAD_REQUEST', `unknown STV method "${String(options.method)}" (only "scottish")`);
  }
  const { seats, candidates, withdrawn } = election;
  if (!Number.isSafeInteger(seats) || seats < 1) throw new GameError('BAD_REQUEST', `seats must be a positive integer, got ${seats}`);
  if (candidates.length === 0) throw new GameError('BAD_REQUEST', 'an election needs at least one candidate');
  if (new Set(candidates).size !== candidates.length) throw new GameError('BAD_REQUEST', 'candidate names must be unique');
  for (const w of withdrawn) {
    if (!Number.isInteger(w) || w < 1 || w > candidates.length) {
      throw new GameError('BAD_REQUEST', `withdrawn candidate ${w} is not in 1 … ${candidates.length}`);
    }
  }
  if (options.seed !== undefined && typeof options.seed === 'number' && !Number.isFinite(options.seed)) {
    throw new GameError('BAD_REQUEST', 'seed must be a finite number or a string');
  }
}

/**
 * Counts an STV election by the Scottish rules and publishes every stage.
 *
 * - Quota floor(valid / (seats + 1)) + 1 (Rule 46); a candidate reaching it is elected (Rule 47).
 * - The largest surplus at the end of a stage is transferred (Rule 49(1)); every paper the
 *   candidate holds moves on at surplus × its value / candidate's total, truncated to 5 dp (Rule 48).
 * - With no surplus left, the lowest continuing candidate is excluded and all their papers move
 *   on at the value they were received (Rule 50).
 * - Ties: most recent preceding stage with unequal votes, then lot with `seed` (Rules 49, 51).
 * - When continuing candidates = vacancies left, all are elected and the count stops (Rule 52).
 *
 * Withdrawn candidates are skipped on every paper; papers with no preference for a
 * non-withdrawn candidate are not valid and do not count towards the quota.
 *
 * @throws GameError `BAD_REQUEST` for an unknown method or an inconsistent election.
 * @example
 * const result = countStv(parseBlt(text), { method: 'scottish', seed: 'council-2025-q3' });
 * result.elected; // names in order of election
 */
export function countStv(election: StvElection, options: StvOptions): StvResult {
  validate(election, options);
  const { candidates: names, seats } = election;
  const n = names.length;
  const status = new Uint8Array(n);
  for (const w of election.withdrawn) status[w - 1] = WITHDRAWN;
  const papers = Papers.fromBallots(election.ballots, status);
  const seed = options.seed ?? electionSeed(election.title, seats, names, election.ballots, election.withdrawn);
  const quota = (Math.floor(papers.valid / (seats + 1)) + 1) * UNIT;

  const votes = new Float64Array(n);
  const history: Float64Array[] = [];
  const ties = new TieBreaker(seed, names, history);
  const elected: number[] = [];
  const excluded: number[] = [];
  const pendingSurplus = new Set<number>();
  const stages: StvStage[] = [];
  let nonTransferable = 0;
  let nonTransferablePapers = 0;
  let lossOfFractions = 0;

  const continuing = (): number[] => {
    const out: number[] = [];
    for (let c = 0; c < n; c++) if (status[c] === CONTINUING) out.push(c);
    return out;
  };

  /** Orders candidates by current votes, highest first, ties broken by the rules. */
  const byVotesDescending = (cands: number[]): number[] => {
    const rest = [...cands];
    const out: number[] = [];
    while (rest.length > 0) {
      let top = rest[0];
      for (const c of rest) if (votes[c] > votes[top]) top = c;
      const tied = rest.filter((c) => votes[c] === votes[top]);
      const chosen = ties.pick(tied, 'highest', 'election-order');
      out.push(chosen);
      rest.splice(rest.indexOf(chosen), 1);
    }
    return out;
  };

  /** Ends a stage: elect by quota (Rule 47) or fill the last vacancies (Rule 52), then publish. */
  const endStage = (action: StvStage['action'], delta: Float64Array): boolean => {
    history.push(Float64Array.from(votes));
    const reached = continuing().filter((c) => votes[c] >= quota);
    const newly: number[] = [];
    for (const c of byVotesDescending(reached)) {
      if (elected.length === seats) break; // cannot happen with a Droop quota; kept as a guard
      status[c] = ELECTED;
      elected.push(c);
      newly.push(c);
      if (votes[c] > quota) pendingSurplus.add(c);
    }
    let done = elected.length === seats;
    let filledLastVacancies = false;
    const left = continuing();
    if (!done && left.length <= seats - elected.length) {
      for (const c of byVotesDescending(left)) {
        status[c] = ELECTED;
        elected.push(c);
        newly.push(c);
      }
      filledLastVacancies = true;
      done = true;
    }
    const stageVotes: Record<string, string> = {};
    const transfers: Record<string, string> = {};
    for (let c = 0; c < n; c++) {
      if (status[c] === WITHDRAWN) continue;
      stageVotes[names[c]] = formatUnits(votes[c]);
      if (delta[c] !== 0) transfers[names[c]] = formatUnits(delta[c]);
    }
    const tieBreaks = ties.drain();
    stages.push({
      number: stages.length + 1,
      action,
      votes: stageVotes,
      transfers,
      nonTransferable: formatUnits(nonTransferable),
      nonTransferablePapers,
      lossOfFractions: formatUnits(lossOfFractions),
      elected: elected.map((c) => names[c]),
      newlyElected: newly.map((c) => names[c]),
      excluded: excluded.map((c) => names[c]),
      ...(filledLastVacancies ? { filledLastVacancies } : {}),
      ...(tieBreaks.length > 0 ? { tieBreaks } : {}),
    });
    return done;
  };

  /** Moves every paper of `from` to its next continuing preference at `valueOf(old value)`. */
  const transferPapers = (
    from: number,
    valueOf: (value: number, count: number) => number,
    delta: Float64Array,
  ): number =>
    papers.transfer(from, status, valueOf, (to, units, count) => {
      if (to < 0) {
        nonTransferable += units;
        nonTransferablePapers += count;
      } else {
        votes[to] += units;
        delta[to] += units;
      }
    });

  /** Rules 48–49: transfers the highest surplus (all pending ones exceed the quota). */
  const transferHighestSurplus = (): boolean => {
    const delta = new Float64Array(n);
    let top = -1;
    for (const c of pendingSurplus) if (top < 0 || votes[c] > votes[top]) top = c;
    const from = ties.pick([...pendingSurplus].filter((c) => votes[c] === votes[top]), 'highest', 'surplus');
    pendingSurplus.delete(from);
    const total = votes[from];
    const surplus = total - quota;
    const byValue = new Map<number, StvTransferValue & { tv: number }>();
    const moved = transferPapers(
      from,
      (value, count) => {
        let entry = byValue.get(value);
        if (entry === undefined) {
          // Rule 48(3): surplus × value of the paper when received / total votes, remainder ignored.
          const tv = mulDivFloor(surplus, value, total);
          entry = { paperValue: formatUnits(value), papers: 0, transferValue: formatUnits(tv), tv };
          byValue.set(value, entry);
        }
        entry.papers += count;
        return entry.tv;
      },
      delta,
    );
    lossOfFractions += surplus - moved;
    votes[from] = quota;
    delta[from] = -surplus;
    const transferValues = [...byValue.entries()]
      .sort(([a], [b]) => b - a)
      .map(([, { paperValue, papers: count, transferValue }]) => ({ paperValue, papers: count, transferValue }));
    return endStage({ kind: 'surplus', candidate: names[from], surplus: formatUnits(surplus), transferValues }, delta);
  };

  /** Rules 50–51: excludes the lowest continuing candidate; papers move on at the value received. */
  const excludeLowest = (): boolean => {
    const delta = new Float64Array(n);
    const left = continuing();
    let low = left[0];
    for (const c of left) if (votes[c] < votes[low]) low = c;
    const out = ties.pick(left.filter((c) => votes[c] === votes[low]), 'lowest', 'exclusion');
    status[out] = EXCLUDED;
    excluded.push(out);
    delta[out] = -votes[out];
    transferPapers(out, (value) => value, delta);
    votes[out] = 0;
    return endStage({ kind: 'exclusion', candidate: names[out] }, delta);
  };

  // Rule 45: first preferences; then one surplus or one exclusion per stage until done.
  papers.distributeFirstPreferences(votes);
  let done = endStage({ kind: 'first' }, new Float64Array(n));
  while (!done) done = pendingSurplus.size > 0 ? transferHighestSurplus() : excludeLowest();

  return {
    method: 'scottish',
    title: election.title,
    seats,
    valid: papers.valid,
    quota: formatUnits(quota),
    elected: elected.map((c) => names[c]),
    excluded: excluded.map((c) => names[c]),
    withdrawn: election.withdrawn.map((w) => names[w - 1]),
    stages,
    seed,
  };
}

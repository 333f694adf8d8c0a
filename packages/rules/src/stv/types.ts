/**
 * Shapes of an STV election and of its published count (GAME.md §7.3).
 */

/** One group of identical ballot papers. */
export interface StvBallot {
  /** How many voters cast exactly this ranking (a positive integer). */
  count: number;
  /**
   * Preferences, first to last, as **1-based candidate numbers** — the numbering of the BLT
   * file, so `ranking: [3, 1]` means "candidates[2] first, then candidates[0]".
   */
  ranking: number[];
}

/** An election as read from a BLT file (see `parseBlt`). */
export interface StvElection {
  title: string;
  /** Number of vacancies to fill. */
  seats: number;
  /** Candidate names; candidate number n is `candidates[n - 1]`. */
  candidates: string[];
  ballots: StvBallot[];
  /** 1-based numbers of withdrawn candidates: never counted, skipped on every paper. */
  withdrawn: number[];
}

/** Options of `countStv`. */
export interface StvOptions {
  /** The counting rules. Only the Scottish local-government rules (SSI 2007/42) exist. */
  method: 'scottish';
  /**
   * Seed of the lot used when a tie survives the prior-stage rule. Pass a fresh random
   * value from the caller (rules never read a clock or `Math.random`).
   * @default a hash of the election (title, candidates, seats, ballots), so a count is reproducible
   */
  seed?: string | number;
}

/** How a tie between candidates was settled. */
export interface StvTieBreak {
  /** What the tie was about: whose surplus goes first, who is excluded, or order of election. */
  purpose: 'surplus' | 'exclusion' | 'election-order';
  /** The tied candidates (names). */
  tied: string[];
  /** `prior-stage`: Rules 49(2)/51(2)(a); `lot`: Rules 49(3)/51(2)(b), drawn with the seeded PRNG. */
  by: 'prior-stage' | 'lot';
  /** For `prior-stage`, the stage whose totals decided it. */
  stage?: number;
  /** The candidate chosen (to transfer first, to exclude, or to be listed first). */
  chosen: string;
}

/** Transfer value applied to the papers that one candidate held at one value (Rule 48(3)). */
export interface StvTransferValue {
  /** The value of the papers when received by the transferring candidate (5 dp). */
  paperValue: string;
  /** Number of ballot papers held at that value. */
  papers: number;
  /** surplus × paperValue / total votes, truncated to 5 dp. */
  transferValue: string;
}

/** One published stage of the count. All vote figures are fixed-point strings with 5 decimals. */
export interface StvStage {
  /** 1 for the first-preference stage, then 2, 3, … */
  number: number;
  action:
    | { kind: 'first' }
    | { kind: 'surplus'; candidate: string; surplus: string; transferValues: StvTransferValue[] }
    | { kind: 'exclusion'; candidate: string };
  /** Votes of every (non-withdrawn) candidate at the end of the stage. */
  votes: Record<string, string>;
  /**
   * Signed change of each candidate's votes during this stage (only candidates that changed):
   * negative for the candidate whose papers were transferred, positive for receivers.
   */
  transfers: Record<string, string>;
  /** Cumulative value of non-transferable papers (no further available preference). */
  nonTransferable: string;
  /** Cumulative number of non-transferable ballot papers. */
  nonTransferablePapers: number;
  /** Cumulative value lost by truncating transfer values to 5 dp. */
  lossOfFractions: string;
  /** Candidates deemed elected by the end of this stage, in order of election. */
  elected: string[];
  /** Candidates deemed elected during this stage (a suffix of `elected`). */
  newlyElected: string[];
  /** Candidates excluded by the end of this stage, in order of exclusion. */
  excluded: string[];
  /** True when the stage ended with Rule 52: continuing candidates = vacancies left, all elected. */
  filledLastVacancies?: boolean;
  /** Ties settled while deciding this stage's action or its order of election. */
  tieBreaks?: StvTieBreak[];
}

/** The full, re-runnable result of a count. */
export interface StvResult {
  method: 'scottish';
  title: string;
  seats: number;
  /** Valid ballot papers: those with at least one preference for a non-withdrawn candidate. */
  valid: number;
  /** Droop quota floor(valid / (seats + 1)) + 1 (Rule 46), formatted with 5 decimals. */
  quota: string;
  /** Candidate names in order of election. May be shorter than `seats` only if too few candidates stood. */
  elected: string[];
  /** Candidate names in order of exclusion. */
  excluded: string[];
  /** Withdrawn candidate names (never counted). */
  withdrawn: string[];
  stages: StvStage[];
  /** The seed used for any tie broken by lot; re-run with it to get the same result. */
  seed: string | number;
}

// Fair-play detectors (GAME §9): pure rules over data; the server runs them where the data arrives.
export { FLAG_KINDS, flagDedupeKey, groupSubject, type FlagKind, type FlagDraft } from './flags';
export { mean, stddev, coefficientOfVariation, median, histogramEntropy } from './stats';
export {
  DEFAULT_INPUT_TIMING, assessInputWindow, automatedInputFlag, InputTimingMonitor,
  type InputTimingOptions, type InputWindowAssessment,
} from './inputTiming';
export { xpPerHour, detectImpossibleProgress, type XpGain, type ProgressWindow } from './progress';
export { WASH_MIN_TRADES, WASH_WINDOW_MS, detectWashTrades, type TradeRecord, type WashOptions } from './washTrades';
export { DEFAULT_RING_OPTIONS, stronglyConnected, detectRings, type GiveEdge, type RingTotals, type RingOptions } from './rings';
export { DEFAULT_VOTE_RING_OPTIONS, detectVoteRings, type VoterRecord, type VoteRingOptions } from './voteRings';
export { DEFAULT_FARM_OPTIONS, detectChallengeFarms, type CustomSolve, type FarmOptions } from './farms';
export { ledgerAnomalies, type InvariantLine, type AccountMismatch } from './ledger';

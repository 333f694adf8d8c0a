/**
 * Automated input (GAME §9: "inhuman timing regularity of a client's inputs"). The server samples
 * the arrival time of each movement/action input at the room edge; every `window` inputs the last
 * `window` inter-arrival times are assessed:
 *
 * - coefficient of variation (σ/μ) of the intervals,
 * - Shannon entropy of their histogram (bins 5 % of the median wide, so the measure does not
 *   depend on the cadence), normalised by log2(window),
 * - repetition: the best autocorrelation of the intervals over lags 1..8 (a replayed sequence of
 *   intervals correlates with itself at its length, network jitter or not),
 * - the longest interval over the median: a person's input stream has pauses (the client sends
 *   at most 10 moves/s while a key is held and nothing when none is), a bot's has none.
 *
 * A window is *regular* when it holds no pause and its timing is machine-like (very low CV; or low
 * CV and low entropy; or high repetition). The honest client's key-held walk is machine-like too
 * (its 10/s throttle), but lasts a second or two before the avatar reaches the territory's edge and
 * stops: a flag needs `strikes` regular windows in a row, i.e. minutes of input without a pause.
 */
import type { FlagDraft } from './flags';
import { coefficientOfVariation, histogramEntropy, mean, median } from './stats';

export interface InputTimingOptions {
  /** Intervals per assessed window. @default 64 */
  window: number;
  /** Regular windows in a row that raise a flag. @default 3 */
  strikes: number;
  /** A window whose longest interval exceeds this × its median holds a pause. @default 4 */
  pauseRatio: number;
  /** CV at or below which a pause-free window is regular on its own. @default 0.1 */
  machineCv: number;
  /** CV at or below which a pause-free window is regular when its entropy is low too. @default 0.35 */
  maxCv: number;
  /** Normalised entropy at or below which (with `maxCv`) a window is regular. @default 0.8 */
  maxEntropy: number;
  /** Repetition (autocorrelation) at or above which a pause-free window is regular. @default 0.8 */
  minRepetition: number;
}

export const DEFAULT_INPUT_TIMING: InputTimingOptions = {
  window: 64, strikes: 3, pauseRatio: 4, machineCv: 0.1, maxCv: 0.35, maxEntropy: 0.8, minRepetition: 0.8,
};

/** The measures of one window of intervals. */
export interface InputWindowAssessment {
  intervals: number;
  meanMs: number;
  medianMs: number;
  cv: number;
  entropyBits: number;
  /** entropyBits / log2(intervals), 0..1. */
  entropy: number;
  repetition: number;
  repetitionLag: number;
  maxOverMedian: number;
  regular: boolean;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Repetition: the best autocorrelation of the intervals over lags 1..8 (a sequence replayed every
 * `lag` inputs scores near 1 even under network jitter; a constant series, with nothing left to
 * correlate, scores 1). Returns the score and its lag.
 */
function repetitionOf(xs: ArrayLike<number>): { share: number; lag: number } {
  const n = xs.length;
  const m = mean(xs);
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (xs[i] - m) ** 2;
  if (variance === 0) return { share: 1, lag: 1 };
  let best = { share: 0, lag: 0 };
  for (let lag = 1; lag <= 8 && lag < n - 1; lag++) {
    let c = 0;
    for (let i = lag; i < n; i++) c += (xs[i] - m) * (xs[i - lag] - m);
    const r = Math.min(1, (c / (n - lag)) / (variance / n));
    if (r > best.share) best = { share: r, lag };
  }
  return best;
}

/** Assesses one window of inter-arrival times (ms). */
export function assessInputWindow(intervals: ArrayLike<number>, o: InputTimingOptions = DEFAULT_INPUT_TIMING): InputWindowAssessment {
  const n = intervals.length;
  let sum = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    sum += intervals[i];
    if (intervals[i] > max) max = intervals[i];
  }
  const med = median(intervals);
  const cv = coefficientOfVariation(intervals);
  const entropyBits = med > 0 ? histogramEntropy(intervals, med * 0.05) : 0;
  const entropy = n > 1 ? entropyBits / Math.log2(n) : 0;
  const rep = repetitionOf(intervals);
  const maxOverMedian = med > 0 ? max / med : Infinity;
  const paused = maxOverMedian > o.pauseRatio;
  const regular = n > 1 && !paused
    && (cv <= o.machineCv || (cv <= o.maxCv && entropy <= o.maxEntropy) || rep.share >= o.minRepetition);
  return {
    intervals: n, meanMs: round(n ? sum / n : 0, 2), medianMs: round(med, 2), cv: round(cv), entropyBits: round(entropyBits),
    entropy: round(entropy), repetition: round(rep.share), repetitionLag: rep.lag, maxOverMedian: round(maxOverMedian, 3), regular,
  };
}

interface SessionRing {
  playerId: string;
  last: number;
  ring: Float64Array;
  /** Intervals written since the last assessment. */
  filled: number;
  strikes: number;
  assessments: InputWindowAssessment[];
  flagged: boolean;
}

/**
 * The per-client ring buffers of inter-arrival times: `record` is O(1) per input and assesses a
 * window every `window` inputs (O(window log window)). A session is flagged at most once. Pure: the
 * caller passes the arrival time.
 */
export class InputTimingMonitor {
  private readonly sessions = new Map<string, SessionRing>();

  constructor(readonly options: InputTimingOptions = DEFAULT_INPUT_TIMING) {}

  /** Records one input of `sessionId` (player `playerId`) arriving at `now` ms; returns a flag when the session turns automated. */
  record(sessionId: string, playerId: string, now: number): FlagDraft | null {
    const o = this.options;
    let s = this.sessions.get(sessionId);
    if (!s) {
      this.sessions.set(sessionId, { playerId, last: now, ring: new Float64Array(o.window), filled: 0, strikes: 0, assessments: [], flagged: false });
      return null;
    }
    s.ring[s.filled++] = Math.max(0, now - s.last);
    s.last = now;
    if (s.filled < o.window) return null;
    s.filled = 0;
    if (s.flagged) return null;
    const a = assessInputWindow(s.ring, o);
    s.strikes = a.regular ? s.strikes + 1 : 0;
    s.assessments.push(a);
    if (s.assessments.length > o.strikes) s.assessments.shift();
    if (s.strikes < o.strikes) return null;
    s.flagged = true;
    return automatedInputFlag(s.playerId, s.assessments.slice(-o.strikes), o);
  }

  /** Forgets a session (the client left). */
  forget(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  /** Sessions tracked (memory is O(sessions × window)). */
  get size(): number {
    return this.sessions.size;
  }
}

/** The flag for `strikes` regular windows in a row, with each window's measures as evidence. */
export function automatedInputFlag(playerId: string, windows: InputWindowAssessment[], o: InputTimingOptions = DEFAULT_INPUT_TIMING): FlagDraft {
  const worst = windows.reduce((a, w) => (w.cv < a.cv ? w : a), windows[0]);
  const inputs = windows.length * o.window;
  return {
    kind: 'automated_input',
    playerIds: [playerId],
    subject: playerId,
    detail: `${inputs} inputs without a pause at machine regularity (CV ${worst.cv}, entropy ${worst.entropy}, repetition ${worst.repetition}, every ~${Math.round(worst.medianMs)} ms)`,
    evidence: { inputs, windows, thresholds: { ...o } },
    count: inputs,
  };
}

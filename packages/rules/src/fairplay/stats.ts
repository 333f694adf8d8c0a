/** Small statistics the detectors share. Pure, allocation-light. */

export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Population standard deviation. */
export function stddev(xs: ArrayLike<number>, m = mean(xs)): number {
  if (xs.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return Math.sqrt(s / xs.length);
}

/** Coefficient of variation (σ / μ); 0 for an empty or zero-mean series. */
export function coefficientOfVariation(xs: ArrayLike<number>): number {
  const m = mean(xs);
  return m > 0 ? stddev(xs, m) / m : 0;
}

export function median(xs: ArrayLike<number>): number {
  if (xs.length === 0) return 0;
  const sorted = Array.from(xs).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Shannon entropy in bits of the values' histogram with bins `binWidth` wide.
 * @example histogramEntropy([100, 100, 100, 100], 10) // 0
 */
export function histogramEntropy(xs: ArrayLike<number>, binWidth: number): number {
  if (xs.length === 0) return 0;
  const bins = new Map<number, number>();
  for (let i = 0; i < xs.length; i++) {
    const b = Math.floor(xs[i] / binWidth);
    bins.set(b, (bins.get(b) ?? 0) + 1);
  }
  let h = 0;
  for (const n of bins.values()) {
    const p = n / xs.length;
    h -= p * Math.log2(p);
  }
  return h;
}

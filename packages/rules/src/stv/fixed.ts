/**
 * Fixed-point vote arithmetic: every vote value is an integer number of 1e-5 units
 * (Rule 48(3) works "to five decimal places (any remainder being ignored)"). Safe integers
 * are exact up to 2^53 units ≈ 90 billion votes, far beyond any ward or game council.
 */

/** Units per vote: 5 decimal places. */
export const UNIT = 100_000;

// Products below this stay exact in float64 even after the ±1 correction in mulDivFloor.
const EXACT_LIMIT = 2 ** 52;

/** floor(a × b / c) for non-negative safe integers a, b and positive c, exactly. */
export function mulDivFloor(a: number, b: number, c: number): number {
  const p = a * b;
  if (p <= EXACT_LIMIT) {
    // Float division can land on the wrong side of an integer; fix it with the exact remainder.
    let q = Math.floor(p / c);
    let r = p - q * c;
    while (r < 0) {
      q -= 1;
      r += c;
    }
    while (r >= c) {
      q += 1;
      r -= c;
    }
    return q;
  }
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** Formats units as a decimal string with exactly 5 decimals, e.g. 123456789 → "1234.56789". */
export function formatUnits(units: number): string {
  const sign = units < 0 ? '-' : '';
  const abs = Math.abs(units);
  const whole = Math.floor(abs / UNIT);
  const frac = abs - whole * UNIT;
  return `${sign}${whole}.${String(frac).padStart(5, '0')}`;
}

/**
 * Pure helpers that turn a PlayerProfile into what the HUD shows.
 */

/** The six resources in HUD order with short labels (GAME §4). */
export const RESOURCE_LABELS: ReadonlyArray<readonly [key: string, label: string]> = [
  ['resistance_credits', 'Credits'],
  ['cpu_cycles', 'CPU'],
  ['data_credits', 'Data'],
  ['truth_tokens', 'Truth'],
  ['liberation_keys', 'Keys'],
  ['influence_points', 'Influence pts'],
];

/** Total XP level L needs: 100·(L−1)² (GAME §1.3). */
export function xpForLevel(level: number): number {
  const l = Math.max(1, Math.floor(level));
  return 100 * (l - 1) * (l - 1);
}

/**
 * Progress through the current level in [0, 1], with the XP gained in it and needed for it.
 * `xpForNextLevel` is read as the total XP the next level needs; if the server sends
 * something smaller than the current level's start, the GAME §1.3 formula is used instead.
 */
export function xpProgress(level: number, xp: number, xpForNextLevel: number): {
  fraction: number; into: number; span: number;
} {
  const start = xpForLevel(level);
  const end = xpForNextLevel > start ? xpForNextLevel : xpForLevel(level + 1);
  const span = end - start;
  const into = Math.max(0, xp - start);
  const fraction = span > 0 ? Math.min(1, into / span) : 1;
  return { fraction, into, span };
}

/** Formats an integer amount sent as a decimal string (balances can exceed 2^53). */
export function formatAmount(amount: string | number | undefined): string {
  if (amount === undefined || amount === '') return '0';
  try {
    const n = BigInt(amount);
    const neg = n < 0n;
    const digits = (neg ? -n : n).toString();
    const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return neg ? `-${grouped}` : grouped;
  } catch {
    return String(amount);
  }
}

/** "1:05" / "0:09" countdown text for `ms` remaining (never negative). */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${s.toString().padStart(2, '0')}`;
}

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

/** Full names of resources (and other snake_case words players meet) in running text. */
const LONG_LABELS: Record<string, string> = {
  resistance_credits: 'credits',
  cpu_cycles: 'CPU cycles',
  data_credits: 'data credits',
  truth_tokens: 'truth tokens',
  truth_token: 'truth token',
  liberation_keys: 'liberation keys',
  influence_points: 'influence points',
  network_hub: 'network hub',
  strike_team: 'strike team',
  cosmetic_set: 'cosmetic set',
  liberation_war: 'liberation war',
  distribute_profits: 'distribute profits',
  change_recruitment: 'change recruitment',
  declare_siege: 'declare a siege',
  verify_intel: 'verify intel',
  solve_challenges: 'solve challenges',
  technicalMastery: 'technical mastery',
  truthScore: 'truth score',
  impactRating: 'impact rating',
  teachingHonor: 'teaching honor',
  artisticVision: 'artistic vision',
};

/**
 * A snake_case game word as players read it ("cpu_cycles" → "CPU cycles"); unknown words get
 * their underscores replaced, or `fallback`.
 */
export function resourceLabel(key: string, fallback?: string): string {
  return LONG_LABELS[key] ?? fallback ?? key.replace(/_/g, ' ');
}

/** "1,000 CPU cycles" for an integer amount (string or number) of a resource. */
export function formatResource(amount: string | number | bigint, resource: string): string {
  return `${formatAmount(typeof amount === 'bigint' ? amount.toString() : amount)} ${resourceLabel(resource)}`;
}

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

/** What a profile update brought: level-ups, rank change, XP and resources gained. */
export interface ProfileGains {
  levelsGained: number;
  newLevel: number;
  newRank: string | null;
  xp: number;
  /** Positive balance changes only, by resource (bigint as decimal strings). */
  resources: Array<{ resource: string; amount: string }>;
}

/**
 * The gains between two profiles of the same player (null for another player or no change),
 * for "Level 5!" and "+50 XP · +10 CPU cycles" toasts. Spending is not a gain.
 */
export function profileGains(
  prev: { id: string; level: number; rank: string; xp: number; balances: Record<string, string> } | null,
  next: { id: string; level: number; rank: string; xp: number; balances: Record<string, string> },
): ProfileGains | null {
  if (!prev || prev.id !== next.id) return null;
  const resources: ProfileGains['resources'] = [];
  for (const [resource] of RESOURCE_LABELS) {
    try {
      const d = BigInt(next.balances[resource] ?? '0') - BigInt(prev.balances[resource] ?? '0');
      if (d > 0n) resources.push({ resource, amount: d.toString() });
    } catch {
      // a malformed balance is no gain
    }
  }
  const gains: ProfileGains = {
    levelsGained: Math.max(0, next.level - prev.level),
    newLevel: next.level,
    newRank: next.rank !== prev.rank ? next.rank : null,
    xp: Math.max(0, next.xp - prev.xp),
    resources,
  };
  const any = gains.levelsGained > 0 || gains.newRank !== null || gains.xp > 0 || resources.length > 0;
  return any ? gains : null;
}

/** "+50 XP · +10 CPU cycles" (empty when nothing was gained). */
export function describeGains(g: ProfileGains): string {
  const parts: string[] = [];
  if (g.xp > 0) parts.push(`+${g.xp.toLocaleString()} XP`);
  for (const r of g.resources) parts.push(`+${formatResource(r.amount, r.resource)}`);
  return parts.join(' · ');
}

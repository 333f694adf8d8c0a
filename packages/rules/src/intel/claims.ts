/**
 * Collective intelligence (GAME §6.3): claim keys, the verification rule and the rewards of a
 * verified pattern. Pure: the database layer feeds it the confirmers it read in its transaction.
 */
import { GameError } from '../errors';

/** Default confirmations a claim needs (registry `intel_confirmations_required`). */
export const DEFAULT_INTEL_CONFIRMATIONS = 3;
/** Distinct groups (squads, or squadless players each on their own) a pattern needs. */
export const INTEL_MIN_DISTINCT_GROUPS = 2;
/** Longest evidence text accepted. */
export const INTEL_MAX_EVIDENCE_CHARS = 2000;
/** Longest claim text accepted (before normalisation). */
export const INTEL_MAX_CLAIM_CHARS = 280;
/** truthScore each contributor of a verified pattern gains (GAME §6.3 is silent; our choice). */
export const VERIFIED_PATTERN_TRUTH_SCORE = 100;
/** truth_tokens each contributor of a verified pattern receives (GAME §6.3: one). */
export const VERIFIED_PATTERN_TRUTH_TOKENS = 1n;
/** data_credits each contributor receives; ×1.5 on Intelligence Monday (GAME §6.5). */
export const VERIFIED_PATTERN_DATA_CREDITS = 100;
/** XP of the truth_seeker achievement (GAME §5): a player's first verified pattern. */
export const TRUTH_SEEKER_XP = 2000;
/** Suggested categories (any lower-case slug is accepted; operations target categories by name). */
export const INTEL_CATEGORIES = ['surveillance', 'leak', 'disinformation', 'finance', 'infrastructure', 'data_breach'] as const;

const CATEGORY_RE = /^[a-z0-9_]{2,32}$/;

/**
 * The claim key of a claim text: lower-case, punctuation stripped, whitespace collapsed to one
 * space and trimmed. Letters and digits of any script are kept.
 * @example normaliseClaimKey('  The Mayor,  OWNS  "Acme"! ') // 'the mayor owns acme'
 */
export function normaliseClaimKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Validates a category slug (`BAD_REQUEST` otherwise) and returns it. */
export function assertIntelCategory(category: string): string {
  if (!CATEGORY_RE.test(category)) throw new GameError('BAD_REQUEST', 'category must be 2–32 of a-z, 0-9, _');
  return category;
}

/** A claim key from a claim text; `BAD_REQUEST` when nothing meaningful remains. */
export function claimKeyOf(text: string): string {
  if (text.length > INTEL_MAX_CLAIM_CHARS) throw new GameError('BAD_REQUEST', `claim longer than ${INTEL_MAX_CLAIM_CHARS} characters`);
  const key = normaliseClaimKey(text);
  if (key.length < 3) throw new GameError('BAD_REQUEST', 'claim needs at least 3 letters or digits');
  return key;
}

/** One confirmer of a claim: the player and the squad they were in when confirming. */
export interface IntelConfirmer {
  playerId: string;
  squadId: string | null;
}

/** How many distinct groups the confirmers form: one per squad, one per squadless player. */
export function distinctGroups(confirmers: readonly IntelConfirmer[]): number {
  const groups = new Set<string>();
  for (const c of confirmers) groups.add(c.squadId ? `squad:${c.squadId}` : `player:${c.playerId}`);
  return groups.size;
}

/**
 * True when a claim's confirmers make it a verified pattern (GAME §6.3): at least `required`
 * distinct players from at least two groups (squads; each squadless player is its own group).
 */
export function patternVerifies(confirmers: readonly IntelConfirmer[], required: number = DEFAULT_INTEL_CONFIRMATIONS): boolean {
  const players = new Set(confirmers.map((c) => c.playerId));
  return players.size >= required && distinctGroups(confirmers) >= INTEL_MIN_DISTINCT_GROUPS;
}

/**
 * Refuses a confirmation the rules forbid: the submitter (the first confirmer) or anyone who
 * already confirmed cannot confirm again (`ALREADY_CONFIRMED`).
 */
export function assertMayConfirm(confirmers: readonly IntelConfirmer[], playerId: string, submitterId: string): void {
  if (playerId === submitterId) throw new GameError('ALREADY_CONFIRMED', 'you submitted this claim: it already counts as your confirmation');
  if (confirmers.some((c) => c.playerId === playerId)) throw new GameError('ALREADY_CONFIRMED', 'you already confirmed this claim');
}

/** What each contributor of a verified pattern receives, given the calendar's multiplier. */
export function verifiedPatternReward(intelDataCreditsMultiplier = 1): { truthScore: number; truthTokens: bigint; dataCredits: bigint } {
  return {
    truthScore: VERIFIED_PATTERN_TRUTH_SCORE,
    truthTokens: VERIFIED_PATTERN_TRUTH_TOKENS,
    dataCredits: BigInt(Math.floor(VERIFIED_PATTERN_DATA_CREDITS * intelDataCreditsMultiplier)),
  };
}

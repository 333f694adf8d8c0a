/**
 * The bounty board (GAME §4.5): a player posts a contract — liberate a territory, verify an intel
 * claim in a category, solve a challenge — with a reward in a tradeable resource escrowed through
 * the ledger and a deadline; a claimant stakes one truth_token; the server checks the fulfilment
 * and pays the first valid claimant, or refunds the poster at the deadline.
 *
 * Pure: the database layer reads the facts of a fulfilment in its transaction and asks
 * {@link bountyFulfilled}; nothing here reads a clock or a database.
 */
import { GameError } from './errors';
import { RESOURCE_INFO, isResource, type Resource } from './resources';

/** What a bounty asks for. */
export const BOUNTY_KINDS = ['liberate_territory', 'verify_intel', 'solve_challenge'] as const;
export type BountyKind = (typeof BOUNTY_KINDS)[number];

/** truth_tokens a claimant stakes (GAME §4.5: one), returned when the claim is accepted, burned when rejected. */
export const BOUNTY_CLAIM_STAKE = 1n;
/** Shortest and longest time a bounty may run (our bounds: one game hour to thirty game days). */
export const BOUNTY_MIN_HOURS = 1;
export const BOUNTY_MAX_HOURS = 30 * 24;
/** Longest title of a bounty. */
export const BOUNTY_MAX_TITLE_CHARS = 120;

/** A bounty's lifecycle: open until paid to a claimant or refunded to the poster at its deadline. */
export type BountyStatus = 'open' | 'paid' | 'refunded';

const CATEGORY_RE = /^[a-z0-9_]{2,32}$/;
const TERRITORY_RE = /^t--?\d+_-?\d+$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A bounty as the rules see it. */
export interface BountyTerms {
  posterId: string;
  kind: BountyKind;
  /** A territory id, an intel category or a challenge id, by kind. */
  target: string;
  resource: Resource;
  amount: bigint;
  createdAt: Date;
  deadline: Date;
  status: BountyStatus;
}

/**
 * Checks what a poster asks for and returns the deadline: a known kind with a well-formed target,
 * a tradeable resource (`SOUL_BOUND` for truth_tokens and influence_points, which can never be
 * paid to another player), a positive amount and a duration within
 * [{@link BOUNTY_MIN_HOURS}, {@link BOUNTY_MAX_HOURS}] game hours (`BAD_REQUEST` otherwise).
 * @example validateBountyPost({ kind: 'verify_intel', target: 'leak', resource: 'data_credits', amount: 50n, hours: 24, hourMs: 3_600_000, now })
 */
export function validateBountyPost(input: {
  kind: string; target: string; resource: string; amount: bigint; hours: number; hourMs: number; now: Date;
}): { kind: BountyKind; resource: Resource; deadline: Date } {
  const kind = BOUNTY_KINDS.find((k) => k === input.kind);
  if (!kind) throw new GameError('BAD_REQUEST', `unknown bounty kind: ${input.kind}`);
  assertBountyTarget(kind, input.target);
  if (!isResource(input.resource)) throw new GameError('BAD_REQUEST', `unknown resource: ${input.resource}`);
  if (!RESOURCE_INFO[input.resource].tradeable) {
    throw new GameError('SOUL_BOUND', `${input.resource} is soul-bound: a bounty pays in tradeable resources`);
  }
  if (typeof input.amount !== 'bigint' || input.amount <= 0n) throw new GameError('BAD_REQUEST', 'a bounty reward must be a positive integer');
  if (!Number.isInteger(input.hours) || input.hours < BOUNTY_MIN_HOURS || input.hours > BOUNTY_MAX_HOURS) {
    throw new GameError('BAD_REQUEST', `a bounty runs ${BOUNTY_MIN_HOURS} to ${BOUNTY_MAX_HOURS} hours`);
  }
  return { kind, resource: input.resource, deadline: new Date(input.now.getTime() + input.hours * input.hourMs) };
}

/** `BAD_REQUEST` unless the target fits the kind: a territory id, a category slug or a challenge id. */
export function assertBountyTarget(kind: BountyKind, target: string): void {
  const ok = kind === 'liberate_territory' ? TERRITORY_RE.test(target)
    : kind === 'verify_intel' ? CATEGORY_RE.test(target)
      : UUID_RE.test(target);
  if (!ok) throw new GameError('BAD_REQUEST', `bad target for a ${kind} bounty: ${target}`);
}

/**
 * Refuses a claim that can never be accepted, before any stake is taken: the poster's own bounty
 * (`OWN_BOUNTY`), a bounty already paid or refunded, or past its deadline (`BOUNTY_CLOSED`).
 */
export function assertMayClaimBounty(bounty: Pick<BountyTerms, 'posterId' | 'status' | 'deadline'>, claimantId: string, now: Date): void {
  if (bounty.posterId === claimantId) throw new GameError('OWN_BOUNTY', 'you cannot claim your own bounty');
  if (bounty.status !== 'open') throw new GameError('BOUNTY_CLOSED', `this bounty is ${bounty.status}`);
  if (now.getTime() >= bounty.deadline.getTime()) throw new GameError('BOUNTY_CLOSED', 'this bounty has passed its deadline');
}

/**
 * What the server found about a claimant, read in the claim's transaction. Every fact counts only
 * from the bounty's posting on: work done before it was posted does not fulfil it.
 */
export interface BountyFulfilmentFacts {
  /**
   * liberate_territory: the territory's status and holder now, the squad that held it when the
   * bounty was posted (null: the AC or nobody), the claimant's squad.
   */
  territory?: { status: string; holderSquadId: string | null; holderAtPost: string | null; claimantSquadId: string | null };
  /** verify_intel: when the claimant's contributions to patterns of the category were verified. */
  verifiedPatternsAt?: readonly Date[];
  /** solve_challenge: when the claimant solved the challenge (null: not solved). */
  solvedAt?: Date | null;
}

/**
 * True when the claimant fulfilled the bounty:
 * - liberate_territory: the territory is `liberated` and held by the claimant's squad, which did not
 *   hold it when the bounty was posted (so it took it since);
 * - verify_intel: the claimant contributed to a pattern of the category verified at or after the posting;
 * - solve_challenge: the claimant solved the challenge at or after the posting.
 */
export function bountyFulfilled(bounty: Pick<BountyTerms, 'kind' | 'createdAt'>, facts: BountyFulfilmentFacts): boolean {
  const since = bounty.createdAt.getTime();
  switch (bounty.kind) {
    case 'liberate_territory': {
      const t = facts.territory;
      return Boolean(t && t.status === 'liberated' && t.holderSquadId !== null && t.holderSquadId === t.claimantSquadId
        && t.holderSquadId !== t.holderAtPost);
    }
    case 'verify_intel':
      return (facts.verifiedPatternsAt ?? []).some((d) => d.getTime() >= since);
    case 'solve_challenge':
      return Boolean(facts.solvedAt && facts.solvedAt.getTime() >= since);
  }
}

/**
 * The six resources of the economy (GAME §4) and their static properties.
 * Amounts are always integers in the resource's smallest unit; rule code that
 * touches balances uses `bigint`.
 */

/** All resources; `resistance_credits` is the market's quote currency. */
export const RESOURCES = [
  'resistance_credits',
  'cpu_cycles',
  'data_credits',
  'truth_tokens',
  'liberation_keys',
  'influence_points',
] as const;

/** One of the six resources. */
export type Resource = (typeof RESOURCES)[number];

/** How often a decaying resource loses `rateBps` of its balance. */
export type DecayPeriod = 'daily' | 'weekly' | 'monthly';

/** Static properties of a resource (GAME §4 table). */
export interface ResourceInfo {
  /** May be listed on the market and moved between players. */
  readonly tradeable: boolean;
  /** Cannot leave the owner except by spending/burning (not tradeable, not giftable). */
  readonly soulBound: boolean;
  /** Balance decay applied by the worker, in basis points of the balance per period. */
  readonly decay: { readonly rateBps: number; readonly period: DecayPeriod } | null;
}

/** Properties of every resource, per GAME §4. */
export const RESOURCE_INFO: Readonly<Record<Resource, ResourceInfo>> = {
  resistance_credits: { tradeable: true, soulBound: false, decay: null },
  cpu_cycles: { tradeable: true, soulBound: false, decay: { rateBps: 1000, period: 'daily' } },
  data_credits: { tradeable: true, soulBound: false, decay: null },
  truth_tokens: { tradeable: false, soulBound: true, decay: null },
  liberation_keys: { tradeable: true, soulBound: false, decay: { rateBps: 500, period: 'weekly' } },
  influence_points: { tradeable: false, soulBound: true, decay: { rateBps: 200, period: 'monthly' } },
};

/** The resources that have an order book / pool against resistance_credits. */
export const TRADEABLE_RESOURCES: readonly Resource[] = RESOURCES.filter(
  (r) => RESOURCE_INFO[r].tradeable && r !== 'resistance_credits',
);

const RESOURCE_SET: ReadonlySet<string> = new Set(RESOURCES);

/** True if `x` names one of the six resources. */
export function isResource(x: unknown): x is Resource {
  return typeof x === 'string' && RESOURCE_SET.has(x);
}

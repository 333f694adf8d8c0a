// State and message contracts of territory warfare (GAME §3.2–§3.3), owned by that feature.
import { schema, t, type SchemaType } from '@colyseus/schema';
import { z } from 'zod';

/**
 * One siege as clients see it. Times are epoch ms. A Ghost_Mode muster is not in the
 * defender's view at all (StateView) until the battle starts. An AC counter-siege (GAME §3.5)
 * has `counter` set, `attackerSquadId` "" and `attackerName` "Algorithmic Control".
 */
export const Siege = schema({
  id: t.string(),
  territoryId: t.string(),
  territoryName: t.string(),
  attackerSquadId: t.string(),
  attackerName: t.string(),
  /** "" when the AC defends. */
  defenderSquadId: t.string(),
  defenderName: t.string(),
  /** muster | battle | resolved */
  phase: t.string(),
  declaredAt: t.float64(),
  musterEndsAt: t.float64(),
  battleEndsAt: t.float64(),
  ghost: t.boolean(),
  /** Live strengths: what the resolution would give if the battle ended now; final once resolved. */
  attackerStrength: t.float64(),
  defenderStrength: t.float64(),
  attackersCommitted: t.uint16(),
  defendersCommitted: t.uint16(),
  /** The AC's garrison in the battle: defending an occupied territory, or attacking in a counter-siege. */
  garrison: t.uint32(),
  /** "" until resolved, then attacker | defender. */
  result: t.string(),
  /** The AC strikes back: the attacker is the AC with the strongest adjacent garrison (GAME §3.5). */
  counter: t.boolean(),
}, 'Siege');
export type Siege = SchemaType<typeof Siege>;

/** The territory-warfare room's state: live (and just-resolved) sieges, filtered per client. */
export const WarState = schema({
  sieges: t.map(Siege).view(),
}, 'WarState');
export type WarState = SchemaType<typeof WarState>;

/** `claim`: claim the neutral territory you are deployed on for your squad (GAME §3.2). */
export const ClaimTerritoryMessage = z.object({
  territoryId: z.string().min(1).max(64),
}).strict();
export type ClaimTerritoryMessage = z.infer<typeof ClaimTerritoryMessage>;

/** `declare_siege`: a leader or officer besieges a territory (GAME §3.3). */
export const DeclareSiegeMessage = z.object({
  territoryId: z.string().min(1).max(64),
}).strict();
export type DeclareSiegeMessage = z.infer<typeof DeclareSiegeMessage>;

/** Message names of the territory-warfare room, client → server. */
export const WAR_MESSAGES = ['claim', 'declare_siege'] as const;

/** Server → client replies and notices of the war room. */
export interface ClaimedPayload {
  territoryId: string;
  squadId: string;
}
export interface SiegeDeclaredPayload {
  siegeId: string;
  territoryId: string;
  musterEndsAt: number;
  battleEndsAt: number;
}
/** `notice` sent to a squad's online members (and published on `squad:<id>:notices`). */
export interface TerritoryNotice {
  kind: 'under_attack' | 'siege_result';
  siegeId: string;
  territoryId: string;
  territoryName: string;
  text: string;
  at: number;
}

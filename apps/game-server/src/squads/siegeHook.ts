import { getSquad } from '@datavism/db';
import { GameError } from '@datavism/rules';
import type { Services } from '../context';
import { declareSiege } from '../territory/siegeService';

/**
 * Carries out a passed "declare siege" squad decision through the territory feature's
 * `declareSiege` with `authority: 'decision'` (the vote replaces the officer check). It
 * acts through the squad's current leader, who is always a member of the squad, so a
 * proposer who has left since cannot drag another squad into the siege. Territory rules
 * (adjacency, cooldown, one siege per territory, active squad) still apply; a refusal is
 * recorded on the decision as `execution_failed`.
 * @returns a short note stored as the decision's result
 */
export async function declareSiegeForDecision(
  s: Services,
  squadId: string,
  _proposerId: string,
  territoryId: string,
): Promise<string> {
  const squad = await getSquad(s.database.db, squadId);
  if (!squad?.leaderId || squad.disbandedAt) throw new GameError('NOT_FOUND', 'the squad no longer exists');
  const siege = await declareSiege(s, { playerId: squad.leaderId, territoryId, authority: 'decision' });
  return `siege ${siege.id} declared on ${territoryId}`;
}

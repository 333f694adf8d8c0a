import {
  beginSiegeBattles, claimTerritory as claimTerritoryDb, declareSiege as declareSiegeDb, dueSieges, getSiege,
  resolveSiegeNow, type ScheduleJobInput, type SiegeView,
} from '@datavism/db';
import { activeModifiers, siegeCooldownSeconds } from '@datavism/rules';
import type { TerritoryNotice } from '@datavism/shared-schema';
import { channel, type Services } from '../context';
import { deadlinesCommitted } from '../jobs/deadlines';
import { territoryBesieged } from '../notifications/events';
import { tryNotify } from '../notifications/notify';

/** Presence channel of siege lifecycle events (every process's war room listens). */
export const SIEGE_EVENTS = 'territory:sieges';

/** A siege lifecycle event on {@link SIEGE_EVENTS}. */
export interface SiegeEvent {
  siegeId: string;
  event: 'declared' | 'battle' | 'resolved';
}

/** Registry seconds → effective seconds: `TIME_SCALE` makes every game duration shorter. */
export function scaled(s: Services, seconds: number): number {
  return seconds / s.config.timeScale;
}

/** Tells every process's map rooms to reload these territories (presence channel `world:territories`). */
export async function publishTerritories(s: Services, ids: string[]): Promise<void> {
  if (ids.length > 0) await s.presence.publish(channel(s.config, 'world:territories'), ids);
}

/** Tells every process's war room of a siege's lifecycle event. */
export async function publishSiege(s: Services, e: SiegeEvent): Promise<void> {
  await s.presence.publish(channel(s.config, SIEGE_EVENTS), e);
}

/** Tell a squad's members (the squads room may forward `squad:<id>:notices`). */
export async function publishSquadNotice(s: Services, squadId: string, notice: TerritoryNotice): Promise<void> {
  await s.presence.publish(channel(s.config, `squad:${squadId}:notices`), notice);
}

export function underAttackNotice(siege: SiegeView, at: number): TerritoryNotice {
  const who = siege.attackerSquadId === null ? 'The AC strikes back:' : `${siege.attackerName} is besieging`;
  const strength = siege.acStrength === null ? '' : ` (garrison ${siege.acStrength})`;
  return {
    kind: 'under_attack', siegeId: siege.id, territoryId: siege.territoryId, territoryName: siege.territoryName,
    text: `${who} ${siege.territoryName}${strength}: deploy there before ${new Date(siege.battleEndsAt).toISOString()} to defend it`,
    at,
  };
}

export function resultNotice(siege: SiegeView, at: number): TerritoryNotice {
  const winner = siege.result === 'attacker' ? siege.attackerName : siege.defenderName;
  return {
    kind: 'siege_result', siegeId: siege.id, territoryId: siege.territoryId, territoryName: siege.territoryName,
    text: `${winner} won the siege of ${siege.territoryName} (${siege.attackerStrength} vs ${siege.defenderStrength})`,
    at,
  };
}

/** GAME §3.2: claim the neutral territory the player is deployed on; every world room updates. */
export async function claimTerritory(s: Services, playerId: string, territoryId: string): Promise<{ territoryId: string; squadId: string }> {
  const claimed = await claimTerritoryDb(s.database.db, { playerId, territoryId, now: new Date() });
  await publishTerritories(s, [territoryId]);
  return claimed;
}

/** The siege's jobs: the battle begins at the muster's end (if it has one), the resolution at the battle's. */
export function siegeDeadlines(siege: SiegeView): ScheduleJobInput[] {
  const payload = { siegeId: siege.id };
  return [
    ...(siege.status === 'muster' ? [{ key: `siege:${siege.id}:battle`, name: 'siege-battle', runAt: siege.musterEndsAt, payload }] : []),
    { key: `siege:${siege.id}:resolve`, name: 'siege-resolve', runAt: siege.battleEndsAt, payload },
  ];
}

/**
 * GAME §3.3: declare a siege. The phase change and the resolution are durable jobs at the
 * persisted deadlines, committed with the siege, so neither a crash right after the declaration
 * nor a restart mid-siege leaves it unresolved. The squads feature calls this with
 * `authority: 'decision'` when a "declare siege" decision passes.
 */
export async function declareSiege(
  s: Services,
  input: { playerId: string; territoryId: string; authority?: 'officer' | 'decision' },
): Promise<SiegeView> {
  const now = new Date();
  const siege = await declareSiegeDb(s.database.db, {
    ...input,
    now,
    musterSeconds: scaled(s, s.parameters.get('siege_muster_seconds')),
    battleSeconds: scaled(s, s.parameters.get('siege_battle_seconds')),
    cooldownSeconds: scaled(s, siegeCooldownSeconds(s.parameters.get('siege_cooldown_seconds'), activeModifiers(now))),
    deadlines: siegeDeadlines,
  });
  await deadlinesCommitted(s, 'siege-declare', siegeDeadlines(siege));
  await publishTerritories(s, [siege.territoryId]);
  await publishSiege(s, { siegeId: siege.id, event: 'declared' });
  // Ghost_Mode: the defender hears of it only when the battle starts (the siege-battle job).
  if (siege.defenderSquadId && !(siege.ghost && siege.status === 'muster')) {
    await publishSquadNotice(s, siege.defenderSquadId, underAttackNotice(siege, now.getTime()));
    await notifyBesieged(s, siege);
  }
  s.logger.info({ siege: siege.id, territory: siege.territoryId, attacker: siege.attackerSquadId }, 'siege declared');
  return siege;
}

/** GAME §8.2 urgent: the holding squad's members hear their territory is besieged (once per siege). */
export async function notifyBesieged(s: Services, siege: SiegeView): Promise<void> {
  const event = territoryBesieged(siege);
  if (event) await tryNotify(s, event);
}

/** Job: musters that ended become battles (a Ghost_Mode siege is revealed to the defender now). */
export async function beginDueBattles(s: Services, now: Date): Promise<number> {
  const ids = await beginSiegeBattles(s.database.db, now);
  for (const id of ids) {
    await publishSiege(s, { siegeId: id, event: 'battle' });
    const siege = await getSiege(s.database.db, id);
    if (siege?.ghost && siege.defenderSquadId) {
      await publishSquadNotice(s, siege.defenderSquadId, underAttackNotice(siege, now.getTime()));
      await notifyBesieged(s, siege);
    }
  }
  return ids.length;
}

/**
 * Job: resolve every siege whose battle window has ended (not only the one the job was
 * scheduled for, so two sieges ending in the same millisecond — one job slot — both resolve).
 */
export async function resolveDueSieges(s: Services, now: Date): Promise<number> {
  let resolved = 0;
  for (const id of await dueSieges(s.database.db, now)) {
    const { applied, siege } = await resolveSiegeNow(s.database.db, id, {
      now, combatBase: s.parameters.get('combat_rating_base'),
      counterSiegeDefenceImpact: s.parameters.get('ac_counter_siege_defence_impact'),
    });
    if (!applied) continue;
    resolved++;
    await publishTerritories(s, [siege.territoryId]);
    await publishSiege(s, { siegeId: siege.id, event: 'resolved' });
    for (const squadId of [siege.attackerSquadId, siege.defenderSquadId]) {
      if (squadId) await publishSquadNotice(s, squadId, resultNotice(siege, now.getTime()));
    }
    s.logger.info({ siege: siege.id, result: siege.result, attack: siege.attackerStrength, defence: siege.defenderStrength }, 'siege resolved');
  }
  return resolved;
}

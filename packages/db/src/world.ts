import { asc, eq, sql } from 'drizzle-orm';
import {
  GARRISON_REGROWTH_PERCENT,
  GameError,
  RESTRICTED_DEPLOY_KEYS,
  isGameError,
  type Region,
  type Territory,
  type World,
} from '@datavism/rules';
import type { Db } from './client';
import { burn, withTransaction } from './ledger';
import { players, regions, squads, territories, worldMeta } from './schema/index';
import { execute, isUuid } from './sql';

/**
 * A stored territory: the generated fields plus what the game tracks on it. `holderName` is the
 * holding squad's name (null while nobody or the AC holds it), so clients never see a squad id.
 */
export type StoredTerritory = Territory & { holderName: string | null; lastDeployedAt: Date | null; updatedAt: Date };

/** The stored world. */
export interface LoadedWorld {
  seed: number;
  regions: Region[];
  territories: StoredTerritory[];
}

/** Rows per INSERT when saving a world (10,000 territories = 10 statements). */
const CHUNK = 1000;

/**
 * Saves a generated world once. Does nothing and returns false if a world is already
 * stored, so every server start can call it; two processes racing both get a
 * consistent answer because the `world_meta` row is claimed first.
 */
export function saveWorld(db: Db, world: World): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const claimed = await tx
      .insert(worldMeta)
      .values({ id: 1, seed: world.seed, territoryCount: world.territories.length })
      .onConflictDoNothing({ target: worldMeta.id })
      .returning({ id: worldMeta.id });
    if (claimed.length === 0) return false;
    for (let i = 0; i < world.regions.length; i += CHUNK) {
      await tx.insert(regions).values(
        world.regions.slice(i, i + CHUNK).map((r) => ({
          id: r.id,
          name: r.name,
          centerQ: r.center.q,
          centerR: r.center.r,
        })),
      );
    }
    for (let i = 0; i < world.territories.length; i += CHUNK) {
      await tx.insert(territories).values(
        world.territories.slice(i, i + CHUNK).map((t) => ({
          id: t.id,
          q: t.q,
          r: t.r,
          regionId: t.regionId,
          name: t.name,
          terrain: t.terrain,
          yieldResource: t.yieldResource,
          yieldPerHour: t.yieldPerHour,
          status: t.status,
          holderSquadId: t.holderSquadId,
          garrison: t.garrison,
          garrisonMax: t.garrisonMax,
          restricted: t.restricted,
        })),
      );
    }
    return true;
  });
}

/** True once a world has been saved. */
export async function worldExists(db: Db): Promise<boolean> {
  const rows = await db.select({ id: worldMeta.id }).from(worldMeta).limit(1);
  return rows.length > 0;
}

/** The stored world (regions by id, territories by id), or null if none was saved. */
export async function loadWorld(db: Db): Promise<LoadedWorld | null> {
  const [meta] = await db.select().from(worldMeta).limit(1);
  if (!meta) return null;
  const regionRows = await db.select().from(regions).orderBy(asc(regions.id));
  // One LEFT JOIN for the holders' names: 10,000 territories stay one query. The holder column is
  // text (it predates squads), squads.id a uuid: compare as text.
  const territoryRows = await db
    .select({ t: territories, holderName: squads.name })
    .from(territories)
    .leftJoin(squads, sql`${squads.id}::text = ${territories.holderSquadId}`)
    .orderBy(asc(territories.id));
  return {
    seed: meta.seed,
    regions: regionRows.map((r) => ({ id: r.id, name: r.name, center: { q: r.centerQ, r: r.centerR } })),
    // Columns hold exactly the rules' types; the casts restore the string unions.
    territories: territoryRows.map(({ t, holderName }) => ({
      id: t.id,
      q: t.q,
      r: t.r,
      regionId: t.regionId,
      name: t.name,
      terrain: t.terrain as Territory['terrain'],
      yieldResource: t.yieldResource as Territory['yieldResource'],
      yieldPerHour: t.yieldPerHour,
      status: t.status,
      holderSquadId: t.holderSquadId,
      holderName: t.holderSquadId ? holderName : null,
      garrison: t.garrison,
      garrisonMax: t.garrisonMax,
      restricted: t.restricted,
      lastDeployedAt: t.lastDeployedAt,
      updatedAt: t.updatedAt,
    })),
  };
}

/** What a deployment cost (GAME §4.5). */
export interface DeployResult {
  /** The target is a restricted territory. */
  restricted: boolean;
  /** liberation_keys burned by this deployment: 1 into a restricted territory, 0 otherwise and on a repeat. */
  keysSpent: bigint;
}

/**
 * Deploys a player to a territory arriving at `at` (the caller adds the travel time, GAME §3.1):
 * sets the player's deployment and the territory's `last_deployed_at` (which keeps a liberated
 * territory from reverting, GAME §3.4). A player counts as present — for claims and as a
 * committed siege member — once `deployed_at <= now`, i.e. from arrival.
 *
 * Into a `restricted` territory (GAME §4.5) it burns one liberation_key through the ledger in the
 * same transaction, charged once per deployment by the deployment's own row: the player's row is
 * locked and the key is burned only when the stored deployment is another territory, so a retry
 * of a committed deployment, or a redeploy to where the player already is, costs nothing.
 * Without a key: `LIBERATION_KEY_REQUIRED`, nothing changed.
 * Throws `UNKNOWN_TERRITORY` or `NOT_FOUND` (player).
 */
export function deployPlayer(db: Db, playerId: string, territoryId: string, at: Date): Promise<DeployResult> {
  return withTransaction(db, async (tx) => {
    const touched = await tx
      .update(territories)
      .set({ lastDeployedAt: at, updatedAt: at })
      .where(eq(territories.id, territoryId))
      .returning({ id: territories.id, restricted: territories.restricted });
    if (touched.length === 0) throw new GameError('UNKNOWN_TERRITORY', `no territory ${territoryId}`);
    const restricted = touched[0].restricted;
    let keysSpent = 0n;
    if (restricted) {
      // Only a restricted target reads (and locks) the player's row first: ordinary deploys stay two writes.
      const [me] = isUuid(playerId)
        ? await tx
            .select({ deployedTerritoryId: players.deployedTerritoryId })
            .from(players)
            .where(eq(players.id, playerId))
            .for('update')
        : [];
      if (!me) throw new GameError('NOT_FOUND', `no player ${playerId}`);
      if (me.deployedTerritoryId !== territoryId) {
        try {
          await burn(tx, { kind: 'player', id: playerId }, 'liberation_keys', RESTRICTED_DEPLOY_KEYS, `restricted_deploy:${territoryId}`);
        } catch (err) {
          if (isGameError(err, 'INSUFFICIENT_FUNDS')) {
            throw new GameError('LIBERATION_KEY_REQUIRED', 'A restricted territory costs 1 liberation key to enter', { cause: err });
          }
          throw err;
        }
        keysSpent = RESTRICTED_DEPLOY_KEYS;
      }
    }
    const moved = isUuid(playerId)
      ? await tx
          .update(players)
          .set({ deployedTerritoryId: territoryId, deployedAt: at })
          .where(eq(players.id, playerId))
          .returning({ id: players.id })
      : [];
    if (moved.length === 0) throw new GameError('NOT_FOUND', `no player ${playerId}`);
    return { restricted, keysSpent };
  });
}

/**
 * The hourly garrison regrowth (GAME §3.4) in one set-based UPDATE: every occupied
 * territory below its maximum gains ceil(5 % × max), capped at the maximum — the same
 * integers as the rules' `regrowGarrison`. Returns the number of territories changed.
 */
export function regrowGarrisons(db: Db): Promise<number> {
  const percent = GARRISON_REGROWTH_PERCENT;
  // ceil(max × p / 100) in integers: (max × p + 99) / 100 for max ≥ 0.
  return execute(
    db,
    sql`UPDATE territories
        SET garrison = least(garrison_max, garrison + (garrison_max * ${percent}::int + 99) / 100),
            updated_at = now()
        WHERE status = 'occupied' AND garrison < garrison_max`,
  );
}

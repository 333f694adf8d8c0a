import { and, desc, eq, sql } from 'drizzle-orm';
import { GameError, isResource } from '@datavism/rules';
import type { Db, Tx } from './client';
import { writeAudit } from './audit';
import { transfer, withTransaction, type AccountRef } from './ledger';
import { jobRuns, players, squads, territories, type JobRunStatus, type PlayerRole } from './schema/index';
import type { NotificationAudience } from './notifications';
import { isUuid, likePrefix, queryRows, toBigInt, toNumber } from './sql';

/** Every game-master and admin: the audience of GM alerts (health, fair play, the ledger). */
export function gameMasters(): NotificationAudience {
  return { kind: 'query', select: sql`SELECT id FROM players WHERE role IN ('gm', 'admin')` };
}

/** Who acts: a GM or admin (the route checked the role). */
export interface StaffActor {
  id: string;
  role: string;
}

/** A GM's change to one territory (GAME §9 world map control). */
export interface TerritoryChange {
  /** `occupied` (the AC) or `neutral` clear the holder; `liberated` needs a holder. */
  status?: 'occupied' | 'neutral' | 'liberated';
  /** A squad id (the territory becomes liberated, held by it) or null (no holder). */
  holderSquadId?: string | null;
  garrison?: number;
}

/** A territory as GMs see it in the picker. */
export interface TerritoryListing {
  id: string;
  name: string;
  regionId: number;
  regionName: string;
  status: string;
  holderSquadId: string | null;
  holderName: string | null;
  garrison: number;
  garrisonMax: number;
}

/** Every territory (or the one `id`) with its region and holder's names, by name (the GM's picker). */
export async function listTerritoriesForGm(db: Db, id?: string): Promise<TerritoryListing[]> {
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    SELECT t.id, t.name, t.region_id, r.name AS region_name, t.status, t.holder_squad_id, s.name AS holder_name, t.garrison, t.garrison_max
    FROM territories t JOIN regions r ON r.id = t.region_id
    LEFT JOIN squads s ON s.id::text = t.holder_squad_id
    ${id === undefined ? sql`` : sql`WHERE t.id = ${id}`}
    ORDER BY t.name, t.id`);
  return rows.map((r) => ({
    id: String(r.id), name: String(r.name), regionId: toNumber(r.region_id), regionName: String(r.region_name), status: String(r.status),
    holderSquadId: (r.holder_squad_id as string | null) ?? null, holderName: (r.holder_name as string | null) ?? null,
    garrison: toNumber(r.garrison), garrisonMax: toNumber(r.garrison_max),
  }));
}

/** The ids among `ids` that are not territories (an operation's targets must all exist). */
export async function unknownTerritoryIds(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{ id: string }>(db, sql`SELECT id FROM territories WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`);
  const known = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !known.has(id));
}

/**
 * World-map control by a game-master (GAME §9): sets a territory's status, holder and/or garrison
 * and writes the audit line (before and after) in the same transaction. A territory under siege
 * (`contested`) cannot be changed (SIEGE_IN_PROGRESS); an unknown territory or squad is NOT_FOUND;
 * `liberated` without a holder is BAD_REQUEST.
 */
export async function controlTerritory(db: Db, id: string, change: TerritoryChange, by: StaffActor): Promise<TerritoryListing> {
  return withTransaction(db, async (tx) => {
    const [before] = await tx.select().from(territories).where(eq(territories.id, id)).for('update');
    if (!before) throw new GameError('NOT_FOUND', `no territory ${id}`);
    if (before.status === 'contested') throw new GameError('SIEGE_IN_PROGRESS', `${before.name} is under siege; change it after the battle`);
    const patch: Partial<typeof territories.$inferInsert> = { updatedAt: new Date() };
    if (change.holderSquadId !== undefined && change.holderSquadId !== null) {
      if (!isUuid(change.holderSquadId)) throw new GameError('NOT_FOUND', 'no such squad');
      const [squad] = await tx.select({ id: squads.id }).from(squads).where(eq(squads.id, change.holderSquadId));
      if (!squad) throw new GameError('NOT_FOUND', 'no such squad');
      if (change.status && change.status !== 'liberated') throw new GameError('BAD_REQUEST', `a held territory is liberated, not ${change.status}`);
      Object.assign(patch, { status: 'liberated', holderSquadId: change.holderSquadId });
    } else if (change.status) {
      if (change.status === 'liberated' && !(change.holderSquadId === undefined && before.holderSquadId)) {
        throw new GameError('BAD_REQUEST', 'a liberated territory needs a holder squad');
      }
      Object.assign(patch, { status: change.status, holderSquadId: change.status === 'liberated' ? before.holderSquadId : null });
    } else if (change.holderSquadId === null) {
      Object.assign(patch, { status: 'neutral', holderSquadId: null });
    }
    if (change.garrison !== undefined) patch.garrison = change.garrison;
    await tx.update(territories).set(patch).where(eq(territories.id, id));
    await writeAudit(tx, {
      actorId: by.id, actorRole: by.role, action: 'territory.control', target: `territory:${id}`,
      details: {
        name: before.name, change,
        before: { status: before.status, holderSquadId: before.holderSquadId, garrison: before.garrison },
        after: { status: patch.status ?? before.status, holderSquadId: patch.holderSquadId === undefined ? before.holderSquadId : patch.holderSquadId, garrison: patch.garrison ?? before.garrison },
      },
    });
    const [listing] = await listTerritoriesForGm(tx, id);
    return listing;
  });
}

/**
 * An admin changes a player's role (GAME §9 roles), audited in the same transaction with the old
 * and new role. NOT_FOUND for an unknown name; nobody changes their own role.
 */
export async function changePlayerRole(db: Db, name: string, role: PlayerRole, by: StaffActor): Promise<{ id: string; name: string; role: PlayerRole; previous: string }> {
  return withTransaction(db, async (tx) => {
    const [player] = await tx.select({ id: players.id, name: players.name, role: players.role }).from(players)
      .where(eq(players.nameKey, name.trim().toLowerCase())).for('update');
    if (!player) throw new GameError('NOT_FOUND', 'no such player');
    if (player.id === by.id) throw new GameError('FORBIDDEN', 'you cannot change your own role');
    await tx.update(players).set({ role }).where(eq(players.id, player.id));
    await writeAudit(tx, {
      actorId: by.id, actorRole: by.role, action: 'player.role', targetPlayerId: player.id,
      details: { name: player.name, from: player.role, to: role },
    });
    return { id: player.id, name: player.name, role, previous: player.role };
  });
}

/** Players whose name starts with `prefix` (case-insensitive), for GM pickers. */
export async function findPlayersByPrefix(db: Db, prefix: string, limit = 20): Promise<Array<{ id: string; name: string; role: string }>> {
  const key = prefix.trim().toLowerCase();
  if (!key) return [];
  return queryRows(db, sql`SELECT id::text AS id, name, role FROM players WHERE name_key LIKE ${likePrefix(key)} ORDER BY name_key LIMIT ${limit}`);
}

// ---- reward reversal (GAME §9: "reverse a reward through the ledger") ----

/** A transfer a GM may reverse, as the console shows it. */
export interface RewardTransfer {
  transferId: string;
  resource: string;
  amount: string;
  reason: string;
  createdAt: Date;
  fromKind: string;
  fromOwner: string;
  toKind: string;
  toOwner: string;
  /** The id of the compensating transfer when it was reversed already. */
  reversedBy: string | null;
}

/** The latest transfers paid to a player (rewards, income, payouts), newest first, with their reversal if any. */
export async function rewardsOfPlayer(db: Db, playerId: string, limit = 50): Promise<RewardTransfer[]> {
  if (!isUuid(playerId)) return [];
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    SELECT t.id::text AS id, t.resource, t.amount::text AS amount, t.reason, t.created_at, fa.kind AS from_kind, fa.owner_id AS from_owner,
      ta.kind AS to_kind, ta.owner_id AS to_owner,
      (SELECT r.id::text FROM transfers r WHERE r.idempotency_key = 'reversal:' || t.id::text) AS reversed_by
    FROM accounts ta
    JOIN ledger_entries e ON e.account_id = ta.id AND e.delta > 0
    JOIN transfers t ON t.id = e.transfer_id
    JOIN accounts fa ON fa.id = t.from_account_id
    WHERE ta.kind = 'player' AND ta.owner_id = ${playerId}
    ORDER BY t.id DESC LIMIT ${limit}`);
  return rows.map((r) => ({
    transferId: String(r.id), resource: String(r.resource), amount: String(r.amount), reason: String(r.reason),
    createdAt: new Date(r.created_at as string), fromKind: String(r.from_kind), fromOwner: String(r.from_owner),
    toKind: String(r.to_kind), toOwner: String(r.to_owner), reversedBy: (r.reversed_by as string | null) ?? null,
  }));
}

/** Where a reversed reward goes: back to a player, squad or community it came from; into the burn when it was issued (mint, escrow). */
function reversalTarget(kind: string, owner: string): AccountRef {
  if (kind === 'player' || kind === 'squad') return { kind, id: owner };
  if (kind === 'community') return { kind: 'community' };
  // Minted rewards and payouts out of an escrow (an operation's pool, an auction) are taken out of
  // circulation: the escrow account is shared with live market orders and must not grow.
  return { kind: 'burn' };
}

/**
 * Reverses a reward with a compensating transfer — never an edit of history — in the caller's
 * transaction: the recipient pays the amount back (to the payer, or into the burn when it was
 * minted or paid out of an escrow), keyed `reversal:<transferId>`, so a second reversal is refused
 * (ALREADY_DONE) and changes nothing. Only a transfer paid to a player can be reversed, not a
 * reversal; `allowedPlayers` (a flag's accounts) limits whose rewards. INSUFFICIENT_FUNDS when the
 * player has spent it.
 */
export async function reverseRewardTx(
  tx: Tx,
  input: { transferId: string; by: StaffActor; reason: string; allowedPlayers?: readonly string[]; flagId?: number },
): Promise<{ reversalId: string; playerId: string; resource: string; amount: string; to: string }> {
  if (!/^\d{1,19}$/.test(input.transferId)) throw new GameError('NOT_FOUND', 'no such transfer');
  const [t] = await queryRows<Record<string, unknown>>(tx, sql`
    SELECT t.id::text AS id, t.resource, t.amount::text AS amount, t.reason, fa.kind AS from_kind, fa.owner_id AS from_owner,
      ta.kind AS to_kind, ta.owner_id AS to_owner
    FROM transfers t JOIN accounts fa ON fa.id = t.from_account_id JOIN accounts ta ON ta.id = t.to_account_id
    WHERE t.id = ${input.transferId}::bigint`);
  if (!t) throw new GameError('NOT_FOUND', 'no such transfer');
  if (String(t.reason).startsWith('reversal:')) throw new GameError('BAD_REQUEST', 'a reversal cannot itself be reversed');
  if (t.to_kind !== 'player') throw new GameError('BAD_REQUEST', 'only a reward paid to a player can be reversed');
  const playerId = String(t.to_owner);
  if (input.allowedPlayers && !input.allowedPlayers.includes(playerId)) {
    throw new GameError('FORBIDDEN', 'that transfer did not pay one of the flagged players');
  }
  const resource = String(t.resource);
  if (!isResource(resource)) throw new GameError('BAD_REQUEST', `unknown resource ${resource}`);
  const to = reversalTarget(String(t.from_kind), String(t.from_owner));
  const key = `reversal:${input.transferId}`;
  const done = await transfer(tx, {
    from: { kind: 'player', id: playerId }, to, resource, amount: toBigInt(t.amount), reason: key, idempotencyKey: key,
  });
  if (!done.applied) throw new GameError('ALREADY_DONE', `transfer ${input.transferId} was reversed already`);
  await writeAudit(tx, {
    actorId: input.by.id, actorRole: input.by.role, action: 'reward.reverse', targetPlayerId: playerId,
    target: input.flagId !== undefined ? `flag:${input.flagId}` : `transfer:${input.transferId}`,
    details: {
      transferId: input.transferId, reversalId: done.transferId!.toString(), resource, amount: String(t.amount),
      originalReason: t.reason, to: to.kind, reason: input.reason,
    },
  });
  return { reversalId: done.transferId!.toString(), playerId, resource, amount: String(t.amount), to: to.kind };
}

// ---- jobs (GAME §9 console: job runs and failures) ----

/** Job runs, newest first, of one job and/or status; with each job's failures in the last day. */
export async function jobRunsForGm(db: Db, filter: { name?: string; status?: JobRunStatus; limit: number }) {
  const runs = await db.select().from(jobRuns)
    .where(and(filter.name ? eq(jobRuns.name, filter.name) : undefined, filter.status ? eq(jobRuns.status, filter.status) : undefined))
    .orderBy(desc(jobRuns.id)).limit(filter.limit);
  const summary = await queryRows<{ name: string; runs: unknown; failed: unknown; last_at: unknown; last_error: string | null }>(db, sql`
    SELECT name, count(*) AS runs, count(*) FILTER (WHERE status = 'failed') AS failed, max(started_at) AS last_at,
      (SELECT j.error FROM job_runs j WHERE j.name = r.name AND j.status = 'failed' ORDER BY j.id DESC LIMIT 1) AS last_error
    FROM job_runs r WHERE started_at >= now() - interval '1 day' GROUP BY name ORDER BY name`);
  return {
    runs,
    jobs: summary.map((r) => ({ name: r.name, runs: toNumber(r.runs), failed: toNumber(r.failed), lastAt: new Date(r.last_at as string), lastError: r.last_error })),
  };
}

/** Squads whose name starts with `prefix` (the territory holder picker). */
export async function findSquadsByPrefix(db: Db, prefix: string, limit = 20): Promise<Array<{ id: string; name: string }>> {
  const key = prefix.trim().toLowerCase();
  if (!key) return [];
  return queryRows(db, sql`SELECT id::text AS id, name FROM squads WHERE name_key LIKE ${likePrefix(key)} ORDER BY name_key LIMIT ${limit}`);
}

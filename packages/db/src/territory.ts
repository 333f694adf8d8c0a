import { sql } from 'drizzle-orm';
import {
  GameError,
  canDeclareSiege,
  combatRating,
  hasSquadPerk,
  influence,
  isSquadActive,
  isSquadType,
  resolveCounterSiege,
  resolveSiege,
  siegeTimeline,
  slaysBoss,
  territoryLimit,
  SIEGE_LOSS_IMPACT,
  SIEGE_WIN_IMPACT,
  SIEGE_WIN_TECHNICAL_MASTERY,
  type SiegeResult,
  type SquadType,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { scheduleJobsTx, type Deadlines } from './jobs';
import { accountId, creditCte, transferCtes, withTransaction } from './ledger';
import { grantAchievementsTx } from './achievements';
import { recordSiegeWinTx } from './leaderboards';
import { territoryLiberatedTx } from './operations';
import { checkAllPathsTx } from './progression';
import { refreshSquadLevel } from './squads';
import { execute, isUniqueViolation, isUuid, queryRows, toBigInt, toNumber } from './sql';

/** A squad as territory warfare sees it. */
export interface SquadStanding {
  id: string;
  name: string;
  type: SquadType;
  level: number;
  memberCount: number;
}

/** A siege row with the names the clients show. */
export interface SiegeView {
  id: string;
  territoryId: string;
  territoryName: string;
  /** null when the AC attacks: a counter-siege (GAME §3.5). */
  attackerSquadId: string | null;
  /** The squad's name, or "Algorithmic Control" for a counter-siege. */
  attackerName: string;
  /** null when the AC holds the territory. */
  defenderSquadId: string | null;
  defenderName: string;
  declaredAt: Date;
  musterEndsAt: Date;
  battleEndsAt: Date;
  status: 'muster' | 'battle' | 'resolved';
  priorStatus: string;
  result: 'attacker' | 'defender' | null;
  attackerStrength: number | null;
  defenderStrength: number | null;
  attackersCommitted: number | null;
  defendersCommitted: number | null;
  ghost: boolean;
  resolvedAt: Date | null;
  /** A counter-siege's AC strength (the strongest adjacent garrison when declared); null for a squad's siege. */
  acStrength: number | null;
}

/** Strengths of both sides of a siege at one instant, from the members deployed there. */
export interface SiegeStrengths extends SiegeResult {
  attackerIds: string[];
  defenderIds: string[];
  /** The AC's garrison in the battle — defending an occupied territory, or attacking in a counter-siege — else null. */
  garrison: number | null;
}

/** Who the AC is, where a siege names its attacker or defender. */
export const AC_NAME = 'Algorithmic Control';

type Row = Record<string, unknown>;
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function membershipOf(tx: Db, playerId: string): Promise<{ squadId: string; role: string } | null> {
  if (!isUuid(playerId)) return null;
  const [row] = await queryRows<{ squad_id: string; role: string }>(
    tx,
    sql`SELECT m.squad_id::text, m.role FROM squad_members m JOIN squads s ON s.id = m.squad_id
        WHERE m.player_id = ${playerId}::uuid AND s.disbanded_at IS NULL`,
  );
  return row ? { squadId: row.squad_id, role: row.role } : null;
}

/** The squad's type, level and member count; `lock` takes the squad row (serialises its claims). */
async function squadStanding(tx: Db, squadId: string, lock = false): Promise<SquadStanding> {
  const [row] = await queryRows<{ id: string; name: string; type: string; level: number }>(
    tx,
    lock
      ? sql`SELECT id::text, name, type, level FROM squads WHERE id = ${squadId}::uuid FOR UPDATE`
      : sql`SELECT id::text, name, type, level FROM squads WHERE id = ${squadId}::uuid`,
  );
  if (!row || !isSquadType(row.type)) throw new GameError('NOT_FOUND', `no squad ${squadId}`);
  const [count] = await queryRows<{ n: unknown }>(
    tx,
    sql`SELECT count(*) AS n FROM squad_members WHERE squad_id = ${squadId}::uuid`,
  );
  return { id: row.id, name: row.name, type: row.type, level: toNumber(row.level), memberCount: toNumber(count?.n) };
}

async function lockTerritory(tx: Db, territoryId: string) {
  const [t] = await queryRows<{ id: string; name: string; q: number; r: number; status: string; holder_squad_id: string | null; garrison: number }>(
    tx,
    sql`SELECT id, name, q, r, status, holder_squad_id, garrison FROM territories WHERE id = ${territoryId} FOR UPDATE`,
  );
  if (!t) throw new GameError('UNKNOWN_TERRITORY', `no territory ${territoryId}`);
  return t;
}

/**
 * GAME §3.2: a squad member deployed (and arrived, `deployed_at <= now`) on a neutral
 * territory claims it for an active squad holding fewer than 5 × level territories.
 * The squad row is locked, so two members claiming at once cannot pass the limit.
 */
export function claimTerritory(
  db: Db,
  input: { playerId: string; territoryId: string; now: Date },
): Promise<{ territoryId: string; squadId: string }> {
  return withTransaction(db, async (tx) => {
    const member = await membershipOf(tx, input.playerId);
    if (!member) throw new GameError('NOT_SQUAD_MEMBER', 'join a squad to claim territory');
    const squad = await squadStanding(tx, member.squadId, true);
    const [me] = await queryRows<{ deployed_territory_id: string | null; deployed_at: unknown }>(
      tx,
      sql`SELECT deployed_territory_id, deployed_at FROM players WHERE id = ${input.playerId}::uuid`,
    );
    if (me?.deployed_territory_id !== input.territoryId || !me.deployed_at || date(me.deployed_at) > input.now) {
      throw new GameError('NOT_DEPLOYED', 'you must be deployed on the territory to claim it');
    }
    if (!isSquadActive(squad.type, squad.memberCount)) {
      throw new GameError('SQUAD_NOT_ACTIVE', `${squad.name} is below its class minimum of members`);
    }
    const held = await holdingsOf(tx, squad.id);
    if (held.length >= territoryLimit(squad.level)) {
      throw new GameError('TERRITORY_LIMIT', `a level ${squad.level} squad holds at most ${territoryLimit(squad.level)} territories`);
    }
    const claimed = await execute(
      tx,
      sql`UPDATE territories SET status = 'liberated', holder_squad_id = ${squad.id}, garrison = 0,
            last_deployed_at = ${input.now}, liberated_at = ${input.now}, updated_at = ${input.now}
          WHERE id = ${input.territoryId} AND status = 'neutral'`,
    );
    if (claimed === 0) throw new GameError('TERRITORY_NOT_NEUTRAL', 'only a neutral territory can be claimed');
    // Operations with a "liberate" objective on this territory progress (GAME §6.1).
    await territoryLiberatedTx(tx, input.territoryId, [input.playerId]);
    return { territoryId: input.territoryId, squadId: squad.id };
  });
}

/** Territories a squad holds (liberated, or contested while it still holds them). */
async function holdingsOf(tx: Db, squadId: string): Promise<{ id: string; q: number; r: number }[]> {
  return queryRows(
    tx,
    sql`SELECT id, q, r FROM territories WHERE holder_squad_id = ${squadId} AND status IN ('liberated', 'contested')`,
  );
}

/** Inputs of {@link declareSiege}; durations are effective seconds (already time-scaled). */
export interface DeclareSiegeInput {
  playerId: string;
  territoryId: string;
  now: Date;
  musterSeconds: number;
  battleSeconds: number;
  /** Cooldown after the territory's last resolution (already halved on Squad Wars Saturday). */
  cooldownSeconds: number;
  /**
   * `officer` (default): the player must be the squad's leader or an officer. `decision`: a
   * passed squad decision declares, so any member's squad may (GAME §2 decisions).
   */
  authority?: 'officer' | 'decision';
  /** The siege's phase and resolution jobs, written in the declaring transaction. */
  deadlines?: Deadlines<SiegeView>;
}

/**
 * GAME §3.3 declaration, in one transaction: leader/officer of an active squad, adjacency,
 * cooldown, one live siege per territory (the territory row lock serialises racing declares,
 * the partial unique index is the last line). The territory becomes `contested`; the siege's
 * `deadlines` commit with it.
 */
export async function declareSiege(db: Db, input: DeclareSiegeInput): Promise<SiegeView> {
  try {
    return await withTransaction(db, async (tx) => {
      const siege = await getSiege(tx, await declareSiegeTx(tx, input));
      if (!siege) throw new GameError('INTERNAL', 'declared siege vanished');
      await scheduleJobsTx(tx, input.deadlines?.(siege) ?? []);
      return siege;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new GameError('SIEGE_IN_PROGRESS', 'a siege is already running on this territory', { cause: err });
    }
    throw err;
  }
}

async function declareSiegeTx(tx: Tx, input: DeclareSiegeInput): Promise<string> {
  const member = await membershipOf(tx, input.playerId);
  if (!member) throw new GameError('NOT_SQUAD_MEMBER', 'join a squad to declare sieges');
  if (input.authority !== 'decision' && member.role !== 'leader' && member.role !== 'officer') {
    throw new GameError('NOT_SQUAD_OFFICER', 'only a squad leader or officer can declare a siege');
  }
  const squad = await squadStanding(tx, member.squadId);
  if (!isSquadActive(squad.type, squad.memberCount)) {
    throw new GameError('SQUAD_NOT_ACTIVE', `${squad.name} is below its class minimum of members`);
  }
  const territory = await lockTerritory(tx, input.territoryId);
  if (territory.status === 'contested') throw new GameError('SIEGE_IN_PROGRESS', 'a siege is already running on this territory');
  if (territory.holder_squad_id === squad.id) throw new GameError('BAD_REQUEST', 'your squad already holds this territory');
  if (territory.status === 'neutral') throw new GameError('BAD_REQUEST', 'a neutral territory is claimed, not besieged');
  const [last] = await queryRows<{ resolved_at: unknown }>(
    tx,
    sql`SELECT max(resolved_at) AS resolved_at FROM sieges WHERE territory_id = ${input.territoryId} AND status = 'resolved'`,
  );
  if (last?.resolved_at) {
    const readyAt = date(last.resolved_at).getTime() + input.cooldownSeconds * 1000;
    if (readyAt > input.now.getTime()) {
      throw new GameError('SIEGE_COOLDOWN', `this territory cannot be besieged for another ${Math.ceil((readyAt - input.now.getTime()) / 1000)} s`);
    }
  }
  const holdings = await holdingsOf(tx, squad.id);
  if (!canDeclareSiege({ squadHoldings: holdings, target: territory })) {
    throw new GameError('NOT_ADJACENT', 'a siege target must border a territory your squad holds');
  }
  const ghost = hasSquadPerk(squad.type, squad.level, 'Ghost_Mode');
  const timeline = siegeTimeline({
    declaredAt: input.now.getTime(),
    musterSeconds: input.musterSeconds,
    battleSeconds: input.battleSeconds,
    rapidDeployment: hasSquadPerk(squad.type, squad.level, 'Rapid_Deployment'),
    extendedOperations: hasSquadPerk(squad.type, squad.level, 'Extended_Operations'),
    ghostMode: ghost,
  });
  const status = timeline.musterEndsAt > input.now.getTime() ? 'muster' : 'battle';
  const defender = territory.status === 'liberated' ? territory.holder_squad_id : null;
  const [created] = await queryRows<{ id: string }>(
    tx,
    sql`INSERT INTO sieges (territory_id, attacker_squad_id, defender_squad_id, declared_by, declared_at,
          muster_ends_at, battle_ends_at, status, prior_status, ghost)
        VALUES (${input.territoryId}, ${squad.id}::uuid, ${defender}::uuid, ${input.playerId}::uuid, ${input.now},
          ${new Date(timeline.musterEndsAt)}, ${new Date(timeline.battleEndsAt)}, ${status}, ${territory.status}, ${ghost})
        RETURNING id::text`,
  );
  await tx.execute(sql`UPDATE territories SET status = 'contested', updated_at = ${input.now} WHERE id = ${input.territoryId}`);
  return created!.id;
}

const SIEGE_SELECT = sql`SELECT s.id::text, s.territory_id, t.name AS territory_name,
    s.attacker_squad_id::text, a.name AS attacker_name, s.defender_squad_id::text, d.name AS defender_name,
    s.declared_at, s.muster_ends_at, s.battle_ends_at, s.status, s.prior_status, s.result,
    s.attacker_strength, s.defender_strength, s.attackers_committed, s.defenders_committed, s.ghost, s.resolved_at,
    s.ac_strength
  FROM sieges s JOIN territories t ON t.id = s.territory_id LEFT JOIN squads a ON a.id = s.attacker_squad_id
  LEFT JOIN squads d ON d.id = s.defender_squad_id`;

function toSiegeView(r: Row): SiegeView {
  return {
    id: String(r.id),
    territoryId: String(r.territory_id),
    territoryName: String(r.territory_name),
    attackerSquadId: r.attacker_squad_id ? String(r.attacker_squad_id) : null,
    attackerName: r.attacker_squad_id ? String(r.attacker_name) : AC_NAME,
    defenderSquadId: r.defender_squad_id ? String(r.defender_squad_id) : null,
    defenderName: r.defender_name ? String(r.defender_name) : AC_NAME,
    declaredAt: date(r.declared_at),
    musterEndsAt: date(r.muster_ends_at),
    battleEndsAt: date(r.battle_ends_at),
    status: r.status as SiegeView['status'],
    priorStatus: String(r.prior_status),
    result: (r.result ?? null) as SiegeView['result'],
    attackerStrength: numOrNull(r.attacker_strength),
    defenderStrength: numOrNull(r.defender_strength),
    attackersCommitted: numOrNull(r.attackers_committed),
    defendersCommitted: numOrNull(r.defenders_committed),
    ghost: Boolean(r.ghost),
    resolvedAt: dateOrNull(r.resolved_at),
    acStrength: numOrNull(r.ac_strength),
  };
}

/** One siege with names, or null. */
export async function getSiege(db: Db, id: string): Promise<SiegeView | null> {
  if (!isUuid(id)) return null;
  const [row] = await queryRows(db, sql`${SIEGE_SELECT} WHERE s.id = ${id}::uuid`);
  return row ? toSiegeView(row) : null;
}

/** Every siege not yet resolved, oldest first. */
export async function liveSieges(db: Db): Promise<SiegeView[]> {
  const rows = await queryRows(db, sql`${SIEGE_SELECT} WHERE s.status <> 'resolved' ORDER BY s.declared_at`);
  return rows.map(toSiegeView);
}

/** Musters whose deadline passed become battles. Returns the sieges that changed phase. */
export async function beginSiegeBattles(db: Db, now: Date): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE sieges SET status = 'battle' WHERE status = 'muster' AND muster_ends_at <= ${now} RETURNING id::text`,
  );
  return rows.map((r) => r.id);
}

/** Ids of unresolved sieges whose battle window has ended by `now`. */
export async function dueSieges(db: Db, now: Date): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT id::text FROM sieges WHERE status <> 'resolved' AND battle_ends_at <= ${now} ORDER BY battle_ends_at`,
  );
  return rows.map((r) => r.id);
}

/**
 * Strengths of both sides if the battle ended at `at`: members of the attacking squad deployed
 * on the territory (arrived by `at`) against the holder's members likewise, or the AC garrison.
 * In a counter-siege (no attacking squad) the AC attacks with its `acStrength` (GAME §3.5).
 */
export async function siegeStrengths(
  db: Db,
  siege: Pick<SiegeView, 'territoryId' | 'attackerSquadId' | 'defenderSquadId'> & { acStrength?: number | null },
  at: Date,
  opts: { combatBase: number; garrison?: number },
): Promise<SiegeStrengths> {
  const attacker = siege.attackerSquadId ? await squadStanding(db, siege.attackerSquadId) : null;
  const defender = siege.defenderSquadId ? await squadStanding(db, siege.defenderSquadId) : null;
  const squadIds = [...(attacker ? [attacker.id] : []), ...(defender ? [defender.id] : [])];
  const rows: Row[] = squadIds.length === 0 ? [] : await queryRows<Row>(
    db,
    sql`SELECT p.id::text, m.squad_id::text, p.technical_mastery, p.truth_score, p.impact_rating,
          p.teaching_honor, p.artistic_vision, p.first_blood, p.mass_awakening, p.is_squad_leader
        FROM squad_members m JOIN players p ON p.id = m.player_id
        WHERE m.squad_id IN (${sql.join(squadIds.map((id) => sql`${id}::uuid`), sql`, `)})
          AND p.deployed_territory_id = ${siege.territoryId} AND p.deployed_at <= ${at}
        ORDER BY p.id`,
  );
  const rating = (r: Row, squad: SquadStanding) =>
    combatRating(
      influence(
        {
          technicalMastery: toNumber(r.technical_mastery), truthScore: toNumber(r.truth_score),
          impactRating: toNumber(r.impact_rating), teachingHonor: toNumber(r.teaching_honor),
          artisticVision: toNumber(r.artistic_vision),
        },
        { firstBlood: Boolean(r.first_blood), massAwakening: Boolean(r.mass_awakening), squadLeader: Boolean(r.is_squad_leader) },
      ),
      { eliteTraining: hasSquadPerk(squad.type, squad.level, 'Elite_Training'), base: opts.combatBase },
    );
  const defenders = defender ? rows.filter((r) => r.squad_id === defender.id) : [];
  if (!attacker) {
    const acStrength = siege.acStrength ?? 0;
    const result = resolveCounterSiege({
      acStrength,
      defenders: defender ? defenders.map((r) => rating(r, defender)) : [],
      defenderType: defender?.type ?? 'analysis',
    });
    return { ...result, attackerIds: [], defenderIds: defenders.map((r) => String(r.id)), garrison: acStrength };
  }
  const attackers = rows.filter((r) => r.squad_id === attacker.id);
  let garrison: number | null = null;
  if (!defender) {
    garrison = opts.garrison ?? toNumber((await queryRows<{ garrison: unknown }>(
      db, sql`SELECT garrison FROM territories WHERE id = ${siege.territoryId}`,
    ))[0]?.garrison);
  }
  const result = resolveSiege({
    attackers: attackers.map((r) => rating(r, attacker)),
    attackerType: attacker.type,
    defender: defender
      ? { kind: 'squad', ratings: defenders.map((r) => rating(r, defender)), type: defender.type }
      : { kind: 'ac', garrison: garrison ?? 0 },
  });
  return { ...result, attackerIds: attackers.map((r) => String(r.id)), defenderIds: defenders.map((r) => String(r.id)), garrison };
}

/**
 * Resolves a siege in one transaction (GAME §3.3): strengths at the battle window's end, the
 * territory to the winner, reputation of the committed attackers, `territoriesLiberated` and the
 * attacker's level. Idempotent: a resolved siege is returned unchanged with `applied: false`.
 */
export function resolveSiegeNow(
  db: Db,
  siegeId: string,
  opts: {
    now: Date;
    combatBase: number;
    /** impactRating of each committed defender who holds off a counter-siege (registry, GAME §3.5). @default 50 */
    counterSiegeDefenceImpact?: number;
  },
): Promise<{ applied: boolean; siege: SiegeView }> {
  return withTransaction(db, async (tx) => {
    const [locked] = await queryRows<{ status: string }>(
      tx, sql`SELECT status FROM sieges WHERE id = ${siegeId}::uuid FOR UPDATE`,
    );
    if (!locked) throw new GameError('NOT_FOUND', `no siege ${siegeId}`);
    const before = (await getSiege(tx, siegeId))!;
    if (locked.status === 'resolved') return { applied: false, siege: before };
    const territory = await lockTerritory(tx, before.territoryId);
    const s = await siegeStrengths(tx, before, before.battleEndsAt, { combatBase: opts.combatBase, garrison: territory.garrison });
    const now = opts.now;
    if (before.attackerSquadId === null) {
      await applyCounterSiegeOutcomeTx(tx, before, s, now, opts.counterSiegeDefenceImpact ?? 50);
    } else if (s.attackerWins) {
      await tx.execute(sql`UPDATE territories SET status = 'liberated', holder_squad_id = ${before.attackerSquadId},
          garrison = 0, last_deployed_at = ${now}, liberated_at = ${now}, updated_at = ${now} WHERE id = ${before.territoryId}`);
      if (!before.defenderSquadId && before.priorStatus === 'occupied') {
        await tx.execute(sql`UPDATE squads SET territories_liberated = territories_liberated + 1
            WHERE id = ${before.attackerSquadId}::uuid`);
      }
      if (s.attackerIds.length > 0) {
        await tx.execute(sql`UPDATE players SET
            impact_rating = least(10000, impact_rating + ${SIEGE_WIN_IMPACT}::int),
            technical_mastery = least(10000, technical_mastery + ${SIEGE_WIN_TECHNICAL_MASTERY}::int),
            last_major_action_at = ${now}
          WHERE id IN (${sql.join(s.attackerIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
        await checkAllPathsTx(tx, s.attackerIds);
        // GAME §5 boss_slayer: the AC garrison (never a squad defender) was ≥ 500.
        if (slaysBoss({ attackerWon: true, acGarrison: before.defenderSquadId ? null : s.garrison })) {
          await grantAchievementsTx(tx, 'boss_slayer', s.attackerIds);
        }
      }
      await territoryLiberatedTx(tx, before.territoryId, s.attackerIds);
    } else {
      await tx.execute(sql`UPDATE territories SET status = ${before.priorStatus}, updated_at = ${now}
          WHERE id = ${before.territoryId}`);
      if (s.attackerIds.length > 0) {
        await tx.execute(sql`UPDATE players SET impact_rating = greatest(0, impact_rating + ${SIEGE_LOSS_IMPACT}::int)
          WHERE id IN (${sql.join(s.attackerIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
      }
    }
    await tx.execute(sql`UPDATE sieges SET status = 'resolved', result = ${s.attackerWins ? 'attacker' : 'defender'},
        attacker_strength = ${s.attackerStrength}, defender_strength = ${s.defenderStrength},
        attackers_committed = ${s.attackerIds.length}, defenders_committed = ${s.defenderIds.length},
        resolved_at = ${now}
      WHERE id = ${siegeId}::uuid`);
    // Leaderboards (GAME §5.1): the winning side's committed members and their squad.
    await recordSiegeWinTx(tx, s.attackerWins
      ? { squadId: before.attackerSquadId, playerIds: s.attackerIds }
      : { squadId: before.defenderSquadId, playerIds: s.defenderIds });
    if (before.attackerSquadId) await refreshSquadLevel(tx, before.attackerSquadId);
    return { applied: true, siege: (await getSiege(tx, siegeId))! };
  });
}

/**
 * GAME §3.5 outcome of a counter-siege: if the AC wins the territory becomes `occupied` with the
 * garrison it attacked with; if it loses the territory stays the holder's, each committed defender
 * gains `defenceImpact` impactRating (and a major action: a siege won) and the squad's
 * `territories_defended` rises.
 */
async function applyCounterSiegeOutcomeTx(tx: Tx, siege: SiegeView, s: SiegeStrengths, now: Date, defenceImpact: number): Promise<void> {
  if (s.attackerWins) {
    await tx.execute(sql`UPDATE territories SET status = 'occupied', holder_squad_id = NULL,
        garrison = ${siege.acStrength ?? 0}::int, updated_at = ${now} WHERE id = ${siege.territoryId}`);
    return;
  }
  await tx.execute(sql`UPDATE territories SET status = ${siege.priorStatus}, updated_at = ${now} WHERE id = ${siege.territoryId}`);
  if (siege.defenderSquadId) {
    await tx.execute(sql`UPDATE squads SET territories_defended = territories_defended + 1 WHERE id = ${siege.defenderSquadId}::uuid`);
  }
  if (s.defenderIds.length > 0) {
    await tx.execute(sql`UPDATE players SET impact_rating = least(10000, impact_rating + ${defenceImpact}::int),
        last_major_action_at = ${now}
      WHERE id IN (${sql.join(s.defenderIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
    await checkAllPathsTx(tx, s.defenderIds);
  }
}

/**
 * Hourly income (GAME §3.4) as one set-based pass: every territory a squad holds pays
 * floor(yieldPerHour × multiplier) of its resource from the mint into the squad's treasury —
 * transfers, both ledger legs and the balances in one statement. The idempotency key
 * `territory-income:<slot>:<territory>` makes a re-run of the same slot pay nothing.
 */
export function payTerritoryIncome(
  db: Db,
  input: { slot: string; multiplier: number },
): Promise<{ transfers: number; total: bigint }> {
  return withTransaction(db, async (tx) => {
    const mintId = await accountId(tx, { kind: 'mint' });
    await tx.execute(sql`INSERT INTO accounts (kind, owner_id)
        SELECT DISTINCT 'squad', holder_squad_id FROM territories
        WHERE status IN ('liberated', 'contested') AND holder_squad_id IS NOT NULL
        ON CONFLICT (kind, owner_id) DO NOTHING`);
    const [row] = await queryRows<{ n: unknown; total: unknown }>(
      tx,
      sql`WITH due AS (
            SELECT t.id AS territory_id, a.id AS account_id, t.yield_resource AS resource,
                   floor(t.yield_per_hour * ${input.multiplier}::float8)::bigint AS amount
            FROM territories t JOIN accounts a ON a.kind = 'squad' AND a.owner_id = t.holder_squad_id
            WHERE t.status IN ('liberated', 'contested') AND t.holder_squad_id IS NOT NULL
          ),
          ${transferCtes('tr', sql`
            SELECT ${mintId}::bigint, account_id, resource, amount, 'territory_income',
                   'territory-income:' || ${input.slot}::text || ':' || territory_id
            FROM due WHERE amount > 0`, { idempotent: true })},
          ${creditCte('credit', sql`SELECT to_account_id, resource, sum(amount)::bigint FROM tr GROUP BY to_account_id, resource`)}
          SELECT count(*) AS n, coalesce(sum(amount), 0)::text AS total FROM tr`,
    );
    return { transfers: toNumber(row?.n), total: toBigInt(row?.total) };
  });
}

/**
 * Daily revert (GAME §3.4): a liberated territory on which no member of the holding squad is
 * deployed now, and nobody has deployed since `cutoff`, becomes neutral. Returns the ids.
 */
export async function revertAbandonedTerritories(db: Db, cutoff: Date, now: Date): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE territories t SET status = 'neutral', holder_squad_id = NULL, updated_at = ${now}
        WHERE t.status = 'liberated' AND coalesce(t.last_deployed_at, t.updated_at) < ${cutoff}
          AND NOT EXISTS (
            SELECT 1 FROM players p JOIN squad_members m ON m.player_id = p.id
            WHERE p.deployed_territory_id = t.id AND m.squad_id::text = t.holder_squad_id)
        RETURNING t.id`,
  );
  return rows.map((r) => r.id);
}

/** Player ids of a squad's members (for notices). */
export async function squadMemberIds(db: Db, squadId: string): Promise<string[]> {
  if (!isUuid(squadId)) return [];
  const rows = await queryRows<{ id: string }>(
    db, sql`SELECT player_id::text AS id FROM squad_members WHERE squad_id = ${squadId}::uuid`,
  );
  return rows.map((r) => r.id);
}

/** The squad of each given player that has one (one query for a whole room). */
export async function squadsOfPlayers(db: Db, playerIds: string[]): Promise<Map<string, string>> {
  const ids = playerIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ player_id: string; squad_id: string }>(
    db,
    sql`SELECT player_id::text, squad_id::text FROM squad_members
        WHERE player_id IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`,
  );
  return new Map(rows.map((r) => [r.player_id, r.squad_id]));
}

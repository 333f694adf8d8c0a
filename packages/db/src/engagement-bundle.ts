/**
 * What the daily bundle (GAME §8.4) reads that no other feature reads already: a squad's current
 * event (its squad mission, a siege it attacks or defends — shared with the churn pass's squad
 * interventions), the squad's objective, and the trending operation.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { isUuid, queryRows, toNumber } from './sql';

/**
 * One row per squad of `squadIds` (a SELECT of squad ids as text; null: every squad) that has a live event:
 * `(squad_id text, kind, id, name, ends_at)` — its squad mission in briefing or active first, then
 * a siege it attacks (`siege`) or defends (`defence`) still in muster or battle, the soonest to end.
 */
export function squadEventsSql(squadIds: SQL | null): SQL {
  const of = (column: SQL) => (squadIds ? sql`AND ${column} IN (${squadIds})` : sql``);
  return sql`SELECT DISTINCT ON (x.squad_id) x.squad_id, x.kind, x.id, x.name, x.ends_at FROM (
      SELECT o.squad_id, 'operation' AS kind, o.id::text AS id, o.name, 0 AS pref, o.ends_at
      FROM operations o WHERE o.phase IN ('briefing', 'active') AND o.squad_id IS NOT NULL ${of(sql`o.squad_id`)}
      UNION ALL
      SELECT sg.attacker_squad_id::text, 'siege', sg.id::text, t.name, 1, sg.battle_ends_at
      FROM sieges sg JOIN territories t ON t.id = sg.territory_id
      WHERE sg.status IN ('muster', 'battle') AND sg.attacker_squad_id IS NOT NULL ${of(sql`sg.attacker_squad_id::text`)}
      UNION ALL
      SELECT sg.defender_squad_id::text, 'defence', sg.id::text, t.name, 1, sg.battle_ends_at
      FROM sieges sg JOIN territories t ON t.id = sg.territory_id
      WHERE sg.status IN ('muster', 'battle') AND sg.defender_squad_id IS NOT NULL ${of(sql`sg.defender_squad_id::text`)}
    ) x ORDER BY x.squad_id, x.pref, x.ends_at NULLS LAST`;
}

/** What a squad is doing now. */
export interface SquadObjective {
  /** operation: its squad mission, or the live operation most of its members are in; siege / defence: a live battle. */
  kind: 'operation' | 'siege' | 'defence';
  id: string;
  name: string;
  endsAt: Date | null;
  /** For an operation the squad joined (not its own mission): members of the squad in it. */
  members?: number;
}

/**
 * The squad's objective: its live event ({@link squadEventsSql}), else the active operation the
 * most of its members take part in; null when it has none.
 */
export async function squadObjective(db: Db, squadId: string): Promise<SquadObjective | null> {
  if (!isUuid(squadId)) return null;
  const [event] = await queryRows<Record<string, unknown>>(db, squadEventsSql(sql`SELECT ${squadId}::text`));
  if (event) {
    return { kind: event.kind as SquadObjective['kind'], id: String(event.id), name: String(event.name), endsAt: event.ends_at ? new Date(String(event.ends_at)) : null };
  }
  const [joined] = await queryRows<Record<string, unknown>>(db, sql`
    SELECT o.id::text AS id, o.name, o.ends_at, count(*) AS members
    FROM operation_participants op JOIN operations o ON o.id = op.operation_id
    WHERE op.squad_id = ${squadId} AND o.phase = 'active'
    GROUP BY o.id ORDER BY members DESC, o.ends_at NULLS LAST LIMIT 1`);
  if (!joined) return null;
  return { kind: 'operation', id: String(joined.id), name: String(joined.name), endsAt: joined.ends_at ? new Date(String(joined.ends_at)) : null, members: toNumber(joined.members) };
}

/** The operation most players are putting into right now. */
export interface TrendingOperation {
  id: string;
  name: string;
  type: string;
  endsAt: Date | null;
  /** Distinct players who contributed since `since`. */
  contributors: number;
  participants: number;
}

/**
 * The trending operation: of the active operations open to everyone (not squad missions), the one
 * with the most distinct contributors since `since` (the last 24 hours), then the most
 * participants, then the soonest to end; null when none is active.
 */
export async function trendingOperation(db: Db, since: Date): Promise<TrendingOperation | null> {
  const [row] = await queryRows<Record<string, unknown>>(db, sql`
    WITH recent AS (
      SELECT operation_id, count(DISTINCT player_id) AS contributors FROM operation_contributions
      WHERE created_at >= ${since} GROUP BY operation_id
    )
    SELECT o.id::text AS id, o.name, o.type, o.ends_at, coalesce(r.contributors, 0) AS contributors,
      (SELECT count(*) FROM operation_participants p WHERE p.operation_id = o.id) AS participants
    FROM operations o LEFT JOIN recent r ON r.operation_id = o.id
    WHERE o.phase = 'active' AND o.squad_id IS NULL
    ORDER BY contributors DESC, participants DESC, o.ends_at NULLS LAST, o.id LIMIT 1`);
  if (!row) return null;
  return {
    id: String(row.id), name: String(row.name), type: String(row.type), endsAt: row.ends_at ? new Date(String(row.ends_at)) : null,
    contributors: toNumber(row.contributors), participants: toNumber(row.participants),
  };
}

/** A live operation the player takes part in. */
export interface JoinedOperation {
  id: string;
  name: string;
  phase: string;
}

/**
 * The live operations (briefing or active) the player takes part in, soonest to end first: one
 * primary-key probe per live operation (participants have no index by player).
 */
export async function liveOperationsOf(db: Db, playerId: string): Promise<JoinedOperation[]> {
  if (!isUuid(playerId)) return [];
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    SELECT o.id::text AS id, o.name, o.phase FROM operations o
    WHERE o.phase IN ('briefing', 'active')
      AND EXISTS (SELECT 1 FROM operation_participants p WHERE p.operation_id = o.id AND p.player_id = ${playerId})
    ORDER BY o.ends_at NULLS LAST, o.id LIMIT 20`);
  return rows.map((r) => ({ id: String(r.id), name: String(r.name), phase: String(r.phase) }));
}

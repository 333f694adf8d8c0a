import { sql } from 'drizzle-orm';
import {
  createRng, pickCounterSieges, siegeTimeline,
  type CounterSiegeCandidate,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { scheduleJobsTx, type Deadlines } from './jobs';
import { withTransaction } from './ledger';
import { execute, queryRows, toNumber } from './sql';
import { getSiege, type SiegeView } from './territory';

/**
 * The AC strikes back (GAME §3.5). A counter-siege is a `sieges` row with no attacking squad:
 * the AC attacks with `ac_strength` (the strongest adjacent garrison when declared), the holder
 * defends. Its phases, deadlines, live strengths and resolution are those of every siege
 * (`resolveSiegeNow` applies the §3.5 outcome when the attacker is the AC).
 */

/** Inputs of {@link declareCounterSieges}; durations are effective seconds (already time-scaled). */
export interface DeclareCounterSiegesInput {
  /** The strike: its job slot. A second run of the same slot declares nothing. */
  slot: Date;
  now: Date;
  musterSeconds: number;
  battleSeconds: number;
  /** §3.3 cooldown after a territory's last resolution (effective seconds). */
  cooldownSeconds: number;
  /** Never a territory liberated less than this long ago (registry `ac_counter_siege_grace_hours`, scaled). */
  graceMs: number;
  /** Seeds the yield-weighted draw: the same strike on the same map picks the same targets. */
  seed: number;
  /** The counter-sieges' jobs, written in the declaring transaction. */
  deadlines?: Deadlines<SiegeView>;
}

/** What a strike did: the counter-sieges of its slot, and whether this run declared them. */
export interface CounterSiegeStrike {
  sieges: SiegeView[];
  /** false when an earlier run of the same slot had already declared (they are returned again). */
  declared: boolean;
}

type Row = Record<string, unknown>;

/** `{1,2}` or [1, 2] (drivers differ on how they hand over an integer array). */
function numbers(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === 'string') return v.replace(/[{}]/g, '').split(',').filter((x) => x !== '').map(Number);
  return [];
}

/**
 * Every liberated territory adjacent to at least one occupied territory, with those garrisons,
 * its yield, when it was taken and when its siege cooldown ends. Adjacency is six index
 * look-ups on (q, r) per liberated territory, so a 10,000-territory world is one quick pass.
 */
export async function counterSiegeCandidatesTx(tx: Db, cooldownSeconds: number): Promise<CounterSiegeCandidate[]> {
  const rows = await queryRows<Row>(
    tx,
    sql`SELECT t.id, t.region_id, t.holder_squad_id, t.yield_per_hour, t.liberated_at,
          array_agg(o.garrison ORDER BY o.id) AS garrisons,
          (SELECT max(s.resolved_at) FROM sieges s WHERE s.territory_id = t.id AND s.status = 'resolved') AS last_resolved
        FROM territories t
        CROSS JOIN (VALUES (1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1)) AS d(dq, dr)
        JOIN territories o ON o.q = t.q + d.dq AND o.r = t.r + d.dr AND o.status = 'occupied'
        WHERE t.status = 'liberated' AND t.holder_squad_id IS NOT NULL
        GROUP BY t.id`,
  );
  return rows.map((r) => {
    const lastResolved = r.last_resolved ? new Date(r.last_resolved as string | Date).getTime() : null;
    return {
      territoryId: String(r.id),
      regionId: toNumber(r.region_id),
      holderSquadId: String(r.holder_squad_id),
      yieldPerHour: toNumber(r.yield_per_hour),
      liberatedAt: r.liberated_at ? new Date(r.liberated_at as string | Date).getTime() : null,
      adjacentGarrisons: numbers(r.garrisons),
      readyAt: lastResolved === null ? 0 : lastResolved + cooldownSeconds * 1000,
    };
  });
}

/** Squads defending a counter-siege that has not been resolved yet. */
async function squadsUnderCounterSiege(tx: Db): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`SELECT DISTINCT defender_squad_id::text AS id FROM sieges
        WHERE attacker_squad_id IS NULL AND status <> 'resolved' AND defender_squad_id IS NOT NULL`,
  );
  return new Set(rows.map((r) => r.id));
}

async function counterSiegesOfSlot(tx: Db, slot: Date): Promise<SiegeView[]> {
  const rows = await queryRows<{ id: string }>(tx, sql`SELECT id::text FROM sieges WHERE ac_slot = ${slot} ORDER BY id`);
  const out: SiegeView[] = [];
  for (const r of rows) {
    const siege = await getSiege(tx, r.id);
    if (siege) out.push(siege);
  }
  return out;
}

/**
 * One AC strike (GAME §3.5), in one transaction: picks at most one target per region (rules'
 * `pickCounterSieges`), turns each `contested` and inserts its counter-siege (phases of §3.3
 * with no perks), and writes their `deadlines` before it commits. Once per slot: the strike
 * takes a transaction-level advisory lock and declares nothing if the slot already has
 * counter-sieges (a run taken over after a crash returns them with `declared: false`).
 * A territory a squad besieged meanwhile is skipped: the guarded UPDATE waits on the row lock
 * a squad's declaration holds and then finds it no longer `liberated`.
 */
export function declareCounterSieges(db: Db, input: DeclareCounterSiegesInput): Promise<CounterSiegeStrike> {
  return withTransaction(db, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('ac-counter-siege'))`);
    const earlier = await counterSiegesOfSlot(tx, input.slot);
    if (earlier.length > 0) return { sieges: earlier, declared: false };
    const targets = pickCounterSieges({
      candidates: await counterSiegeCandidatesTx(tx, input.cooldownSeconds),
      now: input.now.getTime(),
      graceMs: input.graceMs,
      busySquads: await squadsUnderCounterSiege(tx),
      rng: createRng(input.seed),
    });
    const timeline = siegeTimeline({
      declaredAt: input.now.getTime(), musterSeconds: input.musterSeconds, battleSeconds: input.battleSeconds,
      rapidDeployment: false, extendedOperations: false,
    });
    const status = timeline.musterEndsAt > input.now.getTime() ? 'muster' : 'battle';
    const sieges: SiegeView[] = [];
    for (const t of targets) {
      const id = await insertCounterSiegeTx(tx, t, input, timeline, status);
      const siege = id ? await getSiege(tx, id) : null;
      if (siege) sieges.push(siege);
    }
    await scheduleJobsTx(tx, sieges.flatMap((s) => input.deadlines?.(s) ?? []));
    return { sieges, declared: true };
  });
}

async function insertCounterSiegeTx(
  tx: Tx,
  t: { territoryId: string; holderSquadId: string; acStrength: number },
  input: DeclareCounterSiegesInput,
  timeline: { musterEndsAt: number; battleEndsAt: number },
  status: 'muster' | 'battle',
): Promise<string | null> {
  const taken = await execute(
    tx,
    sql`UPDATE territories SET status = 'contested', updated_at = ${input.now}
        WHERE id = ${t.territoryId} AND status = 'liberated' AND holder_squad_id = ${t.holderSquadId}`,
  );
  if (taken === 0) return null;
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`INSERT INTO sieges (territory_id, attacker_squad_id, defender_squad_id, declared_by, declared_at,
          muster_ends_at, battle_ends_at, status, prior_status, ghost, ac_strength, ac_slot)
        VALUES (${t.territoryId}, NULL, ${t.holderSquadId}::uuid, NULL, ${input.now},
          ${new Date(timeline.musterEndsAt)}, ${new Date(timeline.battleEndsAt)}, ${status}, 'liberated', false,
          ${t.acStrength}::int, ${input.slot})
        RETURNING id::text`,
  );
  return row?.id ?? null;
}

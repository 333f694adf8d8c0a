import { sql } from 'drizzle-orm';
import {
  CONTRIBUTOR_MIN_CONTRIBUTIONS,
  DECAY_FLOORS,
  DECAY_PER_DAY_WITHOUT_LOGIN,
  DECAY_PER_MONTH_WITHOUT_MAJOR_ACTION,
  DECAY_PER_WEEK_WITHOUT_CONTRIBUTION,
  GameError,
  RESOURCE_INFO,
  VETERAN_MIN_DAYS_ACTIVE,
  utcDay,
  type Resource,
} from '@datavism/rules';
import type { Db } from './client';
import { accountId, transferCtes, withTransaction } from './ledger';
import { execute, queryRows, toNumber } from './sql';

/** Influence threshold of the founding-resistant status (GAME §1 unlocks). */
const FOUNDING_RESISTANT_INFLUENCE = 10000;

/*
 * Reputation decay mirrors the rules' `dailyDecay`, `decayFloor` and `applyDecay`
 * in exact integer arithmetic, as the rules do: influence = N / D with
 *   N = (25·tm + 25·ts + 30·ir + 10·th + 10·av) × 15^firstBlood × 13^massAwakening × 12^leader
 *   D = 100 × 10^(number of multipliers)
 * target T = max(floor·D, N − decay·D), and every dimension becomes ceil(dim·T / N).
 * N reaches 100·10000·15·13·12 ≈ 2.3e9 and dim·T ≈ 2.3e13, hence bigint.
 */
const N = sql.raw(`((25 * technical_mastery + 25 * truth_score + 30 * impact_rating
    + 10 * teaching_honor + 10 * artistic_vision)::bigint
    * (CASE WHEN first_blood THEN 15 ELSE 1 END)
    * (CASE WHEN mass_awakening THEN 13 ELSE 1 END)
    * (CASE WHEN is_squad_leader THEN 12 ELSE 1 END))`);
const D = sql.raw(`(100::bigint
    * (CASE WHEN first_blood THEN 10 ELSE 1 END)
    * (CASE WHEN mass_awakening THEN 10 ELSE 1 END)
    * (CASE WHEN is_squad_leader THEN 10 ELSE 1 END))`);

/** The floor without the "reached 10000 influence" part, which needs N and D. */
const BASE_FLOOR = sql`greatest(
    CASE WHEN verified THEN ${DECAY_FLOORS.verified}::int ELSE 0 END,
    CASE WHEN contributions >= ${CONTRIBUTOR_MIN_CONTRIBUTIONS}::int THEN ${DECAY_FLOORS.contributor}::int ELSE 0 END,
    CASE WHEN days_active >= ${VETERAN_MIN_DAYS_ACTIVE}::int THEN ${DECAY_FLOORS.veteran}::int ELSE 0 END,
    CASE WHEN founder OR founding_resistant THEN ${DECAY_FLOORS.founder}::int ELSE 0 END)`;

/** `dailyDecay` of every player on UTC day `today`; days count from created_at when never active. */
function decaySql(today: string) {
  const day = sql`${today}::date`;
  const sinceLogin = sql`(${day} - coalesce(last_login_day, (created_at AT TIME ZONE 'UTC')::date))`;
  const sinceContribution = sql`(${day} - (coalesce(last_contribution_at, created_at) AT TIME ZONE 'UTC')::date)`;
  const sinceMajor = sql`(${day} - (coalesce(last_major_action_at, created_at) AT TIME ZONE 'UTC')::date)`;
  return sql`(CASE WHEN ${sinceLogin} >= 1 THEN ${DECAY_PER_DAY_WITHOUT_LOGIN}::int ELSE 0 END
    + CASE WHEN ${sinceContribution} >= 7 AND ${sinceContribution} % 7 = 0
        THEN ${DECAY_PER_WEEK_WITHOUT_CONTRIBUTION}::int ELSE 0 END
    + CASE WHEN ${sinceMajor} >= 30 AND ${sinceMajor} % 30 = 0
        THEN ${DECAY_PER_MONTH_WITHOUT_MAJOR_ACTION}::int ELSE 0 END)`;
}

const scaled = (column: string) => {
  const c = sql.raw(column);
  // ceil(dim·T / N) in integers: (dim·T + N − 1) / N for dim > 0.
  return sql`CASE WHEN p.${c} <= 0 THEN p.${c} ELSE ((p.${c} * k.t + k.n - 1) / k.n)::int END`;
};

/** The floor with the "reached 10000 influence" part (founding-resistant: 5000). */
const FLOOR = sql`CASE WHEN ${N} >= ${FOUNDING_RESISTANT_INFLUENCE}::bigint * ${D}
    THEN greatest(${BASE_FLOOR}, ${DECAY_FLOORS.founder}::int) ELSE ${BASE_FLOOR} END`;

/**
 * Maintenance points (GAME §1.2: mentoring a newbie gives +200) absorb a day's decay first, one
 * point per influence point of what the player would really lose (the decay, at most what lies
 * above the floor, rounded up). Spends them for the players who hold some (a few: mentors) and
 * records in `spent` how much of today's decay the pass must leave out so that only the loss the
 * points did not cover remains.
 */
function spendMaintenanceSql(today: string) {
  return sql`UPDATE decay_maintenance m SET points = m.points - x.used, spent_day = ${today}::date, spent = x.decay - x.loss + x.used
    FROM (
      SELECT id, decay, loss, least(held, loss) AS used
      FROM (
        SELECT id, held, decay, least(decay, (n - floor_value * d + d - 1) / d) AS loss
        FROM (
          SELECT players.id, dm.points AS held, ${N} AS n, ${D} AS d, ${FLOOR} AS floor_value, ${decaySql(today)} AS decay
          FROM decay_maintenance dm JOIN players ON players.id = dm.player_id
          WHERE dm.points > 0
        ) i
        WHERE decay > 0 AND n > 0 AND n > floor_value * d
      ) l
    ) x
    WHERE m.player_id = x.id AND x.used > 0`;
}

/**
 * The daily reputation decay (GAME §1.2) for every player in ONE set-based UPDATE.
 * The day is the UTC day of `now`. Running it twice for one day decays twice: the
 * caller claims the day's slot first (`claimJobRun`). Maintenance points are spent first
 * (one small statement over the players who hold some) and reduce that day's decay.
 * @returns the number of players decay was applied to (decay > 0 and influence above the floor).
 */
export function applyReputationDecay(db: Db, now: Date): Promise<{ rows: number }> {
  const today = utcDay(now);
  return withTransaction(db, async (tx) => {
    // The join below hashes one entry per decaying player (~140 bytes each): keep a
    // million of them in memory instead of spilling to disk. Scoped to this transaction.
    await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
    await tx.execute(spendMaintenanceSql(today));
    // Shape, chosen by measurement (tests/bench/decay.ts, 1M players): the inner
    // sub-select computes N, D, floor and decay once per player (OFFSET 0 keeps Postgres
    // from inlining them into every use) and the UPDATE hash-joins it back by id.
    // Writing N and T out in each of the five SET expressions took 1.8× as long, a
    // per-row sub-select in SET 1.9×, and a MATERIALIZED CTE added 20 %. Joining by id,
    // not ctid, keeps a player updated concurrently during the pass: the re-checked row
    // still matches.
    const rows = await execute(
      tx,
      sql`WITH k AS (
            SELECT id, n, greatest(floor_value * d, n - decay * d) AS t, n >= ${FOUNDING_RESISTANT_INFLUENCE}::bigint * d AS reached
            FROM (
              SELECT id, n, d, decay,
                CASE WHEN n >= ${FOUNDING_RESISTANT_INFLUENCE}::bigint * d
                  THEN greatest(base_floor, ${DECAY_FLOORS.founder}::int) ELSE base_floor END AS floor_value
              FROM (
                SELECT players.id, ${N} AS n, ${D} AS d, ${BASE_FLOOR} AS base_floor,
                  ${decaySql(today)} - coalesce(dm.spent, 0) AS decay
                FROM players LEFT JOIN decay_maintenance dm ON dm.player_id = players.id AND dm.spent_day = ${today}::date
                OFFSET 0
              ) inputs
            ) v
            WHERE decay > 0 AND n > 0 AND n > floor_value * d
          )
          UPDATE players p SET
            technical_mastery = ${scaled('technical_mastery')},
            truth_score = ${scaled('truth_score')},
            impact_rating = ${scaled('impact_rating')},
            teaching_honor = ${scaled('teaching_honor')},
            artistic_vision = ${scaled('artistic_vision')},
            founding_resistant = p.founding_resistant OR k.reached
          FROM k
          WHERE p.id = k.id`,
    );
    return { rows };
  });
}

/**
 * One decay run of a resource's balances (GAME §4 table: cpu_cycles 10 % daily,
 * liberation_keys 5 % weekly, influence_points 2 % monthly): every balance loses
 * floor(balance × rateBps / 10000) to the burn account, as ordinary ledger transfers
 * written set-based (transfer rows, both legs, balance updates) in one statement.
 * Keys `decay:<resource>:<day>:<account>` make a second run on the same UTC day a no-op.
 * Scheduling by period is the caller's job.
 * @returns the number of balances that decayed.
 */
export async function decayResource(db: Db, resource: Resource, now: Date): Promise<number> {
  const info = RESOURCE_INFO[resource];
  if (!info) throw new GameError('BAD_REQUEST', `unknown resource: ${String(resource)}`);
  if (info.decay === null) return 0;
  const rateBps = info.decay.rateBps;
  const day = utcDay(now);
  return withTransaction(db, async (tx) => {
    const burnId = await accountId(tx, { kind: 'burn' });
    // Lock the balances first (FOR UPDATE) so a concurrent debit cannot slip between
    // computing a burn and applying it; the amounts are computed on the locked rows.
    const [result] = await queryRows<{ n: unknown }>(
      tx,
      sql`WITH due AS (
            SELECT account_id, amount * ${rateBps}::bigint / 10000 AS burn
            FROM balances
            WHERE resource = ${resource} AND amount * ${rateBps}::bigint / 10000 > 0
              -- Only holdings decay (players, squads). Pool reserves, order escrow and auction lots
              -- do not: a pool would drain, escrow must equal the open orders' remaining amounts,
              -- and an auctioned lot must reach its winner whole.
              AND account_id IN (SELECT id FROM accounts WHERE kind IN ('player', 'squad'))
            FOR UPDATE
          ),
          ${transferCtes('moved', sql`
            SELECT account_id, ${burnId}::bigint, ${resource}::text, burn, 'decay',
                   'decay:' || ${resource} || ':' || ${day} || ':' || account_id
            FROM due`, { idempotent: true })},
          debited AS (
            UPDATE balances b SET amount = b.amount - moved.amount
            FROM moved
            WHERE b.account_id = moved.from_account_id AND b.resource = ${resource}
            RETURNING 1
          )
          SELECT count(*) AS n FROM debited`,
    );
    return toNumber(result?.n);
  });
}

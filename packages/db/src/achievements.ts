/**
 * Achievements and badges (GAME §5) in the database: the one grant path, a player's badges, the
 * codex's badge shares, and the announcement outbox the server drains.
 *
 * Every grant goes through the SQL function `grant_achievements(achievement, players[])`
 * (migrations 0019, 0030): it inserts the (player, achievement) rows — the primary key makes each
 * grant happen once, whoever races for it — pays the XP for the rows it inserted and appends
 * their number to `achievement_holder_grants`, in the caller's transaction. `level_10` is
 * granted by a trigger on `players.xp` through the same function.
 */
import { sql, type SQL } from 'drizzle-orm';
import { GameError, holdersShareBps, isAchievementId, type AchievementId } from '@datavism/rules';
import type { Db, Tx } from './client';
import { withTransaction } from './ledger';
import { isUuid, queryRows, toNumber } from './sql';

/** Who to grant to: player ids, or a SELECT whose only column is a player uuid (set-based). */
export type Grantees = readonly string[] | SQL;

/** The players of `who` as a SELECT of uuids (a list goes as one JSON parameter, whatever its length). */
export function granteesSql(who: Grantees): SQL {
  if (!Array.isArray(who)) return who as SQL;
  return sql`SELECT jsonb_array_elements_text(${JSON.stringify((who as readonly string[]).filter(isUuid))}::jsonb)::uuid`;
}

/**
 * Grants `achievement` to the `players` who do not hold it yet, inside `tx`, with its XP; returns
 * the players who got it now (none twice, even under concurrent grants). The one path every
 * detector uses.
 * @example await grantAchievementsTx(tx, 'boss_slayer', attackerIds)
 * @example await grantAchievementsTx(tx, 'perfect_run', sql`SELECT player_id::uuid FROM operation_participants WHERE …`)
 */
export async function grantAchievementsTx(tx: Tx | Db, achievement: AchievementId, players: Grantees): Promise<string[]> {
  if (!isAchievementId(achievement)) throw new GameError('BAD_REQUEST', `unknown achievement ${String(achievement)}`);
  if (Array.isArray(players) && players.length === 0) return [];
  const rows = await queryRows<{ id: string }>(tx, sql`
    SELECT id::text AS id FROM grant_achievements(${achievement}, ARRAY(${granteesSql(players)})) AS g(id)`);
  return rows.map((r) => r.id);
}

/**
 * Grants one achievement to one player in its own transaction; `ALREADY_DONE` when the player
 * already holds it (also when a concurrent grant won the race), `NOT_FOUND` for an unknown player.
 */
export async function grantAchievement(db: Db, playerId: string, achievement: AchievementId): Promise<void> {
  if (!isUuid(playerId)) throw new GameError('NOT_FOUND', `no player ${playerId}`);
  await withTransaction(db, async (tx) => {
    const [player] = await queryRows<{ id: string }>(tx, sql`SELECT id FROM players WHERE id = ${playerId}::uuid`);
    if (!player) throw new GameError('NOT_FOUND', `no player ${playerId}`);
    const granted = await grantAchievementsTx(tx, achievement, [playerId]);
    if (granted.length === 0) throw new GameError('ALREADY_DONE', `already holds ${achievement}`);
  });
}

/** One achievement a player holds. */
export interface EarnedAchievement {
  achievementId: AchievementId;
  earnedAt: Date;
}

/** The achievements a player holds, oldest first. */
export async function playerAchievements(db: Db, playerId: string): Promise<EarnedAchievement[]> {
  if (!isUuid(playerId)) return [];
  const rows = await queryRows<{ achievement_id: string; earned_at: string | Date }>(db, sql`
    SELECT achievement_id, earned_at FROM player_achievements WHERE player_id = ${playerId}::uuid ORDER BY earned_at, achievement_id`);
  return rows.map((r) => ({ achievementId: r.achievement_id as AchievementId, earnedAt: new Date(r.earned_at) }));
}

/**
 * Each badge's share of players holding it now (basis points, rounded down like the rules'
 * `holdersShareBps`), for every achievement: its holders as of the daily job plus the grants since
 * (a few rows a day per badge), over the players the job counted plus those created since (an
 * index range on `created_at`; before the first run, a count of every player). One statement.
 * @example after the first grant of boss_slayer among 4 players: badgeShares(db).get('boss_slayer') === 2500
 */
export async function badgeShares(db: Db | Tx): Promise<Map<string, number>> {
  const rows = await queryRows<{ id: string; holders: unknown; players: unknown }>(db, sql`
    WITH job AS (
      -- The daily job writes every codex row at once: one count and one split point for all.
      SELECT max(share_computed_at) AS at, max(players_counted) AS n FROM achievements
    ), counted AS (
      SELECT CASE WHEN job.at IS NULL THEN (SELECT count(*) FROM players)
        ELSE job.n + (SELECT count(*) FROM players p WHERE p.created_at >= job.at) END AS players
      FROM job
    )
    SELECT a.id, a.holders + coalesce(g.n, 0) AS holders, counted.players
    FROM achievements a CROSS JOIN counted
    LEFT JOIN (SELECT achievement_id, sum(holders) AS n FROM achievement_holder_grants GROUP BY achievement_id) g ON g.achievement_id = a.id`);
  return new Map(rows.map((r) => [r.id, holdersShareBps(toNumber(r.holders), toNumber(r.players))]));
}

/** The codex as stored (for the test that keeps it equal to the rules). */
export function storedAchievements(db: Db): Promise<{ id: string; xp: number; badge: string; rarity: string; secret: boolean }[]> {
  return queryRows(db, sql`SELECT id, xp, badge, rarity, secret FROM achievements ORDER BY id`);
}

/**
 * Recomputes every badge's holders and share of players (basis points, rounded down like the
 * rules' `holdersShareBps`) in one set-based statement, which also folds the grants appended
 * since into `holders`: the count and the deletion see one snapshot, so a grant committed
 * meanwhile stays appended and is counted by the next run. Idempotent: a re-run of the same day
 * writes the same numbers. Returns the rows updated (12).
 */
export async function refreshBadgeShares(db: Db, now: Date): Promise<number> {
  const rows = await queryRows<{ id: string }>(db, sql`
    WITH folded AS (DELETE FROM achievement_holder_grants)
    UPDATE achievements a SET
      holders = h.n,
      holders_bps = CASE WHEN t.n = 0 THEN 0 ELSE (least(h.n, t.n) * 10000 / t.n)::int END,
      share_computed_at = ${now}, players_counted = t.n
    FROM (SELECT c.id, count(pa.player_id) AS n FROM achievements c
          LEFT JOIN player_achievements pa ON pa.achievement_id = c.id GROUP BY c.id) h,
         -- Split at share_computed_at by created_at: the live share adds the players created from then on.
         (SELECT count(*) AS n FROM players WHERE created_at < ${now}) t
    WHERE h.id = a.id
    RETURNING a.id`);
  return rows.length;
}

// ---- the announcement outbox ----

/** A grant to announce (notification + live toast). */
export interface AchievementAnnouncement {
  playerId: string;
  achievementId: AchievementId;
  earnedAt: Date;
}

/**
 * Claims up to `limit` grants not yet announced (FOR UPDATE SKIP LOCKED, leased for `leaseMs`, so
 * two processes never announce one at once; a claim whose process died is claimed again after the
 * lease). Mark them done with {@link completeAnnouncements}.
 */
export async function claimAnnouncements(db: Db, input: { now: Date; limit: number; leaseMs: number }): Promise<AchievementAnnouncement[]> {
  const until = new Date(input.now.getTime() + input.leaseMs);
  const rows = await queryRows<{ player_id: string; achievement_id: string; earned_at: string | Date }>(db, sql`
    WITH due AS (
      SELECT player_id, achievement_id FROM player_achievements
      WHERE announced_at IS NULL AND (announce_lease IS NULL OR announce_lease <= ${input.now})
      ORDER BY earned_at LIMIT ${input.limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE player_achievements pa SET announce_lease = ${until}
    FROM due WHERE pa.player_id = due.player_id AND pa.achievement_id = due.achievement_id
    RETURNING pa.player_id::text AS player_id, pa.achievement_id, pa.earned_at`);
  return rows.map((r) => ({ playerId: r.player_id, achievementId: r.achievement_id as AchievementId, earnedAt: new Date(r.earned_at) }));
}

/** Marks grants announced. */
export async function completeAnnouncements(db: Db, done: readonly Pick<AchievementAnnouncement, 'playerId' | 'achievementId'>[], now: Date): Promise<void> {
  if (done.length === 0) return;
  const pairs = JSON.stringify(done.map((d) => [d.playerId, d.achievementId]));
  await db.execute(sql`
    UPDATE player_achievements pa SET announced_at = ${now}, announce_lease = NULL
    FROM (SELECT (x->>0)::uuid AS player_id, x->>1 AS achievement_id FROM jsonb_array_elements(${pairs}::jsonb) AS x) d
    WHERE pa.player_id = d.player_id AND pa.achievement_id = d.achievement_id`);
}


import { desc, sql } from 'drizzle-orm';
import { communityHealth as scoreHealth, type HealthAlertKind, type HealthCounts, type HealthInputs } from '@datavism/rules';
import type { Db } from './client';
import { withTransaction } from './ledger';
import { communityHealth } from './schema/index';
import { queryRows, toNumber } from './sql';

/** A stored community-health day (GAME §9). */
export interface HealthSnapshot extends HealthInputs {
  /** UTC day, YYYY-MM-DD: the last of the week the inputs cover. */
  day: string;
  computedAt: Date;
  score: number;
  counts: HealthCounts;
  alerts: HealthAlertKind[];
}

/** Days of reputation gains kept (this week and last, plus one for a late run). */
const GAINS_KEPT_DAYS = 15;

/**
 * One set-based pass over the week ending with `day` (UTC): active players, retention, days active
 * and squad actions from `player_activity` (one row per player, bit masks of the last 28 days),
 * squad membership, new accounts, chat messages and their toxic share, reputation gained per
 * dimension. A late run (the masks already anchored after `day`) reads the same days.
 */
export async function communityHealthCounts(db: Db, day: string): Promise<HealthCounts> {
  const [r] = await queryRows<Record<string, unknown>>(db, sql`
    WITH b AS (
      SELECT ${day}::date AS d,
        ((${day}::date - 6)::timestamp AT TIME ZONE 'UTC') AS week_from,
        ((${day}::date + 1)::timestamp AT TIME ZONE 'UTC') AS week_to
    ), act AS (
      SELECT a.player_id,
        (CASE WHEN a.anchor <= b.d THEN gm_shift_days(a.login_days, a.anchor, b.d) ELSE a.login_days >> least(a.anchor - b.d, 31) END) & 16383 AS lm,
        (CASE WHEN a.anchor <= b.d THEN gm_shift_days(a.squad_days, a.anchor, b.d) ELSE a.squad_days >> least(a.anchor - b.d, 31) END) & 127 AS sm
      FROM player_activity a CROSS JOIN b
      WHERE a.anchor > b.d - 14
    ), week AS (
      SELECT
        count(*) FILTER (WHERE (act.lm & 127) <> 0) AS active_this,
        count(*) FILTER (WHERE (act.lm & 16256) <> 0) AS active_last,
        count(*) FILTER (WHERE (act.lm & 127) <> 0 AND (act.lm & 16256) <> 0) AS retained,
        coalesce(sum((act.lm & 1) + ((act.lm >> 1) & 1) + ((act.lm >> 2) & 1) + ((act.lm >> 3) & 1)
          + ((act.lm >> 4) & 1) + ((act.lm >> 5) & 1) + ((act.lm >> 6) & 1)), 0) AS days,
        count(*) FILTER (WHERE (act.lm & 127) <> 0 AND act.sm <> 0) AS squad_actors,
        count(*) FILTER (WHERE (act.lm & 127) <> 0 AND m.player_id IS NOT NULL) AS in_squad
      FROM act LEFT JOIN squad_members m ON m.player_id = act.player_id
    ), chat AS (
      SELECT count(*) AS messages,
        count(*) FILTER (WHERE sm.masked OR (sm.removed_kind = 'moderator'
          AND EXISTS (SELECT 1 FROM social_reports r WHERE r.message_id = sm.id))) AS toxic
      FROM social_messages sm CROSS JOIN b
      -- Players' chat only: the handler's system messages (no author, the churn pass's) are not chat.
      WHERE sm.created_at >= b.week_from AND sm.created_at < b.week_to AND sm.author_id IS NOT NULL
    ), gains AS (
      SELECT coalesce(sum(g.technical_mastery), 0) AS tm, coalesce(sum(g.truth_score), 0) AS ts,
        coalesce(sum(g.impact_rating), 0) AS ir, coalesce(sum(g.teaching_honor), 0) AS th, coalesce(sum(g.artistic_vision), 0) AS av
      FROM reputation_gains g CROSS JOIN b
      WHERE g.day BETWEEN b.d - 6 AND b.d
    )
    SELECT week.*, chat.*, gains.*,
      (SELECT count(*) FROM players p CROSS JOIN b WHERE p.created_at >= b.week_from AND p.created_at < b.week_to) AS new_players
    FROM week, chat, gains`);
  return {
    newPlayers: toNumber(r.new_players),
    activeThisWeek: toNumber(r.active_this),
    activeLastWeek: toNumber(r.active_last),
    retained: toNumber(r.retained),
    daysActiveThisWeek: toNumber(r.days),
    chatMessages: toNumber(r.messages),
    toxicMessages: toNumber(r.toxic),
    squadActors: toNumber(r.squad_actors),
    activeInSquad: toNumber(r.in_squad),
    reputationGained: {
      technicalMastery: toNumber(r.tm), truthScore: toNumber(r.ts), impactRating: toNumber(r.ir),
      teachingHonor: toNumber(r.th), artisticVision: toNumber(r.av),
    },
  };
}

/**
 * Computes and stores the health of `day` (its snapshot replaced if it exists: a re-run of the
 * same day writes the same numbers) and drops reputation gains older than the two weeks read.
 * The caller raises the alerts (GAME §9) it returns.
 */
export async function computeCommunityHealth(db: Db, day: string, now = new Date()): Promise<HealthSnapshot> {
  return withTransaction(db, async (tx) => {
    const counts = await communityHealthCounts(tx, day);
    const { inputs, score, alerts } = scoreHealth(counts);
    const row = {
      day, computedAt: now, score, ...inputs, counts: counts as unknown as Record<string, unknown>, alerts: alerts.map((a) => a.kind),
    };
    await tx.insert(communityHealth).values(row).onConflictDoUpdate({ target: communityHealth.day, set: row });
    await tx.execute(sql`DELETE FROM reputation_gains WHERE day < ${day}::date - ${GAINS_KEPT_DAYS}::int`);
    return { ...inputs, day, computedAt: now, score, counts, alerts: alerts.map((a) => a.kind) };
  });
}

/** The stored days, oldest first: the last `days` of them. */
export async function communityHealthHistory(db: Db, days = 90): Promise<HealthSnapshot[]> {
  const rows = await db.select().from(communityHealth).orderBy(desc(communityHealth.day)).limit(days);
  return rows.reverse().map((r) => ({
    day: r.day, computedAt: r.computedAt, score: r.score, growth: r.growth, retention: r.retention, engagement: r.engagement,
    toxicity: r.toxicity, collaboration: r.collaboration, diversity: r.diversity, squadParticipation: r.squadParticipation,
    counts: r.counts as unknown as HealthCounts, alerts: r.alerts as HealthAlertKind[],
  }));
}

/**
 * Engagement persistence (GAME §8.4, docs/engagement.md): what the churn formula reads — sessions,
 * squad interactions and wrong challenge answers counted per player and UTC day, the last level-up
 * kept by a trigger (migration 0027) — and the daily churn pass: ONE statement that scores every
 * player seen in the last 28 days, writes a row per player who gets interventions (risk, inputs,
 * each intervention's payload; the handler's messages posted in their threads) and the day's
 * summary over everyone scored. The summary row makes the pass idempotent per day: a second pass
 * for a scored day writes nothing.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  CHURN_ELEVATED_ABOVE, CHURN_HIGH_ABOVE, CHURN_INTERVENTION_COOLDOWN_DAYS, CHURN_INTERVENTIONS, CHURN_LIMITS, CHURN_RISK_CAP,
  CHURN_SCORED_WITHIN_DAYS, CHURN_WEEK_DAYS, CHURN_WEIGHTS, CLASS_BOUNDS, INTERVENTION_KINDS, MAX_CHALLENGE_DIFFICULTY, SQUAD_TYPE_CLASS, levelForXp, utcDay, xpForLevel,
  type InterventionKind,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { writeAudit } from './audit';
import { withTransaction } from './ledger';
import type { NotificationAudience } from './notifications';
import { squadEventsSql } from './engagement-bundle';
import { execute, isUuid, queryRows, toNumber } from './sql';

/** Days of activity counters kept (the pass reads 7; a late run or a GM's look-back reads the rest). */
export const ENGAGEMENT_ACTIVITY_KEPT_DAYS = 15;
/** Days of scores and interventions kept for the GM view. */
export const CHURN_HISTORY_DAYS = 35;

/** Namespace of the pass's advisory lock: two passes never run at once. */
const LOCK_CHURN_PASS = 0x0c8a27;

const counts = (db: Db | Tx, playerId: string, now: Date, sessions: number, squad: number, failed: number) =>
  execute(db as Db, sql`SELECT engagement_count(${playerId}::uuid, ${utcDay(now)}::date, ${sessions}::int, ${squad}::int, ${failed}::int)`);

/**
 * A session started: the player entered the world (`POST /api/world/enter`, what the client does
 * once per game session, after a sign-in or with a saved token). Counted for the UTC day of `now`.
 */
export async function recordSession(db: Db | Tx, playerId: string, now: Date): Promise<void> {
  if (isUuid(playerId)) await counts(db, playerId, now, 1, 0, 0);
}

/** A wrong challenge answer (GAME §8.4 "failed challenges"), counted for the UTC day of `now`. */
export async function recordFailedChallenge(db: Db | Tx, playerId: string, now: Date): Promise<void> {
  if (isUuid(playerId)) await counts(db, playerId, now, 0, 0, 1);
}

/** A player's counters over the 7 days ending with `day`. */
export async function engagementWeek(db: Db, playerId: string, day: string): Promise<{ sessions: number; squadInteractions: number; failedChallenges: number }> {
  const [r] = await queryRows<Record<string, unknown>>(db, sql`
    SELECT coalesce(sum(sessions), 0) AS s, coalesce(sum(squad_interactions), 0) AS q, coalesce(sum(failed_challenges), 0) AS f
    FROM engagement_activity WHERE player_id = ${isUuid(playerId) ? playerId : null}::uuid AND day BETWEEN ${day}::date - ${CHURN_WEEK_DAYS - 1}::int AND ${day}::date`);
  return { sessions: toNumber(r.s), squadInteractions: toNumber(r.q), failedChallenges: toNumber(r.f) };
}

/** A text[] literal of plain words. */
const words = (items: readonly string[]) => sql`${`{${items.join(',')}}`}::text[]`;

/** Each squad type's class minimum (the members a squad needs to become active), as one JSON parameter. */
const CLASS_MINIMUMS = JSON.stringify(Object.fromEntries(Object.entries(SQUAD_TYPE_CLASS).map(([type, c]) => [type, CLASS_BOUNDS[c].min])));

/**
 * The scoring CTEs (`d`, `week`, `average`, `scored`) for the week ending with `day`: every player
 * whose last daily login is within {@link CHURN_SCORED_WITHIN_DAYS} days and who existed by the
 * day's end, with the four inputs, the terms that apply and the risk in hundredths — the rules'
 * constants, the rules' sums (`churnRisk`). The pass and the read-only look-up share it.
 */
function scoringCtes(day: string): SQL {
  const w = CHURN_WEIGHTS;
  return sql`d AS (
      SELECT ${day}::date AS day, ((${day}::date + 1)::timestamp AT TIME ZONE 'UTC') AS day_end
    ), week AS (
      SELECT a.player_id, sum(a.sessions)::int AS sessions, sum(a.squad_interactions)::int AS squad, sum(a.failed_challenges)::int AS failed
      FROM engagement_activity a CROSS JOIN d
      WHERE a.day BETWEEN d.day - ${CHURN_WEEK_DAYS - 1}::int AND d.day
      GROUP BY a.player_id
    ), average AS (
      SELECT count(*) FILTER (WHERE sessions > 0) AS active, coalesce(avg(sessions) FILTER (WHERE sessions > 0), 0) AS sessions FROM week
    ), scored AS MATERIALIZED (
      SELECT t.*, least(${CHURN_RISK_CAP}::int,
          CASE WHEN t.t_sessions THEN ${w.sessions}::int ELSE 0 END + CASE WHEN t.t_squad THEN ${w.squadInteractions}::int ELSE 0 END
          + CASE WHEN t.t_level THEN ${w.noLevelUp}::int ELSE 0 END + CASE WHEN t.t_failed THEN ${w.failedChallenges}::int ELSE 0 END) AS risk
      FROM (
        SELECT p.id AS player_id, p.xp, p.login_streak, p.days_active, p.contributions,
          coalesce(w.sessions, 0) AS sessions, coalesce(w.squad, 0) AS squad, coalesce(w.failed, 0) AS failed,
          coalesce(p.last_level_up_at, p.created_at) AS levelled_at,
          coalesce(w.sessions, 0) < average.sessions * ${CHURN_LIMITS.sessionsShareOfAverage}::numeric AS t_sessions,
          coalesce(w.squad, 0) < ${CHURN_LIMITS.minSquadInteractions}::int AS t_squad,
          coalesce(p.last_level_up_at, p.created_at) <= d.day_end - make_interval(days => ${CHURN_LIMITS.levelUpDays}::int) AS t_level,
          coalesce(w.failed, 0) > ${CHURN_LIMITS.maxFailedChallenges}::int AS t_failed
        FROM players p CROSS JOIN d CROSS JOIN average
        LEFT JOIN week w ON w.player_id = p.id
        WHERE p.last_login_day > d.day - ${CHURN_SCORED_WITHIN_DAYS}::int AND p.created_at < d.day_end
      ) t
    )`;
}

/** What the pass is given besides the day: what its interventions offer. */
export interface ChurnPassInput {
  /** The last day of the week scored (UTC, YYYY-MM-DD). */
  day: string;
  /** When the interventions are written (and the handler's messages posted). */
  now: Date;
  /** The generated challenge of each difficulty open now: the easier challenge offered at high risk. */
  challenges: Record<number, { id: string; title: string }>;
  /** The trending operation: the squad event for members of squads with no event of their own. */
  trending: { id: string; name: string } | null;
  /** The handler's message to players at high risk. */
  handlerMessage: string;
  /** A GM who asked for the pass: `engagement.run` is audited in its transaction. */
  requestedBy?: { id: string; role: string };
}

/** A scored day's summary. */
export interface ChurnRun {
  day: string;
  computedAt: Date;
  scored: number;
  /** Players with ≥ 1 session in the week: the average's population. */
  active: number;
  averageSessions: number;
  elevated: number;
  high: number;
  histogram: Record<string, number>;
  terms: Record<string, number>;
  interventions: Record<string, number>;
}

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const dayText = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

function toRun(r: Record<string, unknown>): ChurnRun {
  return {
    day: dayText(r.day), computedAt: date(r.computed_at), scored: toNumber(r.scored), active: toNumber(r.active),
    averageSessions: Number(r.average_sessions), elevated: toNumber(r.elevated), high: toNumber(r.high),
    histogram: json(r.histogram), terms: json(r.terms), interventions: json(r.interventions),
  };
}

/** The days from `day - from` to `day - to` as a date[] (a player's rows are read by primary-key probes). */
const daysBefore = (day: string, from: number, to: number) =>
  sql`ARRAY(SELECT ${day}::date - k FROM generate_series(${to}::int, ${from}::int) AS k)`;

/**
 * The daily churn pass for the week ending with `input.day`, in ONE statement (after an advisory
 * lock, so two passes take turns): scores every player seen in the last 28 days and writes one row
 * per player above 0.4 who did not get that tier's interventions in the 6 days before — the risk,
 * the inputs and the interventions of their tier: > 0.7 a handler message (posted in their handler
 * thread), an easier challenge, a squad event; > 0.4 a progress highlight, their squad's needs, a
 * mentor offer. Then the day's summary over everyone scored, and the prune of old rows. Returns the summary, or null when the
 * day was scored already (nothing written).
 */
export async function runChurnPass(db: Db, input: ChurnPassInput): Promise<ChurnRun | null> {
  const { day, now } = input;
  const challenges = JSON.stringify(Object.fromEntries(Object.entries(input.challenges).map(([d, c]) => [d, { id: c.id, title: c.title, difficulty: Number(d) }])));
  const trending = input.trending ? JSON.stringify({ id: input.trending.id, name: input.trending.name }) : null;
  const high = sql`${CHURN_HIGH_ABOVE}::int`;
  return withTransaction(db, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_CHURN_PASS}, 0)`);
    // The week's counters are grouped and the scores joined in memory (a million players: tens of
    // MB). JIT off: CTE row estimates inflate the plan's cost, and compiling it took seconds.
    await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
    await tx.execute(sql`SET LOCAL jit = off`);
    // Hash joins: the CTEs' row estimates are far below the hundreds of thousands they hold, and
    // the merge joins chosen on them sorted every row twice.
    await tx.execute(sql`SET LOCAL enable_mergejoin = off`);
    const [row] = await queryRows<Record<string, unknown>>(tx as unknown as Db, sql`
      WITH ${scoringCtes(day)},
      fresh AS (SELECT 1 AS ok WHERE NOT EXISTS (SELECT 1 FROM churn_runs r CROSS JOIN d WHERE r.day = d.day)),
      -- The JSON parameters, parsed once.
      params AS MATERIALIZED (
        SELECT ${challenges}::jsonb AS challenges, ${trending}::jsonb AS trending, ${CLASS_MINIMUMS}::jsonb AS class_min,
          (SELECT count(*)::int FROM mentor_profiles) AS mentors
      ),
      recent AS (
        SELECT c.player_id, bool_or(c.risk > ${high}) AS high, bool_or(c.risk <= ${high}) AS elevated
        FROM churn_scores c CROSS JOIN d
        WHERE c.day BETWEEN d.day - ${CHURN_INTERVENTION_COOLDOWN_DAYS - 1}::int AND d.day - 1
        GROUP BY c.player_id
      ), due AS MATERIALIZED (
        SELECT s.player_id, s.risk, s.sessions, s.squad, s.levelled_at, s.failed, s.xp, s.login_streak, s.days_active, s.contributions,
          s.risk > ${high} AS high, floor(sqrt(greatest(s.xp, 0)::numeric / 100))::int + 1 AS level
        FROM scored s LEFT JOIN recent r ON r.player_id = s.player_id
        WHERE s.risk > ${CHURN_ELEVATED_ABOVE}::int AND EXISTS (SELECT 1 FROM fresh)
          AND CASE WHEN s.risk > ${high} THEN r.high IS NOT TRUE ELSE r.elevated IS NOT TRUE END
      ), messages AS (
        INSERT INTO social_messages (channel, author_id, as_handler, body, created_at)
        SELECT 'handler:' || u.player_id, NULL, true, ${input.handlerMessage}, ${now} FROM due u WHERE u.high
        RETURNING id, substr(channel, 9)::uuid AS player_id
      ), member AS (
        SELECT m.player_id, m.squad_id, sq.name, sq.type FROM squad_members m JOIN squads sq ON sq.id = m.squad_id
      ), events AS (${squadEventsSql(null)}
      ), sizes AS (
        -- Grouped by the squad alone: a jsonb in the grouping key cost ≈ 0.5 s at 400,000 members.
        SELECT m.squad_id, count(*)::int AS n, min(m.type) AS type FROM member m GROUP BY m.squad_id
      ), open_decisions AS (
        SELECT squad_id, count(*)::int AS n FROM squad_decisions WHERE status = 'open' GROUP BY squad_id
      ), my_votes AS (
        SELECT v.player_id, count(*)::int AS n FROM squad_decision_votes v JOIN squad_decisions sd ON sd.id = v.decision_id AND sd.status = 'open'
        GROUP BY v.player_id
      ), mentees AS (
        SELECT DISTINCT mentee_id AS player_id FROM mentorships
        WHERE status IN ('requested', 'active') AND mentee_id IN (SELECT player_id FROM due WHERE NOT high)
      ), written AS (
        -- What each intervention offers, in typed columns (migration 0031): building a jsonb
        -- payload per row took ≈ 2 s at 481,000 rows. interventionsFromRow reads them back.
        INSERT INTO churn_scores (day, player_id, risk, sessions, squad_interactions, levelled_at, failed_challenges,
          handler_message_id, handler_body, challenge_difficulty, challenge_id, challenge_title,
          xp, login_streak, days_active, contributions,
          squad_id, squad_name, squad_members, members_needed, open_decisions, event_kind, event_id, event_name, trending_id, trending_name,
          mentored, mentors)
        SELECT d.day, u.player_id, u.risk, u.sessions, u.squad, u.levelled_at, u.failed,
          msg.id, CASE WHEN u.high THEN ${input.handlerMessage}::text END,
          CASE WHEN u.high THEN e.difficulty END,
          CASE WHEN u.high THEN params.challenges -> e.difficulty::text ->> 'id' END,
          CASE WHEN u.high THEN params.challenges -> e.difficulty::text ->> 'title' END,
          CASE WHEN NOT u.high THEN u.xp END, CASE WHEN NOT u.high THEN u.login_streak END,
          CASE WHEN NOT u.high THEN u.days_active END, CASE WHEN NOT u.high THEN u.contributions END,
          mb.squad_id, mb.name,
          CASE WHEN NOT u.high THEN sz.n END,
          CASE WHEN NOT u.high THEN greatest(0, coalesce((params.class_min ->> sz.type)::int, 0) - sz.n) END,
          CASE WHEN NOT u.high AND mb.squad_id IS NOT NULL THEN greatest(0, coalesce(od.n, 0) - coalesce(mv.n, 0)) END,
          ev.kind, ev.id, ev.name,
          CASE WHEN u.high AND mb.squad_id IS NOT NULL AND ev.kind IS NULL THEN params.trending ->> 'id' END,
          CASE WHEN u.high AND mb.squad_id IS NOT NULL AND ev.kind IS NULL THEN params.trending ->> 'name' END,
          CASE WHEN NOT u.high THEN me.player_id IS NOT NULL END, CASE WHEN NOT u.high THEN params.mentors END
        FROM due u CROSS JOIN d CROSS JOIN params
        CROSS JOIN LATERAL (SELECT greatest(1, least(${MAX_CHALLENGE_DIFFICULTY}::int, 1 + (u.level - 1) / 2) - 1) AS difficulty) e
        LEFT JOIN messages msg ON msg.player_id = u.player_id
        LEFT JOIN member mb ON mb.player_id = u.player_id
        LEFT JOIN events ev ON ev.squad_id = mb.squad_id::text
        LEFT JOIN sizes sz ON sz.squad_id = mb.squad_id
        LEFT JOIN open_decisions od ON od.squad_id = mb.squad_id
        LEFT JOIN my_votes mv ON mv.player_id = u.player_id
        LEFT JOIN mentees me ON me.player_id = u.player_id
        -- In key order: the primary key's index is appended to, not split all over (≈ 1.9 s
        -- instead of 2.2–3.5 s for 481,000 rows).
        ORDER BY u.player_id
        RETURNING risk
      ), summary AS (
        SELECT count(*) AS scored,
          count(*) FILTER (WHERE risk > ${CHURN_ELEVATED_ABOVE}::int AND risk <= ${high}) AS elevated,
          count(*) FILTER (WHERE risk > ${high}) AS high,
          jsonb_build_object('sessions', count(*) FILTER (WHERE t_sessions), 'squadInteractions', count(*) FILTER (WHERE t_squad),
            'noLevelUp', count(*) FILTER (WHERE t_level), 'failedChallenges', count(*) FILTER (WHERE t_failed)) AS terms
        FROM scored
      ), sent AS (
        SELECT count(*) FILTER (WHERE risk > ${high}) AS high, count(*) FILTER (WHERE risk <= ${high}) AS elevated FROM written
      ), run AS (
        INSERT INTO churn_runs (day, computed_at, scored, active, average_sessions, elevated, high, histogram, terms, interventions)
        SELECT d.day, ${now}, summary.scored, average.active, average.sessions::float8, summary.elevated, summary.high,
          (SELECT coalesce(jsonb_object_agg(risk::text, n), '{}'::jsonb) FROM (SELECT risk, count(*) AS n FROM scored GROUP BY risk) h),
          summary.terms,
          (SELECT coalesce(jsonb_object_agg(k.kind, CASE WHEN k.high THEN sent.high ELSE sent.elevated END), '{}'::jsonb)
           FROM (SELECT unnest(${words(CHURN_INTERVENTIONS.high)}) AS kind, true AS high
                 UNION ALL SELECT unnest(${words(CHURN_INTERVENTIONS.elevated)}), false) k
           WHERE CASE WHEN k.high THEN sent.high ELSE sent.elevated END > 0)
        FROM d CROSS JOIN average CROSS JOIN summary CROSS JOIN sent CROSS JOIN fresh
        RETURNING *
      ), pruned_activity AS (
        DELETE FROM engagement_activity WHERE day < ${day}::date - ${ENGAGEMENT_ACTIVITY_KEPT_DAYS}::int AND EXISTS (SELECT 1 FROM fresh) RETURNING 1
      ), pruned_scores AS (
        DELETE FROM churn_scores WHERE day < ${day}::date - ${CHURN_HISTORY_DAYS}::int AND EXISTS (SELECT 1 FROM fresh) RETURNING 1
      )
      SELECT * FROM run`);
    const run = row ? toRun(row) : null;
    if (input.requestedBy) {
      await writeAudit(tx, {
        actorId: input.requestedBy.id, actorRole: input.requestedBy.role, action: 'engagement.run', target: `churn:${day}`, at: now,
        details: run ? { day, scored: run.scored, high: run.high, elevated: run.elevated, interventions: run.interventions } : { day, alreadyScored: true },
      });
    }
    return run;
  });
}

/**
 * The players who got a tier's interventions on `day`: the audience of the one notification per
 * tier and day that tells them (set-based: embedded in the statement that writes it).
 */
export function interventionAudience(day: string, tier: 'high' | 'elevated'): NotificationAudience {
  return {
    kind: 'query',
    select: sql`SELECT player_id FROM churn_scores WHERE day = ${day}::date
      AND ${tier === 'high' ? sql`risk > ${CHURN_HIGH_ABOVE}::int` : sql`risk <= ${CHURN_HIGH_ABOVE}::int`}`,
  };
}

/** The summaries of the last `limit` scored days, newest first. */
export async function churnRuns(db: Db, limit = 14): Promise<ChurnRun[]> {
  const rows = await queryRows<Record<string, unknown>>(db, sql`SELECT * FROM churn_runs ORDER BY day DESC LIMIT ${limit}`);
  return rows.map(toRun);
}

/** A scored player's inputs, as stored (or as computed now by {@link churnScoreNow}). */
export interface ChurnScoreRow {
  day: string;
  playerId: string;
  name: string;
  /** Hundredths. */
  risk: number;
  sessions: number;
  squadInteractions: number;
  levelledAt: Date;
  failedChallenges: number;
}

/** One intervention as recorded. */
export interface RecordedIntervention {
  kind: InterventionKind;
  payload: Record<string, unknown>;
}

/** A stored score with the interventions it led to. */
export interface ScoredPlayer extends ChurnScoreRow {
  interventions: RecordedIntervention[];
}

/** The `{kind: payload}` of a row written before migration 0031, as a list in the tier's order. */
function interventionList(v: unknown): RecordedIntervention[] {
  const byKind = json<Record<string, Record<string, unknown>>>(v) ?? {};
  return INTERVENTION_KINDS.filter((k) => k in byKind).map((kind) => ({ kind, payload: byKind[kind] }));
}

const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * What a row's interventions offered, in the tier's order: the payloads the pass's typed columns
 * (migration 0031) hold — or the stored `{kind: payload}` of a row written before them.
 */
function interventionsFromRow(r: Record<string, unknown>): RecordedIntervention[] {
  if (r.interventions !== null && r.interventions !== undefined) return interventionList(r.interventions);
  const squadId = textOrNull(r.squad_id);
  const squad = squadId === null ? null : { squadId, squadName: String(r.squad_name) };
  const event = r.event_kind === null || r.event_kind === undefined
    ? null : { kind: String(r.event_kind), id: String(r.event_id), name: String(r.event_name) };
  if (toNumber(r.risk) > CHURN_HIGH_ABOVE) {
    const difficulty = toNumber(r.challenge_difficulty);
    const challengeId = textOrNull(r.challenge_id);
    const squadEvent = squad === null ? { kind: 'join_squad' }
      : event !== null ? { ...event, ...squad }
      : r.trending_id !== null && r.trending_id !== undefined
        ? { id: String(r.trending_id), name: String(r.trending_name), kind: 'operation', trending: true, ...squad }
        : { kind: 'squad_chat', ...squad };
    return [
      { kind: 'handler_message', payload: { messageId: toNumber(r.handler_message_id), body: String(r.handler_body) } },
      { kind: 'easier_challenge', payload: challengeId === null ? { difficulty } : { id: challengeId, title: String(r.challenge_title), difficulty } },
      { kind: 'squad_event', payload: squadEvent },
    ];
  }
  const xp = toNumber(r.xp);
  const level = levelForXp(xp);
  return [
    { kind: 'progress_highlight', payload: {
      level, xp, nextLevelXp: xpForLevel(level + 1), loginStreak: toNumber(r.login_streak), daysActive: toNumber(r.days_active), contributions: toNumber(r.contributions),
    } },
    { kind: 'squad_needs', payload: squad === null ? { squadless: true } : {
      ...squad, members: toNumber(r.squad_members), membersNeeded: toNumber(r.members_needed), openDecisions: toNumber(r.open_decisions), event,
    } },
    { kind: 'mentor_offer', payload: { mentored: r.mentored === true, mentors: toNumber(r.mentors) } },
  ];
}

function toScore(r: Record<string, unknown>): ChurnScoreRow {
  return {
    day: dayText(r.day), playerId: String(r.player_id), name: String(r.name ?? ''), risk: toNumber(r.risk), sessions: toNumber(r.sessions),
    squadInteractions: toNumber(r.squad_interactions), levelledAt: date(r.levelled_at), failedChallenges: toNumber(r.failed_challenges),
  };
}

/**
 * Who got interventions on `day`, riskiest first (or one player's days of the last 35, newest
 * first), with the risk, the inputs and each intervention's payload.
 */
export async function scoredPlayers(db: Db, filter: { day?: string; playerId?: string; minRisk?: number; maxRisk?: number; limit?: number; today?: string }): Promise<ScoredPlayer[]> {
  const where: SQL[] = [];
  if (filter.playerId) {
    // Probes of the primary key (day, player) over the days kept.
    where.push(sql`s.day = ANY(${daysBefore(filter.today ?? utcDay(new Date()), CHURN_HISTORY_DAYS, 0)})`);
    where.push(sql`s.player_id = ${isUuid(filter.playerId) ? filter.playerId : null}::uuid`);
  }
  if (filter.day) where.push(sql`s.day = ${filter.day}::date`);
  if (filter.minRisk !== undefined) where.push(sql`s.risk >= ${filter.minRisk}::int`);
  if (filter.maxRisk !== undefined) where.push(sql`s.risk <= ${filter.maxRisk}::int`);
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    SELECT s.*, p.name FROM churn_scores s JOIN players p ON p.id = s.player_id
    ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
    ORDER BY s.day DESC, s.risk DESC, p.name LIMIT ${filter.limit ?? 100}`);
  return rows.map((r) => ({ ...toScore(r), interventions: interventionsFromRow(r) }));
}

/**
 * One player's churn inputs and risk for the week ending with `day`, computed now by the pass's
 * own scoring CTEs (read-only: a GM's look-up of anyone, at risk or not). Null when the player is
 * not in the scored population (no daily login within 28 days, or created after the day).
 */
export async function churnScoreNow(db: Db, day: string, playerId: string): Promise<(ChurnScoreRow & { averageSessions: number }) | null> {
  if (!isUuid(playerId)) return null;
  const [row] = await queryRows<Record<string, unknown>>(db, sql`
    WITH ${scoringCtes(day)}
    SELECT d.day, s.player_id, p.name, s.risk, s.sessions, s.squad AS squad_interactions, s.levelled_at, s.failed AS failed_challenges,
      average.sessions AS average_sessions
    FROM scored s JOIN players p ON p.id = s.player_id CROSS JOIN d CROSS JOIN average
    WHERE s.player_id = ${playerId}::uuid`);
  return row ? { ...toScore(row), averageSessions: Number(row.average_sessions) } : null;
}

/** A player's interventions of the `days` days ending with `today`, newest day first: what their Today panel shows. */
export async function interventionsOf(db: Db, playerId: string, today: string, days: number): Promise<Array<{ day: string } & RecordedIntervention>> {
  if (!isUuid(playerId)) return [];
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    SELECT * FROM churn_scores
    WHERE day = ANY(${daysBefore(today, days - 1, 0)}) AND player_id = ${playerId}::uuid
    ORDER BY day DESC`);
  return rows.flatMap((r) => interventionsFromRow(r).map((i) => ({ day: dayText(r.day), ...i })));
}

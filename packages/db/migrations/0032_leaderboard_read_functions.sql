-- Leaderboard reads (GAME §5.1) as functions with cached generic plans. Around-me was one
-- statement of many CTEs sent as a named prepared statement and planned for its parameters on
-- every call: 1.1–1.7 ms of planning for ≈ 1 ms of execution. Postgres' generic plan of it is
-- the faster one without JIT (1.2 ms against 1.9 ms a call; the 616 ms measured earlier was LLVM
-- compiling a plan whose estimates looked large), but the pool cannot force generic plans for
-- one statement only — a session setting would apply to every parameterized statement the game
-- sends. A plpgsql function caches its statements' plans per connection, and its SET clauses
-- apply while it runs: generic plans, no JIT, for these reads alone. STABLE: every statement
-- inside sees the calling statement's snapshot, so a rank and its neighbours are one moment.

-- For each threshold s: how many subjects of the period score more than s. The rank counts give
-- it for folded scores — level l sums the buckets whose digit at l is above the threshold's while
-- the higher digits are equal, so every higher score is counted once, at the highest digit where
-- it differs (a shift by 64 wraps in C, hence the top level's open upper bound) — and the rows
-- whose score moved since their fold (`pending`, read once) correct it.
CREATE FUNCTION leaderboard_counts_above(p_board smallint, p_period integer, p_thresholds bigint[])
RETURNS TABLE (s bigint, above bigint) LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan SET jit = off AS $$
#variable_conflict use_column
BEGIN
	RETURN QUERY
	WITH pend AS MATERIALIZED (
		SELECT ls.score, ls.folded FROM leaderboard_scores ls WHERE ls.board = p_board AND ls.period = p_period AND ls.pending
	), th AS (
		SELECT DISTINCT x.v AS s FROM unnest(p_thresholds) AS x(v)
	), pend_near AS MATERIALIZED (
		-- A moved row changes the count of threshold s only when s lies between its two scores:
		-- keep those near the positive thresholds (a window spans few scores), once.
		SELECT p.score, p.folded FROM pend p, (SELECT min(t.s) AS lo, max(t.s) AS hi FROM th t WHERE t.s > 0) r
		WHERE greatest(p.score, p.folded) > r.lo AND least(p.score, p.folded) <= r.hi
	)
	SELECT th.s, (coalesce(hist.n, 0) + coalesce(corr.d, 0))::bigint FROM th
	LEFT JOIN LATERAL (
		SELECT sum(h.n) AS n FROM generate_series(0, 7) AS l(level) JOIN leaderboard_rank_counts h
			ON h.board = p_board AND h.period = p_period AND h.level = l.level
			AND h.bucket > (th.s >> (8 * l.level))
			AND h.bucket <= CASE WHEN l.level = 7 THEN 9223372036854775807 ELSE ((th.s >> (8 * l.level + 8)) << 8) + 255 END
	) hist ON true
	LEFT JOIN LATERAL (
		SELECT sum((p.score > th.s)::int - (p.folded > th.s)::int) AS d FROM pend p WHERE th.s <= 0
		UNION ALL
		SELECT sum((p.score > th.s)::int - (p.folded > th.s)::int) FROM pend_near p WHERE th.s > 0
	) corr ON corr.d IS NOT NULL;
END $$;
--> statement-breakpoint
-- A subject's row (side 0), up to p_n rows just above it (side -1) and below it (side 1) in board
-- order — two index range scans from its key — then the counts (side 2) for every distinct score
-- of that window, score − 1 of the subject (its tie count) and 0 (the board's size). Nothing when
-- the subject has no score on the board.
CREATE FUNCTION leaderboard_around(p_board smallint, p_period integer, p_subject uuid, p_n integer)
RETURNS TABLE (subject_id uuid, score bigint, reached_at timestamptz, side integer, s bigint, above bigint) LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan SET jit = off AS $$
#variable_conflict use_column
BEGIN
	RETURN QUERY
	WITH me AS (
		SELECT ls.subject_id, ls.score, ls.reached_at FROM leaderboard_scores ls
		WHERE ls.board = p_board AND ls.period = p_period AND ls.subject_id = p_subject AND ls.score > 0
	), up AS (
		SELECT x.* FROM me, LATERAL (
			SELECT q.subject_id, q.score, q.reached_at FROM leaderboard_scores q
			WHERE q.board = p_board AND q.period = p_period
				AND ((-q.score), q.reached_at, q.subject_id) < ((-me.score), me.reached_at, me.subject_id)
			ORDER BY (-q.score) DESC, q.reached_at DESC, q.subject_id DESC LIMIT p_n) x
	), down AS (
		SELECT x.* FROM me, LATERAL (
			SELECT q.subject_id, q.score, q.reached_at FROM leaderboard_scores q
			WHERE q.board = p_board AND q.period = p_period AND (-q.score) < 0
				AND ((-q.score), q.reached_at, q.subject_id) > ((-me.score), me.reached_at, me.subject_id)
			ORDER BY (-q.score), q.reached_at, q.subject_id LIMIT p_n) x
	), win AS MATERIALIZED (
		SELECT up.*, -1 AS side FROM up UNION ALL SELECT me.*, 0 FROM me UNION ALL SELECT down.*, 1 FROM down
	)
	SELECT w.subject_id, w.score, w.reached_at, w.side, NULL::bigint, NULL::bigint FROM win w
	UNION ALL
	SELECT NULL::uuid, NULL::bigint, NULL::timestamptz, 2, c.s, c.above
	FROM leaderboard_counts_above(p_board, p_period,
		ARRAY(SELECT w.score FROM win w UNION ALL SELECT me.score - 1 FROM me UNION ALL SELECT 0::bigint)) c
	WHERE EXISTS (SELECT 1 FROM me);
END $$;

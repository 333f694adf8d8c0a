-- Restricted territories (GAME §4.5, docs/territory.md "Restricted territories"): a static flag on
-- a territory. Deploying to one costs one liberation_key; its AC garrison is ×2 and its yield ×3
-- (both stored in the territory's own columns, so sieges and income need no special case).
ALTER TABLE "territories" ADD COLUMN "restricted" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
-- An existing world is marked the way the generator (packages/rules world.ts markRestricted) marks
-- a new one, in one set-based pass: of the occupied datacenters and network hubs (n), round(5 % × n)
-- — the lowest restrictedRank(seed, q, r), then id — skipping the outposts kept winnable near the
-- starting areas (garrison_max ≤ 30). restrictedRank in bigints, the same integers as in TypeScript.
-- A database without a world (a fresh one) changes nothing: the generator marks it at first start.
WITH meta AS (
  SELECT ((seed::bigint % 2147483648) + 2147483648) % 2147483648 AS s FROM world_meta WHERE id = 1
),
pool AS (
  SELECT t.id, t.q, t.r, t.garrison_max FROM territories t
  WHERE t.status = 'occupied' AND t.terrain IN ('datacenter', 'network_hub')
),
wanted AS (
  SELECT round(count(*) * 500 / 10000.0)::int AS n FROM pool
),
h0 AS (
  SELECT p.id, ((p.q::bigint + 1048576) * 92821 + (p.r::bigint + 1048576) * 68917 + meta.s) % 2147483648 AS h
  FROM pool p CROSS JOIN meta WHERE p.garrison_max > 30
),
h1 AS (SELECT id, ((h # (h >> 16)) * 2246822 + 374761) % 2147483648 AS h FROM h0),
h2 AS (SELECT id, ((h # (h >> 13)) * 3266489) % 2147483648 AS h FROM h1),
ranked AS (
  SELECT id, row_number() OVER (ORDER BY (h # (h >> 16)), id COLLATE "C") AS k FROM h2
)
UPDATE territories t SET restricted = true, garrison = t.garrison * 2, garrison_max = t.garrison_max * 2,
  yield_per_hour = t.yield_per_hour * 3
FROM ranked, wanted
WHERE t.id = ranked.id AND ranked.k <= wanted.n;

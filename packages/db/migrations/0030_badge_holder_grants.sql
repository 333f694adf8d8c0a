-- Live badge shares (GAME §5): the codex said "held by 0 %" of every badge until the daily share
-- job ran, also right after a player earned one. grant_achievements() now also appends how many
-- players it granted to, in the caller's transaction: a badge's holders are achievements.holders
-- (as of the job's last run) plus its rows here, exact at any time; the share divides them by the
-- players the job counted (achievements.players_counted) plus those created since — an index range
-- on players.created_at, not a count of a million rows per codex read (achievements.ts, badgeShares).
-- Appended rows, not holders = holders + n on the codex row: that row would stay locked until the
-- granting transaction commits (a siege, an operation's resolution), queueing every other
-- transaction that grants the same badge, and two granting two badges in opposite orders would
-- deadlock. The daily job folds the rows into achievements.holders in the statement that counts.
CREATE TABLE "achievement_holder_grants" (
	"achievement_id" text NOT NULL,
	"holders" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "achievements" ADD COLUMN "players_counted" integer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION grant_achievements(p_achievement text, p_players uuid[]) RETURNS SETOF uuid LANGUAGE plpgsql AS $$
DECLARE
	v_xp integer;
BEGIN
	SELECT xp INTO v_xp FROM achievements WHERE id = p_achievement;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'unknown achievement %', p_achievement USING ERRCODE = 'foreign_key_violation';
	END IF;
	RETURN QUERY
	WITH granted AS (
		INSERT INTO player_achievements (player_id, achievement_id)
		SELECT p.id, p_achievement FROM players p WHERE p.id = ANY(p_players) ORDER BY p.id
		ON CONFLICT DO NOTHING
		RETURNING player_id
	), counted AS (
		INSERT INTO achievement_holder_grants (achievement_id, holders)
		SELECT p_achievement, count(*) FROM granted HAVING count(*) > 0
	)
	UPDATE players p SET xp = p.xp + v_xp FROM granted g WHERE p.id = g.player_id
	RETURNING p.id;
END $$;
--> statement-breakpoint
-- From here on holders + grants is exact: start from the true counts (the job may never have run).
UPDATE "achievements" a SET "holders" = (SELECT count(*) FROM "player_achievements" pa WHERE pa."achievement_id" = a."id");

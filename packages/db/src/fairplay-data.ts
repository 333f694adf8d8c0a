/**
 * The data the fair-play detectors (GAME §9, `@datavism/rules` fairplay) judge, read set-based
 * from what the game already records: XP (marks per run), market trades, endorsements, intel
 * confirmations, custom-challenge solves, proposal votes and the ledger. Each reader narrows in
 * SQL to the candidates a detector could flag (pairs with enough trades, endorsers with enough
 * endorsements, ballots shared by enough voters) so the rules see a small set.
 */
import { sql } from 'drizzle-orm';
import type {
  AccountMismatch, CustomSolve, GiveEdge, InvariantLine, RingTotals, TradeRecord, VoterRecord, XpGain,
} from '@datavism/rules';
import type { Db } from './client';
import { ledgerInvariant, withTransaction } from './ledger';
import { queryRows, toNumber } from './sql';

const iso = (d: Date) => d.toISOString();
const ms = (v: unknown) => new Date(v as string).getTime();

/**
 * XP gained by each player since the previous run (GAME §9 impossible progress), and how long ago
 * that run was: every player whose XP differs from its mark is compared and re-marked in one
 * statement, under the watermark's row lock (two processes' runs take turns). An account created
 * since the previous run counts all its XP. The first run only marks (elapsed null).
 */
export async function xpGainsSinceLastRun(db: Db, now: Date): Promise<{ elapsedMs: number | null; gains: XpGain[] }> {
  return withTransaction(db, async (tx) => {
    const created = await queryRows(tx, sql`INSERT INTO gm_watermarks (name, at) VALUES ('xp', ${iso(now)}::timestamptz)
      ON CONFLICT (name) DO NOTHING RETURNING 1`);
    const first = created.length > 0;
    const [mark] = await queryRows<{ at: unknown }>(tx, sql`SELECT at FROM gm_watermarks WHERE name = 'xp' FOR UPDATE`);
    const previous = new Date(mark.at as string);
    const rows = await queryRows<{ id: string; gained: unknown }>(tx, sql`
      WITH cur AS (
        SELECT p.id, p.xp, m.xp AS mark, p.created_at FROM players p LEFT JOIN xp_marks m ON m.player_id = p.id
        WHERE m.xp IS DISTINCT FROM p.xp
      ), up AS (
        INSERT INTO xp_marks (player_id, xp) SELECT id, xp FROM cur
        ON CONFLICT (player_id) DO UPDATE SET xp = excluded.xp
      )
      SELECT id::text AS id, (xp - coalesce(mark, 0)) AS gained FROM cur
      WHERE ${first ? sql`false` : sql`(mark IS NOT NULL AND xp > mark) OR (mark IS NULL AND created_at >= ${iso(previous)}::timestamptz AND xp > 0)`}`);
    await tx.execute(sql`UPDATE gm_watermarks SET at = ${iso(now)}::timestamptz WHERE name = 'xp'`);
    return {
      elapsedMs: first ? null : Math.max(0, now.getTime() - previous.getTime()),
      gains: rows.map((r) => ({ playerId: r.id, xpGained: toNumber(r.gained) })),
    };
  });
}

/**
 * Trades since `since` between pairs that traded at least `minTrades` times in it, each of them
 * buying at least once (the wash-trade candidates). The window's first trade is found by walking
 * the trade ids back from the newest (ids grow with time), so only the window is read.
 */
export async function washTradeCandidates(db: Db, since: Date, minTrades: number): Promise<TradeRecord[]> {
  const rows = await queryRows<{ instrument: string; buyer_id: string; seller_id: string; at: unknown }>(db, sql`
    WITH w AS (
      SELECT instrument, buyer_id, seller_id, at FROM market_trades
      WHERE id > coalesce((SELECT id FROM market_trades WHERE at < ${iso(since)}::timestamptz ORDER BY id DESC LIMIT 1), 0)
        AND at >= ${iso(since)}::timestamptz AND buyer_id <> seller_id
    ), pairs AS (
      SELECT least(buyer_id, seller_id) AS lo, greatest(buyer_id, seller_id) AS hi FROM w
      GROUP BY 1, 2
      HAVING count(*) >= ${minTrades} AND bool_or(buyer_id < seller_id) AND bool_or(buyer_id > seller_id)
    )
    SELECT w.instrument, w.buyer_id::text AS buyer_id, w.seller_id::text AS seller_id, w.at FROM w
    JOIN pairs p ON p.lo = least(w.buyer_id, w.seller_id) AND p.hi = greatest(w.buyer_id, w.seller_id)`);
  return rows.map((r) => ({ instrument: r.instrument, buyerId: r.buyer_id, sellerId: r.seller_id, at: ms(r.at) }));
}

/** A give-graph for the ring detector: edges among candidates and every candidate's totals. */
export interface GiveGraph {
  edges: GiveEdge[];
  totals: Map<string, RingTotals>;
}

/**
 * The graph of gifts (`gifts`: a SELECT of (giver, receiver) rows, one per gift) restricted to
 * accounts that gave at least `minGiven` and received from another such account, with their totals.
 */
async function giveGraph(db: Db, gifts: ReturnType<typeof sql>, minGiven: number): Promise<GiveGraph> {
  const rows = await queryRows<{ kind: string; a: string; b: string | null; n: unknown; m: unknown }>(db, sql`
    WITH g AS MATERIALIZED (${gifts}),
    givers AS (SELECT giver FROM g GROUP BY giver HAVING count(*) >= ${minGiven}),
    edges AS (
      SELECT g.giver, g.receiver, count(*) AS n FROM g
      WHERE g.giver IN (SELECT giver FROM givers) AND g.receiver IN (SELECT giver FROM givers)
      GROUP BY 1, 2
    ), nodes AS (SELECT giver AS id FROM edges UNION SELECT receiver FROM edges),
    given AS (SELECT giver AS id, count(*) AS n FROM g WHERE giver IN (SELECT id FROM nodes) GROUP BY giver),
    received AS (SELECT receiver AS id, count(*) AS n FROM g WHERE receiver IN (SELECT id FROM nodes) GROUP BY receiver)
    SELECT 'edge' AS kind, giver::text AS a, receiver::text AS b, n, 0 AS m FROM edges
    UNION ALL
    SELECT 'node', nodes.id::text, NULL, coalesce(given.n, 0), coalesce(received.n, 0)
    FROM nodes LEFT JOIN given ON given.id = nodes.id LEFT JOIN received ON received.id = nodes.id`);
  const edges: GiveEdge[] = [];
  const totals = new Map<string, RingTotals>();
  for (const r of rows) {
    if (r.kind === 'edge') edges.push({ from: r.a, to: r.b!, count: toNumber(r.n) });
    else totals.set(r.a, { given: toNumber(r.n), received: toNumber(r.m) });
  }
  return { edges, totals };
}

/** Endorsements since `since` as a give-graph (GAME §1: rings of accounts that keep endorsing each other). */
export function endorsementGraph(db: Db, since: Date, minGiven: number): Promise<GiveGraph> {
  return giveGraph(db, sql`SELECT endorser_id AS giver, target_id AS receiver FROM endorsements WHERE created_at >= ${iso(since)}::timestamptz`, minGiven);
}

/**
 * Intel confirmations since `since` as a give-graph: a confirmer gives to the claim's submitter
 * (the submitter's own first confirmation is not a gift).
 */
export function intelConfirmationGraph(db: Db, since: Date, minGiven: number): Promise<GiveGraph> {
  return giveGraph(db, sql`
    SELECT c.player_id AS giver, cl.submitted_by AS receiver FROM intel_confirmations c JOIN intel_claims cl ON cl.id = c.claim_id
    WHERE c.created_at >= ${iso(since)}::timestamptz AND c.player_id <> cl.submitted_by`, minGiven);
}

/** Solves since `since` of custom challenges, by creators whose challenges were solved at least `minSolves` times. */
export async function customChallengeSolves(db: Db, since: Date, minSolves: number): Promise<CustomSolve[]> {
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    WITH s AS MATERIALIZED (
      SELECT ch.created_by AS creator, s.player_id AS solver, s.challenge_id, ch.created_at, s.solved_at
      FROM challenges ch JOIN challenge_solves s ON s.challenge_id = ch.id
      WHERE ch.kind = 'custom' AND ch.created_by IS NOT NULL AND ch.ends_at >= ${iso(since)}::timestamptz
        AND s.solved_at >= ${iso(since)}::timestamptz
    )
    SELECT creator::text AS creator, solver::text AS solver, challenge_id::text AS challenge_id, created_at, solved_at FROM s
    WHERE creator IN (SELECT creator FROM s GROUP BY creator HAVING count(*) >= ${minSolves})`);
  return rows.map((r) => ({
    creatorId: String(r.creator), solverId: String(r.solver), challengeId: String(r.challenge_id), createdAt: ms(r.created_at), solvedAt: ms(r.solved_at),
  }));
}

/**
 * Voters on proposals created since `since` who share their exact ballot (≥ `minProposals` votes)
 * with at least `minSize - 1` others, with their account's creation time and funders: the player
 * and squad accounts that transferred resources to them since `since`.
 */
export async function voteRingCandidates(db: Db, since: Date, minProposals: number, minSize: number): Promise<VoterRecord[]> {
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    WITH v AS MATERIALIZED (
      SELECT pv.player_id, pv.proposal_id, pv.support, pv.cast_at FROM proposal_votes pv
      JOIN proposals p ON p.id = pv.proposal_id WHERE p.created_at >= ${iso(since)}::timestamptz
    ), ballots AS MATERIALIZED (
      SELECT player_id, string_agg(proposal_id::text || CASE WHEN support THEN ':y' ELSE ':n' END, ',' ORDER BY proposal_id) AS ballot
      FROM v GROUP BY player_id HAVING count(*) >= ${minProposals}
    ), shared AS (
      SELECT player_id FROM ballots WHERE ballot IN (SELECT ballot FROM ballots GROUP BY ballot HAVING count(*) >= ${minSize})
    ), funders AS (
      SELECT a.owner_id AS player_id, array_agg(DISTINCT fa.kind || ':' || fa.owner_id) AS funders
      FROM accounts a JOIN ledger_entries e ON e.account_id = a.id AND e.delta > 0
      JOIN transfers t ON t.id = e.transfer_id JOIN accounts fa ON fa.id = t.from_account_id
      WHERE a.kind = 'player' AND a.owner_id IN (SELECT player_id::text FROM shared)
        AND fa.kind IN ('player', 'squad') AND t.created_at >= ${iso(since)}::timestamptz
      GROUP BY a.owner_id
    )
    SELECT s.player_id::text AS player_id, p.created_at, coalesce(f.funders, '{}') AS funders,
      json_agg(json_build_object('p', v.proposal_id, 's', v.support, 'at', v.cast_at)) AS votes
    FROM shared s JOIN players p ON p.id = s.player_id JOIN v ON v.player_id = s.player_id
    LEFT JOIN funders f ON f.player_id = s.player_id::text
    GROUP BY s.player_id, p.created_at, f.funders`);
  return rows.map((r) => {
    const votes = (typeof r.votes === 'string' ? JSON.parse(r.votes) : r.votes) as Array<{ p: string; s: boolean; at: string }>;
    return {
      playerId: String(r.player_id), createdAt: ms(r.created_at), funders: (r.funders as string[]) ?? [],
      votes: votes.map((x) => ({ proposalId: x.p, support: x.s, at: ms(x.at) })),
    };
  });
}

/**
 * The ledger audit (GAME §4, §9): the invariant per resource and up to `limit` accounts whose
 * balance is not the sum of their legs (the mint and the burn keep no balance). Scans the ledger:
 * a scheduled job's work, not a hot path's.
 */
export async function ledgerAudit(db: Db, limit = 100): Promise<{ lines: InvariantLine[]; mismatches: AccountMismatch[] }> {
  const lines = (await ledgerInvariant(db)).map((l) => ({
    resource: l.resource, balances: l.balances.toString(), minted: l.minted.toString(), burned: l.burned.toString(), broken: l.broken, holds: l.holds,
  }));
  const rows = await queryRows<Record<string, unknown>>(db, sql`
    WITH legs AS (SELECT account_id, resource, sum(delta) AS s FROM ledger_entries GROUP BY 1, 2)
    SELECT a.id, a.kind, a.owner_id, coalesce(b.resource, l.resource) AS resource,
      coalesce(b.amount, 0)::text AS balance, coalesce(l.s, 0)::text AS legs
    FROM balances b FULL JOIN legs l ON l.account_id = b.account_id AND l.resource = b.resource
    JOIN accounts a ON a.id = coalesce(b.account_id, l.account_id)
    WHERE a.kind NOT IN ('mint', 'burn') AND coalesce(b.amount, 0) <> coalesce(l.s, 0)
    ORDER BY a.id LIMIT ${limit}`);
  return {
    lines,
    mismatches: rows.map((r) => ({
      accountId: toNumber(r.id), kind: String(r.kind), ownerId: String(r.owner_id), resource: String(r.resource),
      balance: String(r.balance), legs: String(r.legs),
    })),
  };
}

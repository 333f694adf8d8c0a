/**
 * Governance benchmarks (GAME §7), through the server's service path on Postgres:
 *
 *   npx tsx tests/bench/governance.ts        (from the repo root; DATABASE_URL or local Postgres)
 *
 * 1. Count an election the size of EVE Online's CSM vote — 50,000 ballots, 55 candidates,
 *    10 seats: `countElection` end to end (ballots grouped and loaded from Postgres, the
 *    Scottish STV count, the result with every stage stored, the elected seated). Median of 3.
 * 2. Live tallies: 100,000 weighted votes (10,000 players × 10 open proposals) through
 *    `vote()` — weight computed from the player's standing, the vote upserted and the tally
 *    updated in one transaction, the tally published on presence to the council room — with
 *    a real SDK client watching; votes/s applied, and when the client saw the last tally.
 */
import { pathToFileURL } from 'node:url';
import { Client } from '@colyseus/sdk';
import { countStv, mulberry32 } from '@datavism/rules';
import { createProposal, electionForCount, getElection, openElection } from '@datavism/db';
import { signToken } from '@datavism/game-server';
import { startGame, type RunningGame } from '../utils/game';
import { waitFor } from '../utils/env';
import { countElection, vote } from '../../apps/game-server/src/governance/service';
import { machine, median, percentile } from './machine';

export interface GovernanceBenchFigures {
  ballots: number;
  candidates: number;
  seats: number;
  distinctRankings: number;
  countRunsSeconds: number[];
  countMedianSeconds: number;
  loadMedianSeconds: number;
  pureCountMedianSeconds: number;
  stages: number;
  votes: number;
  voteConcurrency: number;
  voteSeconds: number;
  votesPerSecond: number;
  voteP50Ms: number;
  voteP99Ms: number;
  lastTallySeenAfterSeconds: number;
  machine: string;
}

/** A ranking of 1..10 candidates, first preferences skewed (a few favourites, a long tail). */
function ballot(r: () => number, candidates: number): number[] {
  const length = 1 + Math.floor(r() * r() * 10);
  const out: number[] = [];
  while (out.length < length) {
    const c = 1 + Math.floor(Math.pow(r(), 2.2) * candidates);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

async function sql(run: RunningGame, text: string, params: unknown[] = []): Promise<any[]> {
  return (await (run.game.services.database.db as any).$client.query(text, params)).rows;
}

export async function runGovernanceBench(): Promise<GovernanceBenchFigures> {
  const BALLOTS = 50_000;
  const CANDIDATES = 55;
  const SEATS = 10;
  const VOTERS = 10_000;
  const PROPOSALS = 10;
  const CONCURRENCY = 10;
  const run = await startGame({ db: 'postgres', env: { LOG_LEVEL: 'silent' } });
  try {
    const s = run.game.services;
    const now = new Date();
    // Players: 55 candidates + 50,000 voters with varied standing (so vote weights vary).
    await sql(run, `
      INSERT INTO players (name, name_key, password_hash, created_at, truth_score, impact_rating, days_active)
      SELECT 'gb' || i, 'gb' || i, 'x', now() - ((i % 500) || ' days')::interval, (i * 7919) % 10001, (i * 104729) % 10001, i % 400
      FROM generate_series(1::bigint, $1::bigint) AS i`, [BALLOTS + CANDIDATES]);
    const ids: string[] = (await sql(run, `SELECT id FROM players WHERE name LIKE 'gb%' ORDER BY name_key`)).map((r) => r.id);
    const candidateIds = ids.slice(0, CANDIDATES);
    const voterIds = ids.slice(CANDIDATES);

    const e = await openElection(s.database.db, {
      council: 'player', seats: SEATS, openedAt: now, nominationEndsAt: now, campaignEndsAt: now,
      votingEndsAt: new Date(now.getTime() + 3_600_000),
    });
    await sql(run, `
      INSERT INTO election_candidates (election_id, player_id, number, name)
      SELECT $1::uuid, c.id, c.n, c.name FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, n) JOIN players c USING (id)`,
    [e.id, candidateIds]).catch(async () => {
      // (older Postgres) fall back to one insert per candidate
      for (const [i, id] of candidateIds.entries()) {
        await sql(run, `INSERT INTO election_candidates (election_id, player_id, number, name) SELECT $1::uuid, id, $3, name FROM players WHERE id = $2`, [e.id, id, i + 1]);
      }
    });
    const r = mulberry32(20261121);
    for (let from = 0; from < BALLOTS; from += 5000) {
      const chunk = voterIds.slice(from, from + 5000);
      const rankings = chunk.map(() => `{${ballot(r, CANDIDATES).join(',')}}`);
      await sql(run, `
        INSERT INTO election_ballots (election_id, player_id, ranking)
        SELECT $1::uuid, v, rk::int[] FROM unnest($2::uuid[], $3::text[]) AS u(v, rk)`, [e.id, chunk, rankings]);
    }
    await sql(run, `UPDATE elections SET phase = 'voting' WHERE id = $1`, [e.id]);
    await sql(run, 'ANALYZE election_ballots');

    const countRuns: number[] = [];
    const loads: number[] = [];
    const pure: number[] = [];
    let stages = 0;
    let distinct = 0;
    for (let i = 0; i < 3; i++) {
      await sql(run, `UPDATE elections SET phase = 'voting', result = NULL WHERE id = $1`, [e.id]);
      await sql(run, `DELETE FROM council_members WHERE election_id = $1`, [e.id]);
      const t0 = performance.now();
      const result = await countElection(s, e.id);
      countRuns.push((performance.now() - t0) / 1000);
      stages = result!.stages.length;
      // The parts, measured apart: loading the grouped ballots, and the pure count.
      const l0 = performance.now();
      const election = await electionForCount(s.database.db, (await getElection(s.database.db, e.id))!);
      loads.push((performance.now() - l0) / 1000);
      distinct = election.ballots.length;
      const c0 = performance.now();
      countStv(election, { method: 'scottish', seed: 'bench' });
      pure.push((performance.now() - c0) / 1000);
    }

    // Live tallies: 10 open proposals, 10,000 voters each, one SDK client watching the chamber.
    const proposalIds: string[] = [];
    for (let i = 0; i < PROPOSALS; i++) {
      const { proposal } = await createProposal(s.database.db, {
        authorId: candidateIds[i], kind: 'feature', title: `bench ${i}`, deposit: 0n, periodMs: 3_600_000, now: new Date(),
      });
      proposalIds.push(proposal.id);
    }
    const watcher = new Client(run.url);
    watcher.auth.token = signToken(s.config.jwtSecret, { sub: candidateIds[0], name: 'gb1' });
    const room = await watcher.joinOrCreate('council');
    room.onMessage('me', () => {});
    await waitFor(() => room.state.proposals?.size === PROPOSALS, 10_000, 'proposals in the chamber');
    const jobs: Array<[string, string, boolean]> = [];
    for (let v = 0; v < VOTERS; v++) {
      for (let p = 0; p < PROPOSALS; p++) jobs.push([voterIds[v], proposalIds[(p + v) % PROPOSALS], (v * 31 + p) % 3 !== 0]);
    }
    const latencies: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const [playerId, proposalId, support] = jobs[next++];
        const a = performance.now();
        await vote(s, playerId, proposalId, support);
        latencies.push(performance.now() - a);
      }
    }));
    const voteSeconds = (performance.now() - t0) / 1000;
    const totalVoters = () => {
      let n = 0;
      room.state.proposals.forEach((p: any) => (n += p.voters));
      return n;
    };
    await waitFor(() => totalVoters() === jobs.length, 60_000, 'the client sees every vote');
    const lastTallySeenAfterSeconds = (performance.now() - t0) / 1000;
    await room.leave();

    const figures: GovernanceBenchFigures = {
      ballots: BALLOTS, candidates: CANDIDATES, seats: SEATS, distinctRankings: distinct,
      countRunsSeconds: countRuns, countMedianSeconds: median(countRuns), loadMedianSeconds: median(loads),
      pureCountMedianSeconds: median(pure), stages,
      votes: jobs.length, voteConcurrency: CONCURRENCY, voteSeconds, votesPerSecond: jobs.length / voteSeconds,
      voteP50Ms: percentile(latencies, 50), voteP99Ms: percentile(latencies, 99), lastTallySeenAfterSeconds,
      machine: machine(),
    };
    console.log(`\n== governance (${figures.machine})`);
    console.log(`election count, service path: ${BALLOTS} ballots (${distinct} distinct rankings), ${CANDIDATES} candidates, ${SEATS} seats, ${stages} stages`);
    console.log(`  end to end (load grouped ballots from Postgres + count + store result + seat council): median ${(figures.countMedianSeconds * 1000).toFixed(0)} ms  runs ${countRuns.map((x) => (x * 1000).toFixed(0)).join(' / ')} ms`);
    console.log(`  of which load ${(figures.loadMedianSeconds * 1000).toFixed(0)} ms, pure countStv ${(figures.pureCountMedianSeconds * 1000).toFixed(0)} ms`);
    console.log(`live tallies: ${jobs.length} weighted votes on ${PROPOSALS} open proposals, ${CONCURRENCY} concurrent`);
    console.log(`  ${figures.votesPerSecond.toFixed(0)} votes/s applied and published (${voteSeconds.toFixed(1)} s), per vote p50 ${figures.voteP50Ms.toFixed(1)} ms p99 ${figures.voteP99Ms.toFixed(1)} ms`);
    console.log(`  the watching client saw the last tally ${lastTallySeenAfterSeconds.toFixed(1)} s after the first vote`);
    return figures;
  } finally {
    await run.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // Exit only after stdout has drained: process.exit() right away drops piped output.
  runGovernanceBench().then(() => process.stdout.write('', () => process.exit(0)), (err) => {
    console.error(err);
    process.exit(1);
  });
}

/**
 * Squads benchmark: a 100-member squad (brigade, level 6) on Postgres.
 *
 *   npx tsx tests/bench/squads-decisions.ts     (from the repo root; DATABASE_URL or local Postgres)
 *
 * 1. Treasury contributions: 100 members × 10 contributions, all in flight at once
 *    (one ledger transfer + score update each): per-call latency p50/p99 and throughput.
 * 2. Votes: all 100 members vote on one decision at once: per-vote latency p50/p99.
 * 3. Close: a passed distribute_profits decision paying 100 members pro rata in the closing
 *    transaction: seconds for the close.
 * 4. Live room: chat line posted by one member → seen in the decoded state of 50 real SDK
 *    clients of the squad room: p50/p99 over 30 lines.
 * Ledger invariant checked at the end. Databases are dropped afterwards.
 */
import { pathToFileURL } from 'node:url';
import { Client, type Room } from '@colyseus/sdk';
import {
  castDecisionVote, closeDecision, contributeToTreasury, createPlayer, createSquad, createTestDatabase, joinSquad,
  ledgerInvariant, mint, proposeDecision, schema, withTransaction, type Db,
} from '@datavism/db';
import { signToken } from '@datavism/game-server';
import { startGame } from '../utils/game';
import { machine, median, percentile } from './machine';

export interface SquadsBenchFigures {
  machine: string;
  members: number;
  contributions: number;
  contributeP50Ms: number;
  contributeP99Ms: number;
  contributionsPerSecond: number;
  voteP50Ms: number;
  voteP99Ms: number;
  closeDistributeMs: number;
  chatClients: number;
  chatLines: number;
  chatFanoutP50Ms: number;
  chatFanoutP99Ms: number;
  invariantHolds: boolean;
}

const NOW = new Date('2026-11-21T12:00:00Z');

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function bigSquad(db: Db, n: number, tag: string) {
  const players = [];
  for (let i = 0; i < n; i++) players.push(await createPlayer(db, { name: `${tag}${i}`, passwordHash: 'x' }));
  const squad = await createSquad(db, { leaderId: players[0].id, name: `Bench ${tag}`, type: 'brigade' });
  // 300 territories liberated → 150000+ points → level 6, cap 100 (a fresh database: this is its only squad).
  await db.update(schema.squads).set({ territoriesLiberated: 300, level: 6 });
  for (const p of players.slice(1)) await joinSquad(db, squad.id, p.id);
  return { squad, players };
}

export async function runSquadsBench(): Promise<SquadsBenchFigures> {
  const test = await createTestDatabase('postgres', { poolSize: 20 });
  const db = test.database.db;
  try {
    const { squad, players } = await bigSquad(db, 100, 'sqb');
    for (const p of players) {
      await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: p.id }, 'resistance_credits', 10_000n, 'bench'));
    }

    const contribLatencies: number[] = [];
    const t0 = performance.now();
    await Promise.all(players.map(async (p, i) => {
      for (let k = 0; k < 10; k++) {
        contribLatencies.push(await timed(() => contributeToTreasury(db, {
          squadId: squad.id, playerId: p.id, resource: 'resistance_credits', amount: BigInt(1 + ((i + k) % 50)),
        })));
      }
    }));
    const contribSeconds = (performance.now() - t0) / 1000;

    const decision = await proposeDecision(db, {
      squadId: squad.id, proposerId: players[0].id, now: NOW, periodMs: 3_600_000,
      payload: { kind: 'distribute_profits', resource: 'resistance_credits', amount: '2000' },
    });
    const voteLatencies = await Promise.all(players.map((p) => timed(() => castDecisionVote(db, {
      decisionId: decision.id, playerId: p.id, yes: true, now: NOW,
    }))));
    const closeMs = await timed(() => closeDecision(db, { decisionId: decision.id, now: new Date(NOW.getTime() + 3_600_000) }));
    const invariantHolds = (await ledgerInvariant(db)).every((l) => l.holds);

    const fanout = await chatFanout(50, 30);
    return {
      machine: machine(),
      members: players.length,
      contributions: contribLatencies.length,
      contributeP50Ms: median(contribLatencies),
      contributeP99Ms: percentile(contribLatencies, 99),
      contributionsPerSecond: contribLatencies.length / contribSeconds,
      voteP50Ms: median(voteLatencies),
      voteP99Ms: percentile(voteLatencies, 99),
      closeDistributeMs: closeMs,
      chatClients: 50,
      chatLines: 30,
      chatFanoutP50Ms: median(fanout),
      chatFanoutP99Ms: percentile(fanout, 99),
      invariantHolds,
    };
  } finally {
    await test.drop();
  }
}

/** Chat line → last of `clients` SDK clients sees it in its decoded state. */
async function chatFanout(clients: number, lines: number): Promise<number[]> {
  const run = await startGame({ db: 'postgres' });
  try {
    const s = run.game.services;
    // No rate limit in the way of the measurement.
    await s.parameters.set({ name: 'chat_messages_per_window', value: 50, changedBy: 'bench', reason: 'bench' });
    const { squad, players } = await bigSquad(s.database.db, clients, 'sqc');
    const rooms: Room<any, any>[] = [];
    for (const p of players) {
      const c = new Client(run.url);
      c.auth.token = signToken(s.config.jwtSecret, { sub: p.id, name: p.name });
      rooms.push(await c.joinOrCreate('squad', { squadId: squad.id }));
    }
    const out: number[] = [];
    for (let i = 0; i < lines; i++) {
      const body = `bench line ${i}`;
      const seen = rooms.map((r) => new Promise<void>((resolve) => {
        const check = () => {
          const last = r.state.chat?.at?.(-1) ?? (r.state.chat?.length ? r.state.chat[r.state.chat.length - 1] : undefined);
          if (last?.body === body) resolve();
          else setTimeout(check, 1);
        };
        check();
      }));
      const t = performance.now();
      rooms[i % rooms.length].send('chat', { body });
      await Promise.all(seen);
      out.push(performance.now() - t);
      // Stay within the per-player window of 50 messages / 10 s.
    }
    for (const r of rooms) await r.leave();
    return out;
  } finally {
    await run.close();
  }
}

function print(f: SquadsBenchFigures): void {
  console.log(`machine: ${f.machine}`);
  console.log(`squad of ${f.members}: ${f.contributions} concurrent treasury contributions: p50 ${f.contributeP50Ms.toFixed(1)} ms, `
    + `p99 ${f.contributeP99Ms.toFixed(1)} ms, ${f.contributionsPerSecond.toFixed(0)}/s`);
  console.log(`${f.members} simultaneous votes on one decision: p50 ${f.voteP50Ms.toFixed(1)} ms, p99 ${f.voteP99Ms.toFixed(1)} ms`);
  console.log(`close + pro-rata distribution to ${f.members} members in one transaction: ${f.closeDistributeMs.toFixed(1)} ms`);
  console.log(`chat line → ${f.chatClients} SDK clients' decoded state (${f.chatLines} lines): p50 ${f.chatFanoutP50Ms.toFixed(1)} ms, `
    + `p99 ${f.chatFanoutP99Ms.toFixed(1)} ms`);
  console.log(`ledger invariant ${f.invariantHolds ? 'holds' : 'BROKEN'}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runSquadsBench()
    .then(print)
    .then(() => process.exit(0))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}

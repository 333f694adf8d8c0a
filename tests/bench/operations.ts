/**
 * Operations benchmarks (issue 5):
 *
 *   npx tsx tests/bench/operations.ts            (from the repo root; DATABASE_URL or local Postgres)
 *   OPS_BENCH_CLIENTS=1000 OPS_BENCH_SECONDS=15 npx tsx tests/bench/operations.ts
 *
 * 1. Contributors: one operation on a server in its own process, N connected SDK clients
 *    (default 300, up to 1,000) spread over OPS_BENCH_FLEETS child processes (default 2,
 *    ops-fleet.ts), each sending `contribute` twice a second after a 3 s warm-up; latency = send → the first state patch that client
 *    receives after the server's `contributed` ack (the patch carrying that progress).
 *    p50 / p99 printed (goal p99 ≤ 150 ms).
 * 2. Payout: an operation with 100,000 participants resolved in one set-based pass on
 *    Postgres (goal ≤ 5 s); the ledger invariant is checked after it.
 */
import { pathToFileURL } from 'node:url';
import { forkFleets, nextMessage } from './fleet-process';
import type { OpsFleetJob, OpsFleetReport } from './ops-fleet';
import {
  createOperation, createPlayer, ledgerInvariant, mint, openDatabase, resolveOperation, withTransaction, type Db,
} from '@datavism/db';
import { signToken } from '@datavism/game-server';
import { startServerProcess } from '../utils/process';
import { tempDir } from '../utils/env';
import { freshPostgresDatabase } from '../utils/pg';
import { machine, median, percentile, processCpuSeconds, stealMeter } from './machine';
import { describeHistogram, histogramDelta, readHistogram } from './server-metrics';

export interface OperationsBenchFigures {
  clients: number;
  seconds: number;
  contributions: number;
  p50Ms: number;
  p99Ms: number;
  payoutParticipants: number;
  payoutSeconds: number;
  payoutRecipients: number;
  invariantHolds: boolean;
  machine: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WARM_UP_MS = 3000;

/** An active global operation open for an hour, one cpu_cycles objective no bench can complete. */
export async function benchOperation(db: Db, name: string): Promise<{ id: string }> {
  const now = new Date();
  const { operation } = await createOperation(db, {
    type: 'global', name, briefing: '', handler: 'h', phase: 'active', startsAt: now, activeAt: now,
    endsAt: new Date(now.getTime() + 3_600_000),
    objectives: [{ tier: 'primary', kind: 'contribute', title: 'c', resource: 'cpu_cycles', target: 1_000_000_000 }],
  });
  return operation;
}

/**
 * `refusedShare` of the players hold nothing, so every contribution of theirs is refused
 * (INSUFFICIENT_FUNDS) — the case where achievement bookkeeping (perfect_run) writes; `serverEnv`
 * goes to the server process (e.g. ACHIEVEMENT_DETECTION=off).
 */
export async function contributorsBench(
  clients: number, seconds: number, fleets: number,
  opts: { refusedShare?: number; serverEnv?: Record<string, string> } = {},
) {
  // The server in its own process (as in production); the SDK clients in `fleets` others.
  const pg = await freshPostgresDatabase('opsload');
  const secret = 'ops-bench-secret-'.padEnd(40, 'x');
  const server = await startServerProcess(28000 + Math.floor(Math.random() * 1000), {
    DATABASE_URL: pg.url, JWT_SECRET: secret, DATA_DIR: tempDir(), RECONNECT_SECONDS: '0', LOG_LEVEL: 'error', ...opts.serverEnv,
  });
  const database = await openDatabase({ databaseUrl: pg.url });
  try {
    const { db } = database;
    const operation = await benchOperation(db, 'bench');
    const tokens: string[] = [];
    for (let i = 0; i < clients; i++) {
      const p = await createPlayer(db, { name: `bench_${i}_${Date.now().toString(36)}`, passwordHash: 'x' });
      const refused = i % 100 < Math.round((opts.refusedShare ?? 0) * 100);
      if (!refused) await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: p.id }, 'cpu_cycles', 1_000_000n, 'bench'));
      tokens.push(signToken(secret, { sub: p.id, name: p.name }));
    }
    // The clients run in `fleets` child processes (ops-fleet.ts), started together.
    const per = Math.ceil(tokens.length / fleets);
    const children = forkFleets(new URL('./ops-fleet.ts', import.meta.url), 'OPS_FLEET', fleets);
    try {
      await Promise.all(children.map((child, f) => {
        const joined = nextMessage<any>(child, 'joined');
        child.send({
          url: server.url, operationId: operation.id, tokens: tokens.slice(f * per, (f + 1) * per), offset: f * per,
          total: tokens.length, warmUpMs: WARM_UP_MS, seconds,
        } satisfies OpsFleetJob);
        return joined;
      }));
      const serverCpu0 = processCpuSeconds(server.child.pid!);
      const steal = stealMeter();
      const reports = children.map((child) => nextMessage<any>(child, 'report'));
      for (const child of children) child.send({ type: 'go' });
      const wall = WARM_UP_MS / 1000 + seconds;
      await sleep(WARM_UP_MS);
      // The server's own view of the measured window: its batch transactions and received → broadcast.
      const commits0 = await readHistogram(server.url, 'datavism_room_commit_seconds', 'operation');
      const inputs0 = await readHistogram(server.url, 'datavism_room_input_seconds', 'operation');
      await sleep(seconds * 1000);
      const commits = histogramDelta(await readHistogram(server.url, 'datavism_room_commit_seconds', 'operation'), commits0);
      const inputs = histogramDelta(await readHistogram(server.url, 'datavism_room_input_seconds', 'operation'), inputs0);
      const serverCpu = processCpuSeconds(server.child.pid!) - serverCpu0;
      const stolen = steal();
      console.log(`server side: batch transactions ${describeHistogram(commits)} (${(inputs.count / Math.max(1, commits.count)).toFixed(0)} contributions per batch); `
        + `contribution received → broadcast ${describeHistogram(inputs)}`);
      const done: OpsFleetReport[] = (await Promise.all(reports)).map((m) => m.report);
      console.log(`contributors: server ${Math.round((serverCpu / wall) * 100)} % of a core, `
        + `${fleets} client processes ${Math.round((done.reduce((a, r) => a + r.cpuSeconds, 0) / wall) * 100)} %, `
        + `CPU steal by the VM host ${(stolen * 100).toFixed(0)} %`);
      const latencies = done.flatMap((r) => r.latencies);
      const sentAt = done.flatMap((r) => r.sentAt);
      return { contributions: latencies.length, sent: done.reduce((a, r) => a + r.sent, 0), latencies, sentAt };
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    }
  } finally {
    await database.close();
    await server.kill();
    await pg.drop();
  }
}

async function payoutBench(participants: number) {
  const pg = await freshPostgresDatabase('opsbench');
  const database = await openDatabase({ databaseUrl: pg.url });
  try {
    const { db } = database;
    const now = new Date();
    const { operation } = await createOperation(db, {
      type: 'global', name: 'payout', briefing: '', handler: 'h', phase: 'active', startsAt: now, activeAt: now, endsAt: now,
      objectives: [{ tier: 'primary', kind: 'solve_challenges', title: 's', target: 1 }],
      pool: { resource: 'resistance_credits', amount: 10_000_000n },
    });
    await pg.query('UPDATE operation_objectives SET progress = 1 WHERE operation_id = $1', [operation.id]);
    await pg.query(`INSERT INTO operation_participants (operation_id, player_id, name, points)
      SELECT $1::uuid, md5(g::text)::uuid::text, 'p' || g, 1 + (g * 7919) % 100000 FROM generate_series(1, $2::int) g`, [operation.id, participants]);
    const t0 = performance.now();
    const result = await resolveOperation(db, operation.id);
    const payoutSeconds = (performance.now() - t0) / 1000;
    const invariantHolds = (await ledgerInvariant(db)).every((l) => l.holds);
    return { payoutSeconds, recipients: result.recipients, invariantHolds };
  } finally {
    await database.close();
    await pg.drop();
  }
}

export async function runOperationsBench(): Promise<OperationsBenchFigures> {
  const clients = Math.min(1000, Number(process.env.OPS_BENCH_CLIENTS ?? 300));
  const seconds = Number(process.env.OPS_BENCH_SECONDS ?? 10);
  const participants = Number(process.env.OPS_BENCH_PARTICIPANTS ?? 100_000);
  const fleets = Math.max(1, Number(process.env.OPS_BENCH_FLEETS ?? 2));
  const c = await contributorsBench(clients, seconds, fleets);
  const p = await payoutBench(participants);
  return {
    clients, seconds, contributions: c.contributions,
    p50Ms: median(c.latencies), p99Ms: percentile(c.latencies, 99),
    payoutParticipants: participants, payoutSeconds: p.payoutSeconds, payoutRecipients: p.recipients,
    invariantHolds: p.invariantHolds, machine: machine(),
  };
}

function print(f: OperationsBenchFigures): void {
  console.log(`machine: ${f.machine}`);
  console.log(`contributors: ${f.clients} clients × 2/s for ${f.seconds} s after a ${WARM_UP_MS / 1000} s warm-up = ${f.contributions} sampled contributions; `
    + `contribution→progress-broadcast p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms (goal ≤ 150 ms: ${f.p99Ms <= 150 ? 'met' : 'MISSED'})`);
  console.log(`payout: ${f.payoutParticipants.toLocaleString('en')} participants in one set-based pass: ${f.payoutSeconds.toFixed(2)} s `
    + `(${f.payoutRecipients.toLocaleString('en')} transfers; goal ≤ 5 s: ${f.payoutSeconds <= 5 ? 'met' : 'MISSED'}); ledger invariant ${f.invariantHolds ? 'holds' : 'BROKEN'}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runOperationsBench()
    .then(print)
    .then(() => process.exit(0))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}

/**
 * Leaderboards end to end (GAME §5.1, §6.5) with real server processes on one Postgres database:
 * players win a siege (war room) and contribute to an operation (operation room), see their live
 * standings over HTTP; a second process whose calendar clock stands just before Liberation Sunday
 * (CLOCK_OFFSET_MS) closes the week and pays its top 10 through the ledger; the first process,
 * restarted on the same calendar, runs the close job beside it and pays nothing again.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Room } from '@colyseus/sdk';
import { ledgerInvariant, mint, openDatabase, setParameter, withTransaction, type Database } from '@datavism/db';
import { LEADERBOARDS, leaderboardRewards, leaderboardWeek, type LeaderboardWeek } from '@datavism/rules';
import { freshPostgresDatabase } from '../utils/pg';
import { startServerProcess, type ServerProcess } from '../utils/process';
import { sleep, tempDir, waitFor } from '../utils/env';
import { api, registerPlayer } from '../utils/http';
import { deploy, joinWar, makeSquad, pickTerritory, q, type TestSquad } from './territory-fixtures';

const SECRET = 'l'.repeat(40);
const REWARDS = leaderboardRewards();
const code = (key: string) => LEADERBOARDS.find((b) => b.key === key)!.code;

let pg: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let database: Database;
const servers: ServerProcess[] = [];
/** The calendar week the game is played in: the one after the real week. */
let week: LeaderboardWeek;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
}

/**
 * A server process whose calendar clock runs `offsetMs` ahead of the real one (CLOCK_OFFSET_MS).
 * TIME_SCALE 60: a 60 s battle window lasts 1 s, and the close job looks every second.
 */
async function serverWithOffset(offsetMs: number): Promise<ServerProcess> {
  const server = await startServerProcess(await freePort(), {
    DATABASE_URL: pg.url, JWT_SECRET: SECRET, DATA_DIR: tempDir(), TIME_SCALE: '60', CLOCK_OFFSET_MS: String(Math.round(offsetMs)),
    ADMIN_NAME: 'lb_admin', ADMIN_PASSWORD: 'admin-password-1',
  });
  servers.push(server);
  return server;
}

async function leaderboardPayments(): Promise<{ key: string; owner: string; amount: number }[]> {
  return pg.query(`SELECT t.idempotency_key AS key, a.owner_id AS owner, t.amount::int AS amount FROM transfers t
    JOIN accounts a ON a.id = t.to_account_id WHERE t.reason = 'leaderboard_reward' ORDER BY t.idempotency_key`);
}

beforeAll(async () => {
  pg = await freshPostgresDatabase('leaderboards');
  database = await openDatabase({ databaseUrl: pg.url, poolSize: 2 }); // migrates
  week = leaderboardWeek(leaderboardWeek(new Date()).closesAt);
  // Loaded by the processes at boot: no muster for anyone (strike teams skip it anyway).
  await setParameter(database.db, { name: 'travel_seconds_per_hex', value: 0, changedBy: 'leaderboards-test', reason: 'fast' });
}, 120_000);
afterAll(async () => {
  for (const s of servers) await s.kill('SIGKILL').catch(() => {});
  await database?.close();
  await pg?.drop();
});

describe('leaderboards end to end (two server processes, Postgres)', () => {
  it('points through the public protocol, live standings with rank and neighbours, one close on Liberation Sunday, no second payment', async () => {
    // Process A plays on the Saturday noon of `week`.
    const a = await serverWithOffset(week.closesAt.getTime() - 12 * 3_600_000 - Date.now());
    // Its first close run moves the boards from the real week (the migration's) onto `week`.
    await waitFor(async () => (await pg.query('SELECT count(*)::int AS n FROM leaderboard_boards WHERE open_week = $1', [week.id]))[0].n === 8,
      20_000, 'boards on the calendar week');

    // A siege won through the war room: four committed strike_team members (48 vs 39).
    const squad: TestSquad = await makeSquad(database.db, SECRET, { type: 'strike_team', size: 5, missionsCompleted: 45 });
    const target = await pickTerritory(database.db, 'occupied', new Set());
    await q(database.db, 'UPDATE territories SET garrison = 30 WHERE id = $1', [target]);
    const attackers = squad.members.slice(0, 4);
    await deploy(database.db, attackers, target);
    const leader = await joinWar(a.url, squad.members[0]!.token);
    leader.room.send('declare_siege', { territoryId: target });
    const declared = await waitFor(() => leader.declared[0], 10_000, 'siege_declared');
    await waitFor(async () => (await q(database.db, 'SELECT result FROM sieges WHERE id = $1', [declared.siegeId]))[0]?.result, 20_000, 'siege resolved');
    expect((await q(database.db, 'SELECT result FROM sieges WHERE id = $1', [declared.siegeId]))[0].result).toBe('attacker');
    await leader.close();

    // An operation: two players contribute cpu_cycles through the operation room.
    const admin = (await api(a.url, 'POST', '/api/auth/login', { name: 'lb_admin', password: 'admin-password-1' })).body.token as string;
    const created = await api(a.url, 'POST', '/api/gm/operations', {
      operation: {
        type: 'rapid', name: 'Board Op', briefing: 'b', handler: 'Cipher', requiredPlayers: 1, pool: { resource: 'resistance_credits', amount: 100 },
        objectives: [{ tier: 'primary', kind: 'contribute', title: 'Cycles', resource: 'cpu_cycles', target: 1000 }],
      },
    }, admin);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const [p1, p2] = [await registerPlayer(a.url), await registerPlayer(a.url)];
    for (const p of [p1, p2]) await withTransaction(database.db, (tx) => mint(tx, { kind: 'player', id: p.player.id }, 'cpu_cycles', 500n, 'test_fund'));
    for (const [p, amount] of [[p1, 200], [p2, 50]] as const) {
      const client = new Client(a.url);
      client.auth.token = p.token;
      const room: Room<any, any> = await client.joinOrCreate('operation', { operationId: created.body.id });
      const done: unknown[] = [];
      room.onMessage('contributed', (m) => done.push(m));
      room.onMessage('*', () => {});
      room.send('join', {});
      await sleep(200);
      room.send('contribute', { resource: 'cpu_cycles', amount });
      await waitFor(() => done.length === 1, 10_000, 'contributed');
      await room.leave();
    }

    // Live standings over HTTP, each player's own rank and neighbours.
    const view = async (token: string, board: string, query = '') => {
      const r = await api(a.url, 'GET', `/api/leaderboards/${board}${query}`, undefined, token);
      expect(r.status).toBe(200);
      return r.body;
    };
    const ops1 = await view(p1.token, 'operation_points');
    expect(ops1.period.week.id).toBe(week.id);
    expect(ops1.top.map((t: any) => t.subjectId)).toEqual([p1.player.id, p2.player.id]);
    expect(ops1.me).toMatchObject({ subjectId: p1.player.id, rank: 1, tiedWith: 0, above: [], below: [{ subjectId: p2.player.id, rank: 2 }] });
    const ops2 = await view(p2.token, 'operation_points');
    expect(ops2.me).toMatchObject({ rank: 2, above: [{ subjectId: p1.player.id, rank: 1 }], below: [] });
    const sieges = await view(attackers[1]!.token, 'sieges_won');
    expect(sieges.entries).toBe(4);
    expect(sieges.me).toMatchObject({ subjectId: attackers[1]!.id, score: 1, rank: 1, tiedWith: 3 });
    const squadBoard = await view(attackers[1]!.token, 'squad_sieges_won', '?period=all');
    expect(squadBoard.me).toMatchObject({ subjectId: squad.id, rank: 1, score: 1 });
    expect((await view(squad.members[4]!.token, 'sieges_won')).me).toBeNull(); // not committed, no win
    expect((await api(a.url, 'GET', '/api/leaderboards/nope', undefined, p1.token)).status).toBe(404);
    expect((await api(a.url, 'GET', '/api/leaderboards/sieges_won?period=202600', undefined, p1.token)).status).toBe(400);
    expect(await leaderboardPayments()).toEqual([]);

    // Process B's calendar stands 4 s before Liberation Sunday: it closes the week; A (Saturday noon) does not.
    const balancesBefore = new Map<string, number>();
    for (const r of await pg.query(`SELECT a.owner_id AS owner, b.amount::int AS amount FROM balances b JOIN accounts a ON a.id = b.account_id
      WHERE b.resource = 'resistance_credits' AND a.kind IN ('player', 'squad')`)) balancesBefore.set(r.owner, r.amount);
    const [{ lastTransfer }] = await pg.query('SELECT coalesce(max(id), 0)::bigint AS "lastTransfer" FROM transfers');
    const offsetB = week.closesAt.getTime() - 4_000 - Date.now();
    const b = await serverWithOffset(offsetB);
    await waitFor(async () => (await pg.query(`SELECT count(*)::int AS n FROM leaderboard_seasons WHERE week = $1 AND status = 'closed'`, [week.id]))[0].n === 8,
      30_000, 'the eight seasons closed');
    const paid = await leaderboardPayments();
    // sieges_won: four tied at 1, reached in one transaction → places by id; the squad wins squad_sieges_won.
    const byId = attackers.map((m) => m.id).sort();
    const board = (key: string) => paid.filter((x) => x.key.startsWith(`leaderboard:${code(key)}:${week.id}:`));
    expect(board('sieges_won').map((x) => [x.owner, x.amount])).toEqual(byId.map((id, i) => [id, REWARDS[i]]));
    expect(board('squad_sieges_won').map((x) => [x.owner, x.amount])).toEqual([[squad.id, 1000]]);
    expect(board('operation_points').map((x) => [x.owner, x.amount])).toEqual([[p1.player.id, 1000], [p2.player.id, 600]]);
    // Every award is one transfer of its place's reward, and balances moved by exactly those transfers.
    const awards = await pg.query(`SELECT board, place, subject_id::text AS subject, reward::int AS reward FROM leaderboard_awards WHERE week = $1`, [week.id]);
    expect(paid).toHaveLength(awards.length);
    for (const aw of awards) {
      expect(paid).toContainEqual({ key: `leaderboard:${aw.board}:${week.id}:${aw.place}`, owner: aw.subject, amount: REWARDS[aw.place - 1] });
    }
    const gained = new Map<string, number>();
    for (const x of paid) gained.set(x.owner, (gained.get(x.owner) ?? 0) + x.amount);
    for (const [owner, amount] of gained) {
      const [row] = await pg.query(`SELECT coalesce(sum(b.amount), 0)::int AS n FROM balances b JOIN accounts a ON a.id = b.account_id
        WHERE a.owner_id = $1 AND a.kind IN ('player', 'squad') AND b.resource = 'resistance_credits'`, [owner]);
      // Other credits may land meanwhile (the hourly territory income of the squad's new ground on
      // B's calendar): the balance moved by the awards plus exactly those other transfers.
      const [other] = await pg.query(`SELECT coalesce(sum(CASE WHEN ta.owner_id = $1 AND ta.kind IN ('player', 'squad') THEN t.amount ELSE 0 END)
          - sum(CASE WHEN fa.owner_id = $1 AND fa.kind IN ('player', 'squad') THEN t.amount ELSE 0 END), 0)::int AS n
        FROM transfers t JOIN accounts ta ON ta.id = t.to_account_id JOIN accounts fa ON fa.id = t.from_account_id
        WHERE t.id > $2 AND t.resource = 'resistance_credits' AND t.reason <> 'leaderboard_reward'
          AND (ta.owner_id = $1 AND ta.kind IN ('player', 'squad') OR fa.owner_id = $1 AND fa.kind IN ('player', 'squad'))`, [owner, lastTransfer]);
      expect(row.n - (balancesBefore.get(owner) ?? 0)).toBe(amount + other.n);
    }
    const titles = (await pg.query('SELECT titles FROM players WHERE id = $1', [p1.player.id]))[0].titles;
    expect(titles).toContain('Operative_of_the_Week');

    // A restarts on B's calendar: both run the close job every second; nothing is paid again.
    await a.kill('SIGKILL');
    const a2 = await serverWithOffset(offsetB);
    await sleep(5_000);
    expect(await leaderboardPayments()).toEqual(paid);
    const runs = await pg.query(`SELECT count(DISTINCT process)::int AS n FROM job_runs WHERE name = 'leaderboard-close' AND started_at > now() - interval '4 seconds'`);
    expect(runs[0].n).toBeGreaterThanOrEqual(1);
    for (const line of await ledgerInvariant(database.db)) expect(line.holds).toBe(true);

    // Archived seasons over HTTP (public), and the closed week's standings with its season.
    const archive = await api(a2.url, 'GET', '/api/leaderboards/seasons?limit=8');
    expect(archive.body.seasons.map((s: any) => s.week.id)).toEqual(new Array(8).fill(week.id));
    const opsSeason = archive.body.seasons.find((s: any) => s.board === 'operation_points');
    expect(opsSeason).toMatchObject({ status: 'closed', entries: 2, awards: [{ place: 1, subjectId: p1.player.id, reward: 1000, title: 'Operative_of_the_Week' }, { place: 2, reward: 600 }] });
    const closed = await api(b.url, 'GET', `/api/leaderboards/operation_points?period=${week.id}`, undefined, p2.token);
    expect(closed.body.season.status).toBe('closed');
    expect(closed.body.me).toMatchObject({ rank: 2 });
    // New points go to the next week.
    const next = await api(b.url, 'GET', '/api/leaderboards/operation_points', undefined, p2.token);
    expect(next.body.period.week.id).toBe(leaderboardWeek(week.closesAt).id);
    expect(next.body.top).toEqual([]);
    expect((await api(b.url, 'GET', `/api/leaderboards/titles/${p1.player.id}`)).body.titles).toContainEqual({ board: 'operation_points', week: week.id, title: 'Operative_of_the_Week' });
    // "Leaderboard results" (regular tier): one inbox row per rewarded player, the squad's members for a squad.
    const notices = await pg.query(`SELECT r.player_id::text AS player, n.title FROM notifications n
      JOIN notification_recipients r ON r.notification_id = n.id WHERE n.kind = 'leaderboard_result'`);
    expect(notices.filter((x: any) => x.player === p1.player.id).map((x: any) => x.title)).toContain(`Leaderboard ${week.label}: #1 in Operation points`);
    expect(notices.filter((x: any) => x.title === `Leaderboard ${week.label}: #1 in Squad sieges won` && squad.members.some((m) => m.id === x.player))).toHaveLength(5);
  }, 240_000);
});

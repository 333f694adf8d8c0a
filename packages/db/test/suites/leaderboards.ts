import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  ALL_TIME_PERIOD, LEADERBOARDS, createRng, influenceGain, leaderboardRewards, leaderboardWeek, leaderboardWeekById, rankStandings,
  type StandingInput,
} from '@datavism/rules';
import {
  applyReputationDecay, balanceOf, closeEndedLeaderboardWeeks, contributeToTreasury, countScoresAbove, createSquad,
  foldLeaderboardRanks, freezeLeaderboardWeek, getLeaderboardSeason, leaderboardAround, leaderboardBoards, leaderboardEntries,
  leaderboardTitles, leaderboardTop, ledgerInvariant, mint, recordSiegeWinTx, withTransaction, type Db,
  confirmIntel, contributeToOperation, createCustomChallenge, createOperation, joinOperation, solveChallenge, submitIntel,
} from '../../src/index';
import { newPlayer, rowsOf, type Ctx } from '../harness';

const board = (key: string) => LEADERBOARDS.find((b) => b.key === key)!.code;
const REWARDS = leaderboardRewards();

/** Points straight through the one writer the triggers use. */
async function add(db: Db, code: number, subjects: readonly string[], amounts: readonly number[]): Promise<void> {
  await db.execute(sql`SELECT leaderboard_add(${code}::smallint, ${`{${subjects.join(',')}}`}::uuid[], ${`{${amounts.join(',')}}`}::bigint[])`);
}

async function scoreOf(db: Db, code: number, period: number, subjectId: string): Promise<number | null> {
  const [row] = await rowsOf<{ score: unknown }>(db, sql`SELECT score FROM leaderboard_scores
    WHERE board = ${code} AND period = ${period} AND subject_id = ${subjectId}::uuid`);
  return row ? Number(row.score) : null;
}

async function openWeek(db: Db, code: number): Promise<number> {
  return (await leaderboardBoards(db)).find((b) => b.board === code)!.openWeek;
}

async function invariantHolds(db: Db): Promise<void> {
  for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
}

const credits = (db: Db, kind: 'player' | 'squad', id: string) => balanceOf(db, { kind, id } as never, 'resistance_credits');

/** Leaderboards (GAME §5.1): storage, ranks, the sources, the exactly-once weekly close. */
export function leaderboardsSuite(ctx: Ctx): void {
  it('boards: the migration seeds the rules’ boards, each on the season of now', async () => {
    const boards = await leaderboardBoards(ctx.db);
    expect(boards.map((b) => [b.board, b.key, b.subject])).toEqual(LEADERBOARDS.map((b) => [b.code, b.key, b.subject]));
    // Created now (in this test run), so the open week is this week or, across a Sunday, the next.
    for (const b of boards) expect(b.openWeek).toBeGreaterThanOrEqual(leaderboardWeek(new Date(Date.now() - 3_600_000)).id);
  });

  it('standings: top 100, around-me and ranks equal the rules’ ranking — pending, partly folded and folded', async () => {
    const db = ctx.db;
    const period = 190101; // a period of its own: nothing else writes it
    const code = board('operation_points');
    const rng = createRng(20261122).next;
    const entries: StandingInput[] = [];
    const base = Date.parse('2026-11-16T00:00:00Z');
    for (let i = 0; i < 400; i++) {
      // Few distinct scores (many ties) and a few large ones (high digits of the rank counts).
      const score = i % 50 === 0 ? 70_000 + Math.floor(rng() * 3) * 65_536 : Math.floor(rng() * 30);
      entries.push({ subjectId: randomUUID(), score, reachedAt: new Date(base + Math.floor(rng() * 20) * 60_000) });
    }
    const write = async (list: StandingInput[]) => db.execute(sql`INSERT INTO leaderboard_scores AS s (board, period, subject_id, score, reached_at)
      SELECT ${code}, ${period}, x.id, x.score, x.at FROM jsonb_to_recordset(${JSON.stringify(list.map((e) => ({ id: e.subjectId, score: e.score, at: e.reachedAt })))}::jsonb)
        AS x(id uuid, score bigint, at timestamptz)
      ON CONFLICT (board, period, subject_id) DO UPDATE SET score = excluded.score, reached_at = excluded.reached_at, pending = true`);
    const check = async () => {
      const expected = rankStandings(entries);
      const top = await leaderboardTop(db, code, period, 100);
      expect(top.map((t) => [t.subjectId, t.score, t.rank])).toEqual(expected.slice(0, 100).map((e) => [e.subjectId, e.score, e.rank]));
      expect(await leaderboardEntries(db, code, period)).toBe(expected.length);
      const thresholds = [0, 1, 5, 29, 30, 69_999, 70_000, 135_536, 300_000];
      expect(await countScoresAbove(db, code, period, thresholds)).toEqual(thresholds.map((t) => entries.filter((e) => e.score > t).length));
      for (const pick of [0, 1, 2, 7, 50, 99, 100, 150, expected.length - 2, expected.length - 1]) {
        const me = expected[pick]!;
        const around = (await leaderboardAround(db, code, period, me.subjectId, 3))!;
        expect(around.me).toMatchObject({ subjectId: me.subjectId, score: me.score, rank: me.rank });
        expect(around.me.tiedWith).toBe(expected.filter((e) => e.score === me.score).length - 1);
        expect(around.above.map((a) => [a.subjectId, a.rank])).toEqual(expected.slice(Math.max(0, pick - 3), pick).map((e) => [e.subjectId, e.rank]));
        expect(around.below.map((a) => [a.subjectId, a.rank])).toEqual(expected.slice(pick + 1, pick + 4).map((e) => [e.subjectId, e.rank]));
        expect(around.entries).toBe(expected.length);
      }
      const zero = entries.find((e) => e.score === 0);
      if (zero) expect(await leaderboardAround(db, code, period, zero.subjectId)).toBeNull();
    };
    await write(entries);
    await check(); // nothing folded: every row pending
    while ((await foldLeaderboardRanks(db)) > 0);
    await check();
    // Scores move (up, down, to zero): pending again until folded, exact all along.
    for (let i = 0; i < 80; i++) {
      const e = entries[Math.floor(rng() * entries.length)]!;
      e.score = i % 10 === 0 ? 0 : Math.floor(rng() * 40);
      e.reachedAt = new Date(base + (30 + i) * 60_000);
    }
    await write(entries);
    await check();
    await foldLeaderboardRanks(db, 25); // part of them
    await check();
    while ((await foldLeaderboardRanks(db)) > 0);
    await check();
    const [left] = await rowsOf<{ n: unknown }>(db, sql`SELECT count(*) AS n FROM leaderboard_scores WHERE board = ${code} AND period = ${period} AND pending`);
    expect(Number(left.n)).toBe(0);
  });

  it('sources: a reputation rise adds the influence gained in hundredths (at the current multipliers); decay and multipliers add nothing', async () => {
    const db = ctx.db;
    const code = board('influence_gained');
    const week = await openWeek(db, code);
    const p = await newPlayer(db, { technicalMastery: 100, isSquadLeader: true });
    // The fixture's own write is a rise too: 0 → 100 technicalMastery as leader = 30 influence.
    expect(await scoreOf(db, code, week, p.id)).toBe(3000);
    await db.execute(sql`DELETE FROM leaderboard_scores WHERE board = ${code} AND subject_id = ${p.id}::uuid`);
    await db.execute(sql`UPDATE players SET impact_rating = impact_rating + 20, technical_mastery = technical_mastery + 10 WHERE id = ${p.id}::uuid`);
    const gain = influenceGain(
      { technicalMastery: 100, truthScore: 0, impactRating: 0, teachingHonor: 0, artisticVision: 0 },
      { technicalMastery: 110, truthScore: 0, impactRating: 20, teachingHonor: 0, artisticVision: 0 }, { squadLeader: true });
    expect(gain).toBe(1020);
    expect(await scoreOf(db, code, week, p.id)).toBe(1020);
    expect(await scoreOf(db, code, ALL_TIME_PERIOD, p.id)).toBe(1020);
    await db.execute(sql`UPDATE players SET first_blood = true WHERE id = ${p.id}::uuid`);
    await db.execute(sql`UPDATE players SET impact_rating = impact_rating - 5 WHERE id = ${p.id}::uuid`);
    await applyReputationDecay(db, new Date(Date.now() + 40 * 86_400_000));
    expect(await scoreOf(db, code, week, p.id)).toBe(1020);
  });

  it('sources: a siege win, a treasury contribution and a change of territory holder land on their boards', async () => {
    const db = ctx.db;
    const [lead, member] = [await newPlayer(db), await newPlayer(db)];
    const squad = await createSquad(db, { leaderId: lead.id, name: `LB${lead.id.slice(0, 8)}`, type: 'analysis' });
    await withTransaction(db, (tx) => recordSiegeWinTx(tx, { squadId: squad.id, playerIds: [lead.id, member.id, lead.id] }));
    await withTransaction(db, (tx) => recordSiegeWinTx(tx, { squadId: null, playerIds: [member.id] })); // the AC won: nothing
    const wk = (key: string) => openWeek(db, board(key));
    expect(await scoreOf(db, board('sieges_won'), await wk('sieges_won'), lead.id)).toBe(1);
    expect(await scoreOf(db, board('sieges_won'), await wk('sieges_won'), member.id)).toBe(1);
    expect(await scoreOf(db, board('squad_sieges_won'), await wk('squad_sieges_won'), squad.id)).toBe(1);
    // Treasury: 10 cpu_cycles (×0.5) and 3 data_credits (×2) = 11 points → 1100 hundredths.
    await withTransaction(db, async (tx) => {
      await mint(tx, { kind: 'player', id: lead.id }, 'cpu_cycles', 10n, 'test');
      await mint(tx, { kind: 'player', id: lead.id }, 'data_credits', 3n, 'test');
    });
    await contributeToTreasury(db, { squadId: squad.id, playerId: lead.id, resource: 'cpu_cycles', amount: 10n });
    await contributeToTreasury(db, { squadId: squad.id, playerId: lead.id, resource: 'data_credits', amount: 3n });
    expect(await scoreOf(db, board('squad_treasury'), await wk('squad_treasury'), squad.id)).toBe(1100);
    expect(await scoreOf(db, board('squad_treasury'), ALL_TIME_PERIOD, squad.id)).toBe(1100);
    // Territories: two gained, one lost; no all-time row until a close counts the week.
    const ids = await territoriesFor(db, 3);
    await db.execute(sql`UPDATE territories SET holder_squad_id = ${squad.id}, status = 'liberated' WHERE id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
    await db.execute(sql`UPDATE territories SET holder_squad_id = NULL, status = 'neutral' WHERE id = ${ids[0]!}`);
    expect(await scoreOf(db, board('squad_territories_held'), await wk('squad_territories_held'), squad.id)).toBe(2);
    expect(await scoreOf(db, board('squad_territories_held'), ALL_TIME_PERIOD, squad.id)).toBeNull();
  });

  it('sources: a challenge solve, a verified intel pattern and an operation contribution land on their boards', async () => {
    const db = ctx.db;
    const now = new Date();
    const wk = (key: string) => openWeek(db, board(key));
    const creator = await newPlayer(db, { technicalMastery: 400 }); // influence 100: may create challenges
    const solver = await newPlayer(db);
    const challenge = await createCustomChallenge(db, {
      creatorId: creator.id, title: 'Find it', description: 'd', answer: '42', rewardPoints: 10,
      startsAt: new Date(now.getTime() - 60_000), endsAt: new Date(now.getTime() + 3_600_000), now,
    });
    await solveChallenge(db, { challengeId: challenge.id, playerId: solver.id, answer: '42', now, xpMultiplier: 1 });
    expect(await scoreOf(db, board('challenges_solved'), await wk('challenges_solved'), solver.id)).toBe(1);
    expect(await scoreOf(db, board('challenges_solved'), ALL_TIME_PERIOD, solver.id)).toBe(1);
    // Three squadless confirmers verify a pattern: one each.
    const confirmers = [await newPlayer(db), await newPlayer(db), await newPlayer(db)];
    const base = { evidence: '', required: 3, dataCreditsMultiplier: 1 };
    const { claim } = await submitIntel(db, { ...base, playerId: confirmers[0]!.id, category: 'leak', claimText: `Memo ${randomUUID()}` });
    await confirmIntel(db, { ...base, playerId: confirmers[1]!.id, claimId: claim.id });
    expect(await scoreOf(db, board('intel_verified'), await wk('intel_verified'), confirmers[0]!.id)).toBeNull();
    await confirmIntel(db, { ...base, playerId: confirmers[2]!.id, claimId: claim.id });
    for (const c of confirmers) expect(await scoreOf(db, board('intel_verified'), await wk('intel_verified'), c.id)).toBe(1);
    // An operation contribution scores its points.
    const { operation } = await createOperation(db, {
      type: 'rapid', name: 'op', briefing: '', handler: 'h', startsAt: now, activeAt: now, endsAt: new Date(now.getTime() + 3_600_000),
      objectives: [{ tier: 'primary', kind: 'contribute', title: 'c', resource: 'data_credits', target: 100 }],
      pool: { resource: 'resistance_credits', amount: 0n }, phase: 'active',
    });
    const giver = await newPlayer(db);
    await withTransaction(db, (tx) => mint(tx, { kind: 'player', id: giver.id }, 'data_credits', 10n, 'test'));
    await joinOperation(db, operation.id, { id: giver.id, name: giver.name });
    const r = await contributeToOperation(db, { operationId: operation.id, player: { id: giver.id, name: giver.name }, resource: 'data_credits', amount: 10 });
    expect(r.points).toBeGreaterThan(0);
    expect(await scoreOf(db, board('operation_points'), await wk('operation_points'), giver.id)).toBe(r.points);
  });

  it('close: on Liberation Sunday the top 10 are paid 1000/600/400/200×7 once through the ledger, the winner gets the title, the archive is the frozen week', async () => {
    const db = ctx.db;
    const code = board('challenges_solved');
    const week = leaderboardWeekById(await openWeek(db, code))!;
    const players = [];
    for (let i = 0; i < 12; i++) players.push(await newPlayer(db));
    // Scores 12..1, except places 10 and 11 tie on 3: the earlier reach (player 9) wins place 10.
    for (let i = 0; i < 12; i++) {
      // PGlite's clock ticks in milliseconds: two adds in one tick would tie on reached_at too.
      if (i === 10) await new Promise((resolve) => setTimeout(resolve, 5));
      await add(db, code, [players[i]!.id], [i === 10 ? 3 : 12 - i]);
    }
    const before = await Promise.all(players.map((p) => credits(db, 'player', p.id)));
    const live = await leaderboardTop(db, code, week.id, 100);
    expect(await closeEndedLeaderboardWeeks(db, { now: new Date(week.closesAt.getTime() - 1), rewards: REWARDS })).toEqual([]);
    const settled = await closeEndedLeaderboardWeeks(db, { now: week.closesAt, rewards: REWARDS });
    const season = settled.find((s) => s.board === code)!;
    expect(season).toMatchObject({ week: week.id, status: 'closed', key: 'challenges_solved' });
    expect(season.awards.map((a) => [a.subjectId, a.place, a.reward])).toEqual(players.slice(0, 10).map((p, i) => [p.id, i + 1, REWARDS[i]]));
    expect(season.awards[0]!.title).toBe('Codebreaker_of_the_Week');
    for (const [i, p] of players.entries()) {
      expect(await credits(db, 'player', p.id) - before[i]!).toBe(BigInt(i < 10 ? REWARDS[i]! : 0));
    }
    expect((await rowsOf<{ titles: string[] }>(db, sql`SELECT titles FROM players WHERE id = ${players[0]!.id}::uuid`))[0]!.titles).toContain('Codebreaker_of_the_Week');
    expect(await leaderboardTitles(db, players[0]!.id)).toEqual([{ board: code, key: 'challenges_solved', week: week.id, title: 'Codebreaker_of_the_Week' }]);
    // The archive: the week's standings as they were at the close, its size recorded.
    expect(await leaderboardTop(db, code, week.id, 100)).toEqual(live);
    expect(season.entries).toBe(live.length);
    expect(season.totalScore).toBe(live.reduce((a, e) => a + e.score, 0));
    // Points after the close go to the next week; the closed week does not move; nothing pays twice.
    await add(db, code, [players[11]!.id], [100]);
    expect(await scoreOf(db, code, week.id, players[11]!.id)).toBe(1);
    expect(await scoreOf(db, code, leaderboardWeek(week.closesAt).id, players[11]!.id)).toBe(100);
    expect(await closeEndedLeaderboardWeeks(db, { now: new Date(week.closesAt.getTime() + 3_600_000), rewards: REWARDS })).toEqual([]);
    expect(await credits(db, 'player', players[0]!.id) - before[0]!).toBe(1000n);
    expect(await getLeaderboardSeason(db, code, week.id)).toMatchObject({ status: 'closed', entries: live.length });
    await invariantHolds(db);
  });

  it('close: three closes at once, and a run after a crash between freeze and payment, pay each place once', async () => {
    const db = ctx.db;
    const code = board('intel_verified');
    const week = leaderboardWeekById(await openWeek(db, code))!;
    const [a, b] = [await newPlayer(db), await newPlayer(db)];
    await add(db, code, [a.id, b.id], [5, 4]);
    const runs = await Promise.all([1, 2, 3].map(() => closeEndedLeaderboardWeeks(db, { now: week.closesAt, rewards: REWARDS })));
    expect(runs.flat().filter((s) => s.board === code)).toHaveLength(1);
    expect(await credits(db, 'player', a.id)).toBe(1000n);
    expect(await credits(db, 'player', b.id)).toBe(600n);
    // The next week: the process dies right after the freeze (season `closing`, nothing paid).
    const next = leaderboardWeekById(await openWeek(db, code))!;
    expect(next.id).toBe(leaderboardWeek(week.closesAt).id);
    await add(db, code, [b.id], [9]);
    expect(await freezeLeaderboardWeek(db, code, next.id, leaderboardWeek(next.closesAt).id, next.closesAt)).toBe(true);
    expect(await freezeLeaderboardWeek(db, code, next.id, leaderboardWeek(next.closesAt).id, next.closesAt)).toBe(false);
    expect(await getLeaderboardSeason(db, code, next.id)).toMatchObject({ status: 'closing', awards: [] });
    expect(await credits(db, 'player', b.id)).toBe(600n);
    const again = await Promise.all([1, 2].map(() => closeEndedLeaderboardWeeks(db, { now: next.closesAt, rewards: REWARDS })));
    expect(again.flat().filter((s) => s.board === code).map((s) => s.week)).toEqual([next.id]);
    expect(await credits(db, 'player', b.id)).toBe(1600n);
    const [paid] = await rowsOf<{ n: unknown }>(db, sql`SELECT count(*) AS n FROM transfers WHERE idempotency_key LIKE ${`leaderboard:${code}:${next.id}:%`}`);
    expect(Number(paid.n)).toBe(1);
    await invariantHolds(db);
  });

  if (ctx.kind === 'postgres') {
    it('close: a writer in flight holds the freeze back and its points land in the closed week; later points in the next', async () => {
      const db = ctx.db;
      const code = board('sieges_won');
      const week = leaderboardWeekById(await openWeek(db, code))!;
      const p = await newPlayer(db);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let wrote!: () => void;
      const written = new Promise<void>((r) => (wrote = r));
      const writer = withTransaction(db, async (tx) => {
        await tx.execute(sql`SELECT leaderboard_add(${code}::smallint, ARRAY[${p.id}::uuid], ARRAY[7::bigint])`);
        wrote();
        await held;
      });
      await written;
      const closing = closeEndedLeaderboardWeeks(db, { now: week.closesAt, rewards: REWARDS });
      await new Promise((r) => setTimeout(r, 300));
      expect(await openWeek(db, code)).toBe(week.id); // the freeze waits for the writer
      release();
      await writer;
      await closing;
      const season = (await getLeaderboardSeason(db, code, week.id))!;
      expect(season.awards.find((x) => x.subjectId === p.id)).toBeDefined();
      await add(db, code, [p.id], [1]);
      expect(await scoreOf(db, code, week.id, p.id)).toBe(7);
      expect(await scoreOf(db, code, leaderboardWeek(week.closesAt).id, p.id)).toBe(1);
    });
  }

  it('close: squads are paid into their treasury; held territories carry into the next week and add territory-weeks to all-time', async () => {
    const db = ctx.db;
    const code = board('squad_territories_held');
    const week = leaderboardWeekById(await openWeek(db, code))!;
    const lead = await newPlayer(db);
    const squad = await createSquad(db, { leaderId: lead.id, name: `TW${lead.id.slice(0, 8)}`, type: 'analysis' });
    const ids = await territoriesFor(db, 4);
    await db.execute(sql`UPDATE territories SET holder_squad_id = ${squad.id}, status = 'liberated' WHERE id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
    const top = await leaderboardTop(db, code, week.id, 10);
    const place = top.findIndex((t) => t.subjectId === squad.id) + 1;
    expect(place).toBeGreaterThan(0);
    const before = await credits(db, 'squad', squad.id);
    await closeEndedLeaderboardWeeks(db, { now: week.closesAt, rewards: REWARDS });
    expect(await credits(db, 'squad', squad.id) - before).toBe(BigInt(REWARDS[place - 1]!));
    const next = leaderboardWeek(week.closesAt).id;
    expect(await scoreOf(db, code, next, squad.id)).toBe(4);
    expect(await scoreOf(db, code, ALL_TIME_PERIOD, squad.id)).toBe(4);
    await db.execute(sql`UPDATE territories SET holder_squad_id = NULL, status = 'neutral' WHERE id = ${ids[0]!}`);
    expect(await scoreOf(db, code, next, squad.id)).toBe(3);
    await closeEndedLeaderboardWeeks(db, { now: leaderboardWeekById(next)!.closesAt, rewards: REWARDS });
    expect(await scoreOf(db, code, ALL_TIME_PERIOD, squad.id)).toBe(7);
    await invariantHolds(db);
  });
}

/** `n` territories no test holds yet (a small world is created on first use). */
async function territoriesFor(db: Db, n: number): Promise<string[]> {
  await db.execute(sql`INSERT INTO regions (id, name, center_q, center_r) VALUES (9901, 'Leaderboard test region', 0, 0) ON CONFLICT DO NOTHING`);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `lb-${randomUUID().slice(0, 8)}`;
    await db.execute(sql`INSERT INTO territories (id, region_id, q, r, name, terrain, status, garrison, yield_resource, yield_per_hour)
      VALUES (${id}, 9901, ${Math.floor(Math.random() * 1e6)}, ${Math.floor(Math.random() * 1e6)}, ${id}, 'urban', 'neutral', 0, 'resistance_credits', 1)`);
    ids.push(id);
  }
  return ids;
}

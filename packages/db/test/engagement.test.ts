/**
 * Engagement persistence (GAME §8.4, docs/engagement.md) on both drivers: what records the churn
 * formula's inputs (world entries, wrong answers, the squad-action trigger, the level-up trigger),
 * and the daily churn pass on a crafted population whose risks are worked out by hand below — one
 * statement, idempotent per day, interventions per tier with their payloads, the 7-day cooldown of a tier,
 * pruning, and the same numbers as the rules' `churnRisk`.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { INTERVENTION_KINDS, churnRisk, generateChallenge, utcDay } from '@datavism/rules';
import {
  churnRuns, churnScoreNow, createSquad, engagementWeek, ensureDailyChallenge, interventionsOf, recordFailedChallenge, recordSession,
  runChurnPass, scoredPlayers, solveChallenge, type ChurnPassInput,
} from '../src/index';
import { KINDS, countRows, gameError, newPlayer, rowsOf, useDatabase } from './harness';

const DAY_MS = 86_400_000;
/** The scored day lies years ahead, so no other test's login falls in its 28-day window. */
const D = '2031-03-15';
const dayEnd = Date.parse(`${D}T00:00:00Z`) + DAY_MS;
const before = (days: number, hour = 12) => new Date(Date.parse(`${D}T${String(hour).padStart(2, '0')}:00:00Z`) - days * DAY_MS);
const dayOf = (days: number) => utcDay(before(days));

describe.each(KINDS)('engagement on %s', (kind) => {
  const ctx = useDatabase(kind);
  const exec = (q: ReturnType<typeof sql>) => ctx.db.execute(q);

  it('a world entry is a session, a wrong answer a failed challenge, each on its UTC day', async () => {
    const p = await newPlayer(ctx.db);
    const now = new Date('2026-04-02T23:59:00Z');
    await recordSession(ctx.db, p.id, now);
    await recordSession(ctx.db, p.id, now);
    await recordSession(ctx.db, p.id, new Date('2026-04-03T00:01:00Z'));
    await recordFailedChallenge(ctx.db, p.id, now);
    expect(await engagementWeek(ctx.db, p.id, '2026-04-02')).toEqual({ sessions: 2, squadInteractions: 0, failedChallenges: 1 });
    expect(await engagementWeek(ctx.db, p.id, '2026-04-03')).toEqual({ sessions: 3, squadInteractions: 0, failedChallenges: 1 });
    expect(await engagementWeek(ctx.db, p.id, '2026-04-09')).toEqual({ sessions: 1, squadInteractions: 0, failedChallenges: 0 }); // Apr 3–9
    expect(await engagementWeek(ctx.db, p.id, '2026-04-10')).toEqual({ sessions: 0, squadInteractions: 0, failedChallenges: 0 });
  });

  it('solving a challenge with a wrong answer counts a failed challenge and writes nothing of the solve', async () => {
    const p = await newPlayer(ctx.db);
    const now = new Date();
    const generated = generateChallenge(1, 1);
    const c = await ensureDailyChallenge(ctx.db, {
      dailyKey: `engagement-test-${kind}`, startsAt: new Date(now.getTime() - 60_000), endsAt: new Date(now.getTime() + 3_600_000), generated,
    });
    for (let i = 0; i < 2; i++) {
      await expect(solveChallenge(ctx.db, { challengeId: c.id, playerId: p.id, answer: `${generated.answer}9`, now, xpMultiplier: 1 })).rejects.toEqual(gameError('WRONG_ANSWER'));
    }
    expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM challenge_solves WHERE player_id = ${p.id}::uuid`)).toBe(0);
    expect((await engagementWeek(ctx.db, p.id, utcDay(now))).failedChallenges).toBe(2);
    await solveChallenge(ctx.db, { challengeId: c.id, playerId: p.id, answer: generated.answer.toLowerCase(), now, xpMultiplier: 1 });
    // Already solved: ALREADY_DONE comes first and is no failure.
    await expect(solveChallenge(ctx.db, { challengeId: c.id, playerId: p.id, answer: 'nope', now, xpMultiplier: 1 })).rejects.toEqual(gameError('ALREADY_DONE'));
    expect((await engagementWeek(ctx.db, p.id, utcDay(now))).failedChallenges).toBe(2);
  });

  it('squad interactions: each squad chat line, vote and treasury contribution counts (the squad-action trigger)', async () => {
    const lead = await newPlayer(ctx.db);
    const squad = await createSquad(ctx.db, { leaderId: lead.id, name: `Eng ${lead.id.slice(0, 8)}`, type: 'analysis' });
    for (let i = 0; i < 2; i++) await exec(sql`INSERT INTO social_messages (channel, author_id, body) VALUES (${`squad:${squad.id}`}, ${lead.id}::uuid, 'on it')`);
    await exec(sql`INSERT INTO social_messages (channel, author_id, body) VALUES ('global', ${lead.id}::uuid, 'not a squad line')`);
    const [dec] = await rowsOf<{ id: string }>(ctx.db, sql`INSERT INTO squad_decisions (squad_id, proposer_id, kind, closes_at)
      VALUES (${squad.id}::uuid, ${lead.id}::uuid, 'kick', now() + interval '1 day') RETURNING id`);
    await exec(sql`INSERT INTO squad_decision_votes (decision_id, player_id, yes) VALUES (${dec.id}::uuid, ${lead.id}::uuid, true)`);
    await exec(sql`UPDATE squad_members SET contribution_score = contribution_score + 10 WHERE player_id = ${lead.id}::uuid`);
    expect((await engagementWeek(ctx.db, lead.id, utcDay(new Date()))).squadInteractions).toBe(4);
    // Community health's day mark still happens.
    expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM player_activity WHERE player_id = ${lead.id}::uuid AND squad_days & 1 = 1`)).toBe(1);
  });

  it('a level-up is stamped wherever XP crosses a level (100·(L−1)²), not within one, the mentee bonus included', async () => {
    const p = await newPlayer(ctx.db);
    const stamp = async () => (await rowsOf<{ at: Date | string | null }>(ctx.db, sql`SELECT last_level_up_at AS at FROM players WHERE id = ${p.id}::uuid`))[0].at;
    await exec(sql`UPDATE players SET xp = 99 WHERE id = ${p.id}::uuid`);
    expect(await stamp()).toBeNull(); // still level 1
    await exec(sql`UPDATE players SET xp = 100 WHERE id = ${p.id}::uuid`); // level 2 exactly
    expect(await stamp()).not.toBeNull();
    await exec(sql`UPDATE players SET last_level_up_at = NULL, xp = 399 WHERE id = ${p.id}::uuid`);
    expect(await stamp()).toBeNull(); // 100 → 399: level 2 → 2 (the trigger overwrites only on a crossing)
    // A mentee's +20 % (gain ÷ 5, rounded down, added by players_mentee_xp before this trigger looks).
    await exec(sql`UPDATE players SET xp = 350, mentored = true WHERE id = ${p.id}::uuid`);
    await exec(sql`UPDATE players SET last_level_up_at = NULL WHERE id = ${p.id}::uuid`);
    await exec(sql`UPDATE players SET xp = xp + 40 WHERE id = ${p.id}::uuid`); // 350 + 40 + 8 = 398
    expect(await stamp()).toBeNull();
    await exec(sql`UPDATE players SET xp = 390 WHERE id = ${p.id}::uuid`);
    await exec(sql`UPDATE players SET xp = xp + 9 WHERE id = ${p.id}::uuid`); // 399 without the bonus, 400 with it: level 3
    expect(await stamp()).not.toBeNull();
  });

  describe('the daily churn pass on a crafted population', () => {
    const ids: Record<string, string> = {};
    const challenges: ChurnPassInput['challenges'] = {};
    let squadC = '';
    let squadE = '';
    let missionE = '';
    const input = (day = D): ChurnPassInput => ({
      day, now: new Date(dayEnd + 60_000), challenges, trending: { id: '00000000-0000-0000-0000-0000000000aa', name: 'Trending Op' },
      handlerMessage: 'We missed you, operative.',
    });

    /** A player last seen `lastLogin` days before D, created 60 days before, with the given XP and last level-up. */
    async function player(key: string, o: { lastLogin?: number; createdDaysBefore?: number; xp?: number; levelledDaysBefore?: number | null }) {
      const p = await newPlayer(ctx.db, { createdAt: before(o.createdDaysBefore ?? 60, 8), lastLoginDay: dayOf(o.lastLogin ?? 0) });
      // XP first (the trigger stamps now() on a crossing), then the level-up time the test needs.
      if (o.xp) await exec(sql`UPDATE players SET xp = ${o.xp} WHERE id = ${p.id}::uuid`);
      const levelled = o.levelledDaysBefore === undefined || o.levelledDaysBefore === null ? null : before(o.levelledDaysBefore, 0);
      await exec(sql`UPDATE players SET last_level_up_at = ${levelled} WHERE id = ${p.id}::uuid`);
      ids[key] = p.id;
      return p.id;
    }
    /** Counters of `daysBefore` D. */
    const activity = (id: string, daysBefore: number, sessions: number, squad = 0, failed = 0) => exec(sql`
      INSERT INTO engagement_activity (day, player_id, sessions, squad_interactions, failed_challenges)
      VALUES (${dayOf(daysBefore)}::date, ${id}::uuid, ${sessions}, ${squad}, ${failed})`);

    it('scores every player seen in 28 days with GAME §8.4\'s exact numbers, once per day', async () => {
      for (const d of [1, 2, 3, 4, 5]) {
        const c = await ensureDailyChallenge(ctx.db, {
          dailyKey: `${D}:${d}:${kind}`, startsAt: new Date(), endsAt: new Date(Date.now() + DAY_MS), generated: generateChallenge(d, d),
        });
        challenges[d] = { id: c.id, title: c.title };
      }
      // Active last week (≥ 1 session): A 6, B 1, C 1, D 4, F 2 → average 14 / 5 = 2.8; half is 1.4.
      const A = await player('A', { levelledDaysBefore: 1, xp: 150 });
      await activity(A, 0, 3, 3);
      await activity(A, 6, 3); // the week's first day still counts
      const B = await player('B', { levelledDaysBefore: 30 }); // squadless
      await activity(B, 2, 1, 0, 4);
      await activity(B, 3, 0, 0, 2); // 6 failures: > 5
      const C = await player('C', { levelledDaysBefore: 20, xp: 950 });
      await activity(C, 1, 1);
      const Dp = await player('D', { levelledDaysBefore: 20 });
      await activity(Dp, 0, 4, 0, 5); // 5 failures: not > 5
      const E = await player('E', { levelledDaysBefore: 2, xp: 1700 }); // level 5: difficulty 3, easier 2
      await activity(E, 4, 0, 2, 6);
      const F = await player('F', { levelledDaysBefore: 13 }); // D−13 00:00: exactly 14 days before the day's end (D+1 00:00)
      await activity(F, 5, 2, 5);
      const H = await player('H', { lastLogin: 8, levelledDaysBefore: 40 }); // last seen 8 days ago: scored with 0 sessions
      await activity(H, 8, 9, 9); // before the week: ignored
      const G = await player('G', { lastLogin: 28 }); // not scored: last login 28 days before D
      await activity(G, 1, 0, 0, 9);
      await player('I', { createdDaysBefore: -1 }); // created after the day: not scored
      await activity(ids.I, 0, 0);
      const old = await player('old', { lastLogin: 30 });
      await activity(old, 16, 1); // pruned: older than 15 days before D

      // C and E in squads: C's has 2 members (analysis: 5 needed) and one open decision C has not voted on;
      // E's runs a squad mission.
      squadC = (await createSquad(ctx.db, { leaderId: C, name: `Cell C ${kind}`, type: 'analysis' })).id;
      const mate = await newPlayer(ctx.db);
      await exec(sql`INSERT INTO squad_members (squad_id, player_id, role) VALUES (${squadC}::uuid, ${mate.id}::uuid, 'member')`);
      await exec(sql`INSERT INTO squad_decisions (squad_id, proposer_id, kind, closes_at) VALUES (${squadC}::uuid, ${mate.id}::uuid, 'kick', now() + interval '1 day')`);
      squadE = (await createSquad(ctx.db, { leaderId: E, name: `Cell E ${kind}`, type: 'shadow' })).id;
      [{ id: missionE }] = await rowsOf<{ id: string }>(ctx.db, sql`INSERT INTO operations (type, name, phase, squad_id, starts_at, active_at)
        VALUES ('flashpoint', 'Night raid', 'active', ${squadE}, now(), now()) RETURNING id::text AS id`);
      // The squad actions above were counted today (not in D's week): D's counters are the rows written here.

      const run = await runChurnPass(ctx.db, input());
      // A 0; B 0.3+0.2+0.2+0.3 = 1; C 0.3+0.2+0.2 = 0.7; D 0.2+0.2 = 0.4; E 0.3+0.2+0.3 = 0.8; F 0.2 (14 days); H 0.3+0.2+0.2 = 0.7.
      expect(run).toMatchObject({
        day: D, scored: 7, active: 5, averageSessions: 2.8, high: 2, elevated: 2,
        histogram: { 0: 1, 20: 1, 40: 1, 70: 2, 80: 1, 100: 1 },
        terms: { sessions: 4, squadInteractions: 5, noLevelUp: 5, failedChallenges: 2 },
        interventions: { handler_message: 2, easier_challenge: 2, squad_event: 2, progress_highlight: 2, squad_needs: 2, mentor_offer: 2 },
      });
      const stored = await scoredPlayers(ctx.db, { day: D });
      expect(Object.fromEntries(stored.map((s) => [s.playerId, s.risk]))).toEqual({ [B]: 100, [E]: 80, [C]: 70, [H]: 70 });
      expect(stored.find((s) => s.playerId === B)).toMatchObject({ sessions: 1, squadInteractions: 0, failedChallenges: 6 });
      expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM engagement_activity WHERE player_id = ${old}::uuid`)).toBe(0);
    });

    it('the risks below 0.4 are computed by the same CTEs on request; players outside the population get none', async () => {
      expect((await churnScoreNow(ctx.db, D, ids.A))?.risk).toBe(0);
      expect((await churnScoreNow(ctx.db, D, ids.D))?.risk).toBe(40);
      expect((await churnScoreNow(ctx.db, D, ids.F))?.risk).toBe(20);
      expect(await churnScoreNow(ctx.db, D, ids.G)).toBeNull();
      expect(await churnScoreNow(ctx.db, D, ids.I)).toBeNull();
      // Every scored player: the SQL sum is the rules' churnRisk of the same inputs.
      for (const key of ['A', 'B', 'C', 'D', 'E', 'F', 'H']) {
        const s = (await churnScoreNow(ctx.db, D, ids[key]))!;
        const rule = churnRisk({
          sessions: s.sessions, averageSessions: s.averageSessions, squadInteractions: s.squadInteractions,
          daysSinceLevelUp: (dayEnd - s.levelledAt.getTime()) / DAY_MS, failedChallenges: s.failedChallenges,
        });
        expect([key, s.risk]).toEqual([key, rule.hundredths]);
      }
    });

    it('> 0.7: a handler message in the thread, the easier challenge, the squad event; > 0.4: progress, squad needs, mentor offer', async () => {
      const byPlayer = Object.fromEntries((await scoredPlayers(ctx.db, { day: D })).map((s) => [s.playerId, Object.fromEntries(s.interventions.map((i) => [i.kind, i.payload]))]));
      expect(Object.keys(byPlayer[ids.B]).sort()).toEqual(['easier_challenge', 'handler_message', 'squad_event']);
      expect(Object.keys(byPlayer[ids.C]).sort()).toEqual(['mentor_offer', 'progress_highlight', 'squad_needs']);
      const msg = byPlayer[ids.B].handler_message as { messageId: number };
      const [line] = await rowsOf<Record<string, unknown>>(ctx.db, sql`SELECT channel, author_id, as_handler, body FROM social_messages WHERE id = ${msg.messageId}`);
      expect(line).toEqual({ channel: `handler:${ids.B}`, author_id: null, as_handler: true, body: 'We missed you, operative.' });
      expect(byPlayer[ids.B].easier_challenge).toEqual({ ...challenges[1], difficulty: 1 }); // level 1: difficulty 1 is the easiest
      expect(byPlayer[ids.E].easier_challenge).toEqual({ ...challenges[2], difficulty: 2 }); // level 5: 3 → 2
      expect(byPlayer[ids.B].squad_event).toEqual({ kind: 'join_squad' });
      expect(byPlayer[ids.E].squad_event).toMatchObject({ kind: 'operation', id: missionE, name: 'Night raid', squadId: squadE });
      expect(byPlayer[ids.C].squad_needs).toMatchObject({ squadId: squadC, members: 2, membersNeeded: 3, openDecisions: 1, event: null });
      expect(byPlayer[ids.H].squad_needs).toEqual({ squadless: true });
      expect(byPlayer[ids.C].progress_highlight).toMatchObject({ level: 4, xp: 950, nextLevelXp: 1600 });
      expect(byPlayer[ids.C].mentor_offer).toEqual({ mentored: false, mentors: 0 });
      expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM churn_scores WHERE day = ${D}::date AND player_id IN (${ids.A}::uuid, ${ids.D}::uuid, ${ids.F}::uuid)`)).toBe(0);
      expect((await interventionsOf(ctx.db, ids.B, D, 7)).map((i) => i.kind)).toEqual(['handler_message', 'easier_challenge', 'squad_event']);
      expect(await interventionsOf(ctx.db, ids.B, utcDay(new Date(dayEnd + 7 * DAY_MS)), 7)).toEqual([]); // a week later: out of the window
    });

    it('a row written before the typed columns (migration 0031) reads with its stored payload', async () => {
      const p = await newPlayer(ctx.db);
      const stored = { progress_highlight: { level: 2, xp: 150 }, squad_needs: { squadless: true }, mentor_offer: { mentored: false, mentors: 3 } };
      await exec(sql`INSERT INTO churn_scores (day, player_id, risk, sessions, squad_interactions, levelled_at, failed_challenges, interventions)
        VALUES (${dayOf(2)}::date, ${p.id}::uuid, 50, 1, 0, ${before(30)}, 0, ${JSON.stringify(stored)}::jsonb)`);
      expect(await interventionsOf(ctx.db, p.id, D, 7)).toEqual([
        { day: dayOf(2), kind: 'progress_highlight', payload: stored.progress_highlight },
        { day: dayOf(2), kind: 'squad_needs', payload: stored.squad_needs },
        { day: dayOf(2), kind: 'mentor_offer', payload: stored.mentor_offer },
      ]);
      expect((await scoredPlayers(ctx.db, { playerId: p.id, today: D }))[0].interventions.map((i) => i.kind)).toEqual(['progress_highlight', 'squad_needs', 'mentor_offer']);
    });

    it('a second pass for the day writes nothing; the next day, a kind got within 7 days is not sent again', async () => {
      const tables = ['churn_runs', 'churn_scores', 'social_messages'];
      const snapshot = async () => Promise.all(tables.map((t) => countRows(ctx.db, sql`SELECT count(*) AS n FROM ${sql.identifier(t)}`)));
      const beforeCounts = await snapshot();
      expect(await runChurnPass(ctx.db, input())).toBeNull();
      expect(await snapshot()).toEqual(beforeCounts);
      // Two passes at once: one scores, the other finds the day scored.
      const next = utcDay(new Date(Date.parse(`${D}T00:00:00Z`) + DAY_MS));
      const both = await Promise.all([runChurnPass(ctx.db, input(next)), runChurnPass(ctx.db, input(next))]);
      expect(both.filter((r) => r !== null)).toHaveLength(1);
      const run = both.find((r) => r !== null)!;
      // B, C, E and H are still at risk on D+1 but got their tier's interventions on D: no row; I (created on D+1,
      // 0.3 + 0.2) is scored for the first time and gets the elevated tier's.
      expect(run).toMatchObject({ high: 2, elevated: 3, histogram: { 50: 1, 70: 2, 80: 1, 100: 1 } });
      expect(Object.fromEntries((await scoredPlayers(ctx.db, { day: next })).map((s) => [s.playerId, s.risk]))).toEqual({ [ids.I]: 50 });
      expect(run.interventions).toEqual({ progress_highlight: 1, squad_needs: 1, mentor_offer: 1 });
      expect((await churnRuns(ctx.db)).map((r) => r.day).slice(0, 2)).toEqual([next, D]);
      expect(INTERVENTION_KINDS).toHaveLength(6);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import {
  detectRings, detectVoteRings, detectChallengeFarms, detectWashTrades, generateWorld, healthInputs, normalisedEntropy, utcDay,
  type FlagDraft,
} from '@datavism/rules';
import {
  balanceOf, burn, changePlayerRole, communityHealthCounts, communityHealthHistory, computeCommunityHealth, controlTerritory, createSquad,
  customChallengeSolves, decideFlagTx, endorsementGraph, flagCounts, intelConfirmationGraph, ledgerAudit, ledgerInvariant, listAudit,
  listFlags, listTerritoriesForGm, lockFlagTx, mint, recordFlags, reverseRewardTx, rewardsOfPlayer, saveWorld, setParameter,
  unknownTerritoryIds, voteRingCandidates, washTradeCandidates, withTransaction, writeAudit, xpGainsSinceLastRun,
} from '../../src/index';
import { gameError, newPlayer, rowsOf, type Ctx } from '../harness';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The UTC day `n` days before today (reputation gains are recorded on the writing transaction's day). */
const dayAgo = (n: number) => utcDay(new Date(Date.now() - n * DAY));
const longAgo = new Date(Date.now() - 90 * DAY);

/** Community health, fair-play data and flags, GM actions — run by gm.test.ts against each database. */
export function gmSuite(ctx: Ctx): void {
  const loginOn = async (id: string, ...days: string[]) => {
    for (const d of days) await ctx.db.execute(sql`UPDATE players SET last_login_day = ${d}::date WHERE id = ${id}::uuid`);
  };
  const staff = async (role: 'gm' | 'admin' = 'gm') => {
    const p = await newPlayer(ctx.db, { role, createdAt: longAgo });
    return { id: p.id, role };
  };

  // First: health counts every row of the database, so it runs before the other suites add players.
  describe('community health (GAME §9): one set-based pass over recorded activity', () => {
    it('counts the week from logins, squads, chat and reputation gains; stores every input; a re-run replaces the day', async () => {
      const today = dayAgo(0);
      const a = await newPlayer(ctx.db, { createdAt: longAgo });
      const b = await newPlayer(ctx.db, { createdAt: longAgo });
      const c = await newPlayer(ctx.db, { createdAt: new Date(Date.now() - DAY) });
      const d = await newPlayer(ctx.db, { createdAt: longAgo });
      await newPlayer(ctx.db, { createdAt: new Date(Date.now() - 3 * DAY) }); // new, never logged in
      const f = await newPlayer(ctx.db, { createdAt: longAgo });
      await loginOn(a.id, dayAgo(9), dayAgo(2), today); // both weeks, 2 days this week
      await loginOn(b.id, dayAgo(10)); // last week only
      await loginOn(c.id, dayAgo(1)); // this week only
      await loginOn(d.id, dayAgo(20)); // neither
      await loginOn(f.id, dayAgo(8), dayAgo(5)); // both weeks, 1 day this week
      const squad = await createSquad(ctx.db, { leaderId: a.id, name: `H-${a.id.slice(0, 8)}`, type: 'analysis' });
      await ctx.db.execute(sql`INSERT INTO squad_members (squad_id, player_id, role) VALUES (${squad.id}::uuid, ${f.id}::uuid, 'member')`);
      // Chat: a squad message (a squad action for a), a masked one, a moderator removal after a report, one without, one last week.
      const msg = async (channel: string, author: string, o: { masked?: boolean; removed?: boolean; at?: Date } = {}) => {
        const [r] = await rowsOf<{ id: number }>(ctx.db, sql`INSERT INTO social_messages (channel, author_id, body, masked, created_at, removed_at, removed_kind, removed_by)
          VALUES (${channel}, ${author}::uuid, ${o.removed ? '' : 'text'}, ${o.masked ?? false}, ${(o.at ?? new Date()).toISOString()}::timestamptz,
            ${o.removed ? new Date().toISOString() : null}::timestamptz, ${o.removed ? 'moderator' : null}, ${o.removed ? a.id : null}::uuid) RETURNING id`);
        return Number(r.id);
      };
      await msg(`squad:${squad.id}`, a.id);
      await msg('global', b.id, { masked: true });
      const reported = await msg('global', c.id, { removed: true });
      await ctx.db.execute(sql`INSERT INTO social_reports (message_id, reporter_id, reason, status) VALUES (${reported}, ${f.id}::uuid, 'abuse', 'removed')`);
      await msg('global', c.id, { removed: true });
      await msg('global', b.id, { masked: true, at: new Date(Date.now() - 8 * DAY) });
      // Reputation gains today: +30 technicalMastery (then a fall, which is no gain), +10 truthScore.
      await ctx.db.execute(sql`UPDATE players SET technical_mastery = 30 WHERE id = ${a.id}::uuid`);
      await ctx.db.execute(sql`UPDATE players SET technical_mastery = 10 WHERE id = ${a.id}::uuid`);
      await ctx.db.execute(sql`UPDATE players SET truth_score = 10 WHERE id = ${c.id}::uuid`);

      const counts = await communityHealthCounts(ctx.db, today);
      expect(counts).toEqual({
        newPlayers: 2, activeThisWeek: 3, activeLastWeek: 3, retained: 2, daysActiveThisWeek: 4, chatMessages: 4, toxicMessages: 2,
        squadActors: 1, activeInSquad: 2,
        reputationGained: { technicalMastery: 30, truthScore: 10, impactRating: 0, teachingHonor: 0, artisticVision: 0 },
      });
      const snap = await computeCommunityHealth(ctx.db, today);
      expect(snap.growth).toBeCloseTo(2 / 3, 12);
      expect(snap.retention).toBeCloseTo(2 / 3, 12);
      expect(snap.engagement).toBeCloseTo(4 / 3 / 7, 12);
      expect(snap.toxicity).toBe(0.5);
      expect(snap.collaboration).toBeCloseTo(1 / 3, 12);
      expect(snap.diversity).toBeCloseTo(normalisedEntropy([30, 10, 0, 0, 0]), 12);
      expect(snap.squadParticipation).toBeCloseTo(2 / 3, 12);
      expect(snap.alerts).toEqual(['toxicity']);
      expect(snap.score).toBeCloseTo(0.15 * (2 / 3) + 0.25 * (2 / 3) + 0.25 * (4 / 21) + 0.15 * 0.5 + 0.1 / 3 + 0.1 * snap.diversity, 12);
      // A re-run of the same day replaces its snapshot; history keeps one row per day with every input.
      await computeCommunityHealth(ctx.db, today);
      const history = await communityHealthHistory(ctx.db, 30);
      expect(history.map((h) => h.day)).toEqual([today]);
      expect(history[0]).toMatchObject({ toxicity: 0.5, alerts: ['toxicity'], counts: { activeThisWeek: 3, toxicMessages: 2 } });
      expect(healthInputs(history[0].counts)).toEqual({
        growth: history[0].growth, retention: history[0].retention, engagement: history[0].engagement, toxicity: history[0].toxicity,
        collaboration: history[0].collaboration, diversity: history[0].diversity, squadParticipation: history[0].squadParticipation,
      });
    });

    it('a late run for yesterday reads the same days from masks anchored today', async () => {
      const counts = await communityHealthCounts(ctx.db, dayAgo(1));
      // This week = 7..1 days ago: a (2 days ago), c (1), f (5); last week = 14..8: a (9), b (10), f (8).
      expect(counts).toMatchObject({ activeThisWeek: 3, activeLastWeek: 3, retained: 2, daysActiveThisWeek: 3 });
    });
  });

  describe('fair-play data and flags', () => {
    it('flags are stored once per kind, subject and day; listed with names; dismissing twice is ALREADY_DONE', async () => {
      const [p, q] = [await newPlayer(ctx.db), await newPlayer(ctx.db)];
      const draft: FlagDraft = {
        kind: 'wash_trading', playerIds: [p.id, q.id].sort(), subject: [p.id, q.id].sort().join('|'), detail: '10 trades', evidence: { trades: 10 }, count: 10,
      };
      const now = new Date();
      const [stored] = await recordFlags(ctx.db, [draft], now);
      expect(stored).toMatchObject({ kind: 'wash_trading', status: 'open', count: 10, evidence: { trades: 10 } });
      expect(stored.players.map((x) => x.id).sort()).toEqual([p.id, q.id].sort());
      expect(await recordFlags(ctx.db, [draft], now)).toEqual([]); // the same day: nothing twice
      expect(await recordFlags(ctx.db, [draft], new Date(now.getTime() + DAY))).toHaveLength(1); // the next day: a new flag
      expect((await listFlags(ctx.db, { playerId: p.id })).map((f) => f.kind)).toEqual(['wash_trading', 'wash_trading']);
      const gm = await staff();
      await withTransaction(ctx.db, async (tx) => {
        const flag = await lockFlagTx(tx, stored.id);
        const after = await decideFlagTx(tx, flag, { decision: 'dismiss', by: gm, now });
        expect(after).toMatchObject({ status: 'dismissed', resolution: 'dismiss', resolvedBy: gm.id });
      });
      await expect(withTransaction(ctx.db, async (tx) => decideFlagTx(tx, await lockFlagTx(tx, stored.id), { decision: 'dismiss', by: gm, now })))
        .rejects.toEqual(gameError('ALREADY_DONE'));
      const audit = await listAudit(ctx.db, { action: 'flag.', target: `flag:${stored.id}` });
      expect(audit.map((l) => l.action)).toEqual(['flag.dismiss']);
      expect((await flagCounts(ctx.db)).dismissed).toBeGreaterThanOrEqual(1);
    });

    it('impossible progress: the first run marks, the next one reports XP gained since with the elapsed time', async () => {
      const p = await newPlayer(ctx.db, { createdAt: longAgo });
      const t0 = new Date();
      const first = await xpGainsSinceLastRun(ctx.db, t0);
      expect(first.elapsedMs).toBeNull();
      await ctx.db.execute(sql`UPDATE players SET xp = xp + 7000 WHERE id = ${p.id}::uuid`);
      const fresh = await newPlayer(ctx.db); // created after the first run: all its XP counts
      await ctx.db.execute(sql`UPDATE players SET xp = 900 WHERE id = ${fresh.id}::uuid`);
      const second = await xpGainsSinceLastRun(ctx.db, new Date(t0.getTime() + 30 * 60_000));
      expect(second.elapsedMs).toBe(30 * 60_000);
      expect(second.gains).toEqual(expect.arrayContaining([{ playerId: p.id, xpGained: 7000 }, { playerId: fresh.id, xpGained: 900 }]));
      const third = await xpGainsSinceLastRun(ctx.db, new Date(t0.getTime() + 90 * 60_000));
      expect(third.gains.filter((g) => g.playerId === p.id)).toEqual([]);
    });

    it('wash-trade candidates: only the window, only pairs trading back and forth enough', async () => {
      const [a, b, c] = [await newPlayer(ctx.db), await newPlayer(ctx.db), await newPlayer(ctx.db)];
      const now = Date.now();
      const trade = (buyer: string, seller: string, at: number) => ctx.db.execute(sql`INSERT INTO market_trades
        (instrument, maker_order_id, taker_order_id, buyer_id, seller_id, taker_side, price, size, fee, at)
        VALUES ('cpu_cycles', gen_random_uuid(), gen_random_uuid(), ${buyer}::uuid, ${seller}::uuid, 'buy', 10, 1, 0, ${new Date(at).toISOString()}::timestamptz)`);
      for (let i = 0; i < 3; i++) await trade(a.id, b.id, now - 30 * 60_000 + i); // before the window
      for (let i = 0; i < 10; i++) await trade(i % 2 ? a.id : b.id, i % 2 ? b.id : a.id, now - 5 * 60_000 + i * 1000);
      for (let i = 0; i < 12; i++) await trade(a.id, c.id, now - 4 * 60_000 + i * 1000); // one direction only
      const trades = await washTradeCandidates(ctx.db, new Date(now - 10 * 60_000), 10);
      expect(trades).toHaveLength(10);
      const flags = detectWashTrades(trades);
      expect(flags.map((f) => f.subject)).toEqual([[a.id, b.id].sort().join('|')]);
    });

    it('endorsement and intel-confirmation graphs feed the ring detector', async () => {
      const ring = [await newPlayer(ctx.db), await newPlayer(ctx.db), await newPlayer(ctx.db)];
      const now = Date.now();
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 3; i++) {
          await ctx.db.execute(sql`INSERT INTO endorsements (endorser_id, target_id, dimension, points, game_day, created_at)
            VALUES (${ring[i].id}::uuid, ${ring[(i + 1) % 3].id}::uuid, 'truthScore', 10, ${round * 10 + i}, ${new Date(now - round * DAY).toISOString()}::timestamptz)`);
        }
      }
      const graph = await endorsementGraph(ctx.db, new Date(now - 30 * DAY), 3);
      const flags = detectRings('endorsement_ring', 'endorsements', graph.edges, graph.totals);
      expect(flags.map((f) => f.playerIds)).toEqual([ring.map((r) => r.id).sort()]);
      // Intel: each of three alts submits claims the two others confirm.
      for (let i = 0; i < 3; i++) {
        for (let k = 0; k < 2; k++) {
          const [claim] = await rowsOf<{ id: string }>(ctx.db, sql`INSERT INTO intel_claims (category, claim_key, claim_text, submitted_by)
            VALUES ('data_breach', ${`k-${ring[i].id}-${k}`}, 'x', ${ring[i].id}::uuid) RETURNING id`);
          for (let j = 0; j < 3; j++) {
            await ctx.db.execute(sql`INSERT INTO intel_confirmations (claim_id, player_id) VALUES (${claim.id}::uuid, ${ring[(i + j) % 3].id}::uuid)`);
          }
        }
      }
      const intel = await intelConfirmationGraph(ctx.db, new Date(now - DAY), 3);
      expect(detectRings('intel_ring', 'intel confirmations', intel.edges, intel.totals).map((f) => f.playerIds)).toEqual([ring.map((r) => r.id).sort()]);
    });

    it('custom-challenge solves and vote-ring candidates come with what the rules need', async () => {
      const [maker, alt] = [await newPlayer(ctx.db), await newPlayer(ctx.db)];
      const now = Date.now();
      for (let i = 0; i < 3; i++) {
        const [ch] = await rowsOf<{ id: string }>(ctx.db, sql`INSERT INTO challenges (kind, title, description, answer, starts_at, ends_at, created_by, created_at)
          VALUES ('custom', 't', 'd', 'a', ${new Date(now - HOUR).toISOString()}::timestamptz, ${new Date(now + DAY).toISOString()}::timestamptz, ${maker.id}::uuid,
            ${new Date(now - HOUR).toISOString()}::timestamptz) RETURNING id`);
        await ctx.db.execute(sql`INSERT INTO challenge_solves (challenge_id, player_id, technical_mastery, xp, cpu_cycles, solved_at)
          VALUES (${ch.id}::uuid, ${alt.id}::uuid, 10, 50, 10, ${new Date(now - HOUR + 60_000).toISOString()}::timestamptz)`);
      }
      const solves = await customChallengeSolves(ctx.db, new Date(now - DAY), 3);
      expect(detectChallengeFarms(solves).map((f) => f.subject)).toEqual([`${maker.id}>${alt.id}`]);

      const author = await newPlayer(ctx.db);
      const proposals: string[] = [];
      for (let i = 0; i < 3; i++) {
        const [p] = await rowsOf<{ id: string }>(ctx.db, sql`INSERT INTO proposals (kind, title, author_id, deposit, closes_at)
          VALUES ('feature', ${`p${i}`}, ${author.id}::uuid, 0, ${new Date(now + DAY).toISOString()}::timestamptz) RETURNING id`);
        proposals.push(p.id);
      }
      const bots = [];
      for (let i = 0; i < 3; i++) bots.push(await newPlayer(ctx.db, { createdAt: new Date(now - 2 * DAY + i * 60_000) }));
      for (const p of proposals) {
        for (const [i, bot] of bots.entries()) {
          await ctx.db.execute(sql`INSERT INTO proposal_votes (proposal_id, player_id, support, weight, cast_at)
            VALUES (${p}::uuid, ${bot.id}::uuid, true, 1, ${new Date(now - HOUR + i * 1000).toISOString()}::timestamptz)`);
        }
      }
      const voters = await voteRingCandidates(ctx.db, new Date(now - DAY), 3, 3);
      expect(voters.map((v) => v.playerId).sort()).toEqual(bots.map((b) => b.id).sort());
      expect(detectVoteRings(voters).map((f) => f.playerIds)).toEqual([bots.map((b) => b.id).sort()]);
    });

    it('the ledger audit: a clean ledger holds; a balance edited behind the ledger\'s back is found', async () => {
      const p = await newPlayer(ctx.db);
      await withTransaction(ctx.db, (tx) => mint(tx, { kind: 'player', id: p.id }, 'data_credits', 50n, 'test'));
      const clean = await ledgerAudit(ctx.db);
      expect(clean.lines.every((l) => l.holds)).toBe(true);
      expect(clean.mismatches).toEqual([]);
      await ctx.db.execute(sql`UPDATE balances SET amount = amount + 7 WHERE resource = 'data_credits'
        AND account_id = (SELECT id FROM accounts WHERE kind = 'player' AND owner_id = ${p.id})`);
      const broken = await ledgerAudit(ctx.db);
      expect(broken.lines.find((l) => l.resource === 'data_credits')).toMatchObject({ holds: false });
      expect(broken.mismatches).toEqual([expect.objectContaining({ kind: 'player', ownerId: p.id, resource: 'data_credits', balance: '57', legs: '50' })]);
      await ctx.db.execute(sql`UPDATE balances SET amount = amount - 7 WHERE resource = 'data_credits'
        AND account_id = (SELECT id FROM accounts WHERE kind = 'player' AND owner_id = ${p.id})`);
    });
  });

  describe('GM actions, audited in the action\'s transaction', () => {
    it('reversing a reward: a compensating transfer into the burn; twice is ALREADY_DONE; the invariant holds', async () => {
      const p = await newPlayer(ctx.db);
      const gm = await staff();
      const { transferId } = await withTransaction(ctx.db, (tx) => mint(tx, { kind: 'player', id: p.id }, 'cpu_cycles', 300n, 'challenge_reward'));
      const id = transferId!.toString();
      const result = await withTransaction(ctx.db, (tx) => reverseRewardTx(tx, { transferId: id, by: gm, reason: 'farmed' }));
      expect(result).toMatchObject({ playerId: p.id, resource: 'cpu_cycles', amount: '300', to: 'burn' });
      expect(await balanceOf(ctx.db, { kind: 'player', id: p.id }, 'cpu_cycles')).toBe(0n);
      const before = await listAudit(ctx.db, { action: 'reward.reverse' });
      await expect(withTransaction(ctx.db, (tx) => reverseRewardTx(tx, { transferId: id, by: gm, reason: 'again' })))
        .rejects.toEqual(gameError('ALREADY_DONE'));
      expect(await listAudit(ctx.db, { action: 'reward.reverse' })).toHaveLength(before.length);
      await expect(withTransaction(ctx.db, (tx) => reverseRewardTx(tx, { transferId: result.reversalId, by: gm, reason: 'x' })))
        .rejects.toEqual(gameError('BAD_REQUEST'));
      expect((await rewardsOfPlayer(ctx.db, p.id)).find((r) => r.transferId === id)?.reversedBy).toBe(result.reversalId);
      expect((await ledgerInvariant(ctx.db)).every((l) => l.holds)).toBe(true);
    });

    it('a reward already spent cannot be reversed: INSUFFICIENT_FUNDS, nothing written; only a flag\'s players', async () => {
      const p = await newPlayer(ctx.db);
      const gm = await staff();
      const { transferId } = await withTransaction(ctx.db, (tx) => mint(tx, { kind: 'player', id: p.id }, 'data_credits', 40n, 'reward'));
      await withTransaction(ctx.db, (tx) => burn(tx, { kind: 'player', id: p.id }, 'data_credits', 30n, 'spent'));
      const audits = (await listAudit(ctx.db, { action: 'reward.reverse' })).length;
      await expect(withTransaction(ctx.db, (tx) => reverseRewardTx(tx, { transferId: transferId!.toString(), by: gm, reason: 'x' })))
        .rejects.toEqual(gameError('INSUFFICIENT_FUNDS'));
      await expect(withTransaction(ctx.db, (tx) => reverseRewardTx(tx, { transferId: transferId!.toString(), by: gm, reason: 'x', allowedPlayers: ['someone-else'] })))
        .rejects.toEqual(gameError('FORBIDDEN'));
      expect((await listAudit(ctx.db, { action: 'reward.reverse' })).length).toBe(audits);
      expect(await balanceOf(ctx.db, { kind: 'player', id: p.id }, 'data_credits')).toBe(10n);
    });

    it('world-map control: status, holder, garrison, audited with before and after; unknown ids and sieges refused', async () => {
      await saveWorld(ctx.db, generateWorld({ seed: 3, regions: 3, territories: 40 }));
      const gm = await staff();
      const [t] = await listTerritoriesForGm(ctx.db);
      expect(await unknownTerritoryIds(ctx.db, [t.id, 'Nowhere Sector'])).toEqual(['Nowhere Sector']);
      const leader = await newPlayer(ctx.db);
      const squad = await createSquad(ctx.db, { leaderId: leader.id, name: `W-${leader.id.slice(0, 8)}`, type: 'analysis' });
      const held = await controlTerritory(ctx.db, t.id, { holderSquadId: squad.id, garrison: 12 }, gm);
      expect(held).toMatchObject({ status: 'liberated', holderSquadId: squad.id, holderName: squad.name, garrison: 12 });
      const back = await controlTerritory(ctx.db, t.id, { status: 'occupied' }, gm);
      expect(back).toMatchObject({ status: 'occupied', holderSquadId: null });
      const lines = (await listAudit(ctx.db, { action: 'territory.control' })).filter((l) => l.target === `territory:${t.id}`);
      expect(lines.map((l) => (l.details.after as { status: string }).status)).toEqual(['occupied', 'liberated']);
      expect(lines[1].details.before).toMatchObject({ garrison: t.garrison });
      await expect(controlTerritory(ctx.db, 'nowhere', { garrison: 1 }, gm)).rejects.toEqual(gameError('NOT_FOUND'));
      await expect(controlTerritory(ctx.db, t.id, { status: 'liberated' }, gm)).rejects.toEqual(gameError('BAD_REQUEST'));
      await ctx.db.execute(sql`UPDATE territories SET status = 'contested' WHERE id = ${t.id}`);
      await expect(controlTerritory(ctx.db, t.id, { garrison: 5 }, gm)).rejects.toEqual(gameError('SIEGE_IN_PROGRESS'));
      expect((await listAudit(ctx.db, { action: 'territory.control' })).filter((l) => l.target === `territory:${t.id}`)).toHaveLength(2);
    });

    it('role changes and parameter changes are audited; the audit log refuses edits', async () => {
      const admin = await staff('admin');
      const p = await newPlayer(ctx.db);
      const changed = await changePlayerRole(ctx.db, p.name, 'gm', admin);
      expect(changed).toMatchObject({ role: 'gm', previous: 'player' });
      const [line] = await listAudit(ctx.db, { action: 'player.role', targetPlayerId: p.id });
      expect(line).toMatchObject({ actorId: admin.id, actorRole: 'admin', targetPlayerName: p.name, details: { from: 'player', to: 'gm' } });
      expect(line.actorName).toMatch(/^p-/);
      await expect(changePlayerRole(ctx.db, 'no such name', 'gm', admin)).rejects.toEqual(gameError('NOT_FOUND'));

      await setParameter(ctx.db, { name: 'fairplay_xp_per_hour_cap', value: 6000, changedBy: admin.id, reason: 'event', actor: admin });
      await setParameter(ctx.db, { name: 'fairplay_xp_per_hour_cap', value: 5000, changedBy: 'governance', reason: 'proposal passed' });
      const params = await listAudit(ctx.db, { action: 'parameter.change' });
      expect(params.slice(0, 2).map((l) => [l.actorRole, l.target, l.details.from, l.details.to])).toEqual([
        ['governance', 'fairplay_xp_per_hour_cap', 6000, 5000], ['admin', 'fairplay_xp_per_hour_cap', 5000, 6000],
      ]);
      await expect(setParameter(ctx.db, { name: 'fairplay_xp_per_hour_cap', value: 50, changedBy: admin.id, reason: 'x', actor: admin }))
        .rejects.toEqual(gameError('PARAMETER_OUT_OF_BOUNDS'));
      expect((await listAudit(ctx.db, { action: 'parameter.change' })).length).toBe(params.length);

      const id = await writeAudit(ctx.db, { actorId: admin.id, actorRole: 'admin', action: 'test.line' });
      await expect(ctx.db.execute(sql`UPDATE audit_log SET action = 'rewritten' WHERE id = ${id}`)).rejects.toThrow();
      await expect(ctx.db.execute(sql`DELETE FROM audit_log WHERE id = ${id}`)).rejects.toThrow();
      expect((await listAudit(ctx.db, { action: 'test.line' }))).toHaveLength(1);
    });
  });
}

/**
 * Onboarding persistence (docs/onboarding.md) on both drivers: the triggers of migration 0026
 * record each tutorial mission from the real event (and nothing else), once; a reward is paid
 * through the ledger exactly once, even when collected concurrently; announcements are leased;
 * the briefing's seen mark; the standing operation's lookup.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TUTORIAL_STEP_IDS, generateWorld } from '@datavism/rules';
import {
  balanceOf, briefingSeenAt, castVote, claimTutorialGrants, completeTutorialGrants, createOperation, createProposal, createSquad,
  deployPlayer, latestOperationOfTemplate, ledgerInvariant, listObjectives, markBriefingSeen, payTutorialReward, recordTutorialStep,
  saveWorld, siegePreviewTarget, submitIntel, tutorialSteps,
} from '../src/index';
import { KINDS, countRows, newPlayer, rowsOf, useDatabase } from './harness';

const DAY = 86_400_000;

describe.each(KINDS)('tutorial on %s', (kind) => {
  const ctx = useDatabase(kind);
  const steps = async (playerId: string) => (await tutorialSteps(ctx.db, playerId)).map((s) => s.step).sort();

  it('the check constraint names exactly the rules\' missions', async () => {
    const p = await newPlayer(ctx.db);
    for (const id of TUTORIAL_STEP_IDS) expect(await recordTutorialStep(ctx.db, p.id, id)).toBe(true);
    expect(await steps(p.id)).toEqual([...TUTORIAL_STEP_IDS].sort());
    await expect(ctx.db.execute(sql`INSERT INTO tutorial_steps (player_id, step) VALUES (${p.id}::uuid, 'siege')`)).rejects.toThrow();
    expect(await recordTutorialStep(ctx.db, p.id, 'walk')).toBe(false); // once per player and mission
    expect(await recordTutorialStep(ctx.db, '00000000-0000-0000-0000-000000000000', 'walk')).toBe(false); // no such player
  });

  it('deploy: the spawn (a first deployment) is not the mission; deploying elsewhere is', async () => {
    await saveWorld(ctx.db, generateWorld({ seed: 3, regions: 2, territories: 40 }));
    const [a, b] = (await rowsOf<{ id: string }>(ctx.db, sql`SELECT id FROM territories ORDER BY id LIMIT 2`)).map((r) => r.id);
    const p = await newPlayer(ctx.db);
    await deployPlayer(ctx.db, p.id, a, new Date());
    expect(await steps(p.id)).toEqual([]);
    await deployPlayer(ctx.db, p.id, b, new Date());
    expect(await steps(p.id)).toEqual(['deploy']);
  });

  it('squad, vote, intel, trade and operation are recorded by their own rows only', async () => {
    const [lead, member, other] = [await newPlayer(ctx.db), await newPlayer(ctx.db), await newPlayer(ctx.db)];
    await createSquad(ctx.db, { leaderId: lead.id, name: `Cell ${lead.id.slice(0, 6)}`, type: 'analysis' });
    expect(await steps(lead.id)).toEqual(['squad']);

    const now = new Date('2026-06-01T10:00:00Z');
    const { proposal } = await createProposal(ctx.db, { authorId: member.id, kind: 'feature', title: 'More relays', deposit: 0n, periodMs: DAY, now });
    await castVote(ctx.db, { proposalId: proposal.id, playerId: member.id, support: true, now });
    expect(await steps(member.id)).toEqual(['vote']);

    await submitIntel(ctx.db, { playerId: member.id, evidence: '', required: 3, dataCreditsMultiplier: 1, category: 'onboarding', claimText: 'the relay on the hill is down' });
    expect(await steps(member.id)).toEqual(['intel', 'vote']);

    // Both sides of a market trade; an id that is no player is skipped.
    await ctx.db.execute(sql`INSERT INTO market_trades (instrument, maker_order_id, taker_order_id, buyer_id, seller_id, taker_side, price, size, fee, at)
      VALUES ('cpu_cycles', gen_random_uuid(), gen_random_uuid(), ${lead.id}::uuid, ${other.id}::uuid, 'buy', 10, 1, 0, now()),
             ('cpu_cycles', gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), ${other.id}::uuid, 'buy', 10, 1, 0, now())`);
    expect(await steps(lead.id)).toEqual(['squad', 'trade']);
    expect(await steps(other.id)).toEqual(['trade']);

    // A resource contribution counts; progress credited by verified intel does not; a non-player id is skipped.
    const { operation } = await createOperation(ctx.db, {
      type: 'rapid', name: 'Drill', briefing: '', handler: 'Handler', startsAt: now, activeAt: now, endsAt: new Date(now.getTime() + DAY),
      objectives: [
        { tier: 'primary', kind: 'contribute', title: 'Credits', resource: 'resistance_credits', target: 100, weight: 1 },
        { tier: 'secondary', kind: 'verify_intel', title: 'Intel', target: 5, weight: 1 },
      ],
    });
    const [give, verify] = await listObjectives(ctx.db, operation.id);
    await ctx.db.execute(sql`INSERT INTO operation_contributions (operation_id, objective_id, player_id, kind, resource, amount, points)
      VALUES (${operation.id}::uuid, ${verify.id}, ${member.id}, 'verify_intel', NULL, 1, 1),
             (${operation.id}::uuid, ${give.id}, 'bench-1', 'contribute', 'resistance_credits', 5, 5)`);
    expect(await steps(member.id)).toEqual(['intel', 'vote']);
    await ctx.db.execute(sql`INSERT INTO operation_contributions (operation_id, objective_id, player_id, kind, resource, amount, points)
      VALUES (${operation.id}::uuid, ${give.id}, ${member.id}, 'contribute', 'resistance_credits', 5, 5)`);
    expect(await steps(member.id)).toEqual(['intel', 'operation', 'vote']);
  });

  it('a reward is paid through the ledger once: ten concurrent collects pay one; an undone mission pays nothing', async () => {
    const p = await newPlayer(ctx.db);
    expect(await payTutorialReward(ctx.db, { playerId: p.id, step: 'operation' }, new Date())).toBe(false);
    await recordTutorialStep(ctx.db, p.id, 'operation');
    const results = await Promise.all(Array.from({ length: 10 }, () => payTutorialReward(ctx.db, { playerId: p.id, step: 'operation' }, new Date())));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await balanceOf(ctx.db, { kind: 'player', id: p.id }, 'cpu_cycles')).toBe(20n);
    expect(await balanceOf(ctx.db, { kind: 'player', id: p.id }, 'resistance_credits')).toBe(25n);
    expect(await countRows(ctx.db, sql`SELECT count(*) AS n FROM transfers WHERE idempotency_key LIKE ${`tutorial:${p.id}:%`} AND reason = 'tutorial'`)).toBe(2);
    expect((await tutorialSteps(ctx.db, p.id))[0].rewardedAt).toBeInstanceOf(Date);
    expect(await payTutorialReward(ctx.db, { playerId: p.id, step: 'operation' }, new Date())).toBe(false);
    for (const line of await ledgerInvariant(ctx.db)) expect(line.broken).toBe(0);
  });

  it('announcements are leased: a second claim skips the rows, a completed row never returns, an expired lease does', async () => {
    const [p, q] = [await newPlayer(ctx.db), await newPlayer(ctx.db)];
    // Leftovers of the tests above are announced first, so take everything.
    const now = new Date();
    const first = await claimTutorialGrants(ctx.db, { now, limit: 1000, leaseMs: 30_000 });
    await completeTutorialGrants(ctx.db, first, now);
    await recordTutorialStep(ctx.db, p.id, 'walk');
    await recordTutorialStep(ctx.db, q.id, 'walk');
    const claimed = await claimTutorialGrants(ctx.db, { now, limit: 10, leaseMs: 30_000 });
    expect(claimed.map((c) => c.playerId).sort()).toEqual([p.id, q.id].sort());
    expect(await claimTutorialGrants(ctx.db, { now, limit: 10, leaseMs: 30_000 })).toEqual([]);
    await completeTutorialGrants(ctx.db, claimed.filter((c) => c.playerId === p.id), now);
    const later = new Date(now.getTime() + 31_000);
    expect(await claimTutorialGrants(ctx.db, { now: later, limit: 10, leaseMs: 30_000 })).toEqual([{ playerId: q.id, step: 'walk' }]);
  });

  it('the siege preview\'s target: the territory with its holder by name, the attacking squad with its size', async () => {
    const [a, b] = [await newPlayer(ctx.db), await newPlayer(ctx.db)];
    const mine = await createSquad(ctx.db, { leaderId: a.id, name: `Mine ${a.id.slice(0, 6)}`, type: 'analysis' });
    const theirs = await createSquad(ctx.db, { leaderId: b.id, name: `Theirs ${b.id.slice(0, 6)}`, type: 'analysis' });
    const [t] = (await rowsOf<{ id: string; name: string }>(ctx.db, sql`SELECT id, name FROM territories ORDER BY id DESC LIMIT 1`));
    await ctx.db.execute(sql`UPDATE territories SET status = 'liberated', holder_squad_id = ${theirs.id}, garrison = 0 WHERE id = ${t.id}`);
    expect(await siegePreviewTarget(ctx.db, t.id, mine.id)).toEqual({
      territory: { id: t.id, name: t.name, status: 'liberated', holderSquadId: theirs.id, holderName: theirs.name, garrison: 0 },
      squad: { id: mine.id, name: mine.name, members: 1 },
    });
    expect(await siegePreviewTarget(ctx.db, 'nowhere', mine.id)).toBeNull();
    expect(await siegePreviewTarget(ctx.db, t.id, 'not-a-squad')).toBeNull();
  });

  it('the briefing: unseen, then seen once (the first mark stays)', async () => {
    const p = await newPlayer(ctx.db);
    expect(await briefingSeenAt(ctx.db, p.id)).toBeNull();
    const first = await markBriefingSeen(ctx.db, p.id, new Date('2026-06-01T10:00:00Z'));
    expect(first.toISOString()).toBe('2026-06-01T10:00:00.000Z');
    expect((await markBriefingSeen(ctx.db, p.id, new Date('2026-06-02T10:00:00Z'))).toISOString()).toBe('2026-06-01T10:00:00.000Z');
  });

  it('the standing operation: the latest of a template, with its phase', async () => {
    expect(await latestOperationOfTemplate(ctx.db, 'first_light')).toBeNull();
    const t = new Date('2026-06-01T10:00:00Z');
    const base = { type: 'campaign', name: 'First Light', briefing: '', handler: 'Handler', endsAt: null, templateKey: 'first_light',
      objectives: [{ tier: 'primary' as const, kind: 'contribute' as const, title: 'Credits', resource: 'resistance_credits' as const, target: 100, weight: 1 }] };
    await createOperation(ctx.db, { ...base, startsAt: t, activeAt: t, sourceKey: 'intro:first' });
    const { operation } = await createOperation(ctx.db, { ...base, startsAt: new Date(t.getTime() + 1000), activeAt: new Date(t.getTime() + 1000), sourceKey: 'intro:after:x' });
    expect(await latestOperationOfTemplate(ctx.db, 'first_light')).toEqual({ id: operation.id, phase: 'scheduled' });
  });
});

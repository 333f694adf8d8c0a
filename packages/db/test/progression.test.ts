/**
 * Progression persistence (GAME §1, §2, §5) on both drivers: one grant path, exactly once under
 * concurrency; every reputation and squad source; endorsements; the content-proposal source.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { balanceOf, castVote, closeProposal, createProposal, getPlayer, profileData } from '../src/index';
import { KINDS, newPlayer, useDatabase } from './harness';
import { progressionSuite } from './suites/progression';

const DAY = 86_400_000;

describe.each(KINDS)('progression on %s', (kind) => {
  const ctx = useDatabase(kind);

  // First, while the database holds only these players: the author's yes vote reaches the 10 % quorum.
  it('a passed content proposal pays its author 500 artisticVision and 200 influence_points, and counts for Reality_Artist', async () => {
    const db = ctx.db;
    const author = await newPlayer(db, { technicalMastery: 10000, truthScore: 10000, impactRating: 10000, teachingHonor: 10000, artisticVision: 10000 });
    const now = new Date('2026-06-01T10:00:00Z');
    const { proposal } = await createProposal(db, { authorId: author.id, kind: 'content', title: 'The drowned archive', deposit: 0n, periodMs: DAY, now });
    await castVote(db, { proposalId: proposal.id, playerId: author.id, support: true, now });
    const closed = await closeProposal(db, proposal.id, new Date(now.getTime() + DAY));
    expect(closed?.outcome.passed).toBe(true);
    expect(await balanceOf(db, { kind: 'player', id: author.id }, 'influence_points')).toBe(200n);
    expect((await getPlayer(db, author.id))!.artisticVision).toBe(10000);
    expect((await profileData(db, author.id))!.contentPassed).toBe(1);
    const [row] = (await db.execute(sql`SELECT count(*) AS n FROM transfers WHERE idempotency_key = ${`proposal:${proposal.id}:content-reward`}`) as unknown as { rows: { n: unknown }[] }).rows;
    expect(Number(row.n)).toBe(1);
  });

  progressionSuite(ctx);
});

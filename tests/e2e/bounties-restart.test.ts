/**
 * A bounty's refund survives a crash: the posting and its deadline job commit in one transaction
 * (scheduled_jobs is the outbox). FAULT_INJECT=after-commit:bounty-post SIGKILLs the server right
 * after that commit, before the job runner hears of it; the restarted server still refunds the
 * poster at the deadline, once.
 */
import { describe, expect, it } from 'vitest';
import { balanceOf, ledgerInvariant, mint, withTransaction } from '@datavism/db';
import { restartableGame } from '../utils/restartable';
import { api, registerPlayer } from '../utils/http';
import { waitFor } from '../utils/env';

// TIME_SCALE 1200: a game hour lasts 3 real seconds.
const game = restartableGame('bounty', { JWT_SECRET: 'b'.repeat(40), TIME_SCALE: '1200' });

describe('bounty deadlines survive a crash', () => {
  it('a server killed right after a posting commits refunds the bounty at its deadline once restarted', async () => {
    const g = await game();
    const db = g.database.db;
    let server = await g.start({ FAULT_INJECT: 'after-commit:bounty-post' });
    const poster = await registerPlayer(server.url);
    const me = { kind: 'player' as const, id: poster.player.id };
    await withTransaction(db, (tx) => mint(tx, me, 'data_credits', 70n, 'test'));

    const answer = await api(server.url, 'POST', '/api/bounties', {
      title: 'Verify a leak', kind: 'verify_intel', target: 'leak', resource: 'data_credits', amount: '70', hours: 2,
    }, poster.token).then((r) => ({ answered: r }), (err: unknown) => ({ failed: err }));
    expect(answer).toHaveProperty('failed');
    await waitFor(() => g.server.child.signalCode, 10_000, 'the server to die');
    // The bounty, its escrow and its deadline job committed together.
    const [bounty] = await g.pg.query(`SELECT id::text, status, deadline FROM bounties`);
    expect(bounty.status).toBe('open');
    expect(await balanceOf(db, me, 'data_credits')).toBe(0n);
    expect(await g.pg.query(`SELECT name, run_at, done_at FROM scheduled_jobs WHERE key = $1`, [`bounty:${bounty.id}`]))
      .toEqual([{ name: 'bounty-deadline', run_at: bounty.deadline, done_at: null }]);

    server = await g.start();
    await waitFor(async () => (await g.pg.query(`SELECT status FROM bounties WHERE id = $1`, [bounty.id]))[0].status === 'refunded', 30_000, 'refund');
    expect(await balanceOf(db, me, 'data_credits')).toBe(70n);
    expect(await g.pg.query(`SELECT count(*)::int AS n FROM transfers WHERE reason = 'bounty_refund'`)).toEqual([{ n: 1 }]);
    for (const line of await ledgerInvariant(db)) expect(line.holds).toBe(true);
    await server.kill();
  });
});

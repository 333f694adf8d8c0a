/**
 * The bounty board and the sinks of GAME §4.5 end to end, over the public HTTP API of a real
 * server on Postgres: a bounty posted with its reward escrowed, refused inputs that change nothing,
 * a claim the server cannot verify (stake burned), a hint bought with data_credits, the challenge
 * solved and the bounty claimed and paid once, an unclaimed bounty refunded at its deadline by its
 * durable job, the poster and claimant notified, and the ledger invariant at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, ledgerInvariant, mint, withTransaction, type Db } from '@datavism/db';
import { tamperedRecordIds, type Resource } from '@datavism/rules';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';
import { waitFor } from '../utils/env';

// A game hour lasts one real second: a 2-hour bounty expires 2 s after it is posted.
const TIME_SCALE = 3600;

let run: RunningGame;
let db: Db;

beforeAll(async () => {
  run = await startGame({ db: 'postgres', env: { TIME_SCALE: String(TIME_SCALE) } });
  db = run.game.services.database.db;
});
afterAll(async () => {
  await run?.close();
});

const player = (id: string) => ({ kind: 'player' as const, id });
const bal = (id: string, r: Resource) => balanceOf(db, player(id), r);
const fund = (id: string, r: Resource, amount: bigint) => withTransaction(db, (tx) => mint(tx, player(id), r, amount, 'test'));
const rows = async <T>(query: string): Promise<T[]> => ((await db.execute(query)) as unknown as { rows: T[] }).rows;

describe('bounty board over HTTP', () => {
  it('post, refuse bad input, reject an unfulfilled claim, sell a hint, pay the first valid claim, refund at the deadline', async () => {
    const [poster, hunter, idle] = await Promise.all([1, 2, 3].map(() => registerPlayer(run.url)));
    const P = poster.player.id;
    const H = hunter.player.id;
    await fund(P, 'resistance_credits', 1000n);
    const posterCredits = await bal(P, 'resistance_credits');
    const today = (await api(run.url, 'GET', '/api/challenges/today', undefined, hunter.token)).body.challenge;
    const body = { title: 'Crack today\'s ledger', kind: 'solve_challenge', target: today.id, resource: 'resistance_credits', amount: '300', hours: 24 };

    // Refused: nothing is escrowed.
    for (const bad of [{ ...body, amount: '0' }, { ...body, resource: 'truth_tokens' }, { ...body, hours: 721 }, { ...body, kind: 'steal' }, { ...body, extra: 1 }]) {
      const r = await api(run.url, 'POST', '/api/bounties', bad, poster.token);
      expect([r.status, r.body.code]).toEqual([400, 'BAD_REQUEST']);
    }
    const tooMuch = await api(run.url, 'POST', '/api/bounties', { ...body, amount: String(posterCredits + 1n) }, poster.token);
    expect([tooMuch.status, tooMuch.body.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
    const noSuch = await api(run.url, 'POST', '/api/bounties', { ...body, target: '00000000-0000-4000-8000-000000000000' }, poster.token);
    expect([noSuch.status, noSuch.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(await bal(P, 'resistance_credits')).toBe(posterCredits);

    const posted = await api(run.url, 'POST', '/api/bounties', { ...body, requestKey: 'r1' }, poster.token);
    expect(posted.status).toBe(201);
    const bountyId = posted.body.bounty.id;
    expect(posted.body.bounty).toMatchObject({ status: 'open', amount: '300', targetLabel: today.title, posterName: poster.name, mine: true });
    expect(posted.body.bounty.deadline - posted.body.bounty.createdAt).toBe(24 * 3_600_000 / TIME_SCALE);
    expect((await api(run.url, 'POST', '/api/bounties', { ...body, requestKey: 'r1' }, poster.token)).status).toBe(200);
    expect(await bal(P, 'resistance_credits')).toBe(posterCredits - 300n);
    const board = (await api(run.url, 'GET', '/api/bounties', undefined, hunter.token)).body;
    expect(board.open.find((b: any) => b.id === bountyId)).toMatchObject({ mine: false, kind: 'solve_challenge' });

    const claim = (token: string, id = bountyId) => api(run.url, 'POST', `/api/bounties/${id}/claim`, {}, token);
    const own = await claim(poster.token);
    expect([own.status, own.body.code]).toEqual([403, 'OWN_BOUNTY']);
    // No truth_token to stake: refused, nothing changed.
    expect((await claim(hunter.token)).body.code).toBe('INSUFFICIENT_FUNDS');
    expect((await rows<{ n: number }>('SELECT count(*)::int AS n FROM bounty_claims'))[0]!.n).toBe(0);
    await fund(H, 'truth_tokens', 2n);
    await fund(idle.player.id, 'truth_tokens', 1n);
    // Not solved yet: the server finds no fulfilment; the stake is burned, the bounty stays open.
    const early = await claim(hunter.token);
    expect([early.status, early.body.code]).toEqual([422, 'BOUNTY_NOT_FULFILLED']);
    expect(await bal(H, 'truth_tokens')).toBe(1n);

    // A hint costs 20 data_credits (registry), once; without them it is refused.
    const hint = () => api(run.url, 'POST', `/api/challenges/${today.id}/hint`, {}, hunter.token);
    expect((await hint()).body.code).toBe('INSUFFICIENT_FUNDS');
    await fund(H, 'data_credits', 25n);
    const bought = await hint();
    expect(bought.status).toBe(200);
    const answer = tamperedRecordIds(today.data)[0]!;
    expect(bought.body.cost).toBe('20');
    expect(bought.body.suspects).toContain(answer);
    expect(bought.body.suspects.length).toBe(Math.ceil(today.data.records.length / 2));
    expect((await hint()).body.cost).toBe('0');
    expect(await bal(H, 'data_credits')).toBe(5n);

    expect((await api(run.url, 'POST', `/api/challenges/${today.id}/solve`, { answer }, hunter.token)).status).toBe(200);
    const hunterCredits = await bal(H, 'resistance_credits');
    const [paid, late] = await Promise.all([claim(hunter.token), claim(idle.token)]);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ paid: { resource: 'resistance_credits', amount: '300' }, bounty: { status: 'paid', claimantName: hunter.name } });
    // The idle player did not solve it: rejected (its stake burned) or, after the payout, closed.
    expect(['BOUNTY_NOT_FULFILLED', 'BOUNTY_CLOSED']).toContain(late.body.code);
    expect(await bal(H, 'resistance_credits')).toBe(hunterCredits + 300n);
    expect(await bal(H, 'truth_tokens')).toBe(1n);
    expect((await claim(hunter.token)).body.code).toBe('BOUNTY_CLOSED');

    // A bounty nobody fulfils: refunded by its deadline job, 2 game hours (2 s) later.
    const before = await bal(P, 'resistance_credits');
    const orphan = await api(run.url, 'POST', '/api/bounties', { ...body, title: 'Nobody will', kind: 'verify_intel', target: 'nobody_cares', amount: '100', hours: 2 }, poster.token);
    expect(orphan.status).toBe(201);
    expect(await bal(P, 'resistance_credits')).toBe(before - 100n);
    const refunded = await waitFor(async () => {
      const mine = (await api(run.url, 'GET', '/api/bounties', undefined, poster.token)).body.mine as any[];
      return mine.find((b) => b.id === orphan.body.bounty.id && b.status === 'refunded');
    }, 15_000, 'bounty refunded at its deadline');
    expect(refunded.settledAt).toBeGreaterThanOrEqual(refunded.deadline);
    expect(await bal(P, 'resistance_credits')).toBe(before);

    // The poster heard of the payout and of the refund, the claimant of the payout.
    const heard = async (id: string) => (await rows<{ title: string }>(`SELECT n.title FROM notifications n
      JOIN notification_recipients r ON r.notification_id = n.id WHERE r.player_id = '${id}' AND n.kind = 'bounty_update' ORDER BY n.id`)).map((r) => r.title);
    expect(await heard(P)).toEqual([`Bounty fulfilled: ${body.title}`, 'Bounty expired: Nobody will']);
    expect(await heard(H)).toEqual([`Bounty paid: ${body.title}`]);

    for (const line of await ledgerInvariant(db)) expect(line, line.resource).toMatchObject({ holds: true, broken: 0 });
  });

  it('custom challenges: the creator cannot solve their own over HTTP', async () => {
    const creator = await registerPlayer(run.url);
    await db.execute(`UPDATE players SET truth_score = 4000 WHERE id = '${creator.player.id}'`);
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const made = await api(run.url, 'POST', '/api/challenges', { title: 'Mine', description: 'd', answer: 'owl', rewardPoints: 50, endsAt }, creator.token);
    expect(made.status).toBe(201);
    const own = await api(run.url, 'POST', `/api/challenges/${made.body.challenge.id}/solve`, { answer: 'owl' }, creator.token);
    expect([own.status, own.body.code]).toEqual([403, 'OWN_CHALLENGE']);
  });
});

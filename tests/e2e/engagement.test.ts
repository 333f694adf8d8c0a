/**
 * Engagement end to end (GAME §8.4, docs/engagement.md) on Postgres, through the public protocol:
 * players register and enter the world (sessions), chat in their squad (squad interactions),
 * answer today's challenge wrong or right (failed challenges, a level-up), contribute to the
 * standing operation (the trending one). A GM runs the churn job from the console API; the
 * risks are GAME's formula over this population (worked out below); each player at risk gets the
 * interventions of their tier — the handler's message in their thread, a notification live and in
 * the inbox — recorded for the GM; a second run writes nothing. The daily bundle shows each part.
 * The GM routes refuse players and moderators; bad queries are typed errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@colyseus/sdk';
import { listAudit, setPlayerRole, type Db } from '@datavism/db';
import { HANDLER_CHECKIN_MESSAGE, utcDay } from '@datavism/rules';
import { DailyBundleDto } from '@datavism/shared-schema';
import { startGame, type RunningGame } from '../utils/game';
import { api, registerPlayer } from '../utils/http';
import { waitFor } from '../utils/env';
import { directPlayer } from '../utils/market';
import { joinSocial, type SocialSeat } from '../utils/social';

// A game hour lasts 1.25 s: an important notification is delivered 0.1 s after it is written, a
// regular one after 1.25 s; the standing operation (a game week) lasts 3.5 minutes, past the test.
const ENV = { TIME_SCALE: '2880' };

let run: RunningGame;
let db: Db;
type P = { id: string; name: string; token: string };
let gm: P;
let moderator: P;
const players: Record<'steady' | 'quitter' | 'drifter' | 'grinder' | 'member', P> = {} as never;
let squadId = '';
let firstLight = '';
let quitterSeat: SocialSeat;

const ok = async (method: string, path: string, body: unknown, p: P, status = [200, 201]) => {
  const r = await api(run.url, method, path, body, p.token);
  if (!status.includes(r.status)) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};
async function register(prefix: string): Promise<P> {
  const r = await registerPlayer(run.url, `${prefix}_${Math.random().toString(36).slice(2, 8)}`);
  return { id: r.player.id, name: r.name, token: r.token };
}
/** Entering the world is a session. */
const enter = async (p: P, times: number) => {
  for (let i = 0; i < times; i++) await ok('POST', '/api/world/enter', {}, p);
};
/** Wrong answers to today's challenge. */
const fail = async (p: P, times: number) => {
  const { challenge } = await ok('GET', '/api/challenges/today', undefined, p);
  for (let i = 0; i < times; i++) {
    const r = await api(run.url, 'POST', `/api/challenges/${challenge.id}/solve`, { answer: `R-not-it-${i}` }, p.token);
    expect([r.status, r.body.code]).toEqual([422, 'WRONG_ANSWER']);
  }
};
/** Joins the standing operation First Light and puts 20 credits into it. */
async function pitchIn(p: P): Promise<void> {
  const client = new Client(run.url);
  client.auth.token = p.token;
  const op = await client.joinOrCreate('operation', { operationId: firstLight });
  const contributed: any[] = [];
  for (const t of ['error', 'joined', 'handler']) op.onMessage(t, () => {});
  op.onMessage('contributed', (m) => contributed.push(m));
  op.send('join', {});
  op.send('contribute', { resource: 'resistance_credits', amount: 20 });
  await waitFor(() => contributed[0], 10_000, 'the contribution');
  await op.leave();
}
/** The account is a month old (its creation is its last "level-up": none for 14 days). */
const monthOld = (p: P) => db.execute(`UPDATE players SET created_at = now() - interval '30 days' WHERE id = '${p.id}'`);

beforeAll(async () => {
  run = await startGame({ db: 'postgres', env: ENV });
  db = run.game.services.database.db;
  const secret = run.game.services.config.jwtSecret;
  gm = await directPlayer(db, secret, 'gm');
  await setPlayerRole(db, gm.id, 'gm');
  moderator = await directPlayer(db, secret, 'mod');
  await setPlayerRole(db, moderator.id, 'moderator');
  for (const k of ['steady', 'quitter', 'drifter', 'grinder', 'member'] as const) players[k] = await register(k);
});
afterAll(async () => {
  await quitterSeat?.leave();
  await run?.close();
});

describe('engagement (GAME §8.4)', () => {
  it('a population plays; the GM runs the churn job: risks by the formula, interventions per tier, delivered and recorded', async () => {
    const { steady, quitter, drifter, grinder, member } = players;
    // steady: 5 sessions, leads a squad and chats in it 3 times, solves today's challenge (level 2), pitches into First Light.
    await enter(steady, 5);
    squadId = (await ok('POST', '/api/squads', { name: `Night Owls ${steady.name.slice(-4)}`, type: 'analysis' }, steady)).id;
    for (const line of ['status?', 'on the bridge', 'moving']) await ok('POST', '/api/social/messages', { channel: `squad:${squadId}`, body: line }, steady);
    const { challenge } = await ok('GET', '/api/challenges/today', undefined, steady);
    const answer = (await db.execute(`SELECT answer FROM challenges WHERE id = '${challenge.id}'`) as any).rows[0].answer;
    expect((await ok('POST', `/api/challenges/${challenge.id}/solve`, { answer }, steady)).xp).toBe(50);
    firstLight = (await ok('GET', '/api/onboarding', undefined, steady)).introOperation.id;
    await pitchIn(steady);
    await ok('POST', '/api/intel', { category: 'leak', claim: 'the relay logs go to a third party' }, steady);

    // quitter: a month old, 1 session, squadless, 6 wrong answers → 0.3 + 0.2 + 0.2 + 0.3 = 1.
    await monthOld(quitter);
    await enter(quitter, 1);
    await fail(quitter, 6);
    // drifter: a month old, 1 session, squadless, no failures → 0.3 + 0.2 + 0.2 = 0.7: the elevated tier, not the high one.
    await monthOld(drifter);
    await enter(drifter, 1);
    // grinder: a month old, 4 sessions, squadless, 5 failures (not > 5) → 0.2 + 0.2 = 0.4: nothing.
    await monthOld(grinder);
    await enter(grinder, 4);
    await fail(grinder, 5);
    // member: new (registered today: no 14 days without a level-up yet), no session, one squad line, 6 failures → 0.3 + 0.2 + 0.3 = 0.8.
    await ok('POST', `/api/squads/${squadId}/join`, {}, member);
    await ok('POST', '/api/social/messages', { channel: `squad:${squadId}`, body: 'hello all' }, member);
    await fail(member, 6);
    // Two players put credits into First Light: the trending operation whatever today's calendar launched (a solve counts for those).
    await pitchIn(member);
    // Active players (≥ 1 session): steady 5, quitter 1, drifter 1, grinder 4 → average 11 / 4 = 2.75; half is 1.375.

    quitterSeat = await joinSocial(run.url, quitter.token);
    const today = utcDay(new Date());
    const result = await ok('POST', '/api/gm/engagement/run', {}, gm);
    expect(result).toMatchObject({
      day: today,
      run: {
        day: today, scored: 5, active: 4, averageSessions: 2.75, high: 2, elevated: 1,
        histogram: { 0: 1, 40: 1, 70: 1, 80: 1, 100: 1 },
        terms: { sessions: 3, squadInteractions: 4, noLevelUp: 3, failedChallenges: 2 },
        interventions: { handler_message: 2, easier_challenge: 2, squad_event: 2, progress_highlight: 1, squad_needs: 1, mentor_offer: 1 },
      },
      notified: { high: 2, elevated: 1 },
    });

    // What the GM sees: who got what, with the inputs and the terms.
    const view = await ok('GET', '/api/gm/engagement', undefined, gm);
    expect(view.day).toBe(today);
    expect(view.players.map((p: any) => [p.name, p.risk, p.tier])).toEqual([
      [quitter.name, 1, 'high'], [member.name, 0.8, 'high'], [drifter.name, 0.7, 'elevated'],
    ]);
    const q = view.players[0];
    expect(q.inputs).toMatchObject({ sessions: 1, averageSessions: 2.75, squadInteractions: 0, failedChallenges: 6 });
    expect(q.inputs.daysSinceLevelUp).toBeGreaterThanOrEqual(30);
    expect(q.terms).toEqual({ sessions: true, squadInteractions: true, noLevelUp: true, failedChallenges: true });
    expect(q.interventions.map((i: any) => i.kind)).toEqual(['handler_message', 'easier_challenge', 'squad_event']);
    expect(q.interventions.find((i: any) => i.kind === 'squad_event').payload).toEqual({ kind: 'join_squad' });
    expect(q.interventions.find((i: any) => i.kind === 'easier_challenge').payload).toMatchObject({ difficulty: 1 });
    const m = view.players[1];
    expect(m.interventions.find((i: any) => i.kind === 'squad_event').payload).toMatchObject({ kind: 'operation', id: firstLight, trending: true, squadId });
    const d = view.players[2];
    expect(d.interventions.map((i: any) => i.kind)).toEqual(['progress_highlight', 'squad_needs', 'mentor_offer']);
    expect(d.interventions.find((i: any) => i.kind === 'squad_needs').payload).toEqual({ squadless: true });
    expect((await ok('GET', '/api/gm/engagement?tier=elevated', undefined, gm)).players.map((p: any) => p.name)).toEqual([drifter.name]);
    // Below 0.4 nothing is stored; the GM can still compute anyone's risk now.
    const g = await ok('GET', `/api/gm/engagement?player=${grinder.id}`, undefined, gm);
    expect(g.players).toEqual([]);
    expect(g.now).toMatchObject({ risk: 0.4, tier: 'low', terms: { sessions: false, squadInteractions: true, noLevelUp: true, failedChallenges: false } });
    expect((await ok('GET', `/api/gm/engagement?player=${steady.id}`, undefined, gm)).now).toMatchObject({ risk: 0, inputs: { sessions: 5, squadInteractions: 3 } });

    // The quitter gets the handler's message in their thread and the notification, live and in the inbox.
    const thread = await ok('GET', `/api/social/messages?channel=handler:${quitter.id}`, undefined, quitter);
    expect(thread.messages).toHaveLength(1);
    expect(thread.messages[0]).toMatchObject({ authorId: null, authorName: 'Handler', body: HANDLER_CHECKIN_MESSAGE });
    const channels = (await ok('GET', '/api/social/channels', undefined, quitter)).channels;
    expect(channels.find((c: any) => c.kind === 'handler').unread).toBe(1);
    const live = await quitterSeat.next('notification', (n) => n.notification?.kind === 'handler_checkin' || n.kind === 'handler_checkin', 30_000);
    expect(JSON.stringify(live)).toContain('Your handler wants a word');
    const inbox = await ok('GET', '/api/notifications', undefined, quitter);
    expect(inbox.notifications.map((n: any) => [n.kind, n.tier, n.link])).toContainEqual(['handler_checkin', 'important', '/today']);
    const drifterInbox = await waitFor(async () => {
      const r = await ok('GET', '/api/notifications', undefined, drifter);
      return r.notifications.find((n: any) => n.kind === 'weekly_highlight') ?? null;
    }, 20_000, 'the drifter\'s highlight');
    expect(drifterInbox.title).toBe('Your week in the resistance');
    for (const p of [steady, grinder]) expect((await ok('GET', '/api/notifications', undefined, p)).notifications.filter((n: any) => ['handler_checkin', 'weekly_highlight'].includes(n.kind))).toEqual([]);

    // A second run the same day writes nothing and tells nobody twice.
    const again = await ok('POST', '/api/gm/engagement/run', {}, gm);
    expect(again).toEqual({ day: today, run: null, notified: { high: 0, elevated: 0 } });
    expect((await ok('GET', `/api/social/messages?channel=handler:${quitter.id}`, undefined, quitter)).messages).toHaveLength(1);
    expect((await listAudit(db, { action: 'engagement.run' })).map((a) => a.details)).toEqual([{ day: today, alreadyScored: true }, expect.objectContaining({ day: today, scored: 5 })]);
  });

  it('the daily bundle: intel brief, personal mission, squad objective, trending operation, a challenge for my level, the login bonus', async () => {
    const { steady, quitter, member } = players;
    const raw = await ok('GET', '/api/engagement/daily', undefined, quitter);
    const b = DailyBundleDto.parse(raw);
    expect(b.day).toBe(utcDay(new Date()));
    expect(b.intelBrief.verified).toEqual([]);
    expect(b.intelBrief.open.map((c) => c.claimText)).toEqual(['the relay logs go to a third party']);
    expect(b.personalMission).toMatchObject({ kind: 'tutorial', step: 'deploy', title: 'Move out', panel: 'map' });
    expect(b.squadObjective).toEqual({ kind: 'join_squad', suggestion: { id: squadId, name: expect.any(String), memberCount: 2, maxMembers: 5 } });
    expect(b.trendingOperation).toMatchObject({ id: firstLight, contributors: 2, joined: false });
    expect(b.challenge).toMatchObject({ difficulty: 1, solvedByMe: false });
    // Registered today, entered today: streak 1 claimed — 100·1.1 credits, ⌊50·1.05⌋ XP, 10·1 cpu_cycles.
    expect(b.loginBonus).toEqual({ claimedToday: true, streak: 1, credits: 110, xp: 52, cpuCycles: 10, liberationKeys: 0, truthTokens: 0, title: null });
    expect(b.interventions.map((i) => i.kind).sort()).toEqual(['easier_challenge', 'handler_message', 'squad_event']);

    const s = DailyBundleDto.parse(await ok('GET', '/api/engagement/daily', undefined, steady));
    // The challenge of steady's level (an operation's payout may have raised it since the solve): the intel feature's own.
    const mine = (await ok('GET', '/api/challenges/today', undefined, steady)).challenge;
    expect(s.challenge).toMatchObject({ id: mine.id, difficulty: mine.difficulty, solvedByMe: mine.solvedByMe });
    expect(s.trendingOperation).toMatchObject({ id: firstLight, joined: true });
    expect(s.intelBrief.open).toEqual([]); // their own claim: confirmed by submitting it
    expect(s.interventions).toEqual([]);
    // The squad's objective: the operation its members are in.
    expect(s.squadObjective).toMatchObject({ kind: 'event', squad: { id: squadId }, event: { kind: 'operation', id: firstLight } });
    expect(DailyBundleDto.parse(await ok('GET', '/api/engagement/daily', undefined, member)).squadObjective).toMatchObject({ kind: 'event', squad: { id: squadId } });
  });

  it('the GM routes refuse players and moderators; bad queries are typed errors, nothing run', async () => {
    const player = players.steady;
    for (const [method, path, body] of [['GET', '/api/gm/engagement', undefined], ['POST', '/api/gm/engagement/run', {}]] as const) {
      expect((await api(run.url, method, path, body, player.token)).status).toBe(403);
      expect((await api(run.url, method, path, body, moderator.token)).status).toBe(403);
      expect((await api(run.url, method, path, body)).status).toBe(401);
    }
    expect((await api(run.url, 'GET', '/api/engagement/daily')).status).toBe(401);
    for (const query of ['day=2026-13-40', 'day=yesterday', 'limit=0', 'limit=501', 'player=nope', 'tier=extreme', 'days=99', 'bogus=1']) {
      const r = await api(run.url, 'GET', `/api/gm/engagement?${query}`, undefined, gm.token);
      expect([query, r.status, r.body.code]).toEqual([query, 400, 'BAD_REQUEST']);
    }
    const bad = await api(run.url, 'POST', '/api/gm/engagement/run', { day: '2026-01-01' }, gm.token);
    expect([bad.status, bad.body.code]).toEqual([400, 'BAD_REQUEST']);
    expect(await listAudit(db, { action: 'engagement.run' })).toHaveLength(2);
  });
});

import { Router } from 'express';
import { GameError, formatBlt } from '@datavism/rules';
import {
  ballotOf, castBallot, electionForCount, getElection, getProposal, listCandidates, listCouncils, listElections,
  listProposals, standForElection, withdrawCandidacy,
} from '@datavism/db';
import { ElectionBallotBody, ElectionStandBody, GmOpenElectionBody } from '@datavism/shared-schema';
import type { Services } from '../context';
import { parseBody } from '../http/errors';
import { requirePlayer } from '../http/guards';
import { advanceElection, openCouncilElection, publish } from './service';

/** bigint deposits as strings in JSON. */
function proposalJson<T extends { deposit: bigint }>(p: T) {
  return { ...p, deposit: p.deposit.toString() };
}

/** Governance HTTP API: proposals (read), councils, elections (stand, ballot, results, BLT export). */
export function governanceRoutes(s: Services): Router {
  const router = Router();
  const db = () => s.database.db;

  router.get('/api/proposals', async (req, res) => {
    const status = req.query.status === 'open' || req.query.status === 'closed' ? req.query.status : undefined;
    res.json((await listProposals(db(), { status, limit: 100 })).map(proposalJson));
  });

  router.get('/api/proposals/:id', async (req, res) => {
    const p = await getProposal(db(), String(req.params.id));
    if (!p) throw new GameError('NOT_FOUND', 'unknown proposal');
    res.json(proposalJson(p));
  });

  router.get('/api/councils', async (_req, res) => {
    res.json(await listCouncils(db(), new Date()));
  });

  router.get('/api/elections', async (_req, res) => {
    res.json(await listElections(db(), 50));
  });

  router.get('/api/elections/:id', async (req, res) => {
    const e = await getElection(db(), String(req.params.id));
    if (!e) throw new GameError('NOT_FOUND', 'unknown election');
    const { result: _r, ...rest } = e;
    const candidates = await listCandidates(db(), e.id);
    res.json({ ...rest, candidates: candidates.map((c) => ({
      playerId: c.playerId, name: c.name, number: c.number, statement: c.statement, withdrawn: c.withdrawnAt !== null,
    })) });
  });

  router.post('/api/elections/:id/candidates', requirePlayer(s), async (req, res) => {
    const body = parseBody(ElectionStandBody, req.body);
    const c = await standForElection(db(), {
      electionId: String(req.params.id), playerId: res.locals.player.id, statement: body.statement, now: new Date(),
    });
    await publish(s, { type: 'election', id: c.electionId });
    res.status(201).json({ playerId: c.playerId, name: c.name, number: c.number });
  });

  /** The signed-in candidate withdraws (until the voting ends). */
  router.delete('/api/elections/:id/candidates/me', requirePlayer(s), async (req, res) => {
    const c = await withdrawCandidacy(db(), { electionId: String(req.params.id), playerId: res.locals.player.id, now: new Date() });
    await publish(s, { type: 'election', id: c.electionId });
    res.json({ playerId: c.playerId, name: c.name, number: c.number, withdrawn: true });
  });

  router.put('/api/elections/:id/ballot', requirePlayer(s), async (req, res) => {
    const body = parseBody(ElectionBallotBody, req.body);
    const r = await castBallot(db(), {
      electionId: String(req.params.id), playerId: res.locals.player.id, ranking: body.ranking, now: new Date(),
    });
    res.json(r);
  });

  router.get('/api/elections/:id/ballot', requirePlayer(s), async (req, res) => {
    res.json({ ranking: await ballotOf(db(), String(req.params.id), res.locals.player.id) });
  });

  /** The published count: every stage, the elected, the seed. */
  router.get('/api/elections/:id/result', async (req, res) => {
    const e = await getElection(db(), String(req.params.id));
    if (!e) throw new GameError('NOT_FOUND', 'unknown election');
    if (e.phase !== 'counted') throw new GameError('NOT_FOUND', 'the result is published after the count');
    res.json(e.result);
  });

  /** The ballots in BLT, published with the result: `npm run count -- FILE.blt --seed SEED` re-runs the count. */
  router.get('/api/elections/:id/ballots.blt', async (req, res) => {
    const e = await getElection(db(), String(req.params.id));
    if (!e) throw new GameError('NOT_FOUND', 'unknown election');
    if (e.phase !== 'counted') throw new GameError('NOT_FOUND', 'ballots are published after the count');
    res.type('text/plain').send(formatBlt(await electionForCount(db(), e)));
  });

  router.post('/api/gm/elections', requirePlayer(s, 'gm'), async (req, res) => {
    const body = parseBody(GmOpenElectionBody, req.body);
    const by = res.locals.player as { id: string; role: string };
    const e = await openCouncilElection(s, body.council, {
      nomination: body.nominationDays, campaign: body.campaignDays, voting: body.votingDays,
    }, new Date(), { actorId: by.id, actorRole: by.role, action: 'election.open', details: { ...body } });
    res.status(201).json(e);
  });

  /** A GM moves an election to its next phase now (nomination → campaign → voting → count). */
  router.post('/api/gm/elections/:id/advance', requirePlayer(s, 'gm'), async (req, res) => {
    const by = res.locals.player as { id: string; role: string };
    const e = await advanceElection(s, String(req.params.id), undefined, { actorId: by.id, actorRole: by.role, action: 'election.advance', details: {} });
    if (!e) throw new GameError('NOT_FOUND', 'unknown election');
    const { result: _r, ...rest } = e;
    res.json(rest);
  });

  return router;
}

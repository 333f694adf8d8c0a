import { Router } from 'express';
import { listOpenBounties, listPlayerBounties } from '@datavism/db';
import { ClaimBountyBody, PostBountyBody, type BountyClaimResponse, type BountyListResponse } from '@datavism/shared-schema';
import type { Services } from '../context';
import { parseBody } from '../http/errors';
import { requirePlayer } from '../http/guards';
import { bountyDto, claim, post } from './service';

/** The bounty board's HTTP API (GAME §4.5); errors are `{code, message}` (docs/bounties.md). */
export function bountyRoutes(s: Services): Router {
  const router = Router();
  const auth = requirePlayer(s);
  const db = () => s.database.db;

  router.get('/api/bounties', auth, async (_req, res) => {
    const me = res.locals.player.id as string;
    const [open, mine] = await Promise.all([listOpenBounties(db(), new Date()), listPlayerBounties(db(), me)]);
    const out: BountyListResponse = { open: open.map((b) => bountyDto(b, me)), mine: mine.map((b) => bountyDto(b, me)) };
    res.json(out);
  });

  router.post('/api/bounties', auth, async (req, res) => {
    const body = parseBody(PostBountyBody, req.body);
    const me = res.locals.player.id as string;
    const { bounty, created } = await post(s, me, body);
    res.status(created ? 201 : 200).json({ bounty: bountyDto(bounty, me) });
  });

  router.post('/api/bounties/:id/claim', auth, async (req, res) => {
    parseBody(ClaimBountyBody, req.body);
    const me = res.locals.player.id as string;
    const b = await claim(s, me, String(req.params.id));
    const out: BountyClaimResponse = { bounty: bountyDto(b, me), paid: { resource: b.resource, amount: b.amount.toString() } };
    res.json(out);
  });

  return router;
}

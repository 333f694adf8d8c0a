import { Router } from 'express';
import { getPool, listAuctions, listPools, auctionBidHistory, type AuctionView as StoredAuction } from '@datavism/db';
import { GameError, assertPoolResource, quoteSwap, swapFee, swapLegs } from '@datavism/rules';
import { AmountString, BidBody, BidMessage, CreateAuctionBody, SwapBody, type PoolsResponse } from '@datavism/shared-schema';
import type { Services } from '../context';
import { requirePlayer } from '../http/guards';
import { parseBody } from '../http/errors';
import { bid, openAuction, poolJson, swap, swapFeeBps } from './service';

type Handler = (req: import('express').Request, res: import('express').Response) => Promise<void>;
const wrap = (fn: Handler): import('express').RequestHandler => (req, res, next) => void fn(req, res).catch(next);

/** An auction as JSON (bigints as strings). */
export function auctionJson(a: StoredAuction) {
  return {
    id: a.id, itemKind: a.itemKind, itemName: a.itemName, itemResource: a.itemResource ?? '',
    itemAmount: a.itemAmount === null ? '' : String(a.itemAmount), reservePrice: String(a.reservePrice),
    topBid: a.topBid === null ? '' : String(a.topBid), topBidderName: a.topBidderName ?? '', sellerName: a.sellerName ?? '',
    bidCount: a.bidCount, endsAt: a.endsAt.getTime(), status: a.status,
  };
}

/** HTTP edge of the exchange: pools, quotes, swaps, auctions (see docs/exchange.md). */
export function exchangeRoutes(s: Services): Router {
  const router = Router();

  router.get('/api/pools', wrap(async (_req, res) => {
    const body: PoolsResponse = { feeBps: swapFeeBps(s), pools: (await listPools(s.database.db)).map(poolJson) };
    res.json(body);
  }));

  router.get('/api/pools/:resource/quote', wrap(async (req, res) => {
    const resource = req.params.resource;
    assertPoolResource(resource);
    const amount = AmountString.safeParse(req.query.amountIn);
    if (!amount.success || amount.data === '0') throw new GameError('BAD_REQUEST', 'amountIn must be a positive integer');
    const direction = req.query.direction === 'sell' ? 'sell' : 'buy';
    const pool = await getPool(s.database.db, resource);
    const { assetIn } = swapLegs(resource, direction);
    const [reserveIn, reserveOut] = assetIn === resource
      ? [pool.reserveResource, pool.reserveCredits] : [pool.reserveCredits, pool.reserveResource];
    const feeBps = swapFeeBps(s);
    const amountIn = BigInt(amount.data);
    res.json({
      resource, direction, amountIn: amount.data, feeBps,
      amountOut: String(quoteSwap({ amountIn, reserveIn, reserveOut, feeBps })), fee: String(swapFee(amountIn, feeBps)),
      pool: poolJson(pool),
    });
  }));

  router.post('/api/pools/:resource/swap', requirePlayer(s), wrap(async (req, res) => {
    const body = parseBody(SwapBody, req.body);
    res.json(await swap(s, res.locals.player.id, { ...body, resource: String(req.params.resource) }));
  }));

  router.get('/api/auctions', wrap(async (_req, res) => {
    const rows = await listAuctions(s.database.db, { settledSince: new Date(Date.now() - 3_600_000) });
    res.json({ auctions: rows.map(auctionJson) });
  }));

  router.get('/api/auctions/:id/bids', wrap(async (req, res) => {
    const id = String(req.params.id);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new GameError('NOT_FOUND', 'no such auction');
    const bids = await auctionBidHistory(s.database.db, id);
    res.json({ bids: bids.map((b) => ({ amount: String(b.amount), bidderId: b.bidderId, at: b.createdAt.getTime() })) });
  }));

  router.post('/api/auctions', requirePlayer(s), wrap(async (req, res) => {
    const body = parseBody(CreateAuctionBody, req.body);
    const auction = await openAuction(s, res.locals.player, body);
    const [view] = await listAuctions(s.database.db, { settledSince: new Date(0), ids: [auction.id] });
    res.status(201).json(auctionJson(view!));
  }));

  router.post('/api/auctions/:id/bids', requirePlayer(s), wrap(async (req, res) => {
    // The body alone first: an array or null is refused as a body, not spread into an object.
    const body = parseBody(BidMessage, { ...parseBody(BidBody, req.body), auctionId: req.params.id });
    res.json(await bid(s, res.locals.player.id, body));
  }));

  return router;
}

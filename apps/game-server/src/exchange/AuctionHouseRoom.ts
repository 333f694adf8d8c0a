import { Room, type Client } from '@colyseus/core';
import { listAuctions, listPools } from '@datavism/db';
import { GameError } from '@datavism/rules';
import {
  AuctionHouseState, AuctionView, BidMessage, PoolView, SwapMessage, type ErrorPayload,
} from '@datavism/shared-schema';
import { services } from '../context';
import { RateLimiter } from '../ops/rateLimit';
import { countSentBytes, gameMessage, roomEdge, unknownMessage, type MessageEdge } from '../rooms/messages';
import { auctionJson } from './routes';
import { bid, changesChannel, poolJson, snipingTiming, swap, swapFeeBps, type ExchangeChange } from './service';
import { authenticatePlayer, type AuthData } from '../rooms/auth';

/** Settled auctions stay on the board this long (real ms) so bidders see the result. */
const SETTLED_VISIBLE_MS = 10 * 60_000;

/**
 * The auction house (GAME §4.2, §4.3): live auctions with their top bids and ends, the pools'
 * reserves and the live fee. Bids and swaps may come as messages here or over HTTP; either way
 * the service announces the change on presence and every process's room reloads those rows.
 */
export class AuctionHouseRoom extends Room<{ state: InstanceType<typeof AuctionHouseState> }> {
  state = new AuctionHouseState();
  maxMessagesPerSecond = 30;

  private readonly actionLimiter = new RateLimiter(10, 5);
  private readonly errorLimiter = new RateLimiter(10, 5);
  private readonly playerOf = new Map<string, string>();
  private unsubscribe: (() => void) | null = null;

  private readonly edge: MessageEdge = roomEdge(
    'auction_house',
    () => this.actionLimiter,
    (client, error) => this.sendError(client, error),
  );

  messages = {
    bid: gameMessage(this.edge, 'bid', BidMessage, async (client, m) => {
      const result = await bid(services(), this.player(client), m);
      client.send('bid_placed', result);
    }),
    swap: gameMessage(this.edge, 'swap', SwapMessage, async (client, m) => {
      client.send('swapped', await swap(services(), this.player(client), m));
    }),
    _: unknownMessage(this.edge),
  };

  static async onAuth(token: string): Promise<AuthData> {
    return authenticatePlayer(token);
  }

  async onCreate(): Promise<void> {
    const s = services();
    this.autoDispose = false; // one per world: it lives on (the supervisor recreates it if its process dies)
    this.setPatchRate(s.config.patchRateMs);
    this.state.snipingWindowMs = snipingTiming(s).windowMs;
    this.state.feeBps = swapFeeBps(s);
    await this.reload({});
    const listener = (change: ExchangeChange) => void this.reload(change).catch((err) => {
      s.metrics.errors.inc({ where: 'auction_house:reload' });
      s.logger.error({ err }, 'auction house reload failed');
    });
    await this.presence.subscribe(changesChannel(s), listener);
    this.unsubscribe = () => void this.presence.unsubscribe(changesChannel(s), listener);
    // The fee is a live registry value; the store reloads it on every change.
    this.clock.setInterval(() => {
      this.state.feeBps = swapFeeBps(s);
      this.dropOldSettled();
    }, 1000);
  }

  onJoin(client: Client, _options: unknown, auth: AuthData): void {
    countSentBytes(client, 'auction_house');
    this.playerOf.set(client.sessionId, auth.playerId);
  }

  onLeave(client: Client): void {
    this.playerOf.delete(client.sessionId);
    this.actionLimiter.forget(client.sessionId);
    this.errorLimiter.forget(client.sessionId);
  }

  onDispose(): void {
    this.unsubscribe?.();
  }

  /** Reload the changed rows (or everything when `change` names none). */
  private async reload(change: ExchangeChange): Promise<void> {
    const db = services().database.db;
    const all = !change.pools && !change.auctions;
    if (all || change.pools) {
      for (const p of await listPools(db)) {
        if (!all && !change.pools!.includes(p.resource)) continue;
        const view = this.state.pools.get(p.resource) ?? new PoolView();
        Object.assign(view, poolJson(p));
        if (!this.state.pools.has(p.resource)) this.state.pools.set(p.resource, view);
      }
    }
    if (all || change.auctions) {
      const rows = await listAuctions(db, all
        ? { settledSince: new Date(Date.now() - SETTLED_VISIBLE_MS) }
        : { settledSince: new Date(0), ids: change.auctions });
      for (const a of rows) {
        const view = this.state.auctions.get(a.id) ?? new AuctionView();
        Object.assign(view, auctionJson(a));
        if (!this.state.auctions.has(a.id)) this.state.auctions.set(a.id, view);
      }
    }
  }

  private dropOldSettled(): void {
    const cutoff = Date.now() - SETTLED_VISIBLE_MS;
    for (const [id, a] of this.state.auctions) if (a.status === 'settled' && a.endsAt < cutoff) this.state.auctions.delete(id);
  }

  private player(client: Client): string {
    const id = this.playerOf.get(client.sessionId);
    if (!id) throw new GameError('UNAUTHORIZED', 'not joined');
    return id;
  }

  private sendError(client: Client, error: ErrorPayload): void {
    services().metrics.rejected.inc({ room: 'auction_house', code: error.code });
    if (this.errorLimiter.take(client.sessionId, Date.now())) client.send('error', error);
  }
}

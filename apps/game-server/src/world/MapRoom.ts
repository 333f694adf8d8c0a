import { Room, type Client } from '@colyseus/core';
import { WorldMapState } from '@datavism/shared-schema';
import { channel, services } from '../context';
import { authenticatePlayer, type AuthData } from '../rooms/auth';
import { countSentBytes, roomEdge, unknownMessage, type MessageEdge } from '../rooms/messages';
import { RateLimiter } from '../ops/rateLimit';
import { applyTerritories, loadWorldState, reloadTerritories } from './worldState';
import { playerNoticeChannel, type PlayerNotice } from '../progression/index';

/** Clients per map room: matchmaking opens another (on the least busy process) when one is full. */
const MAP_ROOM_CLIENTS = 2_000;

/**
 * The shared map (GAME §3.1): every region and territory with its status, holder and garrison,
 * for every client. Several map rooms exist when there are many clients, spread over the
 * processes; each follows territory changes from any process over presence. Avatars are not
 * here: they live in the `region` rooms, so a crossing never resends the map.
 */
export class MapRoom extends Room<{ state: InstanceType<typeof WorldMapState> }> {
  state = new WorldMapState();
  maxClients = MAP_ROOM_CLIENTS;
  maxMessagesPerSecond = 5;

  private readonly limiter = new RateLimiter(5, 1);
  /** player → their connections here (a player's own notices go to them only). */
  private readonly clientsOf = new Map<string, Set<Client>>();
  private readonly edge: MessageEdge = roomEdge('map', () => this.limiter, (client, error) => {
    services().metrics.rejected.inc({ room: 'map', code: error.code });
    if (this.limiter.take(`e:${client.sessionId}`, Date.now())) client.send('error', error);
  });

  messages = { _: unknownMessage(this.edge) };

  static async onAuth(token: string): Promise<AuthData> {
    return authenticatePlayer(token);
  }

  async onCreate(): Promise<void> {
    const s = services();
    this.setPatchRate(s.config.patchRateMs);
    await loadWorldState(s.database.db, this.state);
    await this.presence.subscribe(channel(s.config, 'world:territories'), (ids: string[] | 'all') => {
      reloadTerritories(s.database.db, ids).then((rows) => applyTerritories(this.state, rows)).catch((err) => {
        s.metrics.errors.inc({ where: 'map:reload' });
        s.logger.error({ err }, 'territory reload failed');
      });
    });
    // World notices for everyone (a verified intel pattern…) and a player's own (an achievement).
    await this.presence.subscribe(channel(s.config, 'broadcast'), (msg: unknown) => this.broadcast('notice', msg));
    await this.presence.subscribe(playerNoticeChannel(s), (m: PlayerNotice) => {
      for (const id of m.playerIds) for (const c of this.clientsOf.get(id) ?? []) c.send('notice', m.notice);
    });
    s.metrics.rooms.inc({ room: 'map' });
  }

  onJoin(client: Client, _options: unknown, auth: AuthData): void {
    countSentBytes(client, 'map');
    let mine = this.clientsOf.get(auth.playerId);
    if (!mine) this.clientsOf.set(auth.playerId, (mine = new Set()));
    mine.add(client);
    services().metrics.clients.inc({ room: 'map' });
  }

  async onDrop(client: Client): Promise<void> {
    await this.allowReconnection(client, services().config.reconnectSeconds);
  }

  onReconnect(client: Client): void {
    const playerId = (client.auth as AuthData | undefined)?.playerId;
    const mine = playerId ? this.clientsOf.get(playerId) : undefined;
    if (!mine) return;
    for (const c of mine) if (c.sessionId === client.sessionId) mine.delete(c);
    mine.add(client);
  }

  onLeave(client: Client): void {
    const playerId = (client.auth as AuthData | undefined)?.playerId;
    const mine = playerId ? this.clientsOf.get(playerId) : undefined;
    if (mine) {
      for (const c of mine) if (c.sessionId === client.sessionId) mine.delete(c);
      if (mine.size === 0) this.clientsOf.delete(playerId!);
    }
    this.limiter.forget(client.sessionId);
    this.limiter.forget(`e:${client.sessionId}`);
    services().metrics.clients.dec({ room: 'map' });
  }

  onDispose(): void {
    services().metrics.rooms.dec({ room: 'map' });
  }
}

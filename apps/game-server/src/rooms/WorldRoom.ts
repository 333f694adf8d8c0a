import { Room, type Client } from '@colyseus/core';
import { GameError, hexDistance, hexToPixel, stepMovement, type MoveInput, type MovingAvatar } from '@datavism/rules';
import { Avatar, DeployMessage, MoveMessage, WorldState, type ErrorPayload } from '@datavism/shared-schema';
import { deployPlayer } from '@datavism/db';
import { channel, services } from '../context';
import { authenticatePlayer, type AuthData } from './auth';
import { RateLimiter } from '../ops/rateLimit';
import { countSentBytes, gameMessage, roomEdge, unknownMessage, type MessageEdge } from './messages';
import { applyTerritories, loadWorldState, reloadTerritories, spawnTerritoryId } from '../world/worldState';
import { loginAndProfile } from '../players/profile';
import { RegionViews } from '../world/regionViews';


/** How often one client may send a movement input (GAME: up to 10 inputs/s), with jitter slack. */
const MOVE_BURST = 15;
const MOVE_PER_SECOND = 11;

/**
 * The shared world map: territories for everyone, avatars by region (one shared StateView per
 * region, see RegionViews). Movement inputs are queued and applied by the pure `stepMovement`
 * in one batch right before each patch.
 */
export class WorldRoom extends Room<{ state: InstanceType<typeof WorldState> }> {
  state = new WorldState();
  maxMessagesPerSecond = 60;

  private readonly moveLimiter = new RateLimiter(MOVE_BURST, MOVE_PER_SECOND);
  private readonly actionLimiter = new RateLimiter(10, 3);
  private readonly errorLimiter = new RateLimiter(10, 5);
  private readonly moveQueue: MoveInput[] = [];
  private readonly regions = new RegionViews();
  private readonly avatarOf = new Map<string, InstanceType<typeof Avatar>>();
  private readonly clientOf = new Map<string, Client>();
  private readonly pendingDeploy = new Set<string>();

  private readonly edge: MessageEdge = roomEdge(
    'world',
    (type) => (type === 'move' ? this.moveLimiter : this.actionLimiter),
    (client, error) => this.sendError(client, error),
  );

  messages = {
    deploy: gameMessage(this.edge, 'deploy', DeployMessage, (client, m) => this.deploy(client, m.territoryId)),
    move: gameMessage(this.edge, 'move', MoveMessage, (client, m) => this.queueMove(client, m)),
    _: unknownMessage(this.edge),
  };

  /** Every join presents a valid token of an existing player. */
  static async onAuth(token: string): Promise<AuthData> {
    return authenticatePlayer(token);
  }

  async onCreate(): Promise<void> {
    const s = services();
    this.autoDispose = false;
    this.setPatchRate(s.config.patchRateMs);
    await loadWorldState(s.database.db, this.state);
    await this.presence.subscribe(channel(s.config, 'world:territories'), (ids: string[] | 'all') => {
      reloadTerritories(s.database.db, ids).then((rows) => applyTerritories(this.state, rows)).catch((err) => {
        s.metrics.errors.inc({ where: 'world:reload' });
        s.logger.error({ err }, 'territory reload failed');
      });
    });
    await this.presence.subscribe(channel(s.config, 'broadcast'), (msg: unknown) => this.broadcast('notice', msg)); // GM emergency broadcast (operations)
    this.setSimulationInterval(() => this.tick(), 50);
    s.metrics.rooms.inc({ room: 'world' });
  }

  async onJoin(client: Client, _options: unknown, auth: AuthData): Promise<void> {
    const s = services();
    const previous = this.clientOf.get(auth.playerId);
    if (previous && previous !== client) previous.leave(4000, 'signed in elsewhere');
    const { profile } = await loginAndProfile(s, auth.playerId, new Date());
    const territoryId = profile.deployedTerritoryId && this.state.territories.has(profile.deployedTerritoryId)
      ? profile.deployedTerritoryId
      : spawnTerritoryId(this.state);
    const territory = this.state.territories.get(territoryId)!;
    const center = hexToPixel(territory, 1);
    const avatar = new Avatar();
    Object.assign(avatar, {
      id: auth.playerId, name: auth.name, rank: profile.rank, territoryId,
      regionId: territory.regionId, x: center.x, y: center.y, seq: 0, arrivesAt: 0,
    });
    countSentBytes(client, 'world');
    this.avatarOf.set(client.sessionId, avatar);
    this.clientOf.set(auth.playerId, client);
    this.state.avatars.set(auth.playerId, avatar);
    this.regions.enter(client, avatar);
    client.send('profile', profile);
    s.metrics.clients.inc({ room: 'world' });
  }

  async onDrop(client: Client): Promise<void> {
    await this.allowReconnection(client, services().config.reconnectSeconds);
  }

  onLeave(client: Client): void {
    const avatar = this.avatarOf.get(client.sessionId);
    this.avatarOf.delete(client.sessionId);
    this.moveLimiter.forget(client.sessionId);
    this.actionLimiter.forget(client.sessionId);
    this.errorLimiter.forget(client.sessionId);
    if (!avatar) return;
    services().metrics.clients.dec({ room: 'world' });
    this.regions.leave(client, avatar);
    if (this.clientOf.get(avatar.id) === client) {
      this.clientOf.delete(avatar.id);
      this.state.avatars.delete(avatar.id);
    }
  }

  onBeforePatch(): void {
    this.applyMoves();
    this.regions.beforePatch(this.clients);
  }

  onDispose(): void {
    services().metrics.rooms.dec({ room: 'world' });
  }

  /** GAME §3.1: travel to another territory costs `travel_seconds_per_hex` per hex of distance. */
  private async deploy(client: Client, territoryId: string): Promise<void> {
    const avatar = this.mustAvatar(client);
    const target = this.state.territories.get(territoryId);
    if (!target) throw new GameError('UNKNOWN_TERRITORY', `no territory ${territoryId}`);
    if (avatar.arrivesAt > 0 || this.pendingDeploy.has(avatar.id)) throw new GameError('IN_TRANSIT', 'already travelling');
    if (avatar.territoryId === territoryId) throw new GameError('ALREADY_DEPLOYED', 'already deployed there');
    const from = this.state.territories.get(avatar.territoryId)!;
    const s = services();
    const travelMs = hexDistance(from, target) * s.parameters.get('travel_seconds_per_hex') * 1000;
    const arrivesAt = Date.now() + travelMs;
    this.pendingDeploy.add(avatar.id);
    try {
      await deployPlayer(s.database.db, avatar.id, territoryId, new Date(arrivesAt)); // present from arrival
    } finally {
      this.pendingDeploy.delete(avatar.id);
    }
    if (this.avatarOf.get(client.sessionId) !== avatar) return; // left while the write was in flight
    if (target.regionId !== avatar.regionId) this.regions.move(client, avatar, target.regionId);
    avatar.territoryId = territoryId;
    avatar.arrivesAt = arrivesAt;
    client.send('deployed', { territoryId, arrivesAt, travelMs });
  }

  private queueMove(client: Client, m: { x: number; y: number; seq: number }): void {
    const avatar = this.mustAvatar(client);
    if (avatar.arrivesAt > 0) throw new GameError('IN_TRANSIT', 'cannot move while travelling');
    this.moveQueue.push({ avatarId: client.sessionId, x: m.x, y: m.y, seq: m.seq });
  }

  /** Arrivals (every 50 ms simulation tick). */
  private tick(): void {
    const now = Date.now();
    for (const avatar of this.avatarOf.values()) {
      if (avatar.arrivesAt > 0 && now >= avatar.arrivesAt) {
        const t = this.state.territories.get(avatar.territoryId)!;
        const c = hexToPixel(t, 1);
        avatar.x = c.x;
        avatar.y = c.y;
        avatar.arrivesAt = 0;
      }
    }
  }

  /**
   * The movement inputs queued since the last patch, in one batch, right before the patch is
   * encoded: an input is echoed by the next patch (≤ one patch interval), not a simulation
   * tick plus a patch interval later.
   */
  private applyMoves(): void {
    if (this.moveQueue.length === 0) return;
    const moving = new Map<string, MovingAvatar>();
    for (const input of this.moveQueue) {
      const avatar = this.avatarOf.get(input.avatarId);
      if (!avatar || moving.has(input.avatarId) || avatar.arrivesAt > 0) continue;
      const t = this.state.territories.get(avatar.territoryId)!;
      moving.set(input.avatarId, { x: avatar.x, y: avatar.y, seq: avatar.seq, center: hexToPixel(t, 1) });
    }
    const moved = stepMovement(moving, this.moveQueue);
    this.moveQueue.length = 0;
    for (const [sessionId, p] of moved) {
      const avatar = this.avatarOf.get(sessionId)!;
      avatar.x = p.x;
      avatar.y = p.y;
      avatar.seq = p.seq;
    }
  }

  private mustAvatar(client: Client): InstanceType<typeof Avatar> {
    const avatar = this.avatarOf.get(client.sessionId);
    if (!avatar) throw new GameError('NOT_DEPLOYED', 'you have no avatar in this world yet');
    return avatar;
  }

  /** Errors are rate-limited per client (burst 10, 5/s) so a flood of bad input cannot amplify into a flood back. */
  private sendError(client: Client, error: ErrorPayload): void {
    services().metrics.rejected.inc({ room: 'world', code: error.code });
    if (this.errorLimiter.take(client.sessionId, Date.now())) client.send('error', error);
  }
}

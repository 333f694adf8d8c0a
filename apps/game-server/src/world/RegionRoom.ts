import { ErrorCode, Room, ServerError, type Client } from '@colyseus/core';
import { GameError, stepMovement, type MoveInput, type MovingAvatar } from '@datavism/rules';
import {
  Avatar, DeployMessage, MoveMessage, RegionJoinOptions, RegionState,
  type DeployedMessage, type ErrorPayload, type HandoverMessage,
} from '@datavism/shared-schema';
import { deployPlayer, getPlayer } from '@datavism/db';
import { channel, services } from '../context';
import { authenticatePlayer, type AuthData } from '../rooms/auth';
import { RateLimiter } from '../ops/rateLimit';
import { countSentBytes, gameMessage, roomEdge, unknownMessage, type MessageEdge } from '../rooms/messages';
import { geography, type Geography } from './geography';
import { reserveHandoverSeat } from './handoverSeat';
import { rankOfPlayer } from '../players/profile';
import { forgetInputTiming, recordInputTiming } from '../gm/inputTiming';
import { recordWalk } from '../onboarding/walk';

type AvatarRef = InstanceType<typeof Avatar>;

/** How often one client may send a movement input (GAME: up to 10 inputs/s), with jitter slack. */
const MOVE_BURST = 15;
const MOVE_PER_SECOND = 11;
/** One region room holds every player deployed in its region. */
const REGION_ROOM_CLIENTS = 10_000;
/** Presence channel: a player's avatar entered a region room (other rooms drop a stale seat of theirs). */
const AVATAR_ENTERED = 'world:avatar-entered';

/**
 * One region of the world (GAME §3.1): the live avatars of the players deployed there. There is
 * one room per region, and matchmaking spreads them over the processes, so the world grows with
 * processes. Every client of the room sees every avatar of it: no per-client filtering, so a patch
 * is encoded once for the room. The map (territories, for everyone) is in the `map` rooms.
 *
 * A deploy into another region is a hand-over: the target region's room reserves a seat for the
 * player (on whichever process hosts it), this room drops the avatar and sends the reservation;
 * the client joins the new room and then leaves this one, with no visible disconnect.
 */
export class RegionRoom extends Room<{ state: InstanceType<typeof RegionState> }> {
  state = new RegionState();
  maxClients = REGION_ROOM_CLIENTS;
  maxMessagesPerSecond = 60;

  private regionId = 0;
  private geo!: Geography;
  private readonly moveLimiter = new RateLimiter(MOVE_BURST, MOVE_PER_SECOND);
  private readonly actionLimiter = new RateLimiter(10, 3);
  private readonly errorLimiter = new RateLimiter(10, 5);
  private readonly moveQueue: MoveInput[] = [];
  /** session → its avatar (absent once handed over or taken over by another session). */
  private readonly avatarOf = new Map<string, AvatarRef>();
  /** player → the session that owns its avatar here. */
  private readonly sessionOf = new Map<string, string>();
  private readonly clientOf = new Map<string, Client>();
  private readonly pendingDeploy = new Set<string>();
  /** Hand-overs sent to a session, in case its connection dropped before it got the message. */
  private readonly handoverOf = new Map<string, HandoverMessage>();
  /** Sessions counted in the clients gauge (their join completed). */
  private readonly joined = new Set<string>();
  /** Players whose first applied step was reported to the tutorial (docs/onboarding.md). */
  private readonly walked = new Set<string>();

  private readonly edge: MessageEdge = roomEdge(
    'region',
    (type) => (type === 'move' ? this.moveLimiter : this.actionLimiter),
    (client, error) => this.sendError(client, error),
  );

  messages = {
    deploy: gameMessage(this.edge, 'deploy', DeployMessage, (client, m) => this.deploy(client, m.territoryId)),
    move: gameMessage(this.edge, 'move', MoveMessage, (client, m) => this.queueMove(client, m)),
    _: unknownMessage(this.edge),
  };

  static async onAuth(token: string): Promise<AuthData> {
    return authenticatePlayer(token);
  }

  async onCreate(options: unknown): Promise<void> {
    const s = services();
    const parsed = RegionJoinOptions.safeParse(options);
    if (!parsed.success) throw refusal('BAD_REQUEST', 'a region room needs a regionId');
    this.geo = await geography(s.database.db);
    if (!this.geo.regionIds.has(parsed.data.regionId)) throw refusal('UNKNOWN_REGION', `no region ${parsed.data.regionId}`);
    this.regionId = parsed.data.regionId;
    this.state.regionId = this.regionId;
    this.autoDispose = false;
    this.setPatchRate(s.config.patchRateMs);
    this.setSimulationInterval(() => this.arrivals(), 50);
    await this.presence.subscribe(channel(s.config, AVATAR_ENTERED), (e: { playerId: string; roomId: string }) => {
      if (e.roomId !== this.roomId) this.dropStaleSeat(e.playerId);
    });
    s.metrics.rooms.inc({ room: 'region' });
  }

  async onJoin(client: Client, options: unknown, auth: AuthData): Promise<void> {
    const s = services();
    // One read: the deployment and the rank both come from the player's row.
    const row = await getPlayer(s.database.db, auth.playerId);
    const place = row?.deployedTerritoryId ? this.geo.place(row.deployedTerritoryId) : undefined;
    if (!row || !place) throw refusal('NOT_DEPLOYED', 'not deployed yet: enter the world first (POST /api/world/enter)');
    if (place.regionId !== this.regionId) throw refusal('WRONG_REGION', `deployed in region ${place.regionId}, not ${this.regionId}`);
    // A hand-over seat is for the connection that deployed; if the player has signed in here
    // since (a newer connection owns the avatar), that one wins.
    if ((options as { handover?: unknown } | undefined)?.handover === true && this.sessionOf.has(auth.playerId)) {
      throw refusal('SUPERSEDED', 'you signed in again meanwhile; this connection is closed');
    }
    // No await from here on: the join is applied at once.
    countSentBytes(client, 'region');
    this.clientOf.set(client.sessionId, client);
    const previous = this.sessionOf.get(auth.playerId);
    let avatar = previous ? this.avatarOf.get(previous) : undefined;
    if (previous && avatar) {
      // Signed in again into this region: the new connection takes over the avatar.
      this.avatarOf.delete(previous);
      this.clientOf.get(previous)?.leave(4000, 'signed in elsewhere');
    } else {
      const centre = this.geo.centre(place.id);
      const arrivesAt = row.deployedAt && row.deployedAt.getTime() > Date.now() ? row.deployedAt.getTime() : 0;
      avatar = new Avatar();
      Object.assign(avatar, {
        id: auth.playerId, name: auth.name, rank: rankOfPlayer(row), territoryId: place.id,
        regionId: this.regionId, x: centre.x, y: centre.y, seq: 0, arrivesAt,
      });
      this.state.avatars.set(auth.playerId, avatar);
    }
    this.avatarOf.set(client.sessionId, avatar);
    this.sessionOf.set(auth.playerId, client.sessionId);
    this.joined.add(client.sessionId);
    s.metrics.clients.inc({ room: 'region' });
    await this.presence.publish(channel(s.config, AVATAR_ENTERED), { playerId: auth.playerId, roomId: this.roomId });
  }

  async onDrop(client: Client): Promise<void> {
    await this.allowReconnection(client, services().config.reconnectSeconds);
  }

  onReconnect(client: Client): void {
    countSentBytes(client, 'region');
    this.clientOf.set(client.sessionId, client);
    // Handed over while its connection was down: the message may never have reached it.
    const handover = this.handoverOf.get(client.sessionId);
    if (handover) client.send('handover', handover);
  }

  onLeave(client: Client): void {
    this.clientOf.delete(client.sessionId);
    this.moveLimiter.forget(client.sessionId);
    this.actionLimiter.forget(client.sessionId);
    this.errorLimiter.forget(client.sessionId);
    forgetInputTiming(client.sessionId);
    this.removeAvatar(client.sessionId);
    this.handoverOf.delete(client.sessionId);
    if (this.joined.delete(client.sessionId)) services().metrics.clients.dec({ room: 'region' });
  }

  onBeforePatch(): void {
    this.applyMoves();
  }

  onDispose(): void {
    services().metrics.rooms.dec({ room: 'region' });
  }

  /** GAME §3.1: travel costs `travel_seconds_per_hex` per hex; another region is a hand-over. */
  private async deploy(client: Client, territoryId: string): Promise<void> {
    const avatar = this.mustAvatar(client);
    const target = this.geo.place(territoryId);
    if (!target) throw new GameError('UNKNOWN_TERRITORY', `no territory ${territoryId}`);
    if (avatar.arrivesAt > 0 || this.pendingDeploy.has(avatar.id)) throw new GameError('IN_TRANSIT', 'already travelling');
    if (avatar.territoryId === territoryId) throw new GameError('ALREADY_DEPLOYED', 'already deployed there');
    const s = services();
    const travelMs = this.geo.distance(avatar.territoryId, territoryId) * s.parameters.get('travel_seconds_per_hex') * 1000;
    const arrivesAt = Date.now() + travelMs;
    this.pendingDeploy.add(avatar.id);
    try {
      const crossing = target.regionId !== this.regionId;
      // Into another region, the seat is reserved while the deployment commits: the client only
      // joins once both are done (the new room's join checks the stored deployment), and if the
      // commit fails the unused seat expires.
      const seat = crossing ? reserveHandoverSeat(target.regionId, client.auth as AuthData) : undefined;
      seat?.catch(() => {}); // awaited below; a commit failure must not leave it unhandled
      // Present from arrival. A restricted territory burns one liberation_key in the same
      // transaction (GAME §4.5), once per deployment: LIBERATION_KEY_REQUIRED without one.
      const { keysSpent } = await deployPlayer(s.database.db, avatar.id, territoryId, new Date(arrivesAt));
      if (this.avatarOf.get(client.sessionId) !== avatar) return; // left while the write was in flight
      if (!seat) {
        avatar.territoryId = territoryId;
        avatar.arrivesAt = arrivesAt;
        const deployed: DeployedMessage = { territoryId, arrivesAt, travelMs, keysSpent: Number(keysSpent) };
        client.send('deployed', deployed);
        return;
      }
      const reservation = await seat;
      if (this.avatarOf.get(client.sessionId) !== avatar) return;
      // The avatar leaves this region now; the client moves to the reserved seat, then leaves here.
      this.removeAvatar(client.sessionId);
      const handover: HandoverMessage = {
        reservation, regionId: target.regionId, territoryId, arrivesAt, travelMs, keysSpent: Number(keysSpent),
      };
      this.handoverOf.set(client.sessionId, handover);
      this.clientOf.get(client.sessionId)?.send('handover', handover);
    } finally {
      this.pendingDeploy.delete(avatar.id);
    }
  }

  private queueMove(client: Client, m: { x: number; y: number; seq: number }): void {
    const avatar = this.mustAvatar(client);
    // GAME §9 automated input: the arrival time goes into the client's ring buffer (O(1)).
    recordInputTiming(client.sessionId, avatar.id, Date.now());
    if (avatar.arrivesAt > 0) throw new GameError('IN_TRANSIT', 'cannot move while travelling');
    this.moveQueue.push({ avatarId: client.sessionId, x: m.x, y: m.y, seq: m.seq });
  }

  /** Arrivals (every 50 ms). */
  private arrivals(): void {
    const now = Date.now();
    for (const avatar of this.avatarOf.values()) {
      if (avatar.arrivesAt > 0 && now >= avatar.arrivesAt) {
        const c = this.geo.centre(avatar.territoryId);
        avatar.x = c.x;
        avatar.y = c.y;
        avatar.arrivesAt = 0;
      }
    }
  }

  /** The movement inputs queued since the last patch, in one batch right before it is encoded. */
  private applyMoves(): void {
    if (this.moveQueue.length === 0) return;
    const moving = new Map<string, MovingAvatar>();
    for (const input of this.moveQueue) {
      const avatar = this.avatarOf.get(input.avatarId);
      if (!avatar || moving.has(input.avatarId) || avatar.arrivesAt > 0) continue;
      moving.set(input.avatarId, { x: avatar.x, y: avatar.y, seq: avatar.seq, center: this.geo.centre(avatar.territoryId) });
    }
    const moved = stepMovement(moving, this.moveQueue);
    this.moveQueue.length = 0;
    for (const [sessionId, p] of moved) {
      const avatar = this.avatarOf.get(sessionId);
      if (!avatar) continue;
      if (p.x !== avatar.x || p.y !== avatar.y) recordWalk(services(), this.walked, avatar.id);
      avatar.x = p.x;
      avatar.y = p.y;
      avatar.seq = p.seq;
    }
  }

  /** The session's avatar leaves the region (hand-over, leave). True when it had one. */
  private removeAvatar(sessionId: string): boolean {
    const avatar = this.avatarOf.get(sessionId);
    if (!avatar) return false;
    this.avatarOf.delete(sessionId);
    if (this.sessionOf.get(avatar.id) === sessionId) {
      this.sessionOf.delete(avatar.id);
      if (this.state.avatars.get(avatar.id) === avatar) this.state.avatars.delete(avatar.id);
    }
    return true;
  }

  /** The player's avatar entered another room (signed in elsewhere): a seat kept here is stale. */
  private dropStaleSeat(playerId: string): void {
    const sessionId = this.sessionOf.get(playerId);
    if (!sessionId) return;
    const client = this.clientOf.get(sessionId);
    this.removeAvatar(sessionId);
    try {
      client?.leave(4000, 'signed in elsewhere');
    } catch {
      // a dropped connection waiting for its reconnection: its seat simply expires
    }
  }

  private mustAvatar(client: Client): AvatarRef {
    const avatar = this.avatarOf.get(client.sessionId);
    if (!avatar) throw new GameError('NOT_DEPLOYED', 'your avatar is not in this region');
    return avatar;
  }

  /** Errors are rate-limited per client (burst 10, 5/s) so a flood of bad input cannot amplify into a flood back. */
  private sendError(client: Client, error: ErrorPayload): void {
    services().metrics.rejected.inc({ room: 'region', code: error.code });
    if (this.errorLimiter.take(client.sessionId, Date.now())) client.send('error', error);
  }
}

/** A refused join or room creation: the SDK rejects with "CODE: message" (the stable code first). */
function refusal(code: ConstructorParameters<typeof GameError>[0], message: string): ServerError {
  return new ServerError(ErrorCode.APPLICATION_ERROR, `${code}: ${message}`);
}

import { Room, type Client } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import { GameError } from '@datavism/rules';
import {
  ClaimTerritoryMessage, DeclareSiegeMessage, Siege, WarState, type ErrorPayload, type TerritoryNotice,
} from '@datavism/shared-schema';
import { getSiege, liveSieges, siegeStrengths, squadsOfPlayers, type SiegeView } from '@datavism/db';
import { channel, services } from '../context';
import { RateLimiter } from '../ops/rateLimit';
import { countSentBytes, gameMessage, roomEdge, unknownMessage, type MessageEdge } from '../rooms/messages';
import { claimTerritory, declareSiege, resultNotice, underAttackNotice, SIEGE_EVENTS, type SiegeEvent } from './siegeService';
import { authenticatePlayer, type AuthData } from '../rooms/auth';

type SiegeState = InstanceType<typeof Siege>;

/** How often live strengths are recomputed from deployments, and muster ends checked. */
const REFRESH_MS = 500;
/** How long a resolved siege stays in the state so clients can show the result. */
const RESULT_KEEP_MS = 60_000;

/**
 * Territory warfare, one room for the whole world: claim and declare_siege messages, and every
 * live siege with phases, deadlines and live committed strengths — the AC's counter-sieges
 * (GAME §3.5) among them, `counter` set. A Ghost_Mode muster is only in the attacking squad's
 * members' views (StateView) until its battle starts.
 */
export class WarRoom extends Room<{ state: InstanceType<typeof WarState> }> {
  state = new WarState();
  maxMessagesPerSecond = 20;

  private readonly actionLimiter = new RateLimiter(10, 3);
  private readonly errorLimiter = new RateLimiter(10, 5);
  private readonly sieges = new Map<string, SiegeView>();
  private readonly players = new Map<string, { client: Client; playerId: string; squadId: string | null }>();
  private refreshing = false;

  private readonly edge: MessageEdge = roomEdge(
    'war',
    () => this.actionLimiter,
    (client, error) => this.sendError(client, error),
  );

  messages = {
    claim: gameMessage(this.edge, 'claim', ClaimTerritoryMessage, async (client, m) => {
      const claimed = await claimTerritory(services(), this.playerOf(client), m.territoryId);
      client.send('claimed', claimed);
    }),
    declare_siege: gameMessage(this.edge, 'declare_siege', DeclareSiegeMessage, async (client, m) => {
      const siege = await declareSiege(services(), { playerId: this.playerOf(client), territoryId: m.territoryId });
      await this.upsert(siege);
      client.send('siege_declared', {
        siegeId: siege.id, territoryId: siege.territoryId,
        musterEndsAt: siege.musterEndsAt.getTime(), battleEndsAt: siege.battleEndsAt.getTime(),
      });
    }),
    _: unknownMessage(this.edge),
  };

  static async onAuth(token: string): Promise<AuthData> {
    return authenticatePlayer(token);
  }

  async onCreate(): Promise<void> {
    const s = services();
    this.autoDispose = false;
    this.setPatchRate(s.config.patchRateMs);
    for (const siege of await liveSieges(s.database.db)) await this.upsert(siege);
    await this.presence.subscribe(channel(s.config, SIEGE_EVENTS), (e: SiegeEvent) => {
      this.onSiegeEvent(e).catch((err) => {
        s.metrics.errors.inc({ where: 'war:event' });
        s.logger.error({ err, e }, 'siege event failed');
      });
    });
    this.clock.setInterval(() => void this.refresh(), REFRESH_MS);
    s.metrics.rooms.inc({ room: 'war' });
  }

  async onJoin(client: Client, _options: unknown, auth: AuthData): Promise<void> {
    const squads = await squadsOfPlayers(services().database.db, [auth.playerId]);
    countSentBytes(client, 'war');
    client.view = new StateView();
    this.players.set(client.sessionId, { client, playerId: auth.playerId, squadId: squads.get(auth.playerId) ?? null });
    for (const id of this.sieges.keys()) this.updateView(client, id);
  }

  async onDrop(client: Client): Promise<void> {
    await this.allowReconnection(client, services().config.reconnectSeconds);
  }

  /** Same session on a new connection: notices go to it (its view is carried over by Colyseus). */
  onReconnect(client: Client): void {
    const p = this.players.get(client.sessionId);
    if (p) p.client = client;
    countSentBytes(client, 'war');
  }

  onLeave(client: Client): void {
    this.players.delete(client.sessionId);
    this.actionLimiter.forget(client.sessionId);
    this.errorLimiter.forget(client.sessionId);
  }

  onDispose(): void {
    services().metrics.rooms.dec({ room: 'war' });
  }

  private playerOf(client: Client): string {
    const p = this.players.get(client.sessionId);
    if (!p) throw new GameError('UNAUTHORIZED', 'not joined');
    return p.playerId;
  }

  /**
   * A siege is hidden only while it is a Ghost_Mode muster, from everyone outside the attacking
   * squad. Decided from the synced item's own phase, so a client's view and the state it decodes
   * never disagree (the phase flips and the views follow in the same step).
   */
  private visibleTo(item: SiegeState, squadId: string | null): boolean {
    if (!item.ghost || item.phase !== 'muster') return true;
    return squadId === item.attackerSquadId;
  }

  private updateView(client: Client, siegeId: string): void {
    const item = this.state.sieges.get(siegeId);
    const p = this.players.get(client.sessionId);
    if (!item || !p || !client.view) return;
    if (this.visibleTo(item, p.squadId)) {
      if (!client.view.has(item)) client.view.add(item);
    } else if (client.view.has(item)) {
      client.view.remove(item);
    }
  }

  private async onSiegeEvent(e: SiegeEvent): Promise<void> {
    const s = services();
    const siege = await getSiege(s.database.db, e.siegeId);
    if (!siege) return;
    // Membership may have changed since join: one query for everyone online.
    const squads = await squadsOfPlayers(s.database.db, [...this.players.values()].map((p) => p.playerId));
    for (const p of this.players.values()) p.squadId = squads.get(p.playerId) ?? null;
    const revealed = (e.event === 'declared' && !(siege.ghost && siege.status === 'muster')) || (e.event === 'battle' && siege.ghost);
    await this.upsert(siege);
    if (revealed && siege.defenderSquadId) this.notifySquad(siege.defenderSquadId, underAttackNotice(siege, Date.now()));
    if (e.event === 'resolved') {
      for (const id of [siege.attackerSquadId, siege.defenderSquadId]) if (id) this.notifySquad(id, resultNotice(siege, Date.now()));
      this.clock.setTimeout(() => {
        this.sieges.delete(siege.id);
        this.state.sieges.delete(siege.id);
      }, RESULT_KEEP_MS);
    }
  }

  private notifySquad(squadId: string, notice: TerritoryNotice): void {
    for (const p of this.players.values()) if (p.squadId === squadId) p.client.send('notice', notice);
  }

  /** Copy a siege row into the state (creating it) and fix every client's view of it. */
  private async upsert(siege: SiegeView): Promise<void> {
    const previous = this.sieges.get(siege.id);
    if (previous?.status === 'resolved' && siege.status !== 'resolved') return; // stale read
    this.sieges.set(siege.id, siege);
    let item = this.state.sieges.get(siege.id);
    const fresh = !item;
    if (!item) item = new Siege();
    Object.assign(item, {
      id: siege.id, territoryId: siege.territoryId, territoryName: siege.territoryName,
      attackerSquadId: siege.attackerSquadId ?? '', attackerName: siege.attackerName, counter: siege.attackerSquadId === null,
      defenderSquadId: siege.defenderSquadId ?? '', defenderName: siege.defenderName,
      phase: this.phaseOf(siege, Date.now()), declaredAt: siege.declaredAt.getTime(),
      musterEndsAt: siege.musterEndsAt.getTime(), battleEndsAt: siege.battleEndsAt.getTime(), ghost: siege.ghost,
      result: siege.result ?? '',
    });
    if (siege.status === 'resolved') {
      Object.assign(item, {
        attackerStrength: siege.attackerStrength ?? 0, defenderStrength: siege.defenderStrength ?? 0,
        attackersCommitted: siege.attackersCommitted ?? 0, defendersCommitted: siege.defendersCommitted ?? 0,
      });
    }
    if (fresh) this.state.sieges.set(siege.id, item);
    for (const p of this.players.values()) this.updateView(p.client, siege.id);
    if (siege.status !== 'resolved') await this.refreshStrengths(siege, item);
  }

  private phaseOf(siege: SiegeView, now: number): string {
    if (siege.status === 'resolved') return 'resolved';
    return siege.musterEndsAt.getTime() > now ? 'muster' : 'battle';
  }

  private async refreshStrengths(siege: SiegeView, item: SiegeState): Promise<void> {
    const s = services();
    const live = await siegeStrengths(s.database.db, siege, new Date(), { combatBase: s.parameters.get('combat_rating_base') });
    if (this.sieges.get(siege.id)?.status === 'resolved') return; // resolved while we read
    item.attackerStrength = live.attackerStrength;
    item.defenderStrength = live.defenderStrength;
    item.attackersCommitted = live.attackerIds.length;
    item.defendersCommitted = live.defenderIds.length;
    item.garrison = live.garrison ?? 0;
  }

  /** Phases follow the persisted deadlines; strengths follow deployments. */
  private async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const now = Date.now();
      for (const siege of this.sieges.values()) {
        if (siege.status === 'resolved') continue;
        const item = this.state.sieges.get(siege.id);
        if (!item) continue;
        const phase = this.phaseOf(siege, now);
        if (item.phase !== phase) {
          item.phase = phase;
          for (const p of this.players.values()) this.updateView(p.client, siege.id);
        }
        await this.refreshStrengths(siege, item);
      }
    } catch (err) {
      services().metrics.errors.inc({ where: 'war:refresh' });
      services().logger.error({ err }, 'war room refresh failed');
    } finally {
      this.refreshing = false;
    }
  }

  private sendError(client: Client, error: ErrorPayload): void {
    services().metrics.rejected.inc({ room: 'war', code: error.code });
    if (this.errorLimiter.take(client.sessionId, Date.now())) client.send('error', error);
  }
}

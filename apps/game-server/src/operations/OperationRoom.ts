import { Room, type Client } from '@colyseus/core';
import {
  contributeBatch, getOperationRow, handlerMessages, joinOperation, listObjectives, participantCounts, progressOf,
  publicObjectives, topContributors,
} from '@datavism/db';
import { GameError, mergeBoard, type BoardEntry } from '@datavism/rules';
import {
  ContributeMessage, HandlerMessage, JoinOperationMessage, OperationContributor, OperationObjective, OperationState,
} from '@datavism/shared-schema';
import { services } from '../context';
import { detectionOn } from '../config';
import { RateLimiter } from '../ops/rateLimit';
import { countSentBytes, gameMessage, refOf, roomEdge, unknownMessage, type MessageEdge } from '../rooms/messages';
import { enterPhase } from './service';
import { operationChannel } from './progress';
import { authenticatePlayer, type AuthData } from '../rooms/auth';

/**
 * Coalesce full reloads (participant counts, messages, progress made outside the room) to at most
 * one per this many ms. Contributions do not need one: each committed batch applies its progress
 * and its contributors' new totals to the board at once.
 */
const RELOAD_MS = 1000;

/** Rows on the top-contributors board. */
const BOARD_SIZE = 10;

/**
 * One room per live operation (`filterBy(['operationId'])`): its state, objectives (hidden ones
 * `[CLASSIFIED]` until revealed — their content is never put in state), progress,
 * participants, top contributors and handler messages; messages `join` and `contribute`.
 */
export class OperationRoom extends Room<{ state: InstanceType<typeof OperationState> }> {
  state = new OperationState();
  maxMessagesPerSecond = 30;

  private operationId = '';
  private readonly limiter = new RateLimiter(10, 5);
  private reloading: Promise<void> | null = null;
  private reloadAgain = false;
  private reloadTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private loaded = false;
  /** Contributions queued since the last tick, applied as one batch (one transaction). */
  private queue: { client: Client; m: ContributeMessage; at: number }[] = [];
  private draining = false;
  /** The top contributors with their join order (ties), as shown in `state.topContributors`. */
  private board: BoardEntry[] = [];

  private readonly edge: MessageEdge = roomEdge(
    'operation',
    () => this.limiter,
    (client, error) => client.send('error', error),
  );

  messages = {
    join: gameMessage(this.edge, 'join', JoinOperationMessage, (client) => this.join(client)),
    contribute: gameMessage(this.edge, 'contribute', ContributeMessage, (client, m) => this.contribute(client, m)),
    _: unknownMessage(this.edge),
  };

  static async onAuth(token: string): Promise<AuthData> {
    return authenticatePlayer(token);
  }

  async onCreate(options: { operationId?: unknown }): Promise<void> {
    const s = services();
    const id = typeof options?.operationId === 'string' ? options.operationId : '';
    const op = await getOperationRow(s.database.db, id);
    if (!op) throw new GameError('NOT_FOUND', `no operation ${id}`);
    if (op.phase === 'ended') throw new GameError('OPERATION_NOT_ACTIVE', 'operation has ended');
    this.operationId = op.id;
    this.setPatchRate(s.config.patchRateMs);
    await this.reloadNow();
    await this.presence.subscribe(operationChannel(op.id), () => this.scheduleReload());
    this.setSimulationInterval(() => void this.drain(), 50);
    s.metrics.rooms.inc({ room: 'operation' });
  }

  onJoin(client: Client): void {
    countSentBytes(client, 'operation');
    services().metrics.clients.inc({ room: 'operation' });
  }

  onLeave(client: Client): void {
    this.limiter.forget(client.sessionId);
    services().metrics.clients.dec({ room: 'operation' });
  }

  async onDispose(): Promise<void> {
    this.closing = true;
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    try {
      await this.presence.unsubscribe(operationChannel(this.operationId));
    } catch {
      // presence already closed at shutdown
    }
    services().metrics.rooms.dec({ room: 'operation' });
  }

  private async join(client: Client): Promise<void> {
    const auth = client.auth as AuthData;
    const { squadId } = await joinOperation(services().database.db, this.operationId, { id: auth.playerId, name: auth.name });
    client.send('joined', { operationId: this.operationId, squadId });
    this.scheduleReload();
  }

  /** A resource contribution: queued; the room's tick applies the queue as one batch. */
  private contribute(client: Client, m: ContributeMessage): void {
    this.queue.push({ client, m, at: performance.now() });
  }

  /**
   * Applies every queued contribution in one transaction (ledger transfers, progress, points),
   * then answers each sender (`contributed` or a typed `error`), applies the progress to the
   * state and sends the patch at once. Group commit: while a batch commits, new contributions
   * queue; the next batch starts as soon as this one is done.
   */
  private async drain(): Promise<void> {
    if (this.draining || this.queue.length === 0 || this.closing) return;
    this.draining = true;
    const batch = this.queue.splice(0, 500);
    const s = services();
    try {
      const stopCommit = s.metrics.commitSeconds.startTimer({ room: 'operation' });
      const result = await contributeBatch(s.database.db, this.operationId, batch.map(({ client, m }) => {
        const auth = client.auth as AuthData;
        return { playerId: auth.playerId, name: auth.name, resource: m.resource, amount: m.amount, key: m.key };
      }), { recordFailedActions: detectionOn(s.config.achievementDetection, Date.now()) });
      stopCommit();
      result.outcomes.forEach((o, i) => {
        const { client, m } = batch[i];
        if (!o.ok) {
          client.send('error', { code: o.code, message: o.message, type: 'contribute', ...refOf(m) });
          return;
        }
        const objective = this.state.objectives.find((x) => x.id === o.objectiveId);
        if (objective && o.accepted > 0) objective.progress = Math.min(objective.target, objective.progress + o.accepted);
        client.send('contributed', { objectiveId: o.objectiveId, accepted: o.accepted, points: o.points, key: m.key ?? null });
      });
      this.showBoard(mergeBoard(this.board, result.participants, BOARD_SIZE));
      this.broadcastPatch(); // the committed progress reaches every client now, not on the next patch tick
      const sent = performance.now();
      const latency = s.metrics.inputSeconds.labels({ room: 'operation' });
      for (const { at } of batch) latency.observe((sent - at) / 1000);
      // A reload that read the database before this commit would put older totals back: run one more.
      if (this.reloading) this.reloadAgain = true;
      if (result.revealed || result.complete) this.scheduleReload(true);
      // The participant count changed, or progress did: the operation's weighted progress needs the
      // objectives' weights, which the state does not carry, so a (debounced) reload recomputes it.
      else if (result.joined > 0 || result.outcomes.some((o) => o.ok && o.accepted > 0)) this.scheduleReload();
      if (result.complete) await enterPhase(s, this.operationId, 'resolution');
    } catch (err) {
      this.edge.onUnexpected(err, 'contribute');
      for (const { client, m } of batch) {
        client.send('error', { code: 'INTERNAL', message: 'the server could not process this message', type: 'contribute', ...refOf(m) });
      }
    } finally {
      this.draining = false;
      if (this.queue.length > 0 && !this.closing) setImmediate(() => void this.drain());
    }
  }

  private scheduleReload(now = false): void {
    if (this.closing) return;
    if (now) {
      void this.reloadNow();
      return;
    }
    if (this.reloadTimer) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      void this.reloadNow();
    }, RELOAD_MS);
  }

  private showBoard(board: BoardEntry[]): void {
    this.board = board;
    const rows = this.state.topContributors;
    while (rows.length > board.length) rows.pop();
    board.forEach((c, i) => {
      let row = rows[i];
      if (!row) rows.push((row = new OperationContributor()));
      Object.assign(row, { playerId: c.playerId, name: c.name, points: c.points });
    });
  }

  /** Reload everything from the database (one at a time; a request during a reload runs one more). */
  private async reloadNow(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = this.load().catch((err) => {
      services().metrics.errors.inc({ where: 'operation:reload' });
      services().logger.error({ err }, 'operation reload failed');
    }).finally(() => {
      this.reloading = null;
      if (this.reloadAgain) {
        this.reloadAgain = false;
        this.scheduleReload();
      }
    });
    return this.reloading;
  }

  private async load(): Promise<void> {
    const db = services().database.db;
    const op = await getOperationRow(db, this.operationId);
    if (!op || this.closing) return;
    const [objectives, counts, top, messages] = await Promise.all([
      listObjectives(db, op.id), participantCounts(db, op.id), topContributors(db, op.id, BOARD_SIZE), handlerMessages(db, op.id, 20),
    ]);
    const st = this.state;
    Object.assign(st, {
      id: op.id, type: op.type, name: op.name, briefing: op.briefing, handler: op.handler, phase: op.phase,
      outcome: op.outcome ?? '', startsAt: op.startsAt.getTime(), activeAt: op.activeAt.getTime(), endsAt: op.endsAt?.getTime() ?? 0,
      progress: progressOf(objectives), requiredPlayers: op.requiredPlayers, participants: counts.players, squads: counts.squads,
    });
    if (st.targetTerritories.length !== op.targetTerritories.length) {
      st.targetTerritories.clear();
      for (const t of op.targetTerritories) st.targetTerritories.push(t);
    }
    // Redacted views only: an unrevealed hidden objective's content never enters the state.
    const views = publicObjectives(objectives);
    views.forEach((v, i) => {
      let o = st.objectives[i];
      if (!o) st.objectives.push((o = new OperationObjective()));
      Object.assign(o, {
        id: v.id, tier: v.tier, classified: v.classified, kind: v.kind, title: v.title, description: v.description,
        target: v.target, progress: v.progress, resource: v.resource, category: v.category,
      });
    });
    this.showBoard(top);
    const known = new Set(st.messages.map((m) => m.id));
    for (const m of messages) {
      if (known.has(m.id)) continue;
      const msg = new HandlerMessage();
      Object.assign(msg, { id: m.id, body: m.body, at: m.createdAt.getTime() });
      st.messages.push(msg);
      if (this.loaded) this.broadcast('handler', { body: m.body, handler: op.handler });
    }
    this.loaded = true;
    while (st.messages.length > 20) st.messages.shift();
  }
}

import { Room, type Client } from '@colyseus/core';
import {
  balancesOf, castDecisionVote, channelHistory, contributeToTreasury, decideApplication, getSquad, kickMember,
  leaveSquad, pendingApplications, requireMember, setMemberRole, setRecruitment,
  squadDecisionList, squadLevelState, squadMembers, withdrawFromTreasury,
  type SquadDecisionPayload,
} from '@datavism/db';
import { GameError, RESOURCES, squadLevelName, type Rank, type Resource } from '@datavism/rules';
import {
  SQUAD_CHAT_STATE_LINES, SquadApplicationState, SquadChatLineState, SquadChatMessage, SquadContributeMessage,
  SquadDecideApplicationMessage, SquadDecisionState, SquadLeaveMessage, SquadMemberState, SquadMemberTargetMessage,
  SquadProposeMessage, SquadSetRecruitmentMessage, SquadState, SquadVoteMessage, SquadWithdrawMessage,
  type ErrorPayload, type SquadChatLineDto,
} from '@datavism/shared-schema';
import { services } from '../context';
import { RateLimiter } from '../ops/rateLimit';
import { asAuthFailure, authenticatePlayer, type AuthData } from '../rooms/auth';
import { countSentBytes, gameMessage, roomEdge, unknownMessage, type MessageEdge } from '../rooms/messages';
import { postChat, squadLine, toChatDto } from '../social/service';
import { changed, propose, publishSquad, squadChannel, type SquadEvent, type SquadPart } from './service';

/** Reads the squad channel's history for the room state: no reader's block list applies. */
const NO_READER = '00000000-0000-0000-0000-000000000000';

const ALL_PARTS: SquadPart[] = ['meta', 'members', 'treasury', 'decisions', 'applications'];
/** Close code sent to a client that is no longer a member (left, kicked, disbanded). */
export const SQUAD_REMOVED_CLOSE_CODE = 4001;

/**
 * One room per squad (`filterBy(['squadId'])`), members only: members with roles and
 * presence, treasury balances, decisions with live votes, applications and chat. Every
 * action goes through the database; the room reloads the parts an action changed when
 * the squad's presence channel says so, so HTTP actions and other processes show up too.
 */
export class SquadRoom extends Room<{ state: InstanceType<typeof SquadState> }> {
  state = new SquadState();
  maxMessagesPerSecond = 30;

  private squadId = '';
  private readonly playerOf = new Map<string, string>();
  private readonly online = new Map<string, number>();
  private reloading: Promise<void> = Promise.resolve();
  private readonly actionLimiter = new RateLimiter(10, 4);
  private readonly errorLimiter = new RateLimiter(10, 5);

  private readonly edge: MessageEdge = roomEdge(
    'squad',
    () => this.actionLimiter,
    (client, error) => this.sendError(client, error),
  );

  messages = {
    // Squad chat is the social service's `squad:<id>` channel: same limits, filter, moderation.
    chat: gameMessage(this.edge, 'chat', SquadChatMessage, (c, m) => postChat(services(), this.me(c), { channel: `squad:${this.squadId}`, body: m.body })),
    propose: gameMessage(this.edge, 'propose', SquadProposeMessage, async (c, m) => {
      const decision = await propose(services(), this.squadId, this.me(c), m as SquadDecisionPayload);
      c.send('proposed', { decisionId: decision.id, closesAt: decision.closesAt.getTime() });
    }),
    vote: gameMessage(this.edge, 'vote', SquadVoteMessage, async (c, m) => {
      const { decision, changed: wasChanged } = await castDecisionVote(services().database.db, {
        decisionId: m.decisionId, playerId: this.me(c), yes: m.yes, now: new Date(),
      });
      if (decision.squadId !== this.squadId) throw new GameError('NOT_SQUAD_MEMBER', 'that decision belongs to another squad');
      c.send('voted', { decisionId: decision.id, yes: m.yes, changed: wasChanged });
      await this.publish(changed('decisions'));
    }),
    contribute: gameMessage(this.edge, 'contribute', SquadContributeMessage, async (c, m) => {
      const result = await contributeToTreasury(services().database.db, {
        squadId: this.squadId, playerId: this.me(c), resource: m.resource, amount: BigInt(m.amount), idempotencyKey: m.requestKey,
      });
      c.send('contributed', { ...result, resource: m.resource, amount: m.amount });
      if (result.applied) await this.publish(changed('treasury', 'members'));
    }),
    withdraw: gameMessage(this.edge, 'withdraw', SquadWithdrawMessage, async (c, m) => {
      const left = await withdrawFromTreasury(services().database.db, {
        squadId: this.squadId, playerId: this.me(c), resource: m.resource, amount: BigInt(m.amount), now: new Date(),
      });
      c.send('withdrawn', { resource: m.resource, amount: m.amount, remainingToday: left.remaining.toString() });
      await this.publish(changed('treasury'));
    }),
    promote: gameMessage(this.edge, 'promote', SquadMemberTargetMessage, async (c, m) => {
      await setMemberRole(services().database.db, this.squadId, this.me(c), m.playerId, 'officer');
      await this.publish(changed('members'));
    }),
    demote: gameMessage(this.edge, 'demote', SquadMemberTargetMessage, async (c, m) => {
      await setMemberRole(services().database.db, this.squadId, this.me(c), m.playerId, 'member');
      await this.publish(changed('members'));
    }),
    kick: gameMessage(this.edge, 'kick', SquadMemberTargetMessage, async (c, m) => {
      await kickMember(services().database.db, this.squadId, this.me(c), m.playerId);
      await this.publish(changed('members', 'meta'));
    }),
    decide_application: gameMessage(this.edge, 'decide_application', SquadDecideApplicationMessage, async (c, m) => {
      const r = await decideApplication(services().database.db, m.applicationId, this.me(c), m.accept);
      if (r.squadId !== this.squadId) throw new GameError('BAD_REQUEST', 'that application is for another squad');
      await this.publish(changed('applications', 'members', 'meta'));
    }),
    set_recruitment: gameMessage(this.edge, 'set_recruitment', SquadSetRecruitmentMessage, async (c, m) => {
      await setRecruitment(services().database.db, this.squadId, this.me(c), { ...m, minRank: m.minRank as Rank | null | undefined });
      await this.publish(changed('meta'));
    }),
    leave: gameMessage(this.edge, 'leave', SquadLeaveMessage, async (c) => {
      const mine = this.me(c);
      await requireMember(services().database.db, this.squadId, mine);
      await leaveSquad(services().database.db, mine);
      await this.publish(changed('members', 'meta', 'applications'));
    }),
    _: unknownMessage(this.edge),
  };

  /** A valid token of a member of the requested squad (NOT_SQUAD_MEMBER otherwise; BANNED for a banned player). */
  static async onAuth(token: string, options: { squadId?: unknown }): Promise<AuthData> {
    const auth = await authenticatePlayer(token);
    const squadId = typeof options?.squadId === 'string' ? options.squadId : '';
    return asAuthFailure(async () => {
      await requireMember(services().database.db, squadId, auth.playerId);
      return auth;
    });
  }

  async onCreate(options: { squadId: string }): Promise<void> {
    const s = services();
    this.squadId = options.squadId;
    this.setPatchRate(s.config.patchRateMs);
    this.state.id = this.squadId;
    await this.presence.subscribe(squadChannel(s, this.squadId), (event: SquadEvent) => this.onEvent(event));
    await this.reload(ALL_PARTS);
    const history = await channelHistory(s.database.db, { channel: `squad:${this.squadId}`, readerId: NO_READER, limit: SQUAD_CHAT_STATE_LINES });
    for (const m of history.messages.reverse()) this.appendChat(squadLine(toChatDto(m)));
    s.metrics.rooms.inc({ room: 'squad' });
  }

  onJoin(client: Client, _options: unknown, auth: AuthData): void {
    countSentBytes(client, 'squad');
    this.playerOf.set(client.sessionId, auth.playerId);
    this.online.set(auth.playerId, (this.online.get(auth.playerId) ?? 0) + 1);
    const m = this.state.members.get(auth.playerId);
    if (m) m.online = true;
    else this.queueReload(['members']);
    client.send('me', { playerId: auth.playerId });
    services().metrics.clients.inc({ room: 'squad' });
  }

  onLeave(client: Client): void {
    const playerId = this.playerOf.get(client.sessionId);
    this.playerOf.delete(client.sessionId);
    this.actionLimiter.forget(client.sessionId);
    this.errorLimiter.forget(client.sessionId);
    if (!playerId) return;
    services().metrics.clients.dec({ room: 'squad' });
    const n = (this.online.get(playerId) ?? 1) - 1;
    if (n <= 0) this.online.delete(playerId);
    else this.online.set(playerId, n);
    const m = this.state.members.get(playerId);
    if (m) m.online = n > 0;
  }

  async onDispose(): Promise<void> {
    const s = services();
    try {
      await this.presence.unsubscribe(squadChannel(s, this.squadId));
    } catch {
      // the process is going away; nothing to keep
    }
    s.metrics.rooms.dec({ room: 'squad' });
  }

  private me(client: Client): string {
    const id = this.playerOf.get(client.sessionId);
    if (!id) throw new GameError('NOT_SQUAD_MEMBER', 'not joined');
    return id;
  }

  private publish(event: SquadEvent): Promise<void> {
    return publishSquad(services(), this.squadId, event);
  }

  private onEvent(event: SquadEvent): void {
    if (event.kind === 'chat') this.appendChat(event.line);
    else if (event.kind === 'chat_removed') this.removeChat(event.id);
    else this.queueReload(event.parts);
  }

  /** Reloads run one after another so an older read never overwrites a newer one. */
  private queueReload(parts: SquadPart[]): void {
    this.reloading = this.reloading
      .then(() => this.reload(parts))
      .catch((err) => {
        services().metrics.errors.inc({ where: 'squad:reload' });
        services().logger.error({ err, squad: this.squadId }, 'squad room reload failed');
      });
  }

  private async reload(parts: SquadPart[]): Promise<void> {
    const db = services().database.db;
    const want = new Set(parts);
    if (want.has('meta') || want.has('members')) {
      const squad = await getSquad(db, this.squadId);
      const members = await squadMembers(db, this.squadId);
      if (!squad || squad.disbandedAt) {
        for (const c of this.clients) c.leave(SQUAD_REMOVED_CLOSE_CODE, 'squad disbanded');
        return;
      }
      const level = squadLevelState(squad, members.length);
      Object.assign(this.state, {
        name: squad.name, type: squad.type, motto: squad.motto, recruitment: squad.recruitment,
        minInfluence: squad.minInfluence, minRank: squad.minRank ?? '', level: level.level,
        levelName: squadLevelName(level.level), points: level.points, maxMembers: level.maxMembers,
        active: level.active, leaderId: squad.leaderId ?? '',
      });
      if (this.state.perks.join(',') !== level.perks.join(',')) {
        this.state.perks.clear();
        for (const p of level.perks) this.state.perks.push(p);
      }
      const keep = new Set(members.map((m) => m.playerId));
      for (const id of [...this.state.members.keys()]) if (!keep.has(id)) this.state.members.delete(id);
      for (const m of members) {
        const row = this.state.members.get(m.playerId) ?? new SquadMemberState();
        Object.assign(row, {
          id: m.playerId, name: m.name, role: m.role, online: this.online.has(m.playerId),
          joinedAt: m.joinedAt.getTime(), contributionScore: m.contributionScore,
        });
        if (!this.state.members.has(m.playerId)) this.state.members.set(m.playerId, row);
      }
      // Whoever is no longer a member loses the room.
      for (const c of this.clients) {
        const pid = this.playerOf.get(c.sessionId);
        if (pid && !keep.has(pid)) c.leave(SQUAD_REMOVED_CLOSE_CODE, 'no longer a member of this squad');
      }
    }
    if (want.has('treasury')) {
      const balances = await balancesOf(db, { kind: 'squad', id: this.squadId });
      for (const r of RESOURCES) {
        const v = balances[r as Resource].toString();
        if (this.state.treasury.get(r) !== v) this.state.treasury.set(r, v);
      }
    }
    if (want.has('decisions')) {
      const list = await squadDecisionList(db, this.squadId);
      const keep = new Set(list.map((d) => d.id));
      for (const id of [...this.state.decisions.keys()]) if (!keep.has(id)) this.state.decisions.delete(id);
      for (const d of list) {
        const row = this.state.decisions.get(d.id) ?? new SquadDecisionState();
        const { kind: _k, ...fields } = d.payload;
        Object.assign(row, {
          id: d.id, kind: d.kind, proposerId: d.proposerId, payload: JSON.stringify(fields), status: d.status,
          createdAt: d.createdAt.getTime(), closesAt: d.closesAt.getTime(), yes: d.yes, no: d.no, result: d.result ?? '',
        });
        const voters = new Set(d.votes.map((v) => v.playerId));
        for (const id of [...row.votes.keys()]) if (!voters.has(id)) row.votes.delete(id);
        for (const v of d.votes) if (row.votes.get(v.playerId) !== (v.yes ? 'yes' : 'no')) row.votes.set(v.playerId, v.yes ? 'yes' : 'no');
        if (!this.state.decisions.has(d.id)) this.state.decisions.set(d.id, row);
      }
    }
    if (want.has('applications')) {
      const apps = await pendingApplications(db, this.squadId);
      const keep = new Set(apps.map((a) => a.id));
      for (const id of [...this.state.applications.keys()]) if (!keep.has(id)) this.state.applications.delete(id);
      for (const a of apps) {
        if (this.state.applications.has(a.id)) continue;
        const row = new SquadApplicationState();
        Object.assign(row, { id: a.id, playerId: a.playerId, name: a.name, message: a.message, createdAt: a.createdAt.getTime() });
        this.state.applications.set(a.id, row);
      }
    }
  }

  private appendChat(line: SquadChatLineDto): void {
    const last = this.state.chat.at(-1);
    if (last && last.id >= line.id) return; // already shown (history load raced a live line)
    const row = new SquadChatLineState();
    Object.assign(row, {
      id: line.id, playerId: line.playerId, name: line.name, body: line.body, createdAt: Date.parse(line.createdAt), removed: line.removed ?? false,
    });
    this.state.chat.push(row);
    while (this.state.chat.length > SQUAD_CHAT_STATE_LINES) this.state.chat.shift();
  }

  /** A line removed by its author or a moderator stays in place as a tombstone. */
  private removeChat(id: number): void {
    const line = this.state.chat.find((l) => l.id === id);
    if (line) {
      line.body = '';
      line.removed = true;
    }
  }

  private sendError(client: Client, error: ErrorPayload): void {
    services().metrics.rejected.inc({ room: 'squad', code: error.code });
    if (this.errorLimiter.take(client.sessionId, Date.now())) client.send('error', error);
  }
}

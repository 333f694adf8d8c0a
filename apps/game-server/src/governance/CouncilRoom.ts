import { Room, type Client } from '@colyseus/core';
import { GameError, PROPOSAL_RULES, type ProposalKind } from '@datavism/rules';
import {
  CouncilElection, CouncilProposal, CouncilState, ProposalVoteMessage, ProposeMessage,
  type CouncilMe, type ErrorPayload,
} from '@datavism/shared-schema';
import {
  eligibleVoteWeight, getElection, getProposal, getPlayer, listCandidates, listElections, listProposals, voterProfile,
  votesOf, type Election, type Proposal,
} from '@datavism/db';
import { services } from '../context';
import { authenticatePlayer } from '../rooms/auth';
import { RateLimiter } from '../ops/rateLimit';
import { countSentBytes, gameMessage, roomEdge, unknownMessage, type MessageEdge } from '../rooms/messages';
import { governanceChannel, propose, vote, type GovernanceEvent } from './service';

interface AuthData {
  playerId: string;
  name: string;
}

/** How often the quorum denominator (Σ weight of every player) is recomputed. */
const ELIGIBLE_REFRESH_MS = 10_000;

/**
 * The council chamber: open proposals with live weighted tallies, the quorum bar's eligible
 * weight, elections; each client also gets its own weight and votes (`me`). Tallies arrive on
 * presence from whichever process applied the vote.
 */
export class CouncilRoom extends Room<{ state: InstanceType<typeof CouncilState> }> {
  state = new CouncilState();
  maxMessagesPerSecond = 30;

  private readonly limiter = new RateLimiter(20, 10);
  private readonly playerOf = new Map<string, string>();
  private unsubscribe: (() => void) | null = null;

  private readonly edge: MessageEdge = roomEdge(
    'council',
    () => this.limiter,
    (client, error: ErrorPayload) => client.send('error', error),
  );

  messages = {
    propose: gameMessage(this.edge, 'propose', ProposeMessage, async (client, m) => {
      const p = await propose(services(), this.mustPlayer(client), m);
      await this.reloadProposal(p.id);
      client.send('proposed', { id: p.id, closesAt: p.closesAt.getTime(), deposit: p.deposit.toString() });
    }),
    vote: gameMessage(this.edge, 'vote', ProposalVoteMessage, async (client, m) => {
      const r = await vote(services(), this.mustPlayer(client), m.proposalId, m.support);
      this.applyTally({ type: 'tally', ...r.tally });
      client.send('voted', { proposalId: m.proposalId, support: m.support, weight: r.weight, changed: r.changed });
    }),
    _: unknownMessage(this.edge),
  };

  /** Every join presents a valid token of an existing player who is not banned. */
  static async onAuth(token: string): Promise<AuthData> {
    const { playerId, name } = await authenticatePlayer(token);
    return { playerId, name };
  }

  async onCreate(): Promise<void> {
    const s = services();
    this.autoDispose = false; // one per world: it lives on (the supervisor recreates it if its process dies)
    this.setPatchRate(s.config.patchRateMs);
    for (const p of await listProposals(s.database.db, { status: 'open', limit: 500 })) this.setProposal(p, p.authorName);
    for (const e of await listElections(s.database.db, 20)) await this.reloadElection(e.id);
    await this.refreshEligible();
    this.clock.setInterval(() => void this.refreshEligible(), ELIGIBLE_REFRESH_MS);
    const handler = (event: GovernanceEvent) => this.onEvent(event);
    await this.presence.subscribe(governanceChannel(s), handler);
    this.unsubscribe = () => void this.presence.unsubscribe(governanceChannel(s), handler);
    s.metrics.rooms.inc({ room: 'council' });
  }

  async onJoin(client: Client, _options: unknown, auth: AuthData): Promise<void> {
    countSentBytes(client, 'council');
    this.playerOf.set(client.sessionId, auth.playerId);
    await this.sendMe(client, auth.playerId);
    services().metrics.clients.inc({ room: 'council' });
  }

  onLeave(client: Client): void {
    if (this.playerOf.delete(client.sessionId)) services().metrics.clients.dec({ room: 'council' });
    this.limiter.forget(client.sessionId);
  }

  onDispose(): void {
    this.unsubscribe?.();
    services().metrics.rooms.dec({ room: 'council' });
  }

  private mustPlayer(client: Client): string {
    const id = this.playerOf.get(client.sessionId);
    if (!id) throw new GameError('UNAUTHORIZED', 'not joined');
    return id;
  }

  /** The viewer's own weight (computed now, as a vote would be) and votes on the listed proposals. */
  private async sendMe(client: Client, playerId: string): Promise<void> {
    const db = services().database.db;
    const me = await voterProfile(db, playerId, new Date());
    const votes = await votesOf(db, playerId, [...this.state.proposals.keys()]);
    const payload: CouncilMe = {
      weight: me.weight, influence: me.influence, daysActive: me.daysActive, contributionScore: me.contributionScore,
      councils: me.councils, votes,
    };
    client.send('me', payload);
  }

  private onEvent(event: GovernanceEvent): void {
    const fail = (err: unknown) => services().logger.error({ err, event }, 'council event failed');
    if (event.type === 'tally') this.applyTally(event);
    else if (event.type === 'proposal') this.reloadProposal(event.id).catch(fail);
    else this.reloadElection(event.id).catch(fail);
  }

  private applyTally(t: Extract<GovernanceEvent, { type: 'tally' }>): void {
    const p = this.state.proposals.get(t.proposalId);
    if (!p || p.status !== 'open') return;
    // Tallies only grow in voters; an older event arriving late must not roll the bar back.
    if (t.voters < p.voters) return;
    p.yesWeight = t.yesWeight;
    p.noWeight = t.noWeight;
    p.voters = t.voters;
  }

  private async reloadProposal(id: string): Promise<void> {
    const db = services().database.db;
    const p = await getProposal(db, id);
    if (!p) return;
    const author = await getPlayer(db, p.authorId);
    this.setProposal(p, author?.name ?? '');
  }

  private setProposal(p: Proposal, authorName: string): void {
    const rule = PROPOSAL_RULES[p.kind as ProposalKind];
    const item = this.state.proposals.get(p.id) ?? new CouncilProposal();
    Object.assign(item, {
      id: p.id, kind: p.kind, title: p.title, description: p.description, authorName,
      parameterName: p.parameterName ?? '', parameterValue: p.parameterValue ?? 0, status: p.status,
      createdAt: p.createdAt.getTime(), closesAt: p.closesAt.getTime(), yesWeight: p.yesWeight, noWeight: p.noWeight,
      voters: p.voters, quorumBps: rule.quorumBps, thresholdBps: rule.thresholdBps,
    });
    if (!this.state.proposals.has(p.id)) this.state.proposals.set(p.id, item);
  }

  private async reloadElection(id: string): Promise<void> {
    const db = services().database.db;
    const e: Election | null = await getElection(db, id);
    if (!e) return;
    const candidates = await listCandidates(db, id);
    const item = this.state.elections.get(id) ?? new CouncilElection();
    Object.assign(item, {
      id: e.id, council: e.council, seats: e.seats, phase: e.phase, nominationEndsAt: e.nominationEndsAt.getTime(),
      campaignEndsAt: e.campaignEndsAt.getTime(), votingEndsAt: e.votingEndsAt.getTime(), candidates: candidates.length,
    });
    if (!this.state.elections.has(id)) this.state.elections.set(id, item);
  }

  private async refreshEligible(): Promise<void> {
    try {
      this.state.eligibleWeight = await eligibleVoteWeight(services().database.db, new Date());
    } catch (err) {
      services().logger.error({ err }, 'eligible weight refresh failed');
    }
  }
}

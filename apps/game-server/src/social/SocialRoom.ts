import { Protocol, Room, getMessageBytes, type Client } from '@colyseus/core';
import { blockedByEach, socialViewer } from '@datavism/db';
import { GameError, channelAccess, hasRole, parseChannel } from '@datavism/rules';
import {
  SocialChannelsMessage, SocialDeleteMessage, SocialPostMessage, SocialReadMessage, SocialReportMessage, SocialSubscribeMessage,
  type ErrorPayload, type SocialAudience, type SocialEvent,
} from '@datavism/shared-schema';
import { services } from '../context';
import { RateLimiter } from '../ops/rateLimit';
import { authenticatePlayer, type AuthData } from '../rooms/auth';
import { countSentBytes, gameMessage, roomEdge, unknownMessage, type MessageEdge } from '../rooms/messages';
import { report } from './moderation';
import { socialChannel } from './publish';
import { channelList, deleteOwnMessage, markRead, postChat, requireReader } from './service';

/** Clients per social room: matchmaking fills one and opens the next, spreading rooms over processes. */
export const SOCIAL_ROOM_MAX_CLIENTS = 500;
/** How often a room re-checks its clients' gated subscriptions (influence decays, unlocks expire). */
const GATE_RECHECK_MS = 30_000;

/** Channels delivered to subscribers; the others go to an explicit audience (squad, DM, handler, council). */
const SUBSCRIBED_KINDS = new Set(['global', 'emergency', 'gated']);

/**
 * A room message encoded once for all its recipients (what `Room.broadcast` does inside): the
 * fan-out of a chat line to hundreds of seats was one msgpack encoding per seat.
 */
function encoded(type: string, message: unknown): Uint8Array {
  return getMessageBytes.raw(Protocol.ROOM_DATA, type, message);
}

interface Seat {
  client: Client;
  playerId: string;
  role: string;
  /** Subscribed global / emergency / gated channels. */
  channels: Set<string>;
}

/**
 * Live delivery of the social layer (GAME §8.1, §8.2): every logged-in client joins one social
 * room. Each room listens to the one social presence channel and hands every event to those of
 * its clients that may see it: chat lines and tombstones to a channel's readers (subscribers of
 * global, emergency and the gated channels; the audience named in the event for squads, DMs,
 * handler threads and councils), emergency banners to everyone, notifications to the players
 * named. Posting, read markers, deletes and reports come in as messages; nothing here is state.
 */
export class SocialRoom extends Room {
  maxClients = SOCIAL_ROOM_MAX_CLIENTS;
  maxMessagesPerSecond = 30;

  private readonly seats = new Map<string, Seat>();
  private readonly byPlayer = new Map<string, Set<Seat>>();
  /** Each connected player's block list: their clients never receive lines of those players. */
  private readonly blocks = new Map<string, Set<string>>();
  private readonly actionLimiter = new RateLimiter(20, 5);
  private readonly errorLimiter = new RateLimiter(10, 5);
  private unsubscribe: (() => void) | null = null;

  private readonly edge: MessageEdge = roomEdge('social', () => this.actionLimiter, (client, error) => this.sendError(client, error));

  messages = {
    post: gameMessage(this.edge, 'post', SocialPostMessage, async (client, m) => {
      const message = await postChat(services(), this.seat(client).playerId, m);
      client.send('posted', { ...(m.requestKey ? { requestKey: m.requestKey } : {}), message });
    }),
    read: gameMessage(this.edge, 'read', SocialReadMessage, async (client, m) => {
      await markRead(services(), this.seat(client).playerId, m.channel, m.messageId);
    }),
    subscribe: gameMessage(this.edge, 'subscribe', SocialSubscribeMessage, async (client, m) => {
      const seat = this.seat(client);
      const { ref } = await requireReader(services(), seat.playerId, m.channel);
      if (SUBSCRIBED_KINDS.has(ref.kind) && this.seats.has(client.sessionId)) seat.channels.add(m.channel);
      client.send('subscribed', { channel: m.channel });
    }),
    unsubscribe: gameMessage(this.edge, 'unsubscribe', SocialSubscribeMessage, (client, m) => {
      this.seat(client).channels.delete(m.channel);
      client.send('unsubscribed', { channel: m.channel });
    }),
    delete: gameMessage(this.edge, 'delete', SocialDeleteMessage, async (client, m) => {
      const seat = this.seat(client);
      await deleteOwnMessage(services(), seat.playerId, seat.role, m.messageId);
      client.send('deleted', { messageId: m.messageId });
    }),
    report: gameMessage(this.edge, 'report', SocialReportMessage, async (client, m) => {
      const { id } = await report(services(), this.seat(client).playerId, m.messageId, m.reason);
      client.send('reported', { messageId: m.messageId, reportId: id });
    }),
    channels: gameMessage(this.edge, 'channels', SocialChannelsMessage, (client) => this.sendChannels(client)),
    _: unknownMessage(this.edge),
  };

  /** Every join presents a valid token of an existing player who is not banned. */
  static async onAuth(token: string): Promise<AuthData> {
    return authenticatePlayer(token);
  }

  async onCreate(): Promise<void> {
    const s = services();
    const listener = (event: SocialEvent) => {
      try {
        this.onEvent(event);
      } catch (err) {
        s.metrics.errors.inc({ where: 'social:event' });
        s.logger.error({ err, kind: (event as { kind?: unknown })?.kind }, 'social room event failed');
      }
    };
    await this.presence.subscribe(socialChannel(s), listener);
    this.unsubscribe = () => void this.presence.unsubscribe(socialChannel(s), listener);
    this.clock.setInterval(() => void this.recheckGates(), GATE_RECHECK_MS);
    s.metrics.rooms.inc({ room: 'social' });
  }

  async onJoin(client: Client, _options: unknown, auth: AuthData): Promise<void> {
    const s = services();
    countSentBytes(client, 'social');
    const seat: Seat = { client, playerId: auth.playerId, role: auth.role, channels: new Set(['global', 'emergency']) };
    this.seats.set(client.sessionId, seat);
    const mine = this.byPlayer.get(auth.playerId) ?? new Set<Seat>();
    mine.add(seat);
    this.byPlayer.set(auth.playerId, mine);
    s.metrics.clients.inc({ room: 'social' });
    client.send('me', { playerId: auth.playerId, name: auth.name, role: auth.role });
    await this.reloadBlocks(auth.playerId);
    await this.sendChannels(client);
  }

  onLeave(client: Client): void {
    const seat = this.seats.get(client.sessionId);
    this.seats.delete(client.sessionId);
    this.actionLimiter.forget(client.sessionId);
    this.errorLimiter.forget(client.sessionId);
    if (!seat) return;
    services().metrics.clients.dec({ room: 'social' });
    const mine = this.byPlayer.get(seat.playerId);
    mine?.delete(seat);
    if (mine && mine.size === 0) {
      this.byPlayer.delete(seat.playerId);
      this.blocks.delete(seat.playerId);
    }
  }

  onDispose(): void {
    this.unsubscribe?.();
    services().metrics.rooms.dec({ room: 'social' });
  }

  private seat(client: Client): Seat {
    const seat = this.seats.get(client.sessionId);
    if (!seat) throw new GameError('UNAUTHORIZED', 'not joined');
    return seat;
  }

  /** Sends the channel list (unread counts since the read markers) and subscribes to the live ones. */
  private async sendChannels(client: Client): Promise<void> {
    const seat = this.seat(client);
    const list = await channelList(services(), seat.playerId);
    if (!this.seats.has(client.sessionId)) return; // left meanwhile
    for (const c of list) if (SUBSCRIBED_KINDS.has(c.kind)) seat.channels.add(c.channel);
    client.send('channels', { channels: list });
  }

  private async reloadBlocks(playerId: string): Promise<void> {
    const map = await blockedByEach(services().database.db, [playerId]);
    if (this.byPlayer.has(playerId)) this.blocks.set(playerId, map.get(playerId) ?? new Set());
  }

  private onEvent(event: SocialEvent): void {
    switch (event.kind) {
      case 'message': {
        const { message } = event;
        const bytes = encoded('chat', message);
        for (const seat of this.recipients(message.channel, event)) {
          if (message.authorId && this.blocks.get(seat.playerId)?.has(message.authorId)) continue;
          seat.client.enqueueRaw(bytes);
        }
        return;
      }
      case 'removed': {
        const bytes = encoded('chat_removed', { channel: event.channel, messageId: event.messageId, by: event.by });
        for (const seat of this.recipients(event.channel, event)) seat.client.enqueueRaw(bytes);
        return;
      }
      case 'emergency': {
        const bytes = encoded('emergency', event.broadcast);
        for (const seat of this.seats.values()) seat.client.enqueueRaw(bytes);
        return;
      }
      case 'notification': {
        let bytes: Uint8Array | undefined;
        for (const id of event.playerIds ?? []) {
          for (const seat of this.byPlayer.get(id) ?? []) seat.client.enqueueRaw((bytes ??= encoded('notification', event.notification)));
        }
        return;
      }
      case 'moderation':
        if (event.action === 'mute' || event.action === 'unmute') {
          for (const seat of this.byPlayer.get(event.playerId) ?? []) {
            seat.client.send('moderation', { action: event.action, channel: event.channel, until: event.until });
          }
        }
        return; // bans: the process-wide runtime closes the player's connections in every room
      case 'blocks':
        if (this.byPlayer.has(event.playerId)) void this.reloadBlocks(event.playerId).catch(() => {});
        return;
      default:
        return;
    }
  }

  /** The seats that receive an event of `channel`: its named audience, or its subscribers. */
  private *recipients(channel: string, audience: SocialAudience): Iterable<Seat> {
    if (!audience.playerIds) {
      for (const seat of this.seats.values()) if (seat.channels.has(channel)) yield seat;
      return;
    }
    const named = new Set(audience.playerIds);
    for (const seat of this.seats.values()) {
      if (named.has(seat.playerId) || (audience.staff && hasRole(seat.role, audience.staff))) yield seat;
    }
  }

  /**
   * Gates are checked on subscribe and on every post; here, every 30 s, a client whose influence
   * decayed below a gate (or whose unlock expired) stops receiving that channel (`channel_lost`).
   */
  private async recheckGates(): Promise<void> {
    const s = services();
    const now = new Date();
    const players = new Set<string>();
    for (const seat of this.seats.values()) {
      if ([...seat.channels].some((c) => parseChannel(c)?.kind === 'gated') && !hasRole(seat.role, 'moderator')) players.add(seat.playerId);
    }
    for (const playerId of players) {
      try {
        const viewer = await socialViewer(s.database.db, playerId, now);
        for (const seat of this.byPlayer.get(playerId) ?? []) {
          for (const channel of [...seat.channels]) {
            const ref = parseChannel(channel);
            if (ref?.kind !== 'gated') continue;
            const access = channelAccess(ref, viewer, now);
            if (access.read) continue;
            seat.channels.delete(channel);
            seat.client.send('channel_lost', { channel, code: access.code, message: access.reason });
          }
        }
      } catch (err) {
        s.metrics.errors.inc({ where: 'social:recheck' });
        s.logger.warn({ err, playerId }, 'social gate re-check failed');
      }
    }
  }

  private sendError(client: Client, error: ErrorPayload): void {
    services().metrics.rejected.inc({ room: 'social', code: error.code });
    if (this.errorLimiter.take(client.sessionId, Date.now())) client.send('error', error);
  }
}

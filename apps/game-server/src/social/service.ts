import {
  channelHistory, channelRef, dmThreadsOf, getSocialMessage, getSquad, markChannelRead, postSocialMessage, removeSocialMessage,
  sittingCouncilMembers, socialViewer, squadMemberIds, unlockNextGate, unreadCounts,
  type AuditEntry, type SocialMessage, type SocialViewer,
} from '@datavism/db';
import {
  GATED_CHANNELS, GameError, channelAccess, dmChannel, handlerChannelKey, hasRole, sanitizeChatText,
  type ChannelRef,
} from '@datavism/rules';
import type { ChannelInfoDto, ChatMessageDto, EmergencyDto, HistoryPageDto, SocialAudience } from '@datavism/shared-schema';
import type { Services } from '../context';
import { publishSquad } from '../squads/service';
import { publishSocial } from './publish';
import { socialRuntime } from './runtime';

/** The name clients are shown for a GM answering in a handler thread. */
export const HANDLER_NAME = 'Handler';

/** A message as clients see it: a handler reply hides the GM behind "Handler". */
export function toChatDto(m: SocialMessage): ChatMessageDto {
  return {
    id: m.id,
    channel: m.channel,
    authorId: m.asHandler ? null : m.authorId,
    authorName: m.asHandler ? HANDLER_NAME : m.authorName,
    body: m.body,
    masked: m.masked,
    removed: m.removedKind,
    createdAt: m.createdAt.toISOString(),
  };
}

/**
 * Who receives a channel's live events: the members of a squad, the two parties of a DM, a
 * handler thread's player and the GMs, a council's sitting members and the staff; for global,
 * emergency and the gated channels, the clients subscribed to it (their access was checked then).
 */
export async function audienceOf(s: Services, ref: ChannelRef): Promise<SocialAudience> {
  switch (ref.kind) {
    case 'squad':
      return { playerIds: await squadMemberIds(s.database.db, ref.squadId) };
    case 'dm':
      return { playerIds: [...ref.playerIds] };
    case 'handler':
      return { playerIds: [ref.playerId], staff: 'gm' };
    case 'council':
      return { playerIds: await sittingCouncilMembers(s.database.db, ref.council, new Date()), staff: 'moderator' };
    default:
      return {};
  }
}

/** What a post asks for: a channel, or a DM to a player. */
export interface PostInput {
  channel?: string;
  to?: string;
  body: string;
}

/** Options of GM posts: the handler's voice, the audit line, no player rate window. */
interface PostOptions {
  asHandler?: boolean;
  staffPost?: boolean;
  audit?: Omit<AuditEntry, 'actorId' | 'actorRole' | 'target'>;
}

/**
 * Posts a message: text sanitised (controls and invisible characters stripped, 1..chat_max_chars),
 * masked by the word filter, then stored after every permission check (see `postSocialMessage`)
 * and delivered live to the channel's audience on every process. A refusal stores nothing.
 */
export async function postChat(s: Services, authorId: string, input: PostInput, options: PostOptions = {}): Promise<ChatMessageDto> {
  const channel = input.to !== undefined ? dmChannel(authorId, input.to) : input.channel ?? '';
  const ref = channelRef(channel);
  const clean = sanitizeChatText(input.body, s.parameters.get('chat_max_chars'));
  const { text, masked } = socialRuntime(s).filter.mask(clean);
  const limits = options.asHandler || options.staffPost
    ? null
    : { maxPerWindow: s.parameters.get('chat_messages_per_window'), windowSeconds: s.parameters.get('chat_window_seconds') };
  const stored = await postSocialMessage(s.database.db, {
    channel, authorId, body: text, masked, now: new Date(), asHandler: options.asHandler, limits, audit: options.audit,
  });
  const message = toChatDto(stored);
  await deliver(s, ref, message);
  return message;
}

async function deliver(s: Services, ref: ChannelRef, message: ChatMessageDto): Promise<void> {
  await publishSocial(s, { kind: 'message', message, ...(await audienceOf(s, ref)) });
  if (ref.kind === 'squad') {
    // The squad room keeps its latest lines in its state.
    await publishSquad(s, ref.squadId, { kind: 'chat', line: squadLine(message) });
  }
}

/** A squad channel message as the squad room's chat line. */
export function squadLine(m: ChatMessageDto): { id: number; playerId: string; name: string; body: string; createdAt: string; removed: boolean } {
  return { id: m.id, playerId: m.authorId ?? '', name: m.authorName, body: m.body, createdAt: m.createdAt, removed: m.removed !== null };
}

/** Tells every reader of the channel that a message became a tombstone. */
export async function announceRemoval(s: Services, message: SocialMessage, by: 'author' | 'moderator'): Promise<void> {
  const ref = channelRef(message.channel);
  await publishSocial(s, { kind: 'removed', channel: message.channel, messageId: message.id, by, ...(await audienceOf(s, ref)) });
  if (ref.kind === 'squad') await publishSquad(s, ref.squadId, { kind: 'chat_removed', id: message.id });
}

/** The author deletes their own message (NOT_AUTHOR for anyone else's); a tombstone stays. */
export async function deleteOwnMessage(s: Services, playerId: string, role: string, messageId: number): Promise<void> {
  const { message, changed } = await removeSocialMessage(s.database.db, { messageId, byId: playerId, byRole: role, kind: 'author', now: new Date() });
  if (changed) await announceRemoval(s, message, 'author');
}

/** The player's access to a channel now, or the refusal (CHANNEL_LOCKED, NOT_SQUAD_MEMBER, FORBIDDEN). */
export async function requireReader(s: Services, playerId: string, channel: string): Promise<{ ref: ChannelRef; viewer: SocialViewer }> {
  const ref = channelRef(channel);
  const viewer = await socialViewer(s.database.db, playerId, new Date());
  const access = channelAccess(ref, viewer, new Date());
  if (!access.read) throw new GameError(access.code, access.reason);
  return { ref, viewer };
}

/** A page of a channel's history for a reader who may read it (newest first, cursors both ways). */
export async function historyPage(
  s: Services,
  playerId: string,
  query: { channel: string; before?: number; after?: number; limit: number },
): Promise<HistoryPageDto> {
  await requireReader(s, playerId, query.channel);
  const page = await channelHistory(s.database.db, { ...query, readerId: playerId });
  return { channel: query.channel, messages: page.messages.map(toChatDto), older: page.older, newer: page.newer };
}

/** Moves the player's read marker of a channel they may read. */
export async function markRead(s: Services, playerId: string, channel: string, messageId: number): Promise<void> {
  await requireReader(s, playerId, channel);
  await markChannelRead(s.database.db, playerId, channel, messageId, new Date());
}

const GATE_TITLES: Record<string, string> = {
  classified: 'Classified', 'handler-net': 'Handler Net', strategic: 'Strategic Command', council: 'Council',
};

/**
 * Every channel the player may read now, with unread counts since their read markers: global,
 * emergency, the gated channels they reach (by influence, unlock or staff role), their squad,
 * their handler thread, the councils they sit on, and their DM threads.
 */
export async function channelList(s: Services, playerId: string): Promise<ChannelInfoDto[]> {
  const now = new Date();
  const db = s.database.db;
  const viewer = await socialViewer(db, playerId, now);
  const list: Array<Omit<ChannelInfoDto, 'unread' | 'lastReadId' | 'lastMessageId'>> = [
    { channel: 'global', kind: 'global', title: 'Global', access: 'everyone' },
    { channel: 'emergency', kind: 'emergency', title: 'Emergency', access: 'everyone' },
  ];
  for (const g of GATED_CHANNELS) {
    const access = channelAccess({ kind: 'gated', gate: g.channel, minInfluence: g.minInfluence }, viewer, now);
    if (!access.read) continue;
    list.push({
      channel: g.channel, kind: 'gated', title: GATE_TITLES[g.channel] ?? g.channel, access: access.via,
      ...(access.expiresAt ? { expiresAt: access.expiresAt.toISOString() } : {}),
    });
  }
  if (viewer.squadId) {
    const squad = await getSquad(db, viewer.squadId);
    list.push({ channel: `squad:${viewer.squadId}`, kind: 'squad', title: squad?.name ?? 'Squad', access: 'member' });
  }
  list.push({ channel: handlerChannelKey(playerId), kind: 'handler', title: HANDLER_NAME, access: 'party' });
  for (const council of viewer.councils) {
    list.push({ channel: `council:${council}`, kind: 'council', title: `${council[0].toUpperCase()}${council.slice(1)} council`, access: 'member' });
  }
  for (const t of await dmThreadsOf(db, playerId)) {
    list.push({ channel: t.channel, kind: 'dm', title: t.otherName, access: 'party', with: { playerId: t.otherId, name: t.otherName } });
  }
  const counts = new Map((await unreadCounts(db, playerId, list.map((c) => c.channel))).map((c) => [c.channel, c]));
  return list.map((c) => {
    const n = counts.get(c.channel);
    return { ...c, unread: n?.unread ?? 0, lastReadId: n?.lastReadId ?? 0, lastMessageId: n?.lastMessageId ?? null };
  });
}

/** Spends one liberation_key on the next gated channel (7 days by default, registry `gated_channel_unlock_days`). */
export async function unlockGate(s: Services, playerId: string, requestKey?: string): Promise<{ channel: string; expiresAt: string; applied: boolean }> {
  const r = await unlockNextGate(s.database.db, {
    playerId, now: new Date(), days: s.parameters.get('gated_channel_unlock_days'), requestKey,
  });
  return { channel: r.channel, expiresAt: r.expiresAt.toISOString(), applied: r.applied };
}

/** A GM answers a player's handler thread in the handler's voice (audited with the GM's id). */
export async function handlerReply(s: Services, gmId: string, playerId: string, body: string): Promise<ChatMessageDto> {
  return postChat(s, gmId, { channel: handlerChannelKey(playerId), body }, {
    asHandler: true, audit: { action: 'handler.reply', targetPlayerId: playerId },
  });
}

/**
 * The one emergency path (GAME §8.1, §9): a GM's broadcast is stored in the `emergency` channel,
 * audited, and shown to every online client as an `emergency` banner, on every process.
 */
export async function sendEmergency(s: Services, gm: { id: string; name: string; role: string }, body: string): Promise<EmergencyDto> {
  if (!hasRole(gm.role, 'gm')) throw new GameError('FORBIDDEN', 'requires role gm');
  const message = await postChat(s, gm.id, { channel: 'emergency', body }, { staffPost: true, audit: { action: 'emergency.broadcast' } });
  const broadcast: EmergencyDto = { id: message.id, body: message.body, from: gm.name, createdAt: message.createdAt };
  await publishSocial(s, { kind: 'emergency', broadcast });
  s.logger.warn({ by: gm.name, id: message.id }, 'emergency broadcast');
  return broadcast;
}

/** One message by id for a reader who may read its channel (NOT_FOUND otherwise). */
export async function readableMessage(s: Services, playerId: string, messageId: number): Promise<SocialMessage> {
  const message = await getSocialMessage(s.database.db, messageId);
  if (!message) throw new GameError('NOT_FOUND', 'no such message');
  try {
    await requireReader(s, playerId, message.channel);
  } catch (err) {
    if (err instanceof GameError) throw new GameError('NOT_FOUND', 'no such message');
    throw err;
  }
  return message;
}

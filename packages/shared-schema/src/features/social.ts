// Wire contracts of the social feature (GAME §8.1 channels, §9 moderation), owned by that feature.
import { z } from 'zod';

/** Notification priority tiers (GAME §8.2). */
export type NotificationTier = 'urgent' | 'important' | 'regular' | 'digest';

/** A notification as a client receives it (`notification` message of the social room). */
export interface NotificationDto {
  id: string;
  kind: string;
  tier: NotificationTier;
  title: string;
  body: string;
  /** ISO 8601. */
  createdAt: string;
  link?: string;
}

/**
 * A chat message as clients see it (live and in history). `body` is plain text: render it as
 * text, never as HTML. A removed message keeps its place as a tombstone: `removed` is set and
 * `body` is empty.
 */
export interface ChatMessageDto {
  /** Increasing per world (the paging cursor). */
  id: number;
  /** `global`, `emergency`, `classified`, `handler-net`, `strategic`, `council`, `squad:<id>`, `dm:<a>:<b>`, `handler:<playerId>`, `council:<councilId>`. */
  channel: string;
  /** The author's player id; null for the handler NPC and for system lines. */
  authorId: string | null;
  /** The name shown: the player's name, or "Handler". */
  authorName: string;
  body: string;
  /** The word filter masked something in it. */
  masked: boolean;
  /** null, or who removed it: its author or a moderator. */
  removed: 'author' | 'moderator' | null;
  /** ISO 8601. */
  createdAt: string;
}

/** An emergency broadcast (shown as a banner; also kept in the `emergency` channel's history). */
export interface EmergencyDto {
  /** The message id in the `emergency` channel. */
  id: number;
  body: string;
  /** The GM who sent it. */
  from: string;
  createdAt: string;
}

/**
 * Who a channel event is for. Without `playerIds`, every client subscribed to the channel (the
 * room checked its access when it subscribed); with it, exactly those players, plus every
 * connected player of at least the `staff` role (`gm` for handler threads, `moderator` for
 * council channels).
 */
export interface SocialAudience {
  playerIds?: string[];
  staff?: 'moderator' | 'gm';
}

/**
 * Everything published on the presence channel `channel(config, 'social')`. Every social room on
 * every process subscribes to it and delivers each event to those of its clients that may see it.
 * - `message` → `chat` to the channel's readers; `removed` → `chat_removed` (tombstone) likewise.
 * - `emergency` → `emergency` to every client.
 * - `notification` → `notification` (the NotificationDto) to each client whose player is in `playerIds`.
 * - `moderation` → a mute binds at once, a ban closes the player's connections in every room.
 * - `filter` → every process reloads the word filter's extra terms.
 * - `blocks` → the room reloads that player's block list.
 */
export type SocialEvent =
  | ({ kind: 'message'; message: ChatMessageDto } & SocialAudience)
  | ({ kind: 'removed'; channel: string; messageId: number; by: 'author' | 'moderator' } & SocialAudience)
  | { kind: 'emergency'; broadcast: EmergencyDto }
  | { kind: 'notification'; playerIds: string[]; notification: NotificationDto }
  | { kind: 'moderation'; action: 'mute' | 'unmute' | 'ban' | 'unban'; playerId: string; channel: string | null; until: string | null }
  | { kind: 'filter' }
  | { kind: 'blocks'; playerId: string };

/** A channel in a player's list, with unread counts (message `channels`, `GET /api/social/channels`). */
export interface ChannelInfoDto {
  channel: string;
  kind: 'global' | 'emergency' | 'gated' | 'squad' | 'dm' | 'handler' | 'council';
  /** For display: the channel name, the other party's name for a DM. */
  title: string;
  /** Messages of others after the read marker, not removed; 100 means 100 or more. */
  unread: number;
  lastReadId: number;
  lastMessageId: number | null;
  /** How the player reaches it: everyone, member, party, influence, unlock (until `expiresAt`), staff. */
  access: string;
  /** ISO 8601, for a liberation-key unlock. */
  expiresAt?: string;
  /** The other party of a DM. */
  with?: { playerId: string; name: string };
}

/** A page of history, newest first; pass `older` as `before` and `newer` as `after` for the next pages. */
export interface HistoryPageDto {
  channel: string;
  messages: ChatMessageDto[];
  older: number | null;
  newer: number | null;
}

/** Moderation news for the affected player (`moderation` message of the social room). */
export interface ModerationNoticeDto {
  action: 'mute' | 'unmute';
  channel: string | null;
  until: string | null;
}

/** Longest text accepted on the wire before sanitising; the stored limit is `chat_max_chars`. */
export const CHAT_WIRE_MAX = 4000;
const ChannelKey = z.string().min(1).max(80);
const PlayerId = z.string().uuid();
const MessageId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const Reason = z.string().trim().min(1).max(500);

/**
 * `post` (room) and `POST /api/social/messages`: a message to a channel, or a DM with `to`
 * (exactly one of the two). `requestKey` is echoed in the `posted` answer and in a refusal.
 */
export const SocialPostMessage = z.object({
  channel: ChannelKey.optional(),
  to: PlayerId.optional(),
  body: z.string().max(CHAT_WIRE_MAX),
  requestKey: z.string().min(1).max(64).optional(),
}).strict().refine((m) => (m.channel === undefined) !== (m.to === undefined), { message: 'give exactly one of channel and to', path: ['channel'] });
export type SocialPostMessage = z.infer<typeof SocialPostMessage>;

/** `read` (room) and `POST /api/social/read`: everything up to `messageId` is read. */
export const SocialReadMessage = z.object({ channel: ChannelKey, messageId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict();

/** `subscribe` / `unsubscribe` (room): live messages of a channel (gates checked on subscribe). */
export const SocialSubscribeMessage = z.object({ channel: ChannelKey }).strict();

/** `delete` (room): the author removes their own message (a tombstone stays). */
export const SocialDeleteMessage = z.object({ messageId: MessageId }).strict();

/** `report` (room) and `POST /api/social/messages/:id/report`. */
export const SocialReportMessage = z.object({ messageId: MessageId, reason: Reason }).strict();
export const SocialReportBody = z.object({ reason: Reason }).strict();

/** `channels` (room): send the channel list with unread counts again. */
export const SocialChannelsMessage = z.object({}).strict();

/** Message names of the social room, client → server. */
export const SOCIAL_MESSAGES = ['post', 'read', 'subscribe', 'unsubscribe', 'delete', 'report', 'channels'] as const;

/** Server → client messages of the social room. */
export const SOCIAL_SERVER_MESSAGES = [
  'channels', 'chat', 'chat_removed', 'emergency', 'notification', 'moderation', 'posted', 'subscribed', 'unsubscribed',
  'channel_lost', 'deleted', 'reported', 'error',
] as const;

/** `GET /api/social/messages` query: a channel's history page (newest first, default 50). Other query keys (`token`) are ignored. */
export const HistoryQuery = z.object({
  channel: ChannelKey,
  before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** `GET /api/mod/reports` query: the queue by status, oldest first, after a report id. */
export const ReportQueueQuery = z.object({
  status: z.enum(['open', 'removed', 'dismissed']).default('open'),
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
});

/** `GET /api/gm/handler/threads` query. */
export const HandlerThreadsQuery = z.object({ status: z.enum(['open', 'closed', 'all']).default('open') });

/** `GET /api/mod/mutes` query: the mutes in force, of one player or all. */
export const MutesQuery = z.object({ playerId: PlayerId.optional() });

/** `POST /api/social/unlock`: spend one liberation_key on the next gated channel. */
export const UnlockGateBody = z.object({ requestKey: z.string().min(1).max(64).optional() }).strict();

/** `POST /api/gm/handler/threads/:playerId/messages`: the handler's answer. */
export const HandlerReplyBody = z.object({ body: z.string().max(CHAT_WIRE_MAX) }).strict();

/** `POST /api/gm/emergency`: an emergency broadcast (`POST /api/gm/broadcast {message}` is the same). */
export const EmergencyBody = z.object({ body: z.string().max(CHAT_WIRE_MAX) }).strict();

/** `POST /api/mod/messages/:id/remove`. */
export const RemoveMessageBody = z.object({ reason: Reason.optional() }).strict();

/** At most a year, in minutes. */
const Minutes = z.number().int().min(1).max(525_600);

/** `POST /api/mod/mutes`: mute a player in one channel or everywhere (`channel` null). */
export const MuteBody = z.object({ playerId: PlayerId, channel: ChannelKey.nullable().default(null), minutes: Minutes, reason: Reason }).strict();

/** `POST /api/mod/unmute`: lift a player's mutes (of one channel, the everywhere ones with null, or all when omitted). */
export const UnmuteBody = z.object({ playerId: PlayerId, channel: ChannelKey.nullable().optional() }).strict();

/** `POST /api/mod/bans`: ban a player (`minutes` null: until lifted). */
export const BanBody = z.object({ playerId: PlayerId, minutes: Minutes.nullable().default(null), reason: Reason }).strict();

/** `POST /api/mod/unban`. */
export const UnbanBody = z.object({ playerId: PlayerId }).strict();

/** `POST /api/admin/filter-terms`. */
export const FilterTermBody = z.object({ term: z.string().min(1).max(64) }).strict();

/** `GET /api/admin/audit` query. */
export const AuditQuery = z.object({
  actor: PlayerId.optional(),
  action: z.string().min(1).max(64).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * The chat dock's pure helpers (no React, no network): merging pages and live lines, tabs in
 * their order, the gated channels a player cannot read yet and what opens them, unread totals.
 */
import { GATED_CHANNELS, rankFor } from '@datavism/rules';
import type { ChannelInfoDto, ChatMessageDto } from '@datavism/shared-schema';

/** Titles of the gated channels (the server's own words for the open ones). */
export const GATE_TITLES: Record<string, string> = {
  classified: 'Classified', 'handler-net': 'Handler Net', strategic: 'Strategic Command', council: 'Council',
};

/** Reasons a player may give for a report (the server takes any text of 1..500 characters). */
export const REPORT_REASONS = ['Harassment or hate', 'Spam or flooding', 'Cheating or exploits', 'Personal information', 'Other'] as const;

/** One channel's lines as the client holds them: oldest first, and the cursor to page back. */
export interface ChannelLines {
  messages: ChatMessageDto[];
  /** Pass as `before` for the page older than what is held; null at the start of the channel. */
  older: number | null;
  /** The newest page was loaded (live lines alone do not count). */
  loaded: boolean;
}

export const EMPTY_LINES: ChannelLines = { messages: [], older: null, loaded: false };

/** Merges messages by id (a later copy wins: tombstones replace lines), oldest first. */
export function mergeMessages(held: readonly ChatMessageDto[], incoming: readonly ChatMessageDto[]): ChatMessageDto[] {
  const byId = new Map<number, ChatMessageDto>();
  for (const m of held) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** A line turned into its tombstone ("message removed"): the body goes, the place stays. */
export function tombstone(lines: readonly ChatMessageDto[], messageId: number, by: 'author' | 'moderator'): ChatMessageDto[] {
  return lines.map((m) => (m.id === messageId ? { ...m, body: '', removed: by } : m));
}

/** Lines without those of blocked players (the handler's, with no author, always stay). */
export function withoutBlocked(lines: readonly ChatMessageDto[], blocked: ReadonlySet<string>): ChatMessageDto[] {
  return blocked.size === 0 ? [...lines] : lines.filter((m) => m.authorId === null || !blocked.has(m.authorId));
}

const KIND_ORDER: Record<ChannelInfoDto['kind'], number> = { global: 0, squad: 1, gated: 2, council: 3, handler: 4, emergency: 5, dm: 6 };

/** Channels in tab order: global, squad, gated, councils, handler, emergency, then DMs by latest message. */
export function orderChannels(list: readonly ChannelInfoDto[]): ChannelInfoDto[] {
  return [...list].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]
    || (a.kind === 'dm' ? (b.lastMessageId ?? 0) - (a.lastMessageId ?? 0) : 0)
    || a.title.localeCompare(b.title));
}

/** A gated channel the player cannot read yet: what it needs, and whether one key opens it. */
export interface LockedGate {
  channel: string;
  title: string;
  minInfluence: number;
  /** The rank that reaches the gate (GAME §1: the same influence thresholds). */
  rank: string;
  /** One liberation_key opens this one (the next above the highest the player reaches). */
  nextForKey: boolean;
}

/** The gated channels missing from the player's list, lowest gate first. */
export function lockedGates(list: readonly ChannelInfoDto[]): LockedGate[] {
  const open = new Set(list.filter((c) => c.kind === 'gated').map((c) => c.channel));
  let highestOpen = -1;
  GATED_CHANNELS.forEach((g, i) => { if (open.has(g.channel)) highestOpen = i; });
  return GATED_CHANNELS.flatMap((g, i) => (open.has(g.channel) ? [] : [{
    channel: g.channel, title: GATE_TITLES[g.channel] ?? g.channel, minInfluence: g.minInfluence, rank: rankFor(g.minInfluence),
    nextForKey: i === highestOpen + 1,
  }]));
}

/** Unread messages across channels, as the badge shows it ("99+"). */
export function unreadTotal(list: readonly ChannelInfoDto[]): number {
  return list.reduce((n, c) => n + c.unread, 0);
}

/** A count for a badge: nothing at 0, "99+" above 99 (the server caps a channel at 100). */
export function badgeCount(n: number): string | undefined {
  if (n <= 0) return undefined;
  return n > 99 ? '99+' : String(n);
}

/** Who may post in a channel from the dock (the emergency channel is the GMs' broadcast). */
export function mayPost(c: Pick<ChannelInfoDto, 'kind'>): boolean {
  return c.kind !== 'emergency';
}


/**
 * The social layer as this client knows it (GAME §8.1): the `social` room (joined for the whole
 * session and rejoined whatever happens to its process), the channel list with unread counts from
 * the server, each channel's lines (the newest page over HTTP, older pages on demand, live lines
 * merged in), tombstones, the block list, the emergency banner, moderation notices. Live
 * notifications arriving in the room go to the inbox store. Framework-free: a zustand vanilla
 * store and plain functions; the dock's components subscribe with selectors.
 */
import { Client, type Room } from '@colyseus/sdk';
import { createStore } from 'zustand/vanilla';
import { dmChannel } from '@datavism/rules';
import type {
  ChannelInfoDto, ChatMessageDto, EmergencyDto, ErrorPayload, HistoryPageDto, ModerationNoticeDto, NotificationDto,
} from '@datavism/shared-schema';
import { apiRequest, isApiError } from '../../net/api';
import { requestProfileRefresh } from '../../net/profileSync';
import { stayJoined, type Stay } from '../../net/stayJoined';
import { formatDateTime } from '../../state/time';
import { pushToast, toastError } from '../../state/worldStore';
import { receiveNotification } from '../notifications/inboxStore';
import { EMPTY_LINES, GATE_TITLES, mergeMessages, tombstone, type ChannelLines } from './socialView';

export interface SocialMe { playerId: string; name: string; role: string }

export interface SocialState {
  status: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'banned';
  me: SocialMe | null;
  /** From the server (`channels`): every channel the player may read, with unread counts. */
  channels: ChannelInfoDto[];
  /** Lines per channel key. */
  lines: Record<string, ChannelLines>;
  /** The channel shown: a key, or `locked` for the gated channels the player cannot read. */
  active: string;
  /** The dock is expanded. */
  open: boolean;
  /** Players I blocked: id → name. */
  blocked: Record<string, string>;
  /** The emergency transmission on the banner (until dismissed). */
  emergency: EmergencyDto | null;
  /** Mutes the server told this client about (in force until `until`). */
  mutes: ModerationNoticeDto[];
  /** Messages this player reported (the button turns into "reported"). */
  reported: Record<number, true>;
  sending: boolean;
  /** The last post's refusal, shown under the composer. */
  composeError: unknown;
  loadingOlder: boolean;
  historyError: unknown;
}

const initial: SocialState = {
  status: 'idle', me: null, channels: [], lines: {}, active: 'global', open: false, blocked: {}, emergency: null, mutes: [],
  reported: {}, sending: false, composeError: null, loadingOlder: false, historyError: null,
};

export const socialStore = createStore<SocialState>()(() => ({ ...initial }));

/** A page of history: 50 lines, as the server pages them. */
export const PAGE_SIZE = 50;
/** An emergency older than this is not put on the banner at login (it is in the channel's history). */
const EMERGENCY_FRESH_MS = 60 * 60_000;

let token = '';
let stay: Stay | null = null;
let stopped = true;
let keySeq = 0;
/** requestKey → channel of posts waiting for `posted`. */
const pending = new Map<string, string>();

const set = (patch: Partial<SocialState> | ((s: SocialState) => Partial<SocialState>)) => socialStore.setState(patch);
const room = (): Room<any, any> | null => stay?.room ?? null;

// --- connection ---------------------------------------------------------------------------------

/** Joins the social room for this session (and keeps it joined); returns a stop function. */
export function startSocial(sessionToken: string): () => void {
  token = sessionToken;
  stopped = false;
  set({ ...initial, status: 'connecting' });
  void connect(0);
  void loadBlocks();
  return stopSocial;
}

async function connect(attempt: number): Promise<void> {
  if (stopped) return;
  const client = new Client(location.origin);
  client.auth.token = token;
  try {
    const joined = await stayJoined(client, 'social', {}, {
      onRoom: bind,
      onRetry: () => { if (!stopped && socialStore.getState().status !== 'banned') set({ status: 'reconnecting' }); },
    });
    if (stopped) {
      await joined.leave();
      return;
    }
    stay = joined;
  } catch {
    // The server is away or refused the seat: try again later (the HUD says the server is away).
    if (!stopped && socialStore.getState().status !== 'banned') {
      set({ status: 'reconnecting' });
      setTimeout(() => void connect(attempt + 1), Math.min(15_000, 1000 * 2 ** attempt));
    }
  }
}

export function stopSocial(): void {
  stopped = true;
  pending.clear();
  const s = stay;
  stay = null;
  void s?.leave();
  set({ ...initial });
}

/** Wires a (re)joined room: every server message type is handled (the SDK warns about the rest). */
function bind(r: Room<any, any>): void {
  // After a rejoin, the first channel list also reloads the held channels (lines may have been missed).
  let rejoined = socialStore.getState().status !== 'connecting';
  set({ status: 'connected' });
  r.onMessage('me', (m: SocialMe) => set({ me: m }));
  r.onMessage('channels', (m: { channels: ChannelInfoDto[] }) => {
    onChannels(m.channels, rejoined);
    rejoined = false;
  });
  r.onMessage('chat', (m: ChatMessageDto) => onChat(m));
  r.onMessage('chat_removed', (m: { channel: string; messageId: number; by: 'author' | 'moderator' }) => {
    const held = socialStore.getState().lines[m.channel];
    if (held) set((s) => ({ lines: { ...s.lines, [m.channel]: { ...held, messages: tombstone(held.messages, m.messageId, m.by) } } }));
  });
  r.onMessage('emergency', (e: EmergencyDto) => set({ emergency: e }));
  r.onMessage('notification', (n: NotificationDto) => receiveNotification(n));
  r.onMessage('moderation', (m: ModerationNoticeDto) => onModeration(m));
  r.onMessage('posted', (m: { requestKey?: string; message: ChatMessageDto }) => {
    if (m.requestKey) pending.delete(m.requestKey);
    set({ sending: pending.size > 0, composeError: null });
    onChat(m.message);
  });
  r.onMessage('channel_lost', (m: { channel: string; code: string; message: string }) => {
    pushToast('info', `You no longer have access to ${channelTitle(m.channel)}.`, m.code);
    set((s) => ({ active: s.active === m.channel ? 'global' : s.active }));
    r.send('channels', {});
  });
  r.onMessage('reported', (m: { messageId: number }) => {
    set((s) => ({ reported: { ...s.reported, [m.messageId]: true } }));
    pushToast('success', 'Report sent. A moderator will look at the message.');
  });
  r.onMessage('deleted', () => pushToast('success', 'Your message was deleted.'));
  r.onMessage('banned', (m: { until: string | null }) => {
    set({ status: 'banned' });
    pushToast('error', m.until ? `You are banned until ${formatDateTime(m.until)}.` : 'You are banned until a moderator lifts it.', 'BANNED');
  });
  for (const quiet of ['subscribed', 'unsubscribed']) r.onMessage(quiet, () => {});
  r.onMessage('error', (e: ErrorPayload & { type?: string; requestKey?: string }) => {
    if (e.requestKey && pending.has(e.requestKey)) {
      pending.delete(e.requestKey);
      set({ sending: pending.size > 0, composeError: e });
      return;
    }
    toastError(e);
  });
}

function onChannels(channels: ChannelInfoDto[], rejoined: boolean): void {
  const s = socialStore.getState();
  // A DM opened here and not written in yet is not in the server's list: keep it.
  const drafts = s.channels.filter((c) => c.kind === 'dm' && !channels.some((x) => x.channel === c.channel) && !s.lines[c.channel]?.messages.length);
  set({ channels: [...channels, ...drafts] });
  if (rejoined) {
    // Lines may have been missed while away: reload the newest page of what is held.
    for (const [channel, held] of Object.entries(socialStore.getState().lines)) if (held.loaded) void loadLatest(channel);
  }
  const emergency = channels.find((c) => c.kind === 'emergency');
  if (emergency && emergency.unread > 0 && !socialStore.getState().emergency) void showLatestEmergency();
  if (socialStore.getState().open) markActiveRead();
}

function onChat(m: ChatMessageDto): void {
  const s = socialStore.getState();
  if (m.authorId && s.blocked[m.authorId]) return;
  const held = s.lines[m.channel] ?? EMPTY_LINES;
  const known = s.channels.some((c) => c.channel === m.channel);
  const isNew = !held.messages.some((x) => x.id === m.id);
  const seen = s.open && s.active === m.channel;
  set({
    lines: { ...s.lines, [m.channel]: { ...held, messages: mergeMessages(held.messages, [m]) } },
    channels: s.channels.map((c) => (c.channel !== m.channel ? c : {
      ...c, lastMessageId: Math.max(c.lastMessageId ?? 0, m.id),
      unread: isNew && !seen && m.authorId !== s.me?.playerId ? Math.min(100, c.unread + 1) : c.unread,
    })),
  });
  // A first message in a DM or a handler answer: the server's list names the new thread.
  if (!known) room()?.send('channels', {});
  if (seen) markActiveRead();
}

function onModeration(m: ModerationNoticeDto): void {
  const where = m.channel ? `in ${channelTitle(m.channel)}` : 'everywhere';
  if (m.action === 'mute') {
    set((s) => ({ mutes: [...s.mutes.filter((x) => x.channel !== m.channel), m] }));
    pushToast('error', `A moderator muted you ${where}${m.until ? ` until ${formatDateTime(m.until)}` : ''}.`, 'MUTED');
  } else {
    set((s) => ({ mutes: s.mutes.filter((x) => m.channel !== null && x.channel !== m.channel) }));
    pushToast('info', `Your mute ${where} was lifted.`);
  }
}

/** The latest emergency transmission on the banner at login, if it is fresh and unread. */
async function showLatestEmergency(): Promise<void> {
  try {
    const page = await apiRequest<HistoryPageDto>('/api/social/messages?channel=emergency&limit=1', { token });
    const m = page.messages[0];
    if (m && !m.removed && Date.now() - Date.parse(m.createdAt) < EMERGENCY_FRESH_MS && !socialStore.getState().emergency) {
      set({ emergency: { id: m.id, body: m.body, from: m.authorName, createdAt: m.createdAt } });
    }
  } catch {
    // the banner is a courtesy; the channel has the line
  }
}

// --- channels and history -----------------------------------------------------------------------

/** A channel's name for sentences and tabs. */
export function channelTitle(channel: string): string {
  const c = socialStore.getState().channels.find((x) => x.channel === channel);
  if (c) return c.title;
  return GATE_TITLES[channel] ?? (channel.startsWith('squad:') ? 'your squad' : channel.startsWith('dm:') ? 'this conversation' : channel);
}

/** Shows the dock expanded or folded. */
export function setDockOpen(open: boolean): void {
  set({ open });
  if (open) {
    ensureLoaded(socialStore.getState().active);
    markActiveRead();
  }
}

/** Shows a channel (or `locked`: the gates still closed), loading its newest page the first time. */
export function selectChannel(channel: string): void {
  set({ active: channel, composeError: null, historyError: null });
  ensureLoaded(channel);
  markActiveRead();
}

function ensureLoaded(channel: string): void {
  if (channel === 'locked') return;
  if (!socialStore.getState().lines[channel]?.loaded) void loadLatest(channel);
}

function historyUrl(channel: string, before?: number): string {
  const q = new URLSearchParams({ channel, limit: String(PAGE_SIZE) });
  if (before !== undefined) q.set('before', String(before));
  return `/api/social/messages?${q}`;
}

/** Loads the newest page of a channel and merges it with what is held. */
export async function loadLatest(channel: string): Promise<void> {
  try {
    const page = await apiRequest<HistoryPageDto>(historyUrl(channel), { token });
    const held = socialStore.getState().lines[channel] ?? EMPTY_LINES;
    const messages = mergeMessages(held.messages, page.messages);
    set((s) => ({
      lines: { ...s.lines, [channel]: { messages, older: held.loaded ? held.older : page.older, loaded: true } },
      historyError: null,
    }));
    if (socialStore.getState().open && socialStore.getState().active === channel) markActiveRead();
  } catch (err) {
    // A DM not written in yet has no history: it starts empty.
    if (channel.startsWith('dm:')) set((s) => ({ lines: { ...s.lines, [channel]: { ...EMPTY_LINES, loaded: true } } }));
    else set({ historyError: err });
  }
}

/** Loads the page before the oldest line held (scroll-back). */
export async function loadOlder(channel: string): Promise<void> {
  const held = socialStore.getState().lines[channel];
  if (!held || held.older === null || socialStore.getState().loadingOlder) return;
  set({ loadingOlder: true });
  try {
    const page = await apiRequest<HistoryPageDto>(historyUrl(channel, held.older), { token });
    set((s) => {
      const now = s.lines[channel] ?? held;
      return { lines: { ...s.lines, [channel]: { ...now, messages: mergeMessages(page.messages, now.messages), older: page.older } }, historyError: null };
    });
  } catch (err) {
    set({ historyError: err });
  } finally {
    set({ loadingOlder: false });
  }
}

/** Marks the shown channel read up to its newest line (the server keeps the marker). */
export function markActiveRead(): void {
  const s = socialStore.getState();
  if (!s.open) return;
  const c = s.channels.find((x) => x.channel === s.active);
  const newest = s.lines[s.active]?.messages.at(-1)?.id ?? 0;
  if (!c || (newest <= c.lastReadId && c.unread === 0)) return;
  const upTo = Math.max(newest, c.lastMessageId ?? 0);
  set({ channels: s.channels.map((x) => (x === c ? { ...x, unread: 0, lastReadId: Math.max(x.lastReadId, upTo) } : x)) });
  if (upTo > c.lastReadId) room()?.send('read', { channel: c.channel, messageId: upTo });
}

// --- actions -------------------------------------------------------------------------------------

/** Posts to the shown channel (a DM goes `to` its other party). */
export function post(body: string): boolean {
  const s = socialStore.getState();
  const r = room();
  if (!r) {
    set({ composeError: { code: 'NOT_CONNECTED', message: '' } });
    return false;
  }
  const c = s.channels.find((x) => x.channel === s.active);
  if (!c) return false;
  const requestKey = `m${Date.now().toString(36)}${(keySeq++).toString(36)}`;
  pending.set(requestKey, c.channel);
  set({ sending: true, composeError: null });
  r.send('post', c.kind === 'dm' && c.with ? { to: c.with.playerId, body, requestKey } : { channel: c.channel, body, requestKey });
  return true;
}

/** Opens a DM thread with a player named `name` (looked up by name; nothing is sent yet). */
export async function openDm(name: string): Promise<void> {
  const me = socialStore.getState().me;
  if (!me) throw { code: 'NOT_CONNECTED', message: '' };
  let other: { id: string; name: string };
  try {
    other = await apiRequest<{ id: string; name: string }>(`/api/profile/${encodeURIComponent(name.trim())}`, { token });
  } catch (err) {
    if (isApiError(err, 'NOT_FOUND')) throw { code: 'UNKNOWN_PLAYER', message: `no player is called “${name.trim()}”` };
    throw err;
  }
  if (other.id === me.playerId) throw { code: 'DM_SELF', message: 'you cannot send a direct message to yourself' };
  const channel = dmChannel(me.playerId, other.id);
  if (!socialStore.getState().channels.some((c) => c.channel === channel)) {
    const draft: ChannelInfoDto = {
      channel, kind: 'dm', title: other.name, unread: 0, lastReadId: 0, lastMessageId: null, access: 'party', with: { playerId: other.id, name: other.name },
    };
    set((s) => ({ channels: [...s.channels, draft] }));
  }
  set({ open: true });
  selectChannel(channel);
}

/** Reports a message to the moderators, with a reason. */
export function report(messageId: number, reason: string): void {
  const r = room();
  if (!r) toastError({ code: 'NOT_CONNECTED', message: '' });
  else r.send('report', { messageId, reason });
}

/** Deletes one of my own messages (a tombstone stays). */
export function deleteOwn(messageId: number): void {
  const r = room();
  if (!r) toastError({ code: 'NOT_CONNECTED', message: '' });
  else r.send('delete', { messageId });
}

/** A moderator removes any message (the queue in /gm does the same). */
export async function removeAsModerator(messageId: number): Promise<void> {
  try {
    await apiRequest(`/api/mod/messages/${messageId}/remove`, { token, body: {} });
    pushToast('success', 'Message removed.');
  } catch (err) {
    toastError(err);
  }
}

export async function loadBlocks(): Promise<void> {
  try {
    const { blocks } = await apiRequest<{ blocks: Array<{ playerId: string; name: string }> }>('/api/social/blocks', { token });
    set({ blocked: Object.fromEntries(blocks.map((b) => [b.playerId, b.name])) });
  } catch {
    // the list is shown as empty; blocking still works
  }
}

/** Blocks a player: their lines disappear here (and from history), and neither of us may DM the other. */
export async function block(playerId: string, name: string): Promise<void> {
  try {
    await apiRequest(`/api/social/blocks/${playerId}`, { method: 'PUT', token, body: {} });
    set((s) => ({ blocked: { ...s.blocked, [playerId]: name } }));
    pushToast('success', `${name} is blocked: you will not see their messages.`);
  } catch (err) {
    toastError(err);
  }
}

export async function unblock(playerId: string): Promise<void> {
  const name = socialStore.getState().blocked[playerId] ?? 'That player';
  try {
    await apiRequest(`/api/social/blocks/${playerId}`, { method: 'DELETE', token });
    set((s) => {
      const blocked = { ...s.blocked };
      delete blocked[playerId];
      return { blocked };
    });
    pushToast('success', `${name} is unblocked. Their messages show again from the next page you load.`);
    // Their lines were left out of the pages held: reload what is shown.
    for (const [channel, held] of Object.entries(socialStore.getState().lines)) if (held.loaded) void loadLatest(channel);
  } catch (err) {
    toastError(err);
  }
}

/** Spends one liberation key on the next gated channel (7 days); the list is asked for again. */
export async function unlockNextGate(): Promise<void> {
  try {
    const r = await apiRequest<{ channel: string; expiresAt: string }>('/api/social/unlock', {
      token, body: { requestKey: `u${Date.now().toString(36)}` },
    });
    pushToast('success', `${GATE_TITLES[r.channel] ?? r.channel} is open to you until ${formatDateTime(r.expiresAt)}.`, undefined, 'Channel unlocked');
    requestProfileRefresh({ quiet: true });
    room()?.send('channels', {});
    set({ active: r.channel });
    ensureLoaded(r.channel);
  } catch (err) {
    toastError(err);
  }
}

export function dismissEmergency(): void {
  const e = socialStore.getState().emergency;
  set({ emergency: null });
  const c = socialStore.getState().channels.find((x) => x.kind === 'emergency');
  if (e && c && e.id > c.lastReadId) {
    room()?.send('read', { channel: 'emergency', messageId: e.id });
    set((s) => ({ channels: s.channels.map((x) => (x === c ? { ...x, unread: 0, lastReadId: e.id } : x)) }));
  }
}

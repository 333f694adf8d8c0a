/**
 * The player's notifications (GAME §8.2) as this client knows them: the unread count for the
 * bell (from the server at login, then live), the inbox pages (newest first, 20 a page), read
 * state, and the player's delivery settings (which tiers go to email and push, the address).
 * Live notifications arrive through the social room (socialStore hands them here): urgent ones
 * are toasts, the others raise the bell's count. Framework-free: a zustand vanilla store.
 */
import { createStore } from 'zustand/vanilla';
import type { InboxEntryDto, InboxResponse, NotificationDto, NotificationSettingsBody, NotificationSettingsDto } from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { pushToast } from '../../state/worldStore';

export interface InboxState {
  unread: number;
  entries: InboxEntryDto[];
  /** Pass as `before` for the next page; null on the last. */
  nextBefore: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: unknown;
  loadingMore: boolean;
  open: boolean;
  settings: NotificationSettingsDto | null;
  settingsError: unknown;
  saving: boolean;
}

const initial: InboxState = {
  unread: 0, entries: [], nextBefore: null, status: 'idle', error: null, loadingMore: false, open: false,
  settings: null, settingsError: null, saving: false,
};

export const inboxStore = createStore<InboxState>()(() => ({ ...initial }));

export const INBOX_PAGE = 20;
/** The unread count is re-read this often, in case a live message was missed (a reconnect). */
const UNREAD_POLL_MS = 60_000;

let token = '';
const set = inboxStore.setState;

/** Reads the unread count now and every minute; returns a stop function. */
export function startInbox(sessionToken: string): () => void {
  token = sessionToken;
  set({ ...initial });
  void refreshUnread();
  const t = setInterval(() => void refreshUnread(), UNREAD_POLL_MS);
  return () => {
    clearInterval(t);
    token = '';
    set({ ...initial });
  };
}

export async function refreshUnread(): Promise<void> {
  try {
    const { unread } = await apiRequest<{ unread: number }>('/api/notifications/unread', { token });
    set({ unread });
  } catch {
    // the bell keeps its last count
  }
}

/** Opens or closes the inbox; opening loads the newest page. */
export function setInboxOpen(open: boolean): void {
  set({ open });
  if (open) void loadInbox();
}

export async function loadInbox(): Promise<void> {
  if (inboxStore.getState().status !== 'ready') set({ status: 'loading' });
  try {
    const page = await apiRequest<InboxResponse>(`/api/notifications?limit=${INBOX_PAGE}`, { token });
    set({ entries: page.notifications, unread: page.unread, nextBefore: page.nextBefore, status: 'ready', error: null });
  } catch (err) {
    set({ status: inboxStore.getState().entries.length ? 'ready' : 'error', error: err });
  }
}

export async function loadMoreInbox(): Promise<void> {
  const { nextBefore, loadingMore } = inboxStore.getState();
  if (!nextBefore || loadingMore) return;
  set({ loadingMore: true });
  try {
    const page = await apiRequest<InboxResponse>(`/api/notifications?limit=${INBOX_PAGE}&before=${nextBefore}`, { token });
    const held = new Set(inboxStore.getState().entries.map((e) => e.id));
    set((s) => ({ entries: [...s.entries, ...page.notifications.filter((e) => !held.has(e.id))], nextBefore: page.nextBefore, unread: page.unread, error: null }));
  } catch (err) {
    set({ error: err });
  } finally {
    set({ loadingMore: false });
  }
}

export async function markNotificationRead(id: string): Promise<void> {
  const entry = inboxStore.getState().entries.find((e) => e.id === id);
  if (!entry || entry.read) return;
  try {
    const r = await apiRequest<{ unread: number }>(`/api/notifications/${id}/read`, { token, body: {} });
    set((s) => ({ unread: r.unread, entries: s.entries.map((e) => (e.id === id ? { ...e, read: true, readAt: new Date().toISOString() } : e)) }));
  } catch (err) {
    set({ error: err });
  }
}

export async function markAllNotificationsRead(): Promise<void> {
  try {
    await apiRequest('/api/notifications/read-all', { token, body: {} });
    const at = new Date().toISOString();
    set((s) => ({ unread: 0, entries: s.entries.map((e) => (e.read ? e : { ...e, read: true, readAt: at })) }));
  } catch (err) {
    set({ error: err });
  }
}

/** A live notification: into the list (if it was loaded) and the count; a toast when urgent. */
export function receiveNotification(n: NotificationDto): void {
  const s = inboxStore.getState();
  if (s.entries.some((e) => e.id === n.id)) return;
  const entry: InboxEntryDto = { ...n, read: false, readAt: null, relevance: 1, items: 0 };
  set({ unread: s.unread + 1, entries: s.status === 'ready' ? [entry, ...s.entries] : s.entries });
  if (n.tier === 'urgent') pushToast('urgent', n.body, n.kind, n.title);
}

export async function loadSettings(): Promise<void> {
  try {
    set({ settings: await apiRequest<NotificationSettingsDto>('/api/notifications/settings', { token }), settingsError: null });
  } catch (err) {
    set({ settingsError: err });
  }
}

/** Saves a change of the settings; resolves true when the server took it. */
export async function saveSettings(change: NotificationSettingsBody): Promise<boolean> {
  set({ saving: true, settingsError: null });
  try {
    set({ settings: await apiRequest<NotificationSettingsDto>('/api/notifications/settings', { method: 'PUT', token, body: change }) });
    pushToast('success', 'Notification settings saved.');
    return true;
  } catch (err) {
    set({ settingsError: err });
    return false;
  } finally {
    set({ saving: false });
  }
}

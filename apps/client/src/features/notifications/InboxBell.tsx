/**
 * The inbox bell in the HUD bar (GAME §8.2): the unread count from the server (at login, live
 * through the social room, re-read every minute), and the inbox under it — newest first, 20 a
 * page, unread ones marked; opening one marks it read; "mark all read"; the delivery settings.
 * Loaded on demand with the game screen's slots.
 */
import { useEffect, useRef, useState } from 'react';
import type { InboxEntryDto } from '@datavism/shared-schema';
import { formatDateTime, humanizeTimes } from '../../state/time';
import { Icon } from '../../ui/icons';
import { Badge, Button, Empty, ErrorNote, Loading, Panel, Tabs } from '../../ui/kit';
import { useInbox } from '../social/hooks';
import { loadInbox, loadMoreInbox, markAllNotificationsRead, markNotificationRead, setInboxOpen, startInbox } from './inboxStore';
import { NotificationSettings } from './NotificationSettings';
import '../social/social.css';

const TIER_TONE = { urgent: 'ac', important: 'contested', regular: 'signal', digest: 'neutral' } as const;

function Entry({ n }: { n: InboxEntryDto }) {
  return (
    <li className={`inbox-entry${n.read ? '' : ' is-unread'}`} data-testid="inbox-entry" data-read={n.read}>
      <button type="button" className="inbox-entry-button" onClick={() => void markNotificationRead(n.id)} aria-label={`${n.title}${n.read ? '' : ', unread'}`}>
        <span className="inbox-entry-head">
          {n.read ? null : <span className="inbox-dot" aria-hidden="true" />}
          <strong className="inbox-title">{n.title}</strong>
          <Badge tone={TIER_TONE[n.tier] ?? 'neutral'}>{n.tier}</Badge>
        </span>
        <span className="inbox-body">{humanizeTimes(n.body)}</span>
        <span className="inbox-time muted small">{formatDateTime(n.createdAt)}{n.items ? ` · ${n.items} updates merged` : ''}</span>
      </button>
    </li>
  );
}

function InboxList() {
  const status = useInbox((s) => s.status);
  const entries = useInbox((s) => s.entries);
  const error = useInbox((s) => s.error);
  const nextBefore = useInbox((s) => s.nextBefore);
  const loadingMore = useInbox((s) => s.loadingMore);
  const unread = useInbox((s) => s.unread);
  if (status === 'loading' || status === 'idle') return <Loading label="Loading your inbox…" />;
  if (status === 'error') return <ErrorNote error={error} onRetry={() => void loadInbox()} />;
  return (
    <>
      <div className="inbox-bar">
        <span className="muted small">{unread ? `${unread} unread` : 'All read'}</span>
        <Button size="sm" variant="ghost" disabled={!unread} onClick={() => void markAllNotificationsRead()} testId="inbox-read-all">Mark all read</Button>
      </div>
      {entries.length === 0 ? <Empty testId="inbox-empty">Nothing yet. Sieges on your ground, outbids and decisions show up here.</Empty> : (
        <ol className="inbox-list" data-testid="inbox-list">{entries.map((n) => <Entry key={n.id} n={n} />)}</ol>
      )}
      {nextBefore ? <Button size="sm" variant="ghost" busy={loadingMore} onClick={() => void loadMoreInbox()} testId="inbox-more">Older notifications</Button> : null}
    </>
  );
}

export default function InboxBell({ token }: { token: string }) {
  const unread = useInbox((s) => s.unread);
  const open = useInbox((s) => s.open);
  const [tab, setTab] = useState<'inbox' | 'settings'>('inbox');
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => startInbox(token), [token]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !(document.activeElement instanceof Element) || !document.activeElement.closest('.inbox')) return;
      setInboxOpen(false);
      button.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <div className="inbox">
      <button ref={button} type="button" className="kit-icon-btn inbox-bell" aria-label={`Notifications${unread ? `, ${unread} unread` : ''}`}
        title="Notifications" aria-expanded={open} onClick={() => setInboxOpen(!open)} data-testid="inbox-bell">
        <Icon name="bell" />
        {unread > 0 ? <span className="chat-badge inbox-count" data-testid="inbox-unread">{unread > 99 ? '99+' : unread}</span> : null}
      </button>
      {open ? (
        <Panel title="Notifications" className="inbox-popover" testId="inbox" onClose={() => setInboxOpen(false)}>
          <Tabs label="Notifications" value={tab} onChange={setTab} tabs={[{ id: 'inbox', label: 'Inbox' }, { id: 'settings', label: 'Settings' }]} testId="inbox-tab" />
          {tab === 'inbox' ? <InboxList /> : <NotificationSettings />}
        </Panel>
      ) : null}
    </div>
  );
}

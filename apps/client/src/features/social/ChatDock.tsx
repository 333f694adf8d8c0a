/**
 * The chat dock (GAME §8.1), bottom right of the game screen: folded, a "Comms" button with the
 * unread total; open, a panel with one tab per channel the player reads (unread counts from the
 * server), the gated channels still locked (with what opens them), DM threads and a way to open
 * one by name, the channel's lines with scroll-back, and the composer. Blocked players are listed
 * (and unblocked) under the ⊘ button. Loaded on demand with the game screen's slots.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { ChannelInfoDto } from '@datavism/shared-schema';
import { formatAmount } from '../../state/profileView';
import { formatDateTime } from '../../state/time';
import { useSession } from '../../ui/hooks';
import { Icon } from '../../ui/icons';
import { Badge, Button, Empty, Field, FormErrors, IconButton, Locked, Panel, Tabs, type TabItem } from '../../ui/kit';
import { ChatLines } from './ChatLines';
import { useSocial } from './hooks';
import { openDm, post, selectChannel, setDockOpen, unblock, unlockNextGate } from './socialStore';
import { badgeCount, lockedGates, mayPost, orderChannels, unreadTotal, type LockedGate } from './socialView';

/** The registry's `chat_max_chars`: the composer counts down to it (the server checks it again). */
const CHAT_MAX_CHARS = 500;
/** The wire's limit before sanitising (shared-schema `CHAT_WIRE_MAX`; not imported: it would bring zod into the chunk). */
const CHAT_WIRE_MAX = 4000;

function Composer({ channel }: { channel: ChannelInfoDto }) {
  const [body, setBody] = useState('');
  const sending = useSocial((s) => s.sending);
  const error = useSocial((s) => s.composeError);
  const mutes = useSocial((s) => s.mutes);
  const now = Date.now();
  const mute = mutes.find((m) => (m.channel === null || m.channel === channel.channel) && (m.until === null || Date.parse(m.until) > now));
  const chars = [...body].length;
  const send = () => {
    const text = body.trim();
    if (!text || chars > CHAT_MAX_CHARS) return;
    if (post(text)) setBody('');
  };
  return (
    <form className="chat-composer" onSubmit={(e) => { e.preventDefault(); send(); }}>
      {mute ? <div className="chat-note is-warn" data-testid="chat-muted">You are muted {mute.channel ? 'here' : 'everywhere'}{mute.until ? ` until ${formatDateTime(mute.until)}` : ''}.</div> : null}
      <FormErrors error={error} testId="chat-error" />
      <div className="chat-compose-row">
        <label className="sr-only" htmlFor="chat-input">Message to {channel.title}</label>
        <textarea
          id="chat-input"
          className="kit-input chat-input"
          rows={1}
          value={body}
          maxLength={CHAT_WIRE_MAX}
          placeholder={channel.kind === 'dm' ? `Message ${channel.title}` : channel.kind === 'handler' ? 'Write to your handler' : `Message ${channel.title}`}
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } }}
          data-testid="chat-input"
        />
        <Button variant="primary" type="submit" disabled={!body.trim() || chars > CHAT_MAX_CHARS} busy={sending} testId="chat-send">Send</Button>
      </div>
      <div className={`chat-count${chars > CHAT_MAX_CHARS ? ' is-over' : ''}`} aria-live="polite">{chars > 400 ? `${chars} / ${CHAT_MAX_CHARS}` : ''}</div>
    </form>
  );
}

/** A small padlock (the emoji is missing from many system fonts). */
function LockGlyph() {
  return (
    <svg width="12" height="12" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinecap="round" aria-hidden="true" className="chat-lock">
      <rect x="5" y="11" width="14" height="10" rx="2" /><path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </svg>
  );
}

/** The gated channels the player cannot read yet: what each needs, and the one a liberation key opens now. */
function LockedChannels({ gates }: { gates: LockedGate[] }) {
  const influence = useSession((s) => Math.floor(s.profile?.influence ?? 0));
  const keys = useSession((s) => s.profile?.balances.liberation_keys ?? '0');
  const [busy, setBusy] = useState(false);
  return (
    <div className="chat-locked" data-testid="chat-locked">
      {gates.map((gate) => (
        <div key={gate.channel} className="chat-gate" data-testid={`chat-gate-${gate.channel}`}>
          <Locked what={`${gate.title}`} need={`rank ${gate.rank} (influence ${gate.minInfluence.toLocaleString()})`} have={influence.toLocaleString()} testId={`chat-locked-${gate.channel}`} />
          {gate.nextForKey ? (
            <div className="chat-unlock">
              <span>Or spend one liberation key: it opens {gate.title} for 7 days. You hold {formatAmount(keys)}.</span>
              <Button variant="primary" size="sm" busy={busy} disabled={keys === '0'} testId="chat-unlock"
                onClick={() => { setBusy(true); void unlockNextGate().finally(() => setBusy(false)); }}>
                Use a liberation key
              </Button>
            </div>
          ) : null}
        </div>
      ))}
      <p className="muted small">A liberation key opens the next gated channel above the highest you reach, for 7 days.</p>
    </div>
  );
}

function NewDm({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form className="chat-new-dm" data-testid="chat-new-dm" onSubmit={(e) => {
      e.preventDefault();
      if (!name.trim()) return;
      setBusy(true);
      openDm(name).then(() => { setError(null); onDone(); }, setError).finally(() => setBusy(false));
    }}>
      <Field label="Message a player by name">
        <input value={name} maxLength={64} autoFocus onChange={(e) => setName(e.target.value)} data-testid="chat-dm-name" />
      </Field>
      <Button type="submit" size="sm" variant="primary" busy={busy} disabled={!name.trim()} testId="chat-dm-open">Open</Button>
      <FormErrors error={error} testId="chat-dm-error" />
    </form>
  );
}

function BlockedList() {
  const blocked = useSocial((s) => s.blocked);
  const entries = Object.entries(blocked);
  return (
    <div className="chat-blocked" data-testid="chat-blocked">
      <h3 className="kit-section-title">Blocked players</h3>
      {entries.length === 0 ? <Empty>You have blocked nobody.</Empty> : (
        <ul>
          {entries.map(([id, name]) => (
            <li key={id}><span>{name}</span><Button size="sm" variant="ghost" onClick={() => void unblock(id)}>Unblock</Button></li>
          ))}
        </ul>
      )}
      <p className="muted small">A blocked player’s messages are hidden from you everywhere, and neither of you can message the other.</p>
    </div>
  );
}

/** A tab's label: a DM names the player as they spelled it (tabs are otherwise upper case). */
function tabLabel(c: ChannelInfoDto): ReactNode {
  return c.kind === 'dm' ? <span className="chat-tab-dm">@ {c.title}</span> : c.title;
}

export function ChatDock() {
  const open = useSocial((s) => s.open);
  const status = useSocial((s) => s.status);
  const channels = useSocial((s) => s.channels);
  const active = useSocial((s) => s.active);
  const historyError = useSocial((s) => s.historyError);
  const me = useSocial((s) => s.me);
  const [pane, setPane] = useState<'chat' | 'dm' | 'blocked'>('chat');
  const ordered = orderChannels(channels);
  const gates = me && ['moderator', 'gm', 'admin'].includes(me.role) ? [] : lockedGates(channels);
  const total = unreadTotal(channels);

  useEffect(() => {
    if (!open) return;
    // Only while the focus is in the dock: Escape elsewhere belongs to the drawer or a dialog.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !(document.activeElement instanceof Element) || !document.activeElement.closest('.chat-dock')) return;
      setDockOpen(false);
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="chat-dock-toggle"]')?.focus());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  if (!open) {
    return (
      <button type="button" className="chat-dock-toggle" data-testid="chat-dock-toggle" onClick={() => setDockOpen(true)} aria-label={`Comms${total ? `, ${total} unread` : ''}`}>
        <span className="chat-dock-toggle-label">Comms</span>
        {badgeCount(total) ? <span className="chat-badge" data-testid="chat-unread-total">{badgeCount(total)}</span> : null}
        {status === 'reconnecting' ? <span className="chat-dot is-warn" title="Reconnecting" /> : null}
      </button>
    );
  }

  const tabs: TabItem<string>[] = [
    ...ordered.map((c) => ({ id: c.channel, label: tabLabel(c), badge: badgeCount(c.unread) })),
    ...(gates.length ? [{ id: 'locked', label: <span className="chat-tab-locked"><LockGlyph />Locked</span>, badge: String(gates.length) }] : []),
  ];
  const current = channels.find((c) => c.channel === active);
  const subtitle = status === 'connected' ? (current ? describeChannel(current) : ' ') : status === 'banned' ? 'You are banned.' : 'Reconnecting to the network…';

  return (
    <Panel
      title="Comms"
      subtitle={subtitle}
      className="chat-dock"
      testId="chat-dock"
      actions={<>
        <IconButton label="Message a player" onClick={() => setPane(pane === 'dm' ? 'chat' : 'dm')} aria-pressed={pane === 'dm'} testId="chat-new-dm-toggle"><Icon name="plus" size={16} /></IconButton>
        <IconButton label="Blocked players" onClick={() => setPane(pane === 'blocked' ? 'chat' : 'blocked')} aria-pressed={pane === 'blocked'} testId="chat-blocked-toggle">⊘</IconButton>
        <IconButton label="Fold the chat" onClick={() => setDockOpen(false)} testId="chat-dock-fold">–</IconButton>
      </>}
    >
      <Tabs label="Channels" value={active} onChange={(id) => { setPane('chat'); selectChannel(id); }} tabs={tabs} testId="chat-tab" />
      {pane === 'dm' ? <NewDm onDone={() => setPane('chat')} /> : null}
      {pane === 'blocked' ? <BlockedList /> : null}
      {pane === 'chat' ? (
        active === 'locked' && gates.length ? <LockedChannels gates={gates} />
          : current ? (
            <>
              {historyError ? <FormErrors error={historyError} testId="chat-history-error" /> : null}
              <ChatLines key={current.channel} channel={current.channel} />
              {mayPost(current) ? <Composer channel={current} /> : <div className="chat-note">Only game-masters broadcast on this channel.</div>}
            </>
          ) : <Empty>Choose a channel.</Empty>
      ) : null}
    </Panel>
  );
}

/** The line under the dock's title: who is in the channel, how the player reaches it. */
function describeChannel(c: ChannelInfoDto): ReactNode {
  switch (c.kind) {
    case 'global': return 'Everyone in the network';
    case 'squad': return 'Your squad';
    case 'dm': return `Direct messages with ${c.title}`;
    case 'handler': return 'Your private line to the game-masters';
    case 'emergency': return 'Transmissions from resistance command';
    case 'council': return 'Sitting council members';
    case 'gated':
      return c.access === 'unlock' && c.expiresAt
        ? <>Opened with a liberation key · <Badge tone="contested">until {formatDateTime(c.expiresAt)}</Badge></>
        : c.access === 'staff' ? 'Read as staff' : 'Open at your influence';
  }
}

/**
 * One channel's lines in the chat dock: scroll-back (pages of 50, loaded when the reader reaches
 * the top or asks), tombstones ("message removed"), and per line the actions the reader has —
 * report with a reason, block the author, delete one's own, remove as a moderator. Text is
 * rendered as text, never as HTML.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { ChatMessageDto } from '@datavism/shared-schema';
import { formatDateTime } from '../../state/time';
import { Button, Empty, Loading } from '../../ui/kit';
import { useSocial } from './hooks';
import { block, deleteOwn, loadOlder, removeAsModerator, report } from './socialStore';
import { REPORT_REASONS, withoutBlocked } from './socialView';

const STAFF = new Set(['moderator', 'gm', 'admin']);

function ReportForm({ message, onDone }: { message: ChatMessageDto; onDone: () => void }) {
  const [reason, setReason] = useState<string>(REPORT_REASONS[0]);
  const [detail, setDetail] = useState('');
  return (
    <form className="chat-report" data-testid="chat-report-form" onSubmit={(e) => {
      e.preventDefault();
      const text = detail.trim() ? `${reason}: ${detail.trim()}` : reason;
      report(message.id, text.slice(0, 500));
      onDone();
    }}>
      <label className="sr-only" htmlFor={`report-reason-${message.id}`}>Reason</label>
      <select id={`report-reason-${message.id}`} className="kit-input" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="chat-report-reason">
        {REPORT_REASONS.map((r) => <option key={r}>{r}</option>)}
      </select>
      <label className="sr-only" htmlFor={`report-detail-${message.id}`}>Details</label>
      <input id={`report-detail-${message.id}`} className="kit-input" placeholder="Details (optional)" maxLength={400} value={detail}
        onChange={(e) => setDetail(e.target.value)} data-testid="chat-report-detail" />
      <div className="chat-report-actions">
        <Button size="sm" variant="danger" type="submit" testId="chat-report-send">Report</Button>
        <Button size="sm" variant="ghost" onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}

function Line({ m, mine, staff, reported }: { m: ChatMessageDto; mine: boolean; staff: boolean; reported: boolean }) {
  const [reporting, setReporting] = useState(false);
  const removed = m.removed !== null;
  const handler = m.authorId === null;
  return (
    <li className={`chat-line${mine ? ' is-mine' : ''}${handler ? ' is-handler' : ''}${removed ? ' is-removed' : ''}`}
      data-testid="chat-line" data-id={m.id} data-removed={m.removed ?? undefined}>
      <div className="chat-line-head">
        <span className="chat-author" data-testid="chat-author">{m.authorName}{mine ? <span className="muted"> (you)</span> : null}</span>
        <time className="chat-time" dateTime={m.createdAt} title={formatDateTime(m.createdAt)}>{formatDateTime(m.createdAt).replace(/^today /, '')}</time>
        {!removed ? (
          <span className="chat-line-actions">
            {!mine && !handler ? (
              reported ? <span className="chat-reported">reported</span>
                : <button type="button" className="chat-action" onClick={() => setReporting((v) => !v)} data-testid="chat-report" aria-expanded={reporting}>Report</button>
            ) : null}
            {!mine && !handler && m.authorId ? (
              <button type="button" className="chat-action" onClick={() => void block(m.authorId!, m.authorName)} data-testid="chat-block">Block</button>
            ) : null}
            {mine ? <button type="button" className="chat-action" onClick={() => deleteOwn(m.id)} data-testid="chat-delete">Delete</button> : null}
            {staff && !mine && !handler ? <button type="button" className="chat-action is-danger" onClick={() => void removeAsModerator(m.id)} data-testid="chat-remove">Remove</button> : null}
          </span>
        ) : null}
      </div>
      {removed
        ? <div className="chat-body chat-tombstone" data-testid="chat-tombstone">message removed{m.removed === 'moderator' ? <span className="muted"> by a moderator</span> : null}</div>
        : <div className="chat-body" data-testid="chat-body">{m.body}{m.masked ? <span className="chat-masked" title="The word filter masked part of this message"> ·filtered</span> : null}</div>}
      {reporting && !reported ? <ReportForm message={m} onDone={() => setReporting(false)} /> : null}
    </li>
  );
}

export function ChatLines({ channel }: { channel: string }) {
  const held = useSocial((s) => s.lines[channel]);
  const blocked = useSocial((s) => s.blocked);
  const me = useSocial((s) => s.me);
  const reported = useSocial((s) => s.reported);
  const loadingOlder = useSocial((s) => s.loadingOlder);
  const list = useRef<HTMLOListElement>(null);
  /** Where the reader was before the lines changed: stick to the bottom, or keep the place after a page back. */
  const before = useRef<{ height: number; atBottom: boolean; first: number | undefined }>({ height: 0, atBottom: true, first: undefined });
  const lines = held ? withoutBlocked(held.messages, new Set(Object.keys(blocked))) : [];
  const first = lines[0]?.id;

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const b = before.current;
    if (b.first !== undefined && first !== undefined && first < b.first && !b.atBottom) el.scrollTop += el.scrollHeight - b.height;
    else if (b.atBottom) el.scrollTop = el.scrollHeight;
    before.current = { height: el.scrollHeight, atBottom: b.atBottom, first };
  }, [lines.length, first, channel]);

  if (!held || (!held.loaded && held.messages.length === 0)) return <Loading label="Loading the channel…" testId="chat-loading" />;
  const staff = STAFF.has(me?.role ?? 'player');
  return (
    <ol
      ref={list}
      className="chat-lines"
      data-testid="chat-lines"
      aria-live="polite"
      aria-label="Messages"
      onScroll={(e) => {
        const el = e.currentTarget;
        before.current = { height: el.scrollHeight, atBottom: el.scrollHeight - el.scrollTop - el.clientHeight < 24, first };
        if (el.scrollTop < 40 && held.older !== null) void loadOlder(channel);
      }}
    >
      <li className="chat-scrollback">
        {held.older !== null
          ? <Button size="sm" variant="ghost" busy={loadingOlder} onClick={() => void loadOlder(channel)} testId="chat-older">Load older messages</Button>
          : held.loaded ? <span className="muted small">Start of the channel.</span> : null}
      </li>
      {lines.length === 0 ? <li><Empty testId="chat-empty">No messages yet. Say something.</Empty></li> : null}
      {lines.map((m) => (
        <Line key={m.id} m={m} mine={m.authorId !== null && m.authorId === me?.playerId} staff={staff} reported={Boolean(reported[m.id])} />
      ))}
    </ol>
  );
}

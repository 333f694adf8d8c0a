/** Handler threads (GAME §8.1): players writing to the handler, answered as "Handler"; the emergency broadcast. */
import { useState } from 'react';
import { formatDateTime } from '../../state/time';
import { Badge, Button, Empty, Field, Section, Table } from '../../ui/kit';
import { gmCall, type ChatLine, type HandlerThreadDto } from './gmApi';
import { LoadError, Outcome } from './parts';
import { useAction, useLoad } from './useGm';

function Thread({ thread, onChanged }: { thread: HandlerThreadDto; onChanged: () => void }) {
  const history = useLoad(() => gmCall<{ messages: ChatLine[] }>(`/api/gm/handler/threads/${thread.playerId}/messages?limit=30`), [thread.playerId], 10_000);
  const action = useAction();
  const [body, setBody] = useState('');
  const lines = [...(history.data?.messages ?? [])].reverse();
  return (
    <Section title={`Thread with ${thread.playerName}`} aside={<Badge tone={thread.status === 'open' ? 'accent' : 'neutral'}>{thread.status}</Badge>}>
      <LoadError error={history.error} onRetry={history.reload} />
      <ol className="gmc-thread" data-testid="handler-thread">
        {lines.map((m) => (
          <li key={m.id} className={m.authorId === null ? 'is-handler' : ''}>
            <span className="muted small">{m.authorName} · {formatDateTime(m.createdAt)}</span>
            <div>{m.removed ? <em className="muted">message removed</em> : m.body}</div>
          </li>
        ))}
      </ol>
      <Outcome note={action.note} error={action.error} />
      <form className="kit-form" onSubmit={(e) => {
        e.preventDefault();
        if (body.trim()) void action.run(() => gmCall(`/api/gm/handler/threads/${thread.playerId}/messages`, 'POST', { body: body.trim() }), 'Sent as the Handler.')
          .then((r) => { if (r) { setBody(''); void history.reload(); onChanged(); } });
      }}>
        <Field label="Answer as the Handler"><textarea rows={3} maxLength={1000} value={body} onChange={(e) => setBody(e.target.value)} data-testid="handler-reply" /></Field>
        <div className="row-actions">
          <Button type="submit" variant="primary" disabled={!body.trim()} busy={action.busy}>Send</Button>
          {thread.status === 'open' ? <Button variant="ghost" onClick={() => void action.run(() => gmCall(`/api/gm/handler/threads/${thread.playerId}/close`, 'POST', {}), 'Thread closed.').then(onChanged)}>Close thread</Button> : null}
        </div>
      </form>
    </Section>
  );
}

export default function HandlerTab() {
  const [status, setStatus] = useState<'open' | 'closed' | 'all'>('open');
  const threads = useLoad(() => gmCall<{ threads: HandlerThreadDto[] }>(`/api/gm/handler/threads?status=${status}`), [status], 10_000);
  const [selected, setSelected] = useState<HandlerThreadDto | null>(null);
  const broadcast = useAction();
  const [message, setMessage] = useState('');
  return (
    <div className="gmc-tab" data-testid="gm-handler">
      <Section title="Emergency broadcast" aside="every online player sees the banner">
        <Outcome note={broadcast.note} error={broadcast.error} />
        <form className="kit-form-row align-end" onSubmit={(e) => {
          e.preventDefault();
          if (message.trim()) void broadcast.run(() => gmCall('/api/gm/emergency', 'POST', { body: message.trim() }), 'Broadcast sent to everyone online.').then((r) => { if (r) setMessage(''); });
        }}>
          <Field label="Message" className="grow"><input value={message} maxLength={500} onChange={(e) => setMessage(e.target.value)} /></Field>
          <Button type="submit" variant="danger" disabled={!message.trim()} busy={broadcast.busy}>Broadcast</Button>
        </form>
      </Section>
      <Section title="Handler threads" aside={
        <select className="kit-input" value={status} aria-label="Threads" onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="open">open</option><option value="closed">closed</option><option value="all">all</option>
        </select>
      }>
        <LoadError error={threads.error} onRetry={threads.reload} />
        {threads.data === null ? <Empty>Loading…</Empty> : (
          <Table compact caption="Handler threads" rowKey={(t) => t.playerId} rows={threads.data.threads} onRowClick={setSelected} empty="No thread." columns={[
            { key: 'p', header: 'Player', cell: (t) => <strong>{t.playerName}</strong> },
            { key: 'w', header: '', cell: (t) => (t.awaitingHandler ? <Badge tone="contested">awaiting the handler</Badge> : null) },
            { key: 'u', header: 'Last message', cell: (t) => formatDateTime(t.updatedAt) },
          ]} />
        )}
      </Section>
      {selected ? <Thread key={selected.playerId} thread={selected} onChanged={() => void threads.reload()} /> : null}
    </div>
  );
}

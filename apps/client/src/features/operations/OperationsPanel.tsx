/**
 * Operations HUD: live operations with progress bars and countdowns, the briefing as an
 * overlay in the handler's voice, objectives (hidden ones as [CLASSIFIED]), contribute,
 * top contributors and handler messages. Everything user-written is rendered as text.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { formatCountdown } from '../../state/profileView';
import { closeBriefing, contribute, objectiveRatio, openOperation, operationsStore, refreshOperations } from './operationsStore';
import { useNow } from '../../ui/hooks';

function Bar({ ratio }: { ratio: number }) {
  return (
    <div className="op-bar" style={{ display: 'inline-block', width: 120, height: 8, background: '#333', verticalAlign: 'middle' }}>
      <div className="op-bar-fill" style={{ width: `${Math.round(ratio * 100)}%`, height: '100%', background: '#ffcc33' }} />
    </div>
  );
}

export function OperationsPanel({ token }: { token: string }) {
  const list = useStore(operationsStore, (s) => s.list);
  const current = useStore(operationsStore, (s) => s.current);
  const briefingOpen = useStore(operationsStore, (s) => s.briefingOpen);
  const now = useNow();
  const [resource, setResource] = useState('cpu_cycles');
  const [amount, setAmount] = useState('10');

  useEffect(() => {
    void refreshOperations(token);
    const t = setInterval(() => void refreshOperations(token), 10_000);
    return () => clearInterval(t);
  }, [token]);

  const contributable = current?.objectives.filter((o) => !o.classified && o.kind === 'contribute' && o.progress < o.target) ?? [];
  return (
    <div className="operations-panel" data-testid="operations-panel">
      <h4>Live operations</h4>
      {list.length === 0 ? <div>No live operations.</div> : null}
      <ul>
        {list.map((op) => (
          <li key={op.id}>
            <button type="button" onClick={() => void openOperation(token, op.id)}>{op.name}</button>{' '}
            <span>{op.phase}</span> <Bar ratio={op.progress} />{' '}
            <span>{op.endsAt ? formatCountdown(Date.parse(op.endsAt) - now) : 'until done'}</span>{' '}
            <span>{op.participants} in</span>
          </li>
        ))}
      </ul>
      {current ? (
        <section className="operation-detail" data-testid="operation-detail">
          <h4>{current.name} — {current.phase}{current.outcome ? ` (${current.outcome})` : ''}</h4>
          <div>Progress {(current.progress * 100).toFixed(1)} % <Bar ratio={current.progress} /></div>
          <div>{current.endsAt ? `Ends in ${formatCountdown(current.endsAt - now)}` : 'Runs until its objectives are done'}</div>
          <ol>
            {current.objectives.map((o) => (
              <li key={o.id} className={o.classified ? 'classified' : o.tier}>
                <strong>{o.classified ? '[CLASSIFIED]' : o.title}</strong> <em>{o.tier}</em>
                {o.classified ? null : <> {o.progress}/{o.target} {o.resource || o.category} <Bar ratio={objectiveRatio(o)} /></>}
              </li>
            ))}
          </ol>
          {contributable.length > 0 ? (
            <form onSubmit={(e) => {
              e.preventDefault();
              const n = Number(amount);
              if (Number.isInteger(n) && n > 0) contribute(resource, n);
            }}>
              <select value={resource} onChange={(e) => setResource(e.target.value)}>
                {contributable.map((o) => <option key={o.id} value={o.resource}>{o.resource}</option>)}
              </select>
              <input value={amount} inputMode="numeric" onChange={(e) => setAmount(e.target.value)} />
              <button type="submit">Contribute</button>
            </form>
          ) : null}
          <h5>Top contributors</h5>
          <ol>{current.topContributors.map((c) => <li key={c.playerId}>{c.name || c.playerId.slice(0, 8)} — {c.points}</li>)}</ol>
          <h5>{current.handler}</h5>
          <ul>{current.messages.map((m) => <li key={m.id}>{m.body}</li>)}</ul>
        </section>
      ) : null}
      {current && briefingOpen ? (
        <div className="operation-briefing" role="dialog" data-testid="operation-briefing"
          style={{ position: 'fixed', inset: '20% 25%', background: 'rgba(10,10,20,0.95)', color: '#eee', padding: 24, border: '1px solid #ffcc33', zIndex: 50 }}>
          <h3>{current.handler}:</h3>
          <p>“{current.briefing}”</p>
          <button type="button" onClick={closeBriefing}>Understood</button>
        </div>
      ) : null}
    </div>
  );
}

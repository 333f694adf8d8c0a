/**
 * The council chamber: open proposals with live weighted tallies and quorum bars, my weight and
 * my votes, vote buttons, a create form with a parameter picker (bounds and current values from
 * GET /api/parameters), and the elections. Player text is rendered as text, never HTML.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { formatCountdown } from '../../state/profileView';
import {
  closeCouncil, councilStore, openCouncil, openElection, propose, quorumProgress, refreshParameters, vote,
  type ProposalRow,
} from './councilStore';
import { ElectionView } from './ElectionView';
import { useNow } from '../../ui/hooks';

const KINDS = ['feature', 'balance', 'content', 'economic', 'emergency'] as const;

function QuorumBar({ p, eligible }: { p: ProposalRow; eligible: number }) {
  const q = quorumProgress(p, eligible);
  const cast = p.yesWeight + p.noWeight;
  const yesShare = cast > 0 ? p.yesWeight / cast : 0;
  return (
    <div className="quorum" title={`cast ${(q.cast * 100).toFixed(1)} % of eligible weight; quorum ${(q.quorum * 100).toFixed(1)} %`}>
      <div style={{ position: 'relative', width: 160, height: 8, background: '#333', display: 'inline-block' }}>
        <div style={{ width: `${Math.min(100, q.cast * 100)}%`, height: '100%', background: q.reached ? '#66ff99' : '#ffcc33' }} />
        <div style={{ position: 'absolute', left: `${Math.min(100, q.quorum * 100)}%`, top: -2, width: 2, height: 12, background: '#fff' }} />
      </div>{' '}
      <span>yes {p.yesWeight.toFixed(2)} / no {p.noWeight.toFixed(2)} ({p.voters} voters, {(yesShare * 100).toFixed(1)} % yes, needs {(p.thresholdBps / 100).toFixed(1)} %)</span>
    </div>
  );
}

function CreateForm() {
  const parameters = useStore(councilStore, (s) => s.parameters);
  const [kind, setKind] = useState<(typeof KINDS)[number]>('feature');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [parameterName, setParameterName] = useState('');
  const [value, setValue] = useState('');
  const needsParameter = kind === 'balance' || kind === 'economic';
  const choices = parameters.filter((p) => p.proposalKind === kind);
  const chosen = choices.find((p) => p.name === parameterName) ?? choices[0];
  const n = Number(value);
  const inBounds = chosen ? Number.isInteger(n) && value !== '' && n >= chosen.min && n <= chosen.max : false;
  return (
    <form className="propose" onSubmit={(e) => {
      e.preventDefault();
      if (needsParameter && (!chosen || !inBounds)) return;
      propose({ kind, title, description, ...(needsParameter && chosen ? { parameterName: chosen.name, parameterValue: n } : {}) });
      setTitle('');
      setDescription('');
    }}>
      <h4>New proposal</h4>
      <select value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}>
        {KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
      </select>
      <input value={title} maxLength={120} placeholder="Title" onChange={(e) => setTitle(e.target.value)} />
      <textarea value={description} maxLength={2000} placeholder="Why" onChange={(e) => setDescription(e.target.value)} />
      {needsParameter ? (
        <div className="parameter-picker">
          <select value={chosen?.name ?? ''} onChange={(e) => setParameterName(e.target.value)}>
            {choices.map((p) => <option key={p.name} value={p.name}>{p.name}</option>)}
          </select>
          {chosen ? (
            <span> now {chosen.value} {chosen.unit} (default {chosen.default}, allowed {chosen.min}–{chosen.max}) — {chosen.description}</span>
          ) : null}
          <input value={value} inputMode="numeric" placeholder="new value" onChange={(e) => setValue(e.target.value)} />
          {value !== '' && !inBounds ? <span className="error"> out of bounds</span> : null}
        </div>
      ) : null}
      <button type="submit" disabled={title.trim().length < 3 || (needsParameter && !inBounds)}>Propose (deposit)</button>
    </form>
  );
}

export function CouncilPanel({ token }: { token: string }) {
  const proposals = useStore(councilStore, (s) => s.proposals);
  const elections = useStore(councilStore, (s) => s.elections);
  const eligible = useStore(councilStore, (s) => s.eligibleWeight);
  const me = useStore(councilStore, (s) => s.me);
  const lastError = useStore(councilStore, (s) => s.lastError);
  const now = useNow();

  useEffect(() => {
    void openCouncil(token).catch((err) => councilStore.setState({ lastError: String((err as Error).message) }));
    void refreshParameters();
    const t = setInterval(() => void refreshParameters(), 15_000);
    return () => {
      clearInterval(t);
      void closeCouncil();
    };
  }, [token]);

  return (
    <div className="council-panel" data-testid="council-panel">
      <div>
        My vote weight: <strong data-testid="my-weight">{me ? me.weight.toFixed(2) : '…'}</strong>
        {me ? ` (influence ${me.influence.toFixed(0)}, ${me.daysActive} days active${me.councils.length ? `, council: ${me.councils.join(', ')}` : ''})` : ''}
        {' '}· eligible weight {eligible.toFixed(1)}
      </div>
      {lastError ? <div className="error">{lastError}</div> : null}
      <h4>Proposals</h4>
      {proposals.length === 0 ? <div>No open proposals.</div> : null}
      <ul className="proposals">
        {proposals.map((p) => {
          const mine = me?.votes[p.id];
          return (
            <li key={p.id} data-testid="proposal">
              <strong>{p.title}</strong> <em>{p.kind}</em> by {p.authorName}
              {p.parameterName ? <span> — set {p.parameterName} to {p.parameterValue}</span> : null}
              <div>{p.description}</div>
              <QuorumBar p={p} eligible={eligible} />
              {p.status === 'open' ? (
                <div>
                  closes in {formatCountdown(p.closesAt - now)}{' '}
                  <button type="button" aria-pressed={mine === true} onClick={() => vote(p.id, true)}>Yes</button>
                  <button type="button" aria-pressed={mine === false} onClick={() => vote(p.id, false)}>No</button>
                  {mine !== undefined ? <span> you voted {mine ? 'yes' : 'no'}</span> : null}
                </div>
              ) : <div>{p.status}</div>}
            </li>
          );
        })}
      </ul>
      <CreateForm />
      <h4>Elections</h4>
      <ul>
        {elections.map((e) => (
          <li key={e.id}>
            <button type="button" onClick={() => void openElection(token, e.id)}>{e.council} council</button>{' '}
            {e.phase} · {e.candidates} candidates
            {e.phase !== 'counted' ? ` · voting ends in ${formatCountdown(e.votingEndsAt - now)}` : ''}
          </li>
        ))}
      </ul>
      <ElectionView token={token} />
    </div>
  );
}

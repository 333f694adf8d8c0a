/**
 * One election: the nomination list, a ranked ballot ordered by dragging (HTML5 drag and drop),
 * and once counted the published stage table with a chart of how votes moved between stages.
 * Names and statements are player text: rendered as text only.
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import { sessionStore } from '../../state/sessionStore';
import { castBallot, councilStore, moveItem, stageSeries, standInElection, withdrawFromElection, type ElectionResult } from './councilStore';

const COLORS = ['#ffcc33', '#33ccff', '#ff6680', '#66ff99', '#cc99ff', '#ff9933', '#99ccff', '#ccff66'];

/** Votes per candidate across stages: one group of bars per stage, one colour per candidate. */
function StageChart({ result }: { result: ElectionResult }) {
  const { candidates, stages } = stageSeries(result);
  const max = Math.max(1, ...stages.flat(), Number(result.quota));
  const width = 520;
  const height = 160;
  const groupW = width / Math.max(1, stages.length);
  const barW = Math.max(1, (groupW - 6) / Math.max(1, candidates.length));
  const quotaY = height - (Number(result.quota) / max) * height;
  return (
    <svg width={width} height={height + 16} role="img" aria-label="votes per candidate at each stage" data-testid="stage-chart">
      {stages.map((votes, s) => votes.map((v, c) => (
        <rect key={`${s}-${c}`} x={s * groupW + c * barW + 3} y={height - (v / max) * height} width={barW - 1}
          height={(v / max) * height} fill={COLORS[c % COLORS.length]}>
          <title>{`stage ${s + 1}: ${candidates[c]} ${v.toFixed(2)}`}</title>
        </rect>
      )))}
      <line x1={0} x2={width} y1={quotaY} y2={quotaY} stroke="#fff" strokeDasharray="4 3" />
      {stages.map((_, s) => <text key={s} x={s * groupW + 3} y={height + 12} fill="#aaa" fontSize={10}>{s + 1}</text>)}
    </svg>
  );
}

function Result({ result }: { result: ElectionResult }) {
  const candidates = Object.keys(result.stages[0]?.votes ?? {});
  return (
    <section data-testid="election-result">
      <div>Quota {result.quota} · valid ballots {result.valid} · seed <code>{String(result.seed)}</code></div>
      <div>Elected: {result.elected.join(', ') || 'nobody'}</div>
      <StageChart result={result} />
      <table className="stage-table">
        <thead>
          <tr><th>candidate</th>{result.stages.map((s) => (
            <th key={s.number}>{s.number}: {s.action.kind}{s.action.candidate ? ` ${s.action.candidate}` : ''}</th>
          ))}</tr>
        </thead>
        <tbody>
          {candidates.map((c) => (
            <tr key={c}><td>{c}</td>{result.stages.map((s) => (
              <td key={s.number} className={s.elected.includes(c) ? 'elected' : s.excluded.includes(c) ? 'excluded' : ''}>
                {s.votes[c]}{s.transfers[c] ? ` (${s.transfers[c]})` : ''}
              </td>
            ))}</tr>
          ))}
          <tr><td>non-transferable</td>{result.stages.map((s) => <td key={s.number}>{s.nonTransferable}</td>)}</tr>
        </tbody>
      </table>
    </section>
  );
}

export function ElectionView({ token }: { token: string }) {
  const election = useStore(councilStore, (s) => s.election);
  const saved = useStore(councilStore, (s) => s.myBallot);
  const result = useStore(councilStore, (s) => s.result);
  const [ballot, setBallot] = useState<string[] | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const [statement, setStatement] = useState('');
  const myId = useStore(sessionStore, (s) => s.profile?.id ?? null);
  if (!election) return null;
  const ranking = ballot ?? saved;
  const unranked = election.candidates.filter((c) => !c.withdrawn && !ranking.includes(c.playerId));
  const nameOf = (id: string) => election.candidates.find((c) => c.playerId === id)?.name ?? id;
  return (
    <section className="election" data-testid="election">
      <h4>{election.council} council — {election.seats} seats — {election.phase}</h4>
      <ol className="candidates">
        {election.candidates.map((c) => (
          <li key={c.playerId} className={c.withdrawn ? 'withdrawn' : undefined}>
            <strong>{c.name}</strong> {c.withdrawn ? '(withdrawn) ' : ''}{c.statement}
            {c.playerId === myId && !c.withdrawn && election.phase !== 'counted' ? (
              <button type="button" onClick={() => void withdrawFromElection(token, election.id)}>Withdraw</button>
            ) : null}
          </li>
        ))}
      </ol>
      {election.phase === 'nomination' ? (
        <form onSubmit={(e) => { e.preventDefault(); void standInElection(token, election.id, statement); }}>
          <input value={statement} maxLength={500} placeholder="Your statement" onChange={(e) => setStatement(e.target.value)} />
          <button type="submit">Stand</button>
        </form>
      ) : null}
      {election.phase === 'voting' ? (
        <div className="ballot">
          <div>Your ranking (drag to reorder):</div>
          <ol data-testid="ballot">
            {ranking.map((id, i) => (
              <li key={id} draggable onDragStart={() => setDragging(i)} onDragOver={(e) => e.preventDefault()}
                onDrop={() => { if (dragging !== null) setBallot(moveItem(ranking, dragging, i)); setDragging(null); }}>
                {nameOf(id)} <button type="button" onClick={() => setBallot(ranking.filter((x) => x !== id))}>×</button>
              </li>
            ))}
          </ol>
          <div>Not ranked: {unranked.map((c) => (
            <button key={c.playerId} type="button" onClick={() => setBallot([...ranking, c.playerId])}>+ {c.name}</button>
          ))}</div>
          <button type="button" disabled={ranking.length === 0} onClick={() => void castBallot(token, election.id, ranking)}>
            Save ballot
          </button>
        </div>
      ) : null}
      {result ? <Result result={result} /> : null}
    </section>
  );
}

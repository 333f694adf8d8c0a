/**
 * One election: the candidates, standing for it (or, for players who may not yet, what it
 * takes), a ranked ballot ordered by dragging or with the keyboard (move up / down buttons),
 * and once counted the published stage table with a chart of how votes moved between stages.
 * Names and statements are player text: rendered as text only.
 */
import { useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { sessionStore } from '../../state/sessionStore';
import { Badge, Button, Field, IconButton, Locked, Section, Table } from '../../ui/kit';
import { castBallot, councilStore, moveItem, stageSeries, standInElection, withdrawFromElection, type ElectionResult } from './councilStore';
import { candidacy, COUNCIL_WORDS, PHASE_WORDS } from './governanceWords';

const COLORS = ['#22e0b8', '#4cb8ff', '#ff6680', '#ffd166', '#b388ff', '#ff9f43', '#7fdcff', '#c6ff6b'];

/** Votes per candidate across stages: one group of bars per stage, one colour per candidate. */
function StageChart({ result }: { result: ElectionResult }) {
  const { candidates, stages } = stageSeries(result);
  const max = Math.max(1, ...stages.flat(), Number(result.quota));
  const width = 440;
  const height = 150;
  const groupW = width / Math.max(1, stages.length);
  const barW = Math.max(1, (groupW - 6) / Math.max(1, candidates.length));
  const quotaY = height - (Number(result.quota) / max) * height;
  return (
    <svg viewBox={`0 0 ${width} ${height + 16}`} className="stage-chart" role="img" aria-label="votes per candidate at each stage" data-testid="stage-chart">
      {stages.map((votes, s) => votes.map((v, c) => (
        <rect key={`${s}-${c}`} x={s * groupW + c * barW + 3} y={height - (v / max) * height} width={barW - 1}
          height={(v / max) * height} fill={COLORS[c % COLORS.length]}>
          <title>{`stage ${s + 1}: ${candidates[c]} ${v.toFixed(2)}`}</title>
        </rect>
      )))}
      <line x1={0} x2={width} y1={quotaY} y2={quotaY} stroke="#f4f8fb" strokeDasharray="4 3" />
      {stages.map((_, s) => <text key={s} x={s * groupW + 3} y={height + 12} fill="#8b9bb0" fontSize={10}>{s + 1}</text>)}
    </svg>
  );
}

function Result({ result }: { result: ElectionResult }) {
  const candidates = Object.keys(result.stages[0]?.votes ?? {});
  return (
    <Section title="Result" testId="election-result">
      <div>Elected: <strong>{result.elected.join(', ') || 'nobody'}</strong></div>
      <div className="muted small">Quota {result.quota} · {result.valid} valid ballots · tie-break seed {String(result.seed)}</div>
      <StageChart result={result} />
      <Table compact caption="Count stages" rows={[...candidates, '__nt']} rowKey={(c) => c}
        columns={[
          { key: 'c', header: 'Candidate', cell: (c) => (c === '__nt' ? <em>non-transferable</em> : c) },
          ...result.stages.map((s) => ({
            key: String(s.number),
            header: `${s.number}${s.action.kind ? ` · ${s.action.kind}` : ''}`,
            align: 'right' as const,
            cell: (c: string) => (c === '__nt' ? s.nonTransferable : (
              <span className={s.elected.includes(c) ? 'text-accent' : s.excluded.includes(c) ? 'muted' : ''}>
                {s.votes[c]}{s.transfers[c] ? ` (${s.transfers[c]})` : ''}
              </span>
            )),
          })),
        ]} />
    </Section>
  );
}

function StandForm({ token, electionId, council }: { token: string; electionId: string; council: string }) {
  const profile = useStore(sessionStore, (s) => s.profile);
  const [statement, setStatement] = useState('');
  const [busy, setBusy] = useState(false);
  if (!profile) return null;
  const c = candidacy(council, profile);
  if (!c.ok) return <Locked what={`Standing for the ${COUNCIL_WORDS[council] ?? council}`} need={c.need} have={c.have} testId="stand-locked" />;
  const noToken = BigInt(profile.balances.truth_tokens ?? '0') < 1n;
  if (noToken) return <Locked what="Standing for a council" need="1 truth token for the deposit (earned by verified intel or a 30-day streak)" have="none" />;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await standInElection(token, electionId, statement.trim());
    setBusy(false);
  };
  return (
    <form className="kit-form" onSubmit={(e) => void submit(e)} data-testid="stand-form">
      <Field label="Your statement to voters" hint="Deposit: 1 truth token, returned at the count.">
        <textarea value={statement} maxLength={500} rows={3} onChange={(e) => setStatement(e.target.value)} />
      </Field>
      <div><Button type="submit" variant="primary" busy={busy}>Stand for election</Button></div>
    </form>
  );
}

export function ElectionView({ token }: { token: string }) {
  const election = useStore(councilStore, (s) => s.election);
  const saved = useStore(councilStore, (s) => s.myBallot);
  const result = useStore(councilStore, (s) => s.result);
  const [ballot, setBallot] = useState<string[] | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const myId = useStore(sessionStore, (s) => s.profile?.id ?? null);
  if (!election) return null;
  const ranking = ballot ?? saved;
  const unranked = election.candidates.filter((c) => !c.withdrawn && !ranking.includes(c.playerId));
  const nameOf = (id: string) => election.candidates.find((c) => c.playerId === id)?.name ?? 'a former candidate';
  const standing = election.candidates.some((c) => c.playerId === myId && !c.withdrawn);
  return (
    <Section title={`${COUNCIL_WORDS[election.council] ?? election.council} — ${election.seats} seats`} aside={PHASE_WORDS[election.phase] ?? election.phase} testId="election">
      {election.candidates.length === 0 ? <p className="muted">No candidates yet.</p> : (
        <ul className="plain-list">
          {election.candidates.map((c) => (
            <li key={c.playerId} className="list-row">
              <div>
                <strong>{c.name}</strong> {c.withdrawn ? <Badge>withdrawn</Badge> : null}
                {c.statement ? <div className="muted small">“{c.statement}”</div> : null}
              </div>
              {c.playerId === myId && !c.withdrawn && election.phase !== 'counted' ? (
                <Button size="sm" variant="danger" onClick={() => void withdrawFromElection(token, election.id)}>Withdraw</Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {election.phase === 'nomination' && !standing ? <StandForm token={token} electionId={election.id} council={election.council} /> : null}
      {election.phase === 'voting' ? (
        <div className="ballot">
          <div className="muted small">Rank the candidates you support, first preference first (drag, or use the arrows).</div>
          <ol data-testid="ballot" className="ballot-list">
            {ranking.map((id, i) => (
              <li key={id} draggable onDragStart={() => setDragging(i)} onDragOver={(e) => e.preventDefault()}
                onDrop={() => { if (dragging !== null) setBallot(moveItem(ranking, dragging, i)); setDragging(null); }}>
                <span className="ballot-rank">{i + 1}</span>
                <span className="grow">{nameOf(id)}</span>
                <IconButton label={`Move ${nameOf(id)} up`} disabled={i === 0} onClick={() => setBallot(moveItem(ranking, i, i - 1))}>↑</IconButton>
                <IconButton label={`Move ${nameOf(id)} down`} disabled={i === ranking.length - 1} onClick={() => setBallot(moveItem(ranking, i, i + 1))}>↓</IconButton>
                <IconButton label={`Remove ${nameOf(id)}`} onClick={() => setBallot(ranking.filter((x) => x !== id))}>×</IconButton>
              </li>
            ))}
          </ol>
          {unranked.length > 0 ? (
            <div className="chips">{unranked.map((c) => (
              <Button key={c.playerId} size="sm" onClick={() => setBallot([...ranking, c.playerId])}>+ {c.name}</Button>
            ))}</div>
          ) : null}
          <div><Button variant="primary" disabled={ranking.length === 0} onClick={() => void castBallot(token, election.id, ranking)}>Save my ballot</Button></div>
        </div>
      ) : null}
      {result ? <Result result={result} /> : null}
    </Section>
  );
}

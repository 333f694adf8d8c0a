/**
 * The council chamber: open proposals with live weighted tallies against their quorum and
 * threshold, my weight and my votes, a proposal form with a parameter picker (bounds and
 * current values from GET /api/parameters), and the elections (nomination, ballots, counts;
 * GMs open elections and advance their phases here). Player text is rendered as text.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import { apiRequest } from '../../net/api';
import { pushToast } from '../../state/worldStore';
import { useSession } from '../../ui/hooks';
import {
  Badge, Button, Countdown, Empty, ErrorNote, Field, FormErrors, FormRow, Loading, Locked, ProgressBar, Section, Tabs,
} from '../../ui/kit';
import {
  closeCouncil, councilStore, openCouncil, openElection, propose, quorumProgress, refreshParameters, vote,
  type ElectionRow, type ProposalRow,
} from './councilStore';
import { ElectionView } from './ElectionView';
import { COUNCIL_WORDS, KIND_WORDS, PHASE_WORDS, STATUS_WORDS } from './governanceWords';

const KINDS = ['feature', 'balance', 'content', 'economic', 'emergency'] as const;

function ProposalCard({ p, eligible }: { p: ProposalRow; eligible: number }) {
  const me = useStore(councilStore, (s) => s.me);
  const mine = me?.votes[p.id];
  const q = quorumProgress(p, eligible);
  const cast = p.yesWeight + p.noWeight;
  const yesShare = cast > 0 ? p.yesWeight / cast : 0;
  return (
    <li className="card" data-testid="proposal">
      <div className="card-head">
        <strong>{p.title}</strong>
        <Badge tone={p.status === 'open' ? 'contested' : p.status === 'passed' ? 'ok' : 'neutral'}>{STATUS_WORDS[p.status] ?? p.status}</Badge>
      </div>
      <div className="muted small">
        {KIND_WORDS[p.kind]?.label ?? p.kind} · proposed by {p.authorName}
        {p.parameterName ? <> · sets <strong>{p.parameterName.replace(/_/g, ' ')}</strong> to {p.parameterValue.toLocaleString()}</> : null}
      </div>
      {p.description ? <p className="prose">{p.description}</p> : null}
      <ProgressBar label="Turnout against the quorum" value={q.cast} marker={q.quorum} markerLabel="quorum" tone={q.reached ? 'ok' : 'contested'} size="sm"
        detail={`turnout ${(q.cast * 100).toFixed(1)} % of ${(q.quorum * 100).toFixed(0)} % needed`} />
      <ProgressBar label="Yes share of the weight cast" value={yesShare} marker={p.thresholdBps / 10000} markerLabel="threshold" size="sm"
        detail={`yes ${p.yesWeight.toFixed(2)} · no ${p.noWeight.toFixed(2)} (${p.voters} voter${p.voters === 1 ? '' : 's'}; ${(p.thresholdBps / 100).toFixed(1)} % yes needed)`} />
      {p.status === 'open' ? (
        <div className="card-foot">
          <Countdown to={p.closesAt} prefix="closes in" done="closing…" />
          <span className="row-actions">
            <Button size="sm" pressed={mine === true} onClick={() => vote(p.id, true)}>Yes</Button>
            <Button size="sm" pressed={mine === false} onClick={() => vote(p.id, false)}>No</Button>
          </span>
        </div>
      ) : null}
    </li>
  );
}

function CreateForm() {
  const parameters = useStore(councilStore, (s) => s.parameters);
  const me = useStore(councilStore, (s) => s.me);
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
  const councilOnly = kind === 'emergency' && (me?.councils.length ?? 0) === 0;
  // The deposit is a game parameter; a player who cannot pay it is told so before typing a proposal.
  const deposit = parameters.find((p) => p.name === 'proposal_deposit_influence_points')?.value;
  const held = Number(useSession((s) => s.profile?.balances.influence_points ?? '0'));
  const short = deposit !== undefined && held < deposit;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (title.trim().length < 3 || councilOnly || (needsParameter && (!chosen || !inBounds))) return;
    propose({ kind, title: title.trim(), description, ...(needsParameter && chosen ? { parameterName: chosen.name, parameterValue: n } : {}) });
    setTitle('');
    setDescription('');
  };
  return (
    <form className="kit-form" onSubmit={submit} data-testid="proposal-create">
      <Field label="Kind" hint={KIND_WORDS[kind]?.rule}>
        <select value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}>
          {KINDS.map((k) => <option key={k} value={k}>{KIND_WORDS[k].label}</option>)}
        </select>
      </Field>
      {councilOnly ? <Locked what="Emergency proposals" need="a seat on an elected council" /> : (
        <>
          <Field label="Title" error={title && title.trim().length < 3 ? 'At least 3 characters.' : null}>
            <input value={title} maxLength={120} onChange={(e) => setTitle(e.target.value)} />
          </Field>
          <Field label="Why"><textarea value={description} maxLength={2000} rows={3} onChange={(e) => setDescription(e.target.value)} /></Field>
          {needsParameter ? (
            choices.length === 0 ? <Empty>No parameter can be changed by this kind of proposal.</Empty> : (
              <FormRow>
                <Field label="Parameter" hint={chosen ? `${chosen.description} Now ${chosen.value.toLocaleString()} ${chosen.unit} (default ${chosen.default.toLocaleString()}).` : undefined}>
                  <select value={chosen?.name ?? ''} onChange={(e) => setParameterName(e.target.value)}>
                    {choices.map((p) => <option key={p.name} value={p.name}>{p.name.replace(/_/g, ' ')}</option>)}
                  </select>
                </Field>
                <Field label={`New value (${chosen?.min.toLocaleString()}–${chosen?.max.toLocaleString()})`}
                  error={value !== '' && !inBounds ? `Between ${chosen?.min.toLocaleString()} and ${chosen?.max.toLocaleString()}, whole.` : null}>
                  <input value={value} inputMode="numeric" onChange={(e) => setValue(e.target.value)} />
                </Field>
              </FormRow>
            )
          ) : null}
          <p className="muted small" data-testid="proposal-deposit">
            Proposing takes a deposit of {deposit === undefined ? 'influence points' : `${deposit.toLocaleString('en-US')} influence points`}, returned
            if the vote reaches its quorum.
          </p>
          {short ? <Locked what="Proposing" need={`${deposit!.toLocaleString('en-US')} influence points for the deposit (earned by mentoring)`} have={held.toLocaleString('en-US')} /> : null}
          <div><Button type="submit" variant="primary" disabled={short || title.trim().length < 3 || (needsParameter && !inBounds)}>Propose</Button></div>
        </>
      )}
    </form>
  );
}

function GmElectionControls({ token, elections }: { token: string; elections: readonly ElectionRow[] }) {
  const [council, setCouncil] = useState('player');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const call = async (path: string, body: unknown, ok: string) => {
    setBusy(true);
    setError(null);
    try {
      await apiRequest(path, { token, body });
      pushToast('success', ok);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="Game-master: elections">
      <form className="kit-form-row align-end" onSubmit={(e) => { e.preventDefault(); void call('/api/gm/elections', { council }, `${COUNCIL_WORDS[council]} election opened: nominations are open.`); }}>
        <Field label="Council">
          <select value={council} onChange={(e) => setCouncil(e.target.value)}>
            {Object.entries(COUNCIL_WORDS).map(([k, w]) => <option key={k} value={k}>{w}</option>)}
          </select>
        </Field>
        <Button type="submit" busy={busy}>Open an election</Button>
      </form>
      {elections.filter((e) => e.phase !== 'counted').map((e) => (
        <div key={e.id} className="list-row">
          <span>{COUNCIL_WORDS[e.council] ?? e.council}: {PHASE_WORDS[e.phase] ?? e.phase}</span>
          <Button size="sm" busy={busy} onClick={() => void call(`/api/gm/elections/${e.id}/advance`, {}, 'Election moved to its next phase.')}>Next phase now</Button>
        </div>
      ))}
      <FormErrors error={error} />
    </Section>
  );
}

function Elections({ token }: { token: string }) {
  const elections = useStore(councilStore, (s) => s.elections);
  const selected = useStore(councilStore, (s) => s.election?.id ?? null);
  const role = useSession((s) => s.profile?.role ?? 'player');
  return (
    <>
      {elections.length === 0 ? <Empty>No elections are running. Councils are elected for 60–90 days.</Empty> : (
        <ul className="plain-list">
          {elections.map((e) => (
            <li key={e.id} className={`list-row${selected === e.id ? ' is-current' : ''}`}>
              <div>
                <strong>{COUNCIL_WORDS[e.council] ?? e.council}</strong> · {e.seats} seats
                <div className="muted small">
                  {PHASE_WORDS[e.phase] ?? e.phase} · {e.candidates} candidate{e.candidates === 1 ? '' : 's'}
                  {e.phase === 'nomination' ? <> · nominations close <Countdown to={e.nominationEndsAt} /></> : null}
                  {e.phase === 'campaign' ? <> · voting opens <Countdown to={e.campaignEndsAt} /></> : null}
                  {e.phase === 'voting' ? <> · voting closes <Countdown to={e.votingEndsAt} /></> : null}
                </div>
              </div>
              <Button size="sm" onClick={() => void openElection(token, e.id)}>{e.phase === 'nomination' ? 'Stand / view' : e.phase === 'voting' ? 'Vote' : 'View'}</Button>
            </li>
          ))}
        </ul>
      )}
      <ElectionView token={token} />
      {role === 'gm' || role === 'admin' ? <GmElectionControls token={token} elections={elections} /> : null}
    </>
  );
}

export function CouncilPanel({ token }: { token: string }) {
  const proposals = useStore(councilStore, (s) => s.proposals);
  const eligible = useStore(councilStore, (s) => s.eligibleWeight);
  const me = useStore(councilStore, (s) => s.me);
  const status = useStore(councilStore, (s) => s.status);
  const lastError = useStore(councilStore, (s) => s.lastError);
  const [tab, setTab] = useState<'proposals' | 'propose' | 'elections'>('proposals');

  useEffect(() => {
    void openCouncil(token);
    void refreshParameters();
    const t = setInterval(() => void refreshParameters(), 15_000);
    return () => {
      clearInterval(t);
      void closeCouncil();
    };
  }, [token]);

  if (status === 'error') return <ErrorNote error={lastError} onRetry={() => void openCouncil(token)} />;
  if (status !== 'connected') return <Loading label="Entering the council chamber…" />;
  const open = proposals.filter((p) => p.status === 'open');
  return (
    <div className="council-panel" data-testid="council-panel">
      <div className="stat-row">
        <span>My vote weight <strong className="num" data-testid="my-weight">{me ? me.weight.toFixed(2) : '…'}</strong></span>
        {me ? <span className="muted small">influence {Math.floor(me.influence).toLocaleString()} · {me.daysActive} day{me.daysActive === 1 ? '' : 's'} active{me.councils.length ? ` · council: ${me.councils.map((c) => COUNCIL_WORDS[c] ?? c).join(', ')}` : ''}</span> : null}
        <span className="muted small">eligible weight {eligible.toFixed(1)}</span>
      </div>
      <Tabs label="Council" value={tab} onChange={setTab} testId="council-tabs"
        tabs={[
          { id: 'proposals', label: 'Proposals', badge: open.length || undefined },
          { id: 'propose', label: 'Propose' },
          { id: 'elections', label: 'Elections' },
        ]} />
      {tab === 'proposals' ? (
        proposals.length === 0 ? <Empty>No proposals yet. Anyone can propose; votes are weighted by influence and time in the network.</Empty> : (
          <ul className="plain-list">{proposals.map((p) => <ProposalCard key={p.id} p={p} eligible={eligible} />)}</ul>
        )
      ) : null}
      {tab === 'propose' ? <CreateForm /> : null}
      {tab === 'elections' ? <Elections token={token} /> : null}
    </div>
  );
}

/**
 * Operations: the live operations with progress and countdowns, one operation's briefing in
 * the handler's voice, its objectives (hidden ones as [CLASSIFIED]), contribute (checked
 * against my balance), top contributors and handler messages; and the squad-mission designer
 * for members of influence ≥ 1000 (locked, with what unlocks it, for others). Everything
 * user-written is rendered as text.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useStore } from 'zustand';
import type { OperationSummary } from '@datavism/shared-schema';
import { formatResource, resourceLabel } from '../../state/profileView';
import { toEpoch } from '../../state/time';
import { useSession } from '../../ui/hooks';
import {
  Badge, Button, Countdown, Empty, ErrorNote, Field, FormErrors, FormRow, Loading, Locked, ProgressBar, Section, Table, Tabs,
  type Column,
} from '../../ui/kit';
import { squadStore } from '../squads/squadStore';
import {
  closeBriefing, contribute, launchSquadMission, objectiveRatio, openOperation, operationsStore, refreshOperations,
} from './operationsStore';

const TYPE_WORDS: Record<string, string> = {
  flashpoint: 'Flashpoint', rapid: 'Rapid', investigation: 'Investigation', campaign: 'Campaign', global: 'Global', liberation_war: 'Liberation war',
};
const PHASE_TONE: Record<string, 'accent' | 'signal' | 'neutral' | 'contested'> = { briefing: 'signal', active: 'accent', resolution: 'contested' };
const TIER_WORDS: Record<string, string> = { primary: 'Primary', secondary: 'Secondary', hidden: 'Hidden' };
const KIND_WORDS: Record<string, string> = { liberate: 'liberate territories', contribute: 'contribute', verify_intel: 'verify intel', solve_challenges: 'solve challenges' };
/** GAME §1: designing squad missions unlocks at influence 1000. */
const SQUAD_MISSION_INFLUENCE = 1000;

function LiveList({ token }: { token: string }) {
  const list = useStore(operationsStore, (s) => s.list);
  const current = useStore(operationsStore, (s) => s.current);
  const columns: Column<OperationSummary>[] = [
    {
      key: 'name', header: 'Operation', cell: (op) => (
        <div><strong>{op.name}</strong><div className="muted small">{TYPE_WORDS[op.type] ?? op.type}{op.squadId ? ' · squad mission' : ''} · {op.participants}/{op.requiredPlayers} players</div></div>
      ),
    },
    { key: 'phase', header: 'Phase', cell: (op) => <Badge tone={PHASE_TONE[op.phase] ?? 'neutral'}>{op.phase}</Badge> },
    {
      key: 'progress', header: 'Progress', cell: (op) => (
        <span className="progress-cell"><ProgressBar label={`${op.name}: progress`} value={op.progress} size="sm" /><span className="num">{Math.round(op.progress * 100)} %</span></span>
      ),
    },
    { key: 'ends', header: 'Ends', cell: (op) => (op.endsAt ? <Countdown to={toEpoch(op.endsAt)} /> : 'when done') },
  ];
  return (
    <Table columns={columns} rows={list} rowKey={(op) => op.id} caption="Live operations" testId="operations-list"
      onRowClick={(op) => void openOperation(token, op.id)}
      rowClassName={(op) => (op.id === current?.id ? 'is-current' : undefined)}
      empty="No live operations right now. Game-masters launch them; every Friday brings a flashpoint." />
  );
}

function Detail() {
  const current = useStore(operationsStore, (s) => s.current);
  const balances = useSession((s) => s.profile?.balances ?? {});
  const [resource, setResource] = useState('');
  const [amount, setAmount] = useState('10');
  if (!current) return null;
  const contributable = current.objectives.filter((o) => !o.classified && o.kind === 'contribute' && o.progress < o.target);
  const chosen = contributable.find((o) => o.resource === resource)?.resource ?? contributable[0]?.resource ?? '';
  const n = Number(amount);
  const have = balances[chosen] ?? '0';
  const problems: string[] = [];
  if (amount && !(Number.isInteger(n) && n > 0)) problems.push('A whole amount above 0.');
  else if (chosen && n > 0 && BigInt(have) < BigInt(Math.floor(n))) problems.push(`You hold only ${formatResource(have, chosen)}.`);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problems.length === 0 && Number.isInteger(n) && n > 0 && chosen) contribute(chosen, n);
  };
  return (
    <Section title={current.name} aside={current.outcome ? `outcome: ${current.outcome}` : current.phase} testId="operation-detail">
      <ProgressBar label="Operation progress" value={current.progress} detail={`${(current.progress * 100).toFixed(1)} %`} />
      <div className="muted small">
        {current.endsAt ? <>Ends <Countdown to={current.endsAt} /></> : 'Runs until its objectives are done'} · {current.participants} taking part
      </div>
      <ol className="objectives">
        {current.objectives.map((o) => (
          <li key={o.id} className={`objective objective-${o.tier}${o.classified ? ' is-classified' : ''}`}>
            <div className="card-head">
              <strong>{o.classified ? '[CLASSIFIED]' : o.title}</strong>
              <Badge tone={o.tier === 'primary' ? 'accent' : o.tier === 'hidden' ? 'contested' : 'neutral'}>{TIER_WORDS[o.tier] ?? o.tier}</Badge>
            </div>
            {o.classified ? <div className="muted small">Revealed when the operation gets far enough.</div> : (
              <ProgressBar label={o.title} labelShown={false} value={objectiveRatio(o)} size="sm"
                detail={`${o.progress.toLocaleString()} / ${o.target.toLocaleString()} ${o.resource ? resourceLabel(o.resource) : o.category || KIND_WORDS[o.kind] || ''}`} />
            )}
          </li>
        ))}
      </ol>
      {contributable.length > 0 ? (
        <form className="kit-form" onSubmit={submit}>
          <FormRow>
            <Field label="Contribute">
              <select value={chosen} onChange={(e) => setResource(e.target.value)}>
                {contributable.map((o) => <option key={o.id} value={o.resource}>{resourceLabel(o.resource)}</option>)}
              </select>
            </Field>
            <Field label="Amount" hint={`You hold ${formatResource(have, chosen)}`}>
              <input value={amount} inputMode="numeric" onChange={(e) => setAmount(e.target.value)} />
            </Field>
          </FormRow>
          <FormErrors messages={problems} />
          <div><Button type="submit" variant="primary" disabled={problems.length > 0}>Contribute</Button></div>
        </form>
      ) : null}
      <Section title="Top contributors">
        {current.topContributors.length === 0 ? <Empty>Nobody has contributed yet.</Empty> : (
          <Table compact caption="Top contributors" rows={current.topContributors} rowKey={(c) => c.playerId}
            columns={[
              { key: 'n', header: 'Resistant', cell: (c) => c.name || 'a resistant' },
              { key: 'p', header: 'Points', align: 'right', cell: (c) => Math.round(c.points).toLocaleString() },
            ]} />
        )}
      </Section>
      {current.messages.length > 0 ? (
        <Section title={`${current.handler} says`}>
          <ul className="plain-list">{current.messages.map((m) => <li key={m.id} className="handler-line">“{m.body}”</li>)}</ul>
        </Section>
      ) : null}
    </Section>
  );
}

/** The briefing as an overlay in the handler's voice; focus moves to it and Escape closes it. */
function Briefing() {
  const current = useStore(operationsStore, (s) => s.current);
  const open = useStore(operationsStore, (s) => s.briefingOpen);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    button.current?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') closeBriefing(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  if (!current || !open) return null;
  return (
    <div className="briefing-backdrop">
      <div className="briefing" role="dialog" aria-modal="true" aria-labelledby="briefing-title" data-testid="operation-briefing">
        <div className="briefing-kicker">Incoming transmission · {TYPE_WORDS[current.type] ?? current.type}</div>
        <h3 id="briefing-title">{current.handler}</h3>
        <p className="briefing-text">“{current.briefing || `Operation ${current.name} is live. Every contribution counts.`}”</p>
        <Button ref={button} variant="primary" onClick={closeBriefing}>Understood</Button>
      </div>
    </div>
  );
}

function MissionDesigner({ token }: { token: string }) {
  const influence = useSession((s) => s.profile?.influence ?? 0);
  const membership = useStore(squadStore, (s) => s.membership);
  const [name, setName] = useState('');
  const [briefing, setBriefing] = useState('');
  const [type, setType] = useState('rapid');
  const [kind, setKind] = useState('contribute');
  const [target, setTarget] = useState('100');
  const [resource, setResource] = useState('cpu_cycles');
  const [category, setCategory] = useState('surveillance');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!membership) return <Locked what="Squad missions" need="membership of a squad" />;
  if (influence < SQUAD_MISSION_INFLUENCE) {
    return <Locked what="Designing squad missions" need={`influence ${SQUAD_MISSION_INFLUENCE.toLocaleString()} (a member of your squad can design them too)`} have={Math.floor(influence).toLocaleString()} />;
  }
  const t = Number(target);
  const ok = name.trim().length > 0 && Number.isInteger(t) && t > 0;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ok) return;
    setBusy(true);
    setError(null);
    try {
      await launchSquadMission(token, membership.squadId, {
        type, name: name.trim(), briefing: briefing.trim(), handler: 'Squad command',
        objectives: [{
          tier: 'primary', kind, title: name.trim(), target: t,
          ...(kind === 'contribute' ? { resource } : {}), ...(kind === 'verify_intel' ? { category } : {}),
        }],
      });
      setName('');
      setBriefing('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="kit-form" onSubmit={(e) => void submit(e)} data-testid="squad-mission">
      <p className="muted small">A squad mission is an operation for your squad: it pays XP to those who take part (no resource pool).</p>
      <FormRow>
        <Field label="Name"><input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} /></Field>
        <Field label="Length">
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="flashpoint">Flashpoint (2–4 h)</option>
            <option value="rapid">Rapid (24 h)</option>
            <option value="investigation">Investigation (1 week)</option>
          </select>
        </Field>
      </FormRow>
      <Field label="Briefing"><textarea value={briefing} maxLength={4000} rows={3} onChange={(e) => setBriefing(e.target.value)} /></Field>
      <FormRow>
        <Field label="Objective">
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="contribute">Contribute a resource</option>
            <option value="verify_intel">Verify intel fragments</option>
            <option value="solve_challenges">Solve challenges</option>
          </select>
        </Field>
        {kind === 'contribute' ? (
          <Field label="Resource">
            <select value={resource} onChange={(e) => setResource(e.target.value)}>
              {['cpu_cycles', 'data_credits', 'resistance_credits'].map((r) => <option key={r} value={r}>{resourceLabel(r)}</option>)}
            </select>
          </Field>
        ) : null}
        {kind === 'verify_intel' ? <Field label="Intel category"><input value={category} maxLength={64} onChange={(e) => setCategory(e.target.value)} /></Field> : null}
        <Field label="Target" error={target && !(Number.isInteger(t) && t > 0) ? 'A whole number above 0.' : null}>
          <input inputMode="numeric" value={target} onChange={(e) => setTarget(e.target.value)} />
        </Field>
      </FormRow>
      <FormErrors error={error} />
      <div><Button type="submit" variant="primary" busy={busy} disabled={!ok}>Launch the mission</Button></div>
    </form>
  );
}

export function OperationsPanel({ token }: { token: string }) {
  const status = useStore(operationsStore, (s) => s.status);
  const lastError = useStore(operationsStore, (s) => s.lastError);
  const [tab, setTab] = useState<'live' | 'mission'>('live');
  useEffect(() => { void refreshOperations(token); }, [token]);
  return (
    <div className="operations-panel" data-testid="operations-panel">
      <Tabs label="Operations" value={tab} onChange={setTab} testId="operations-tabs"
        tabs={[{ id: 'live', label: 'Live operations' }, { id: 'mission', label: 'Squad mission' }]} />
      {tab === 'live' ? (
        <>
          {status === 'error' ? <ErrorNote error={lastError} onRetry={() => void refreshOperations(token)} /> : null}
          {status === 'loading' || status === 'idle' ? <Loading label="Listening for operations…" /> : <LiveList token={token} />}
          <Detail />
        </>
      ) : <MissionDesigner token={token} />}
      <Briefing />
    </div>
  );
}

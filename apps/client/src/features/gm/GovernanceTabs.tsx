/** Elections (GAME §7.3: open, advance, results) and the parameter registry (GAME §10) with its history. */
import { useState } from 'react';
import { formatDateTime, toEpoch } from '../../state/time';
import { Badge, Button, Countdown, Empty, Field, FormRow, Section, Table } from '../../ui/kit';
import { gmCall, type ElectionDto, type ParameterChangeDto, type ParameterDto } from './gmApi';
import { LoadError, Outcome } from './parts';
import { useAction, useLoad } from './useGm';

const COUNCILS = ['player', 'technical', 'creative', 'strategic'] as const;
const NEXT: Record<string, string> = { nomination: 'campaign', campaign: 'voting', voting: 'the count' };

function Result({ id }: { id: string }) {
  const r = useLoad(() => gmCall<{ elected: string[]; quota: string; valid: number; seed: string; stages: unknown[] }>(`/api/elections/${id}/result`), [id]);
  if (r.error) return <LoadError error={r.error} onRetry={r.reload} />;
  if (!r.data) return <span className="muted">…</span>;
  return <span data-testid="election-result">Elected: {r.data.elected.join(', ') || 'nobody'} · quota {r.data.quota} of {r.data.valid} valid ballots · {r.data.stages.length} stages · seed {r.data.seed}</span>;
}

export function ElectionsTab() {
  const list = useLoad(() => gmCall<ElectionDto[]>('/api/elections'), [], 15_000);
  const action = useAction();
  const [council, setCouncil] = useState<(typeof COUNCILS)[number]>('player');
  const [days, setDays] = useState({ nomination: '', campaign: '', voting: '' });
  const [shown, setShown] = useState<string | null>(null);
  const open = () => action.run(() => gmCall<ElectionDto>('/api/gm/elections', 'POST', {
    council,
    ...(days.nomination ? { nominationDays: Number(days.nomination) } : {}),
    ...(days.campaign ? { campaignDays: Number(days.campaign) } : {}),
    ...(days.voting ? { votingDays: Number(days.voting) } : {}),
  }), `The ${council} council's election is open.`).then(() => list.reload());
  return (
    <div className="gmc-tab" data-testid="gm-elections">
      <Outcome note={action.note} error={action.error} />
      <Section title="Open an election" aside="phases in game days (empty: 7, 7, 3)">
        <FormRow>
          <Field label="Council"><select value={council} onChange={(e) => setCouncil(e.target.value as typeof council)}>{COUNCILS.map((c) => <option key={c} value={c}>{c}</option>)}</select></Field>
          {(['nomination', 'campaign', 'voting'] as const).map((k) => (
            <Field key={k} label={`${k} days`}><input type="number" min={0.01} max={60} step="any" value={days[k]} onChange={(e) => setDays({ ...days, [k]: e.target.value })} /></Field>
          ))}
        </FormRow>
        <div><Button variant="primary" onClick={() => void open()} busy={action.busy}>Open the election</Button></div>
      </Section>
      <Section title="Elections">
        <LoadError error={list.error} onRetry={list.reload} />
        {list.data === null ? <Empty>Loading…</Empty> : (
          <Table caption="Elections" rowKey={(e) => e.id} rows={list.data} empty="No election yet." columns={[
            { key: 'c', header: 'Council', cell: (e) => <strong>{e.council}</strong> },
            { key: 'p', header: 'Phase', cell: (e) => <Badge tone={e.phase === 'counted' ? 'neutral' : 'accent'}>{e.phase}</Badge> },
            { key: 'w', header: 'Phase ends', cell: (e) => {
              const end = e.phase === 'nomination' ? e.nominationEndsAt : e.phase === 'campaign' ? e.campaignEndsAt : e.phase === 'voting' ? e.votingEndsAt : null;
              return end ? <>{formatDateTime(end)} · <Countdown to={toEpoch(end)} /></> : `counted ${e.countedAt ? formatDateTime(e.countedAt) : ''}`;
            } },
            { key: 'a', header: '', cell: (e) => (e.phase === 'counted'
              ? <Button size="sm" variant="ghost" onClick={() => setShown(shown === e.id ? null : e.id)}>{shown === e.id ? 'Hide result' : 'Result'}</Button>
              : <Button size="sm" onClick={() => void action.run(() => gmCall(`/api/gm/elections/${e.id}/advance`, 'POST', {}), `Moved on to ${NEXT[e.phase]}.`).then(() => list.reload())}>Advance to {NEXT[e.phase]}</Button>) },
          ]} />
        )}
        {shown ? <Result id={shown} /> : null}
      </Section>
    </div>
  );
}

export function ParametersTab() {
  const page = useLoad(() => gmCall<{ parameters: ParameterDto[]; changes: ParameterChangeDto[] }>('/api/gm/parameters'), []);
  const action = useAction();
  const [editing, setEditing] = useState<ParameterDto | null>(null);
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const save = async () => {
    if (!editing) return;
    const r = await action.run(() => gmCall(`/api/gm/parameters/${editing.name}`, 'POST', { value: Number(value), reason: reason.trim() }), `${editing.name} set to ${value}.`);
    if (r) { setEditing(null); setReason(''); }
    await page.reload();
  };
  return (
    <div className="gmc-tab" data-testid="gm-parameters">
      <Outcome note={action.note} error={action.error} />
      <LoadError error={page.error} onRetry={page.reload} />
      {editing ? (
        <Section title={`Change ${editing.name}`} aside={`${editing.min}…${editing.max} ${editing.unit}`}>
          <p className="muted">{editing.description} Proposals of kind {editing.proposalKind} change it too.</p>
          <FormRow>
            <Field label={`Value (now ${editing.value})`}><input type="number" value={value} onChange={(e) => setValue(e.target.value)} data-testid="param-value" /></Field>
            <Field label="Why"><input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} /></Field>
          </FormRow>
          <div className="row-actions">
            <Button variant="primary" disabled={value === '' || !reason.trim()} busy={action.busy} onClick={() => void save()}>Save</Button>
            <Button variant="ghost" onClick={() => setEditing(null)}>Cancel</Button>
          </div>
        </Section>
      ) : null}
      <Section title="The registry">
        {page.data === null ? <Empty>Loading…</Empty> : (
          <Table compact caption="Parameters" rowKey={(p) => p.name} rows={page.data.parameters} onRowClick={(p) => { setEditing(p); setValue(String(p.value)); }} columns={[
            { key: 'n', header: 'Parameter', cell: (p) => <><strong>{p.name}</strong><div className="muted small">{p.description}</div></> },
            { key: 'v', header: 'Value', align: 'right', cell: (p) => <>{p.value}{p.value !== p.default ? <div className="muted small">default {p.default}</div> : null}</> },
            { key: 'b', header: 'Bounds', align: 'right', cell: (p) => `${p.min}…${p.max}` },
            { key: 'u', header: 'Unit', cell: (p) => p.unit },
          ]} />
        )}
      </Section>
      <Section title="Changes: who changed what">
        {page.data ? (
          <Table compact caption="Parameter changes" rowKey={(c) => String(c.id)} rows={page.data.changes} empty="No change yet." columns={[
            { key: 'w', header: 'When', cell: (c) => formatDateTime(c.changedAt) },
            { key: 'n', header: 'Parameter', cell: (c) => c.name },
            { key: 'v', header: 'From → to', align: 'right', cell: (c) => `${c.oldValue} → ${c.newValue}` },
            { key: 'b', header: 'By', cell: (c) => (c.proposalId ? <Badge tone="accent">proposal</Badge> : c.changedBy) },
            { key: 'r', header: 'Why', cell: (c) => c.reason },
          ]} />
        ) : null}
      </Section>
    </div>
  );
}

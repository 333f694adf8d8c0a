/**
 * Live operations (GAME §6.2): the live list with start, extend, end, schedule and handler
 * messages; launching from a template with targets picked by name; what an ended operation paid
 * to whom. Ends are local dates with a countdown, never ISO strings.
 */
import { useState } from 'react';
import type { OperationSummary } from '@datavism/shared-schema';
import { formatDateTime, toEpoch } from '../../state/time';
import { Badge, Button, Countdown, Empty, Field, FormRow, ProgressBar, Section, Table, type Column } from '../../ui/kit';
import { api, gmCall, type PayoutSummary } from './gmApi';
import { LoadError, Outcome, TerritoryPicker, localToIso, pct } from './parts';
import { useAction, useLoad } from './useGm';

type Template = { key: string; definition: { name?: string; type?: string } };

function Payouts({ summary }: { summary: PayoutSummary & { name: string } }) {
  const resource = summary.resource ? summary.resource.replace(/_/g, ' ') : null;
  return (
    <div className="gmc-payouts" data-testid="op-payouts">
      <p>
        <strong>{summary.name}</strong> ended in <Badge tone={summary.outcome === 'success' ? 'ok' : 'ac'}>{summary.outcome}</Badge>:
        {resource ? ` paid ${summary.paid} of ${summary.pool} ${resource}` : ' no resource pool'}, {summary.xpPaid} of {summary.xpPool} XP,
        to {summary.recipients} participant{summary.recipients === 1 ? '' : 's'}{summary.payToSquads ? ' (shares of squad members to their treasuries)' : ''}.
      </p>
      <Table compact caption="Payouts" rowKey={(l) => l.playerId} rows={summary.lines} empty="Nobody earned a share." columns={[
        { key: 'who', header: 'Player', cell: (l) => l.name || l.playerId.slice(0, 8) },
        { key: 'pts', header: 'Points', align: 'right', cell: (l) => l.points.toLocaleString() },
        { key: 'amt', header: resource ?? 'Resources', align: 'right', cell: (l) => l.amount },
        { key: 'xp', header: 'XP', align: 'right', cell: (l) => l.xp.toLocaleString() },
      ]} />
    </div>
  );
}

function OperationActions({ op, act }: { op: OperationSummary; act: (path: string, body: unknown, ok: string) => Promise<unknown> }) {
  const [mode, setMode] = useState<'none' | 'schedule' | 'message'>('none');
  const [at, setAt] = useState('');
  const [body, setBody] = useState('');
  const before = op.phase === 'scheduled' || op.phase === 'briefing';
  return (
    <div className="gm-actions">
      <span className="row-actions">
        {before ? <Button size="sm" onClick={() => void act(`/api/gm/operations/${op.id}/start`, {}, `${op.name} started.`)}>Start now</Button> : null}
        {op.endsAt ? <Button size="sm" onClick={() => void act(`/api/gm/operations/${op.id}/extend`, { hours: 1 }, `${op.name} extended by a game hour.`)}>+1 h</Button> : null}
        <Button size="sm" variant="danger" testId="op-end" onClick={() => void act(`/api/gm/operations/${op.id}/end`, {}, `${op.name} ended.`)}>End now</Button>
        {op.phase === 'scheduled' ? <Button size="sm" variant="ghost" pressed={mode === 'schedule'} onClick={() => setMode(mode === 'schedule' ? 'none' : 'schedule')}>Schedule…</Button> : null}
        <Button size="sm" variant="ghost" pressed={mode === 'message'} onClick={() => setMode(mode === 'message' ? 'none' : 'message')}>Message…</Button>
      </span>
      {mode === 'schedule' ? (
        <form className="kit-form-row align-end" onSubmit={(e) => { e.preventDefault(); if (at) void act(`/api/gm/operations/${op.id}/schedule`, { startsAt: localToIso(at) }, `${op.name} rescheduled.`).then(() => setMode('none')); }}>
          <Field label="Start at (your local time)"><input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} /></Field>
          <Button type="submit" size="sm" variant="primary" disabled={!at}>Schedule</Button>
        </form>
      ) : null}
      {mode === 'message' ? (
        <form className="kit-form-row align-end" onSubmit={(e) => { e.preventDefault(); if (body.trim()) void act(`/api/gm/operations/${op.id}/messages`, { body: body.trim() }, 'Handler message sent.').then(() => { setBody(''); setMode('none'); }); }}>
          <Field label={`As ${op.handler}`} className="grow"><textarea rows={2} value={body} maxLength={2000} onChange={(e) => setBody(e.target.value)} /></Field>
          <Button type="submit" size="sm" variant="primary" disabled={!body.trim()}>Send</Button>
        </form>
      ) : null}
    </div>
  );
}

export default function OpsTab() {
  const live = useLoad(() => api.operations(), [], 5000);
  const templates = useLoad(() => gmCall<Template[]>('/api/gm/templates'), []);
  const action = useAction();
  const [ended, setEnded] = useState<(PayoutSummary & { name: string }) | null>(null);
  const [templateKey, setTemplateKey] = useState('');
  const [name, setName] = useState('');
  const [targets, setTargets] = useState<string[]>([]);
  const [startAt, setStartAt] = useState('');
  const [scratch, setScratch] = useState('');

  const act = async (path: string, body: unknown, ok: string) => {
    const r = await action.run(() => gmCall<OperationSummary & { payouts?: PayoutSummary | null }>(path, 'POST', body), ok);
    if (r && path.endsWith('/end')) setEnded(r.payouts ? { ...r.payouts, name: r.name } : null);
    await live.reload();
    return r;
  };
  const launch = async (payload: Record<string, unknown>) => {
    const r = await act('/api/gm/operations', { ...payload, ...(name.trim() ? { name: name.trim() } : {}), targetTerritories: targets, ...(startAt ? { startsAt: localToIso(startAt) } : {}) }, 'Operation launched.');
    if (r) { setTargets([]); setName(''); setStartAt(''); }
  };
  const columns: Column<OperationSummary>[] = [
    { key: 'name', header: 'Operation', cell: (op) => <><strong>{op.name}</strong><div className="muted small">{op.type.replace(/_/g, ' ')} · {op.handler}</div></> },
    { key: 'phase', header: 'Phase', cell: (op) => <Badge tone={op.phase === 'active' ? 'accent' : 'neutral'}>{op.phase}</Badge> },
    { key: 'p', header: 'Progress', cell: (op) => <ProgressBar label={`${op.name} progress`} value={op.progress} size="sm" detail={pct(op.progress)} /> },
    { key: 'who', header: 'Players', align: 'right', cell: (op) => `${op.participants}/${op.requiredPlayers}` },
    { key: 'ends', header: 'Ends', cell: (op) => (op.endsAt ? <span title={formatDateTime(op.endsAt)}>{formatDateTime(op.endsAt)} · <Countdown to={toEpoch(op.endsAt)} /></span> : 'when its objectives are done') },
    { key: 'act', header: '', cell: (op) => <OperationActions op={op} act={act} /> },
  ];
  const list = templates.data ?? [];
  return (
    <div className="gmc-tab" data-testid="gm-ops">
      <Outcome note={action.note} error={action.error} />
      {ended ? <Payouts summary={ended} /> : null}
      <Section title="Live operations" aside="refreshed every 5 s">
        <LoadError error={live.error} onRetry={live.reload} />
        {live.data === null ? <Empty>Loading…</Empty> : <Table columns={columns} rows={live.data} rowKey={(op) => op.id} caption="Live operations" empty="No operation is running." />}
      </Section>
      <Section title="Launch an operation">
        <FormRow align="start">
          <Field label="Template">
            <select value={templateKey} onChange={(e) => setTemplateKey(e.target.value)} data-testid="op-template">
              <option value="">Choose…</option>
              {list.map((t) => <option key={t.key} value={t.key}>{t.definition.name ?? t.key.replace(/_/g, ' ')}</option>)}
            </select>
          </Field>
          <Field label="Name (optional)"><input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} /></Field>
          <Field label="Start at (optional, local time)" hint="Empty: now."><input type="datetime-local" value={startAt} onChange={(e) => setStartAt(e.target.value)} /></Field>
        </FormRow>
        <TerritoryPicker value={targets} onChange={setTargets} />
        <div><Button variant="primary" disabled={!templateKey || action.busy} onClick={() => void launch({ template: templateKey })} testId="op-launch">Launch from template</Button></div>
        <details className="gmc-details">
          <summary>From scratch (an operation template as JSON)</summary>
          <Field label="Operation"><textarea rows={6} value={scratch} placeholder='{"type":"rapid","name":"…","briefing":"…","handler":"Oracle","objectives":[…],"requiredPlayers":1,"xpPool":100}' onChange={(e) => setScratch(e.target.value)} /></Field>
          <Button onClick={() => {
            try { void launch({ operation: JSON.parse(scratch) }); } catch { action.run(() => Promise.reject({ code: 'BAD_REQUEST', message: 'that is not valid JSON' }), ''); }
          }}>Launch from scratch</Button>
        </details>
      </Section>
    </div>
  );
}

/** Job runs and failures, and the audit log (filterable, read-only). */
import { useState } from 'react';
import { formatDateTime } from '../../state/time';
import { Badge, Button, Empty, Field, FormRow, Section, Table } from '../../ui/kit';
import { gmCall, query, type AuditEntryDto, type JobRunDto } from './gmApi';
import { LoadError, localToIso } from './parts';
import { useLoad } from './useGm';

type JobsPage = { runs: JobRunDto[]; jobs: Array<{ name: string; runs: number; failed: number; lastAt: string; lastError: string | null }> };

export function JobsTab() {
  const [name, setName] = useState('');
  const [status, setStatus] = useState('');
  const page = useLoad(() => gmCall<JobsPage>(`/api/gm/jobs${query({ name, status, limit: 100 })}`), [name, status], 10_000);
  return (
    <div className="gmc-tab" data-testid="gm-jobs">
      <LoadError error={page.error} onRetry={page.reload} />
      <Section title="Jobs in the last day">
        {page.data ? (
          <Table compact caption="Jobs" rowKey={(j) => j.name} rows={page.data.jobs} onRowClick={(j) => setName(j.name)} empty="No job ran." columns={[
            { key: 'n', header: 'Job', cell: (j) => <strong>{j.name}</strong> },
            { key: 'r', header: 'Runs', align: 'right', cell: (j) => j.runs },
            { key: 'f', header: 'Failed', align: 'right', cell: (j) => (j.failed ? <Badge tone="ac">{j.failed}</Badge> : 0) },
            { key: 'l', header: 'Last run', cell: (j) => formatDateTime(j.lastAt) },
            { key: 'e', header: 'Last error', cell: (j) => <span className="small">{j.lastError ?? ''}</span> },
          ]} />
        ) : <Empty>Loading…</Empty>}
      </Section>
      <Section title="Runs">
        <FormRow>
          <Field label="Job"><input value={name} placeholder="all" onChange={(e) => setName(e.target.value)} /></Field>
          <Field label="Status"><select value={status} onChange={(e) => setStatus(e.target.value)}><option value="">all</option><option>running</option><option>done</option><option>failed</option></select></Field>
        </FormRow>
        {page.data ? (
          <Table compact caption="Job runs" rowKey={(r) => String(r.id)} rows={page.data.runs} empty="No run." columns={[
            { key: 'n', header: 'Job', cell: (r) => r.name },
            { key: 's', header: 'Slot', cell: (r) => formatDateTime(r.scheduledFor) },
            { key: 't', header: 'Status', cell: (r) => <Badge tone={r.status === 'failed' ? 'ac' : r.status === 'done' ? 'ok' : 'contested'}>{r.status}</Badge> },
            { key: 'd', header: 'Took', align: 'right', cell: (r) => (r.finishedAt ? `${((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(2)} s` : '…') },
            { key: 'r', header: 'Rows', align: 'right', cell: (r) => r.rows ?? '' },
            { key: 'e', header: 'Error', cell: (r) => <span className="small">{r.error ?? ''}</span> },
          ]} />
        ) : null}
      </Section>
    </div>
  );
}

export function AuditTab() {
  const [f, setF] = useState({ action: '', target: '', actor: '', since: '', until: '' });
  const [applied, setApplied] = useState(f);
  const [before, setBefore] = useState<number | undefined>(undefined);
  const page = useLoad(() => gmCall<{ entries: AuditEntryDto[]; nextBefore: number | null }>(`/api/gm/audit${query({
    action: applied.action, target: applied.target, actor: applied.actor,
    since: applied.since ? localToIso(applied.since) : undefined, until: applied.until ? localToIso(applied.until) : undefined, before, limit: 50,
  })}`), [applied, before]);
  return (
    <div className="gmc-tab" data-testid="gm-audit">
      <Section title="Filter" aside="append-only: lines are never edited">
        <form className="kit-form" onSubmit={(e) => { e.preventDefault(); setBefore(undefined); setApplied(f); }}>
          <FormRow align="start">
            <Field label="Action" hint="e.g. player.ban, or a prefix with a dot: flag."><input value={f.action} onChange={(e) => setF({ ...f, action: e.target.value })} data-testid="audit-action" /></Field>
            <Field label="Target" hint="flag:12, territory:…, operation:…"><input value={f.target} onChange={(e) => setF({ ...f, target: e.target.value })} /></Field>
            <Field label="Actor id"><input value={f.actor} onChange={(e) => setF({ ...f, actor: e.target.value })} /></Field>
            <Field label="Since"><input type="datetime-local" value={f.since} onChange={(e) => setF({ ...f, since: e.target.value })} /></Field>
            <Field label="Until"><input type="datetime-local" value={f.until} onChange={(e) => setF({ ...f, until: e.target.value })} /></Field>
          </FormRow>
          <div><Button type="submit">Apply</Button></div>
        </form>
      </Section>
      <LoadError error={page.error} onRetry={page.reload} />
      {page.data ? (
        <>
          <Table compact caption="Audit log" rowKey={(a) => String(a.id)} rows={page.data.entries} empty="No line matches." testId="audit-table" columns={[
            { key: 'w', header: 'When', cell: (a) => formatDateTime(a.at) },
            { key: 'a', header: 'Action', cell: (a) => <strong>{a.action}</strong> },
            { key: 'r', header: 'By', cell: (a) => <>{a.actorName ?? a.actorRole} <span className="muted small">{a.actorName ? a.actorRole : ''}</span></> },
            { key: 't', header: 'About', cell: (a) => <span className="small">{a.targetPlayerName ? <strong>{a.targetPlayerName} </strong> : null}{a.target ?? ''}</span> },
            { key: 'd', header: 'Details', cell: (a) => <details><summary className="small">details</summary><pre className="gmc-pre">{JSON.stringify(a.details, null, 1)}</pre></details> },
          ]} />
          <div className="row-actions">
            {before !== undefined ? <Button size="sm" variant="ghost" onClick={() => setBefore(undefined)}>Newest</Button> : null}
            {page.data.nextBefore ? <Button size="sm" onClick={() => setBefore(page.data!.nextBefore!)}>Older</Button> : null}
          </div>
        </>
      ) : <Empty>Loading…</Empty>}
    </div>
  );
}

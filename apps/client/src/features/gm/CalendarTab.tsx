/** The calendar (GAME §6.5): what the coming week launches, and the templates it launches from. */
import { useState } from 'react';
import { Badge, Button, Empty, Field, Section, Table } from '../../ui/kit';
import { gmCall, type CalendarDay } from './gmApi';
import { LoadError, Outcome } from './parts';
import { useAction, useLoad } from './useGm';

type Template = { key: string; definition: Record<string, unknown>; updatedAt?: string };
const words = (s: string) => s.replace(/_/g, ' ');

export default function CalendarTab() {
  const week = useLoad(() => gmCall<{ days: CalendarDay[] }>('/api/gm/calendar'), []);
  const templates = useLoad(() => gmCall<Template[]>('/api/gm/templates'), []);
  const action = useAction();
  const [key, setKey] = useState('');
  const [json, setJson] = useState('');
  const pick = (k: string) => {
    setKey(k);
    const t = templates.data?.find((x) => x.key === k);
    setJson(t ? JSON.stringify(t.definition, null, 2) : '');
  };
  const save = async () => {
    let definition: unknown;
    try { definition = JSON.parse(json); } catch { await action.run(() => Promise.reject({ code: 'BAD_REQUEST', message: 'that is not valid JSON' }), ''); return; }
    await action.run(() => gmCall(`/api/gm/templates/${key}`, 'PUT', definition), `Template ${words(key)} saved.`);
    await templates.reload();
  };
  return (
    <div className="gmc-tab" data-testid="gm-calendar">
      <Section title="The coming week">
        <LoadError error={week.error} onRetry={week.reload} />
        {week.data ? (
          <Table caption="The coming week" rowKey={(d) => d.day} rows={week.data.days} columns={[
            { key: 'day', header: 'Day', cell: (d) => <><strong>{d.weekday}</strong> <span className="muted">{d.day}</span></> },
            { key: 'event', header: 'Event', cell: (d) => (d.event ? <Badge tone="accent">{words(d.event)}</Badge> : <span className="muted">—</span>) },
            { key: 'launch', header: 'Launches', cell: (d) => (d.launches.length ? d.launches.map((l) => (
              <div key={l.templateKey}>{words(l.templateKey)}{l.xpMultiplier && l.xpMultiplier !== 1 ? ` (XP ×${l.xpMultiplier})` : ''}{l.targetsOccupied ? ` on ${l.targetsOccupied} occupied territories` : ''}</div>
            )) : <span className="muted">nothing</span>) },
          ]} />
        ) : <Empty>Loading…</Empty>}
      </Section>
      <Section title="Templates (calendar, triggers, launches)">
        <Outcome note={action.note} error={action.error} />
        <Field label="Template">
          <select value={key} onChange={(e) => pick(e.target.value)}>
            <option value="">Choose…</option>
            {(templates.data ?? []).map((t) => <option key={t.key} value={t.key}>{words(t.key)}</option>)}
          </select>
        </Field>
        {key ? (
          <>
            <Field label="Definition (JSON)" hint="Checked by the server: a malformed template is refused and nothing changes."><textarea rows={14} value={json} onChange={(e) => setJson(e.target.value)} /></Field>
            <div><Button variant="primary" busy={action.busy} onClick={() => void save()}>Save template</Button></div>
          </>
        ) : null}
      </Section>
    </div>
  );
}

/**
 * World-map control (GAME §9): find a territory by name, set its status, holder or garrison. Each
 * change is audited and every process's map rooms reload the territory.
 */
import { useEffect, useMemo, useState } from 'react';
import type { GmTerritoryDto } from '@datavism/shared-schema';
import { Badge, Button, Empty, Facts, Field, FormRow, Section, Table } from '../../ui/kit';
import { api, gmCall, type SquadHit } from './gmApi';
import { LoadError, Outcome, loadTerritories } from './parts';
import { useAction, useLoad } from './useGm';

const TONE: Record<string, 'ac' | 'accent' | 'contested' | 'neutral'> = { occupied: 'ac', liberated: 'accent', contested: 'contested', neutral: 'neutral' };

function SquadPicker({ onPick }: { onPick: (s: SquadHit) => void }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SquadHit[]>([]);
  useEffect(() => {
    if (!q.trim()) { setHits([]); return; }
    const t = setTimeout(() => void api.squads(q.trim()).then((r) => setHits(r.squads)).catch(() => setHits([])), 200);
    return () => clearTimeout(t);
  }, [q]);
  return (
    <div className="gmc-picker">
      <Field label="Holder squad"><input value={q} placeholder="Type a squad name" onChange={(e) => setQ(e.target.value)} /></Field>
      {hits.length ? <ul className="gmc-hits">{hits.map((s) => <li key={s.id}><button type="button" className="gmc-hit" onClick={() => { onPick(s); setQ(''); }}>{s.name}</button></li>)}</ul> : null}
    </div>
  );
}

export default function MapTab() {
  const all = useLoad(() => loadTerritories(true), []);
  const action = useAction();
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<GmTerritoryDto | null>(null);
  const [garrison, setGarrison] = useState('');
  const rows = useMemo(() => (all.data ?? []).filter((t) => !q.trim() || t.name.toLowerCase().includes(q.trim().toLowerCase())).slice(0, 50), [all.data, q]);
  const apply = async (change: Record<string, unknown>, ok: string) => {
    if (!selected) return;
    const r = await action.run(() => gmCall<GmTerritoryDto>(`/api/gm/territories/${encodeURIComponent(selected.id)}`, 'POST', change), ok);
    if (r) setSelected(r);
    await all.reload();
  };
  return (
    <div className="gmc-tab" data-testid="gm-map">
      <Outcome note={action.note} error={action.error} />
      <Section title="Find a territory">
        <LoadError error={all.error} onRetry={all.reload} />
        <Field label="Name"><input value={q} placeholder="Type part of a name" onChange={(e) => setQ(e.target.value)} data-testid="map-search" /></Field>
        {all.data === null ? <Empty>Loading…</Empty> : (
          <Table compact caption="Territories" rowKey={(t) => t.id} rows={rows} onRowClick={(t) => { setSelected(t); setGarrison(String(t.garrison)); }}
            rowClassName={(t) => (t.id === selected?.id ? 'is-selected' : undefined)} empty="No territory by that name." columns={[
              { key: 'n', header: 'Territory', cell: (t) => <strong>{t.name}</strong> },
              { key: 'r', header: 'Region', cell: (t) => t.regionName },
              { key: 's', header: 'Status', cell: (t) => <Badge tone={TONE[t.status] ?? 'neutral'}>{t.status}</Badge> },
              { key: 'h', header: 'Holder', cell: (t) => t.holderName ?? '—' },
              { key: 'g', header: 'Garrison', align: 'right', cell: (t) => `${t.garrison}/${t.garrisonMax}` },
            ]} />
        )}
      </Section>
      {selected ? (
        <Section title={`Control ${selected.name}`}>
          <Facts items={[
            { label: 'Status', value: <Badge tone={TONE[selected.status] ?? 'neutral'}>{selected.status}</Badge> },
            { label: 'Holder', value: selected.holderName ?? 'nobody' },
            { label: 'Garrison', value: `${selected.garrison} of ${selected.garrisonMax}` },
            { label: 'Region', value: selected.regionName },
          ]} />
          <div className="row-actions">
            <Button size="sm" variant="danger" onClick={() => void apply({ status: 'occupied' }, `${selected.name} returned to the AC.`)}>Give to the AC</Button>
            <Button size="sm" onClick={() => void apply({ status: 'neutral' }, `${selected.name} is neutral.`)}>Make neutral</Button>
          </div>
          <SquadPicker onPick={(s) => void apply({ holderSquadId: s.id }, `${selected.name} is held by ${s.name}.`)} />
          <FormRow>
            <Field label="Garrison"><input type="number" min={0} max={1_000_000} value={garrison} onChange={(e) => setGarrison(e.target.value)} /></Field>
            <Button onClick={() => void apply({ garrison: Number(garrison) }, `${selected.name}'s garrison set to ${garrison}.`)} disabled={garrison === ''}>Set garrison</Button>
          </FormRow>
        </Section>
      ) : null}
    </div>
  );
}

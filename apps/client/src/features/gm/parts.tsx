/** Small parts the console's tabs share: an action's outcome line, pickers by name that send ids. */
import { useEffect, useMemo, useState } from 'react';
import type { GmTerritoryDto } from '@datavism/shared-schema';
import { describeError } from '../../state/errorText';
import { Badge, Button, Field } from '../../ui/kit';
import { api, type PlayerHit } from './gmApi';

/**
 * What the GM's last action did: the success sentence, or the refusal in words with the server's
 * own detail (GMs need the ids it names). Stays until the next action; polling never clears it.
 */
export function Outcome({ note, error, testId }: { note: string | null; error: unknown; testId?: string }) {
  if (error) {
    const v = describeError(error);
    const detail = typeof (error as { message?: unknown }).message === 'string' ? (error as { message: string }).message : '';
    return (
      <div className="kit-form-errors" role="alert" data-testid={testId ?? 'gm-outcome-error'} data-code={v.code}>
        <p>{v.text}</p>
        {detail && detail !== v.text ? <p className="gmc-detail">{detail}</p> : null}
        {v.fields.length ? <ul>{v.fields.map((f, i) => <li key={i}>{f.path}: {f.message}</li>)}</ul> : null}
      </div>
    );
  }
  if (note) return <div className="note gmc-note" role="status" data-testid={testId ?? 'gm-outcome'}>{note}</div>;
  return null;
}

/** A load failure of a section (its data may be stale), with the words and a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (!error) return null;
  return (
    <div className="kit-state kit-error" role="alert">
      <span>Could not refresh: {describeError(error).text}</span>
      <Button size="sm" onClick={onRetry}>Retry</Button>
    </div>
  );
}

let territoryCache: Promise<GmTerritoryDto[]> | null = null;
/** Every territory (one request per console load; map control refreshes it). */
export function loadTerritories(fresh = false): Promise<GmTerritoryDto[]> {
  if (fresh || !territoryCache) territoryCache = api.territories().then((r) => r.territories).catch((err) => { territoryCache = null; throw err; });
  return territoryCache;
}

/** Territories picked by name (search, then click): the value is a list of ids. */
export function TerritoryPicker({ value, onChange, label = 'Target territories', single = false, testId }: {
  value: string[]; onChange: (ids: string[]) => void; label?: string; single?: boolean; testId?: string;
}) {
  const [all, setAll] = useState<GmTerritoryDto[]>([]);
  const [q, setQ] = useState('');
  useEffect(() => { void loadTerritories().then(setAll).catch(() => undefined); }, []);
  const byId = useMemo(() => new Map(all.map((t) => [t.id, t])), [all]);
  const hits = q.trim().length < 1 ? [] : all.filter((t) => t.name.toLowerCase().includes(q.trim().toLowerCase()) && !value.includes(t.id)).slice(0, 8);
  return (
    <div className="gmc-picker" data-testid={testId ?? 'territory-picker'}>
      <Field label={label} hint="Type part of a territory's name and pick it: the console sends its id.">
        <input value={q} placeholder="e.g. Sector" onChange={(e) => setQ(e.target.value)} data-testid="territory-search" />
      </Field>
      {hits.length ? (
        <ul className="gmc-hits" role="listbox" aria-label="Matching territories">
          {hits.map((t) => (
            <li key={t.id}>
              <button type="button" className="gmc-hit" data-testid="territory-hit"
                onClick={() => { onChange(single ? [t.id] : [...value, t.id]); setQ(''); }}>
                <strong>{t.name}</strong> <span className="muted">{t.regionName} · {t.status}{t.holderName ? ` · ${t.holderName}` : ''}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {value.length ? (
        <div className="gmc-chips">
          {value.map((id) => (
            <span key={id} className="gmc-chip" data-testid="territory-chip">
              {byId.get(id)?.name ?? id}
              <button type="button" aria-label={`Remove ${byId.get(id)?.name ?? id}`} onClick={() => onChange(value.filter((x) => x !== id))}>×</button>
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** One player picked by name (search as you type). */
export function PlayerPicker({ value, onChange, label = 'Player', testId }: {
  value: PlayerHit | null; onChange: (p: PlayerHit | null) => void; label?: string; testId?: string;
}) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<PlayerHit[]>([]);
  useEffect(() => {
    if (q.trim().length < 1) { setHits([]); return; }
    const t = setTimeout(() => void api.players(q.trim()).then((r) => setHits(r.players)).catch(() => setHits([])), 200);
    return () => clearTimeout(t);
  }, [q]);
  if (value) {
    return (
      <div className="gmc-picked" data-testid={testId ?? 'player-picked'}>
        <span className="kit-field-label">{label}</span>
        <span><strong>{value.name}</strong> <Badge>{value.role}</Badge> <Button size="sm" variant="ghost" onClick={() => onChange(null)}>Change</Button></span>
      </div>
    );
  }
  return (
    <div className="gmc-picker" data-testid={testId ?? 'player-picker'}>
      <Field label={label}><input value={q} placeholder="Type a name" onChange={(e) => setQ(e.target.value)} /></Field>
      {hits.length ? (
        <ul className="gmc-hits" role="listbox" aria-label="Matching players">
          {hits.map((p) => (
            <li key={p.id}><button type="button" className="gmc-hit" onClick={() => { onChange(p); setQ(''); }}><strong>{p.name}</strong> <span className="muted">{p.role}</span></button></li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** `datetime-local` value → ISO string (the input is in the GM's local time). */
export function localToIso(local: string): string {
  return new Date(local).toISOString();
}

/** A number as a percentage with one decimal. */
export function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

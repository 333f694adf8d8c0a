/**
 * Both sides' current strength on a siege's declare screen (GAME §3.1, §3.3), as the server would
 * resolve the battle if it ended now: my squad's members deployed on the territory against the
 * AC's garrison (or the holder's members there), with the multipliers applied. Refreshed when the
 * territory's garrison, my avatar's place or my squad changes, and every 5 s while shown (members
 * arrive and leave).
 */
import { useEffect, useState } from 'react';
import type { SiegePreviewDto } from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { useSession } from '../../ui/hooks';
import { ErrorNote } from '../../ui/kit';

const REFRESH_MS = 5000;

export function SiegeOdds({ territoryId, garrison, hereKey }: { territoryId: string; garrison: number; hereKey: string }) {
  const token = useSession((s) => s.token);
  const [odds, setOdds] = useState<SiegePreviewDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!token) return;
    let live = true;
    const load = () => apiRequest<SiegePreviewDto>(`/api/territories/${encodeURIComponent(territoryId)}/siege-preview`, { token })
      .then((o) => { if (live) { setOdds(o); setError(null); } }, (e: unknown) => { if (live) setError(e); });
    void load();
    const t = setInterval(() => void load(), REFRESH_MS);
    return () => { live = false; clearInterval(t); };
  }, [token, territoryId, garrison, hereKey]);
  if (error) return <ErrorNote error={error} />;
  if (!odds || odds.territoryId !== territoryId) return null;
  const d = odds.defender;
  return (
    <div className={`siege-odds ${odds.attackerWins ? 'is-winning' : 'is-losing'}`} data-testid="siege-odds">
      <div className="siege-odds-row">
        <span className="side-attack" data-testid="siege-odds-attack">{odds.attacker.squadName} <b>{odds.attacker.strength.toLocaleString()}</b></span>
        <span className="muted">vs</span>
        <span className="side-defence" data-testid="siege-odds-defence">
          {d.kind === 'ac' ? 'AC' : d.squadName} <b>{d.strength.toLocaleString()}</b>
        </span>
      </div>
      <div className="muted small">
        Now: {odds.attacker.committed} of your {odds.attacker.members} member{odds.attacker.members === 1 ? '' : 's'} on the territory
        {d.kind === 'ac' ? `; garrison ${d.garrison.toLocaleString()} × 1.3 for holding` : `; ${d.committed} defender${d.committed === 1 ? '' : 's'} there × 1.3`}.
      </div>
      <div className="small" data-testid="siege-odds-verdict">
        {odds.attackerWins ? 'If the battle ended now, your squad would win.' : 'If the battle ended now, the defence would hold: bring more members onto the territory.'}
      </div>
    </div>
  );
}

/** Side panel for the selected territory: its facts and a "Deploy here" button. */
import { useEffect, useState } from 'react';
import { worldConnection } from '../net/connection';
import { formatCountdown } from '../state/profileView';
import { myAvatar, selectTerritory, serverNow } from '../state/worldStore';
import type { RegionView } from '../state/worldTypes';
import { territoryCss } from '../scene/palette';
import { useWorld } from './hooks';

/** The estimated server clock, re-rendering every `ms` while `active`. */
function useServerNow(active: boolean, ms = 250): number {
  const [now, setNow] = useState(() => serverNow());
  useEffect(() => {
    if (!active) return;
    setNow(serverNow());
    const id = setInterval(() => setNow(serverNow()), ms);
    return () => clearInterval(id);
  }, [active, ms]);
  return active ? now : serverNow();
}

function regionName(regions: ReadonlyMap<string, RegionView>, id: number): string {
  const direct = regions.get(String(id));
  if (direct) return direct.name;
  for (const r of regions.values()) if (r.id === id) return r.name;
  return `Region ${id}`;
}

const label = (s: string) => s.replace(/_/g, ' ');

export function TerritoryPanel() {
  const t = useWorld((s) => (s.selectedTerritoryId ? s.territories.get(s.selectedTerritoryId) : undefined));
  const regions = useWorld((s) => s.regions);
  const myTerritoryId = useWorld((s) => myAvatar(s)?.territoryId ?? null);
  const myArrivesAt = useWorld((s) => myAvatar(s)?.arrivesAt ?? 0);
  const deployment = useWorld((s) => s.deployment);
  const connected = useWorld((s) => s.connection === 'connected');

  // My avatar's arrivesAt > 0 while travelling (the server resets it to 0 on arrival); the
  // `deployed` message covers the moment before the avatar's patch arrives.
  const travelling = myArrivesAt > 0;
  const headingHere = travelling && myTerritoryId === t?.id;
  const arrivesAt = headingHere ? myArrivesAt : deployment && deployment.territoryId === t?.id ? deployment.arrivesAt : 0;
  const now = useServerNow(arrivesAt > 0);
  if (!t) return null;
  const here = myTerritoryId === t.id && !travelling;
  const showCountdown = headingHere || (arrivesAt > now && myTerritoryId !== t.id);

  return (
    <aside className="territory-panel" data-testid="territory-panel">
      <header>
        <span className="status-dot" style={{ background: territoryCss(t.status, t.holder) }} />
        <h2 data-testid="territory-name">{t.name}</h2>
        <button className="panel-close" onClick={() => selectTerritory(null)} aria-label="Close">×</button>
      </header>
      <dl>
        <dt>Region</dt><dd>{regionName(regions, t.regionId)}</dd>
        <dt>Coordinates</dt><dd>({t.q}, {t.r})</dd>
        <dt>Terrain</dt><dd data-testid="territory-terrain">{label(t.terrain)}</dd>
        <dt>Status</dt><dd data-testid="territory-status" className={`status-${t.status}`}>{t.status}</dd>
        <dt>Holder</dt><dd data-testid="territory-holder">{t.holder || (t.status === 'occupied' ? 'Algorithmic Control' : '—')}</dd>
        <dt>Garrison</dt><dd data-testid="territory-garrison">{t.garrison.toLocaleString()} / {t.garrisonMax.toLocaleString()}</dd>
        <dt>Yield</dt><dd data-testid="territory-yield">{t.yieldPerHour.toLocaleString()} {label(t.yieldResource)} / h</dd>
      </dl>
      {showCountdown ? (
        <p className="travel" data-testid="travel-countdown">Travelling… arriving in {formatCountdown(arrivesAt - now)}</p>
      ) : here ? (
        <p className="travel" data-testid="deployed-here">You are deployed here. Walk with WASD / arrow keys.</p>
      ) : null}
      <button
        className="primary"
        data-testid="deploy"
        disabled={!connected || here || travelling}
        onClick={() => worldConnection.deploy(t.id)}
      >
        Deploy here
      </button>
    </aside>
  );
}

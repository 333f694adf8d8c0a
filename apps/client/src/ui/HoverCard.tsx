/** The hovered territory's name, terrain, status and owner, next to the pointer. */
import { useStore } from 'zustand';
import { mapViewStore } from '../state/mapView';
import { STATUS_WORDS, TERRAIN_INFO, territoryCss, type TerrainName } from '../scene/palette';
import { Icon, isIconName } from './icons';
import { RESTRICTED_WORDS, ownerName } from './TerritoryCard';
import { useWorld } from './hooks';

export function HoverCard() {
  const hover = useStore(mapViewStore, (s) => s.hover);
  const t = useWorld((s) => (hover ? s.territories.get(hover.id) : undefined));
  if (!hover || !t) return null;
  // Keep the card inside the window: flip to the left / above near the edges.
  const left = hover.sx > window.innerWidth - 260 ? hover.sx - 236 : hover.sx + 18;
  const top = hover.sy > window.innerHeight - 140 ? hover.sy - 96 : hover.sy + 18;
  return (
    <div className="hover-card" style={{ left, top }} data-testid="hover-card" role="tooltip">
      <div className="hover-title">
        <span className="status-dot" style={{ background: territoryCss(t.status, t.holder) }} />
        <strong data-testid="hover-name">{t.name}</strong>
      </div>
      <div className="hover-line">
        {isIconName(t.terrain) ? <Icon name={t.terrain} size={14} /> : null}
        <span>{TERRAIN_INFO[t.terrain as TerrainName]?.label ?? t.terrain}</span>
        <span className="muted">·</span>
        <span className={`status-text status-${t.status}`}>{STATUS_WORDS[t.status] ?? t.status}</span>
      </div>
      <div className="hover-line">Held by <strong data-testid="hover-owner">{ownerName(t)}</strong></div>
      {t.restricted ? <div className="hover-line restricted-line" data-testid="hover-restricted">{RESTRICTED_WORDS}</div> : null}
    </div>
  );
}

/**
 * Map tools: the whole world (strategic view), zoom, back to my avatar, my squad's territories,
 * the map mode (control / terrain) and a shareable link to this view (`#q,r,zoom`).
 */
import { useStore } from 'zustand';
import { flyTo, mapViewStore, setMapMode, zoomBy } from '../state/mapView';
import { myAvatar, pushToast, worldStore } from '../state/worldStore';
import { squadStore } from '../features/squads/squadStore';
import { Icon } from './icons';
import { IconButton } from './kit';

/** Flies to fit the whole map. */
export function showWholeWorld(): void {
  const s = mapViewStore.getState();
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const t of worldStore.getState().territories.values()) {
    minX = Math.min(minX, t.cx); maxX = Math.max(maxX, t.cx);
    minY = Math.min(minY, t.cy); maxY = Math.max(maxY, t.cy);
  }
  if (!Number.isFinite(minX)) return;
  flyTo((minX + maxX) / 2, (minY + maxY) / 2, s.maxDistance / 1.15);
}

function goToMe(): void {
  const me = myAvatar();
  const t = me ? worldStore.getState().territories.get(me.territoryId) : undefined;
  if (t) flyTo(t.cx, t.cy, 14);
  else pushToast('info', 'Your avatar is not on the map yet.');
}

/** Fits the camera on my squad's territories (or says why it cannot). */
export function goToMySquad(): void {
  const squadId = squadStore.getState().membership?.squadId;
  if (!squadId) {
    pushToast('info', 'You are not in a squad yet: open Squad to find or found one.');
    return;
  }
  let n = 0, minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const t of worldStore.getState().territories.values()) {
    if (t.holder !== squadId) continue;
    n++;
    minX = Math.min(minX, t.cx); maxX = Math.max(maxX, t.cx);
    minY = Math.min(minY, t.cy); maxY = Math.max(maxY, t.cy);
  }
  if (n === 0) {
    pushToast('info', 'Your squad holds no territory yet: claim a neutral one or win a siege.');
    return;
  }
  flyTo((minX + maxX) / 2, (minY + maxY) / 2, Math.max(14, Math.max(maxX - minX, maxY - minY) * 1.3 + 8));
}

function copyView(): void {
  const url = window.location.href;
  void navigator.clipboard?.writeText(url).then(
    () => pushToast('success', 'Link to this view copied: it opens the map right here.'),
    () => pushToast('info', url, undefined, 'Link to this view'),
  );
}

export function MapTools() {
  const mode = useStore(mapViewStore, (s) => s.mode);
  return (
    <nav className="map-tools" aria-label="Map tools" data-testid="map-tools">
      <IconButton label="Whole world" testId="map-world" onClick={showWholeWorld}><Icon name="world" /></IconButton>
      <IconButton label="Zoom in" testId="map-zoom-in" onClick={() => zoomBy(0.6)}><Icon name="plus" /></IconButton>
      <IconButton label="Zoom out" testId="map-zoom-out" onClick={() => zoomBy(1.6)}><Icon name="minus" /></IconButton>
      <IconButton label="My position" testId="map-me" onClick={goToMe}><Icon name="me" /></IconButton>
      <IconButton label="My squad's territories" testId="map-squad" onClick={goToMySquad}><Icon name="flag" /></IconButton>
      <IconButton label={mode === 'control' ? 'Show terrains' : 'Show who holds what'} testId="map-mode" aria-pressed={mode === 'terrain'}
        onClick={() => setMapMode(mode === 'control' ? 'terrain' : 'control')}><Icon name="layers" /></IconButton>
      <IconButton label="Copy a link to this view" testId="map-link" onClick={copyView}><Icon name="link" /></IconButton>
    </nav>
  );
}

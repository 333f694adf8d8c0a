/**
 * What the map labels say: region names at their centres, and a live countdown over every
 * territory under siege ("⚔ battle 42 s"). Avatar and beacon labels come from their meshes.
 */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { warStore } from '../features/territory/warStore';
import type { MapIndex } from '../state/mapIndex';
import { formatDuration } from '../state/time';
import { serverNow } from '../state/worldStore';
import { useWorld } from '../ui/hooks';
import { mapLabels } from './labels';
import { territoryHeight } from './palette';

export function RegionLabels({ index }: { index: MapIndex }) {
  const regions = useWorld((s) => s.regions);
  useEffect(() => {
    const names = new Map<number, string>();
    for (const r of regions.values()) names.set(r.id, r.name);
    mapLabels.sync('region', [...index.regions.values()].map((c) => ({
      key: String(c.id), text: names.get(c.id) ?? `Region ${c.id}`, x: c.x, y: 1.2, z: c.y,
    })));
  }, [regions, index]);
  useEffect(() => () => mapLabels.sync('region', []), []);
  return null;
}

/**
 * "⚔ muster 12 s" / "⚔ battle 42 s" for a live siege; an AC counter-siege reads
 * "AC strike · battle 42 s" (and "AC retook it" / "AC driven off" once over).
 */
export function siegeLabelText(s: { musterEndsAt: number; battleEndsAt: number; result: string; counter?: boolean }, now: number): string {
  if (s.counter) {
    if (s.result) return s.result === 'attacker' ? 'AC retook it' : 'AC driven off';
    return now < s.musterEndsAt ? `AC strike · muster ${formatDuration(s.musterEndsAt - now)}` : `AC strike · battle ${formatDuration(s.battleEndsAt - now)}`;
  }
  if (s.result) return s.result === 'attacker' ? 'siege won' : 'siege held off';
  return now < s.musterEndsAt ? `⚔ muster ${formatDuration(s.musterEndsAt - now)}` : `⚔ battle ${formatDuration(s.battleEndsAt - now)}`;
}

export function SiegeLabels() {
  const sieges = useStore(warStore, (s) => s.sieges);
  const territories = useWorld((s) => s.territories);
  useEffect(() => {
    const now = serverNow();
    const live = sieges.filter((s) => territories.has(s.territoryId));
    mapLabels.sync('siege', live.map((s) => {
      const t = territories.get(s.territoryId)!;
      return {
        key: s.id, text: siegeLabelText(s, now), x: t.cx, y: territoryHeight(t.status, t.garrison, t.garrisonMax) + 0.5, z: t.cy,
        className: s.counter ? 'is-ac' : undefined,
      };
    }));
    if (live.length === 0) return;
    const timer = setInterval(() => {
      const t = serverNow();
      for (const s of live) mapLabels.setText('siege', s.id, siegeLabelText(s, t));
    }, 250);
    return () => clearInterval(timer);
  }, [sieges, territories]);
  useEffect(() => () => mapLabels.sync('siege', []), []);
  return null;
}

/** Every label source that is not a mesh of its own. */
export function MapLabelsLayerSources({ index }: { index: MapIndex }) {
  return (
    <>
      <RegionLabels index={index} />
      <SiegeLabels />
    </>
  );
}

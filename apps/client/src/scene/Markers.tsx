/** Hex outlines over the selected territory (white) and the hovered one (cyan): one mesh each. */
import { useEffect, useMemo } from 'react';
import { DoubleSide, MeshBasicMaterial, RingGeometry } from 'three';
import { useStore } from 'zustand';
import { mapViewStore } from '../state/mapView';
import type { TerritoryView } from '../state/worldTypes';
import { useWorld } from '../ui/hooks';
import { HOVER_COLOR, SELECTION_COLOR, territoryHeight } from './palette';

function HexOutline({ t, color, inner, outer }: { t: TerritoryView | undefined; color: string; inner: number; outer: number }) {
  // thetaStart π/2 puts a corner on the z axis, matching the pointy-top prisms.
  const geometry = useMemo(() => new RingGeometry(inner, outer, 6, 1, Math.PI / 2), [inner, outer]);
  const material = useMemo(() => new MeshBasicMaterial({ color, side: DoubleSide, transparent: true, opacity: 0.95, depthTest: false }), [color]);
  useEffect(() => () => { geometry.dispose(); material.dispose(); }, [geometry, material]);
  if (!t) return null;
  const y = territoryHeight(t.status, t.garrison, t.garrisonMax) + 0.03;
  return <mesh geometry={geometry} material={material} position={[t.cx, y, t.cy]} rotation={[-Math.PI / 2, 0, 0]} raycast={() => null} renderOrder={2} />;
}

export function SelectionMarker() {
  const t = useWorld((s) => (s.selectedTerritoryId ? s.territories.get(s.selectedTerritoryId) : undefined));
  return <HexOutline t={t} color={SELECTION_COLOR} inner={0.86} outer={1.02} />;
}

export function HoverMarker() {
  const hoverId = useStore(mapViewStore, (s) => s.hover?.id ?? null);
  const selected = useWorld((s) => s.selectedTerritoryId);
  const t = useWorld((s) => (hoverId && hoverId !== selected ? s.territories.get(hoverId) : undefined));
  return <HexOutline t={t} color={HOVER_COLOR} inner={0.9} outer={0.98} />;
}

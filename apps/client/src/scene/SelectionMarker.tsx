/** A hex outline floating over the selected territory. */
import { useMemo } from 'react';
import { DoubleSide, RingGeometry } from 'three';
import { useWorld } from '../ui/hooks';
import { SELECTION_COLOR, territoryHeight } from './palette';

export function SelectionMarker() {
  const t = useWorld((s) => (s.selectedTerritoryId ? s.territories.get(s.selectedTerritoryId) : undefined));
  // thetaStart π/2 puts a corner on the z axis, matching the pointy-top prisms.
  const geometry = useMemo(() => new RingGeometry(0.9, 1.04, 6, 1, Math.PI / 2), []);
  if (!t) return null;
  const y = territoryHeight(t.status, t.garrison, t.garrisonMax) + 0.02;
  return (
    <mesh geometry={geometry} position={[t.cx, y, t.cy]} rotation={[-Math.PI / 2, 0, 0]} raycast={() => null}>
      <meshBasicMaterial color={SELECTION_COLOR} side={DoubleSide} />
    </mesh>
  );
}

/**
 * The whole hex map as ONE instanced mesh (10,000 territories = one draw call). Matrices,
 * colours and the per-instance info (terrain, flags, holder outline) are rebuilt when the
 * territories, the map mode or my squad change; animation (contested pulse, hub rings) runs in
 * the shader from one time uniform. Picking is analytic (MapPointer), so the mesh takes no rays.
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { Color, InstancedBufferAttribute, type InstancedMesh, Matrix4, Quaternion, Vector3 } from 'three';
import { useStore } from 'zustand';
import { holderEdgeMask, type MapIndex } from '../state/mapIndex';
import { mapViewStore } from '../state/mapView';
import { useWorld } from '../ui/hooks';
import { squadStore } from '../features/squads/squadStore';
import { counterSiegeTerritories, warStore } from '../features/territory/warStore';
import { createHexPrismGeometry } from './hexGeometry';
import { AC_COUNTER_SIEGE_COLOR, TERRAIN_COLORS, terrainIndex, territoryCss, territoryHeight, type TerrainName } from './palette';
import { createTerritoryMaterial, FLAG_AC_STRIKE, FLAG_CONTESTED, FLAG_MINE, FLAG_OCCUPIED, FLAG_RESTRICTED } from './territoryMaterial';

/** Instance capacity: the next power of two, so small changes don't recreate the mesh. */
export function instanceCapacity(n: number): number {
  let c = 64;
  while (c < n) c *= 2;
  return c;
}

const colorCache = new Map<string, Color>();
/** A cached three.js Color for a CSS colour string. */
export function cssColor(css: string): Color {
  let c = colorCache.get(css);
  if (!c) {
    c = new Color(css);
    colorCache.set(css, c);
  }
  return c;
}

export function TerritoryMesh({ index }: { index: MapIndex }) {
  const ids = useWorld((s) => s.territoryIds);
  const territories = useWorld((s) => s.territories);
  const mode = useStore(mapViewStore, (s) => s.mode);
  const mySquadId = useStore(squadStore, (s) => s.membership?.squadId ?? '');
  // A key that changes only when the set of AC counter-sieges does (not on every strength tick).
  const acStrikeKey = useStore(warStore, (s) => [...counterSiegeTerritories(s.sieges)].sort().join(','));
  const capacity = instanceCapacity(ids.length);
  const meshRef = useRef<InstancedMesh>(null);

  const geometry = useMemo(() => {
    const g = createHexPrismGeometry();
    g.setAttribute('aInfo', new InstancedBufferAttribute(new Float32Array(capacity * 4), 4));
    return g;
  }, [capacity]);
  const material = useMemo(() => createTerritoryMaterial(), []);
  useEffect(() => () => geometry.dispose(), [geometry]);
  useEffect(() => () => material.dispose(), [material]);

  useLayoutEffect(() => {
    const mesh = meshRef.current;
    if (!mesh) return;
    if (!mesh.instanceColor || mesh.instanceColor.count < capacity) {
      mesh.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3), 3);
    }
    const info = geometry.getAttribute('aInfo') as InstancedBufferAttribute;
    const m = new Matrix4();
    const q = new Quaternion();
    const p = new Vector3();
    const sc = new Vector3();
    const dim = new Color();
    const acStrikes = new Set(acStrikeKey ? acStrikeKey.split(',') : []);
    ids.forEach((id, i) => {
      const t = territories.get(id);
      if (!t) return;
      p.set(t.cx, 0, t.cy);
      sc.set(1, territoryHeight(t.status, t.garrison, t.garrisonMax), 1);
      mesh.setMatrixAt(i, m.compose(p, q, sc));
      if (mode === 'terrain') {
        // Terrain mode keeps the control story faintly: the AC's ground is darker.
        dim.copy(cssColor(TERRAIN_COLORS[t.terrain as TerrainName] ?? TERRAIN_COLORS.wasteland));
        if (t.status === 'occupied') dim.multiplyScalar(0.62);
        mesh.setColorAt(i, dim);
      } else {
        const striking = t.status === 'contested' && acStrikes.has(t.id);
        mesh.setColorAt(i, cssColor(striking ? AC_COUNTER_SIEGE_COLOR : territoryCss(t.status, t.holder)));
      }
      let flags = 0;
      if (t.status === 'contested') flags |= FLAG_CONTESTED;
      if (t.status === 'contested' && acStrikes.has(t.id)) flags |= FLAG_AC_STRIKE;
      if (t.status === 'occupied') flags |= FLAG_OCCUPIED;
      if (mySquadId && t.holder === mySquadId) flags |= FLAG_MINE;
      if (t.restricted) flags |= FLAG_RESTRICTED;
      // w: a pattern seed (0..96) plus, in hundreds, a shade 0..3 per region (regions read
      // apart on the strategic map, like a political map's tints).
      const seed = (((t.q * 7 + t.r * 13) % 97) + 97) % 97;
      info.setXYZW(i, terrainIndex(t.terrain), flags, holderEdgeMask(t, index, territories), seed + 100 * (index.regionTint.get(t.regionId) ?? 0));
    });
    mesh.count = ids.length;
    mesh.instanceMatrix.needsUpdate = true;
    mesh.instanceColor.needsUpdate = true;
    info.needsUpdate = true;
  }, [ids, territories, capacity, geometry, mode, mySquadId, index, acStrikeKey]);

  useFrame(({ clock }) => material.tick(clock.elapsedTime));

  return (
    // Not frustum-culled: the map is always in view, and a bounding volume over 10,000
    // instances would be recomputed on every change for nothing.
    <instancedMesh key={capacity} ref={meshRef} args={[geometry, material, capacity]} raycast={() => null} frustumCulled={false} />
  );
}

/**
 * Small 3D props that tell terrains apart up close: towers on urban hexes, chimneys on
 * industrial ones, server racks on datacenters, a mast on network hubs (wastelands stay bare).
 * One instanced mesh per prop kind (4 draw calls), hidden at the strategic zoom where they would
 * be sub-pixel noise. Props take their territory's colour, so control still reads first.
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import {
  BoxGeometry, Color, ConeGeometry, CylinderGeometry, type BufferGeometry, InstancedBufferAttribute, type InstancedMesh,
  Matrix4, MeshStandardMaterial, Quaternion, Vector3,
} from 'three';
import { useStore } from 'zustand';
import { mapViewStore, zoomTier } from '../state/mapView';
import type { TerritoryView } from '../state/worldTypes';
import { useWorld } from '../ui/hooks';
import { fnv1a, TERRAIN_COLORS, territoryCss, territoryHeight, type TerrainName } from './palette';
import { cssColor, instanceCapacity } from './TerritoryMesh';

interface Placement { x: number; z: number; sx: number; sy: number; sz: number; rot: number }

/** Where the props of one territory stand (deterministic per territory). */
type Layout = (t: TerritoryView, rnd: (i: number) => number) => Placement[];

const KINDS: ReadonlyArray<{ terrain: TerrainName; geometry: () => BufferGeometry; layout: Layout; emissive: number; glow: string }> = [
  {
    terrain: 'urban',
    geometry: () => new BoxGeometry(1, 1, 1).translate(0, 0.5, 0),
    emissive: 0.0,
    glow: '#000000',
    layout: (_t, rnd) => [
      { x: -0.28, z: -0.18, sx: 0.22, sy: 0.35 + 0.5 * rnd(0), sz: 0.22, rot: 0 },
      { x: 0.22, z: -0.26, sx: 0.18, sy: 0.25 + 0.35 * rnd(1), sz: 0.26, rot: 0 },
      { x: 0.05, z: 0.3, sx: 0.26, sy: 0.2 + 0.6 * rnd(2), sz: 0.2, rot: 0 },
    ],
  },
  {
    terrain: 'industrial',
    geometry: () => new CylinderGeometry(0.5, 0.6, 1, 8).translate(0, 0.5, 0),
    emissive: 0.25,
    glow: '#ff7a2a',
    layout: (_t, rnd) => [
      { x: -0.22, z: 0.12, sx: 0.14, sy: 0.55 + 0.25 * rnd(0), sz: 0.14, rot: 0 },
      { x: 0.12, z: 0.2, sx: 0.11, sy: 0.4 + 0.2 * rnd(1), sz: 0.11, rot: 0 },
    ],
  },
  {
    terrain: 'datacenter',
    geometry: () => new BoxGeometry(1, 1, 1).translate(0, 0.5, 0),
    emissive: 0.18,
    glow: '#3fa6ff',
    layout: () => [
      { x: -0.2, z: 0, sx: 0.16, sy: 0.3, sz: 0.62, rot: 0 },
      { x: 0.2, z: 0, sx: 0.16, sy: 0.3, sz: 0.62, rot: 0 },
    ],
  },
  {
    terrain: 'network_hub',
    geometry: () => new ConeGeometry(0.5, 1, 4).translate(0, 0.5, 0),
    emissive: 0.3,
    glow: '#9fb8ff',
    layout: () => [{ x: 0, z: 0, sx: 0.12, sy: 0.9, sz: 0.12, rot: Math.PI / 4 }],
  },
];

/**
 * The area props are built for: a disc around the camera's target, as wide as the zoom shows,
 * quantised so the props are rebuilt only when the view moved a third of the way out of it.
 * Props are only seen up close, so a 10,000-territory world does not pay for all of them.
 */
function usePropArea(): { x: number; z: number; r: number } {
  const key = useStore(mapViewStore, (s) => {
    const r = Math.max(24, Math.min(110, Math.ceil(s.distance / 8) * 8 * 1.6));
    const cell = r / 3;
    return `${Math.round(s.target.x / cell)}|${Math.round(s.target.z / cell)}|${r}`;
  });
  return useMemo(() => {
    const [cx, cz, r] = key.split('|').map(Number);
    return { x: cx * (r / 3), z: cz * (r / 3), r };
  }, [key]);
}

function PropKind({ kind, area }: { kind: (typeof KINDS)[number]; area: { x: number; z: number; r: number } }) {
  const territories = useWorld((s) => s.territories);
  const ids = useWorld((s) => s.territoryIds);
  const mode = useStore(mapViewStore, (s) => s.mode);
  const meshRef = useRef<InstancedMesh>(null);
  const mine = useMemo(() => ids.filter((id) => {
    const t = territories.get(id);
    return t !== undefined && t.terrain === kind.terrain && Math.hypot(t.cx - area.x, t.cy - area.z) <= area.r;
  }), [ids, territories, kind, area]);
  const perHex = kind.layout({} as TerritoryView, () => 0).length;
  const capacity = instanceCapacity(mine.length * perHex);
  const geometry = useMemo(() => kind.geometry(), [kind]);
  const material = useMemo(() => new MeshStandardMaterial({ roughness: 0.55, metalness: 0.25, emissive: '#ffffff' }), []);
  useEffect(() => () => { geometry.dispose(); material.dispose(); }, [geometry, material]);

  useLayoutEffect(() => {
    const mesh = meshRef.current;
    if (!mesh) return;
    if (!mesh.instanceColor || mesh.instanceColor.count < capacity) {
      mesh.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3), 3);
    }
    const m = new Matrix4();
    const q = new Quaternion();
    const p = new Vector3();
    const s = new Vector3();
    const c = new Color();
    const up = new Vector3(0, 1, 0);
    material.emissive.set(kind.glow);
    material.emissiveIntensity = kind.emissive;
    let i = 0;
    for (const id of mine) {
      const t = territories.get(id);
      if (!t) continue;
      const h = territoryHeight(t.status, t.garrison, t.garrisonMax);
      const seed = fnv1a(t.id);
      const rnd = (n: number) => ((seed >>> (n * 5)) % 97) / 96;
      const turn = (seed % 6) * (Math.PI / 3);
      const cos = Math.cos(turn), sin = Math.sin(turn);
      c.copy(cssColor(mode === 'terrain' ? TERRAIN_COLORS[kind.terrain] : territoryCss(t.status, t.holder)));
      // Props are a darker, greyer shade of the ground they stand on (they glow a little).
      c.lerp(cssColor('#2a3442'), 0.45);
      for (const pl of kind.layout(t, rnd)) {
        p.set(t.cx + pl.x * cos - pl.z * sin, h, t.cy + pl.x * sin + pl.z * cos);
        q.setFromAxisAngle(up, turn + pl.rot);
        s.set(pl.sx, pl.sy, pl.sz);
        mesh.setMatrixAt(i, m.compose(p, q, s));
        mesh.setColorAt(i, c);
        i++;
      }
    }
    mesh.count = i;
    mesh.instanceMatrix.needsUpdate = true;
    mesh.instanceColor.needsUpdate = true;
  }, [mine, territories, capacity, kind, material, mode]);

  // Hidden at the strategic zoom (no draw call): props would only add noise there.
  useFrame(() => {
    const mesh = meshRef.current;
    if (mesh) mesh.visible = zoomTier(mapViewStore.getState().distance) !== 'strategic';
  });

  return <instancedMesh key={capacity} ref={meshRef} args={[geometry, material, capacity]} raycast={() => null} frustumCulled={false} />;
}

export function TerrainProps() {
  const area = usePropArea();
  return <>{KINDS.map((k) => <PropKind key={k.terrain} kind={k} area={area} />)}</>;
}

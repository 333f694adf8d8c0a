/**
 * The whole hex map as ONE instanced mesh of hex prisms (10,000 territories = one draw call).
 * Matrices and colours are rebuilt when the territory map changes; contested hexes pulse in
 * `useFrame` by rewriting only their colours.
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import { useFrame, type ThreeEvent } from '@react-three/fiber';
import {
  Color, CylinderGeometry, InstancedBufferAttribute, type InstancedMesh, Matrix4,
  MeshStandardMaterial, Quaternion, Vector3,
} from 'three';
import { selectTerritory } from '../state/worldStore';
import { useWorld } from '../ui/hooks';
import { CONTESTED_DIM, STATUS_COLORS, contestedPulse, territoryCss, territoryHeight } from './palette';

/** Prism radius: slightly under 1 so neighbouring hexes show a seam. */
const HEX_RADIUS = 0.93;
/** A drag longer than this (px) is a camera move, not a click. */
const CLICK_SLOP_PX = 6;

/** Instance capacity: the next power of two, so small changes don't recreate the mesh. */
export function instanceCapacity(n: number): number {
  let c = 64;
  while (c < n) c *= 2;
  return c;
}

const colorCache = new Map<string, Color>();
function cssColor(css: string): Color {
  let c = colorCache.get(css);
  if (!c) {
    c = new Color(css);
    colorCache.set(css, c);
  }
  return c;
}

export function TerritoryMesh() {
  const ids = useWorld((s) => s.territoryIds);
  const territories = useWorld((s) => s.territories);
  const capacity = instanceCapacity(ids.length);
  const meshRef = useRef<InstancedMesh>(null);
  const contested = useRef<number[]>([]);

  const geometry = useMemo(() => {
    const g = new CylinderGeometry(HEX_RADIUS, HEX_RADIUS, 1, 6, 1);
    g.translate(0, 0.5, 0); // base on the ground, scaled in y by the prism height
    return g;
  }, []);
  const material = useMemo(() => new MeshStandardMaterial({ roughness: 0.75, metalness: 0.05, flatShading: true }), []);

  useLayoutEffect(() => {
    const mesh = meshRef.current;
    if (!mesh) return;
    if (!mesh.instanceColor || mesh.instanceColor.count < capacity) {
      mesh.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3), 3);
    }
    const m = new Matrix4();
    const q = new Quaternion();
    const p = new Vector3();
    const sc = new Vector3();
    const pulsing: number[] = [];
    ids.forEach((id, i) => {
      const t = territories.get(id);
      if (!t) return;
      p.set(t.cx, 0, t.cy);
      sc.set(1, territoryHeight(t.status, t.garrison, t.garrisonMax), 1);
      mesh.setMatrixAt(i, m.compose(p, q, sc));
      mesh.setColorAt(i, cssColor(territoryCss(t.status, t.holder)));
      if (t.status === 'contested') pulsing.push(i);
    });
    contested.current = pulsing;
    mesh.count = ids.length;
    mesh.instanceMatrix.needsUpdate = true;
    mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
    mesh.computeBoundingBox();
  }, [ids, territories, capacity]);

  const bright = useMemo(() => new Color(STATUS_COLORS.contested), []);
  const dim = useMemo(() => new Color(CONTESTED_DIM), []);
  const tmp = useMemo(() => new Color(), []);
  useFrame(({ clock }) => {
    const mesh = meshRef.current;
    const list = contested.current;
    if (!mesh || list.length === 0 || !mesh.instanceColor) return;
    tmp.copy(dim).lerp(bright, contestedPulse(clock.elapsedTime));
    for (const i of list) mesh.setColorAt(i, tmp);
    mesh.instanceColor.needsUpdate = true;
  });

  const onClick = (e: ThreeEvent<MouseEvent>): void => {
    if (e.delta > CLICK_SLOP_PX || e.instanceId === undefined) return;
    e.stopPropagation();
    const id = ids[e.instanceId];
    if (id !== undefined) selectTerritory(id);
  };

  return (
    <instancedMesh
      key={capacity}
      ref={meshRef}
      args={[geometry, material, capacity]}
      onClick={onClick}
      castShadow={false}
      receiveShadow={false}
    />
  );
}

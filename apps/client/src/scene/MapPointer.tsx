/**
 * Hover and click on the map without raycasting 10,000 instances: the pointer's ray is walked
 * down through the band of prism heights and the first hex whose top it passes under is the
 * one under the pointer (pointToHex per sample: O(samples), not O(territories)). A press that
 * moves less than a few pixels is a click (select); more is a camera drag.
 */
import { useEffect, useMemo } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Raycaster, Vector2, Vector3 } from 'three';
import { pointToHex } from '../state/hex';
import { coordKey, type MapIndex } from '../state/mapIndex';
import { mapViewStore } from '../state/mapView';
import { selectTerritory, worldStore } from '../state/worldStore';
import { territoryHeight } from './palette';

/** A drag longer than this (px) is a camera move, not a click. */
const CLICK_SLOP_PX = 6;
/** The band of prism tops (see territoryHeight) and how finely the ray is sampled in it. */
const TOP_MAX = 0.95;
const SAMPLES = 14;

/** The territory id under a ray (origin, direction), or null. */
export function pickTerritory(origin: Vector3, dir: Vector3, index: MapIndex): string | null {
  if (dir.y >= -1e-6) return null;
  const { territories } = worldStore.getState();
  const at = (y: number) => {
    const k = (y - origin.y) / dir.y;
    return { x: origin.x + dir.x * k, z: origin.z + dir.z * k };
  };
  for (let i = 0; i <= SAMPLES; i++) {
    const y = TOP_MAX * (1 - i / SAMPLES);
    const p = at(y);
    const h = pointToHex(p.x, p.z);
    const id = index.byCoord.get(coordKey(h.q, h.r));
    if (id === undefined) continue;
    const t = territories.get(id);
    if (t && territoryHeight(t.status, t.garrison, t.garrisonMax) >= y) return id;
  }
  return null;
}

export function MapPointer({ index }: { index: MapIndex }) {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const invalidate = useThree((s) => s.invalidate);
  const tools = useMemo(() => ({
    raycaster: new Raycaster(), ndc: new Vector2(), pending: null as null | { x: number; y: number }, down: null as null | { x: number; y: number },
  }), []);

  const pick = (clientX: number, clientY: number): string | null => {
    const rect = gl.domElement.getBoundingClientRect();
    tools.ndc.set(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    tools.raycaster.setFromCamera(tools.ndc, camera);
    return pickTerritory(tools.raycaster.ray.origin, tools.raycaster.ray.direction, index);
  };

  useEffect(() => {
    const el = gl.domElement;
    // The map renders on demand: a pointer move asks for the frame that picks under it.
    const onMove = (e: PointerEvent) => { tools.pending = { x: e.clientX, y: e.clientY }; invalidate(); };
    const onLeave = () => { tools.pending = null; mapViewStore.setState({ hover: null }); };
    const onDown = (e: PointerEvent) => { if (e.button === 0) tools.down = { x: e.clientX, y: e.clientY }; };
    const onUp = (e: PointerEvent) => {
      const d = tools.down;
      tools.down = null;
      if (!d || e.button !== 0 || Math.hypot(e.clientX - d.x, e.clientY - d.y) > CLICK_SLOP_PX) return;
      const id = pick(e.clientX, e.clientY);
      if (id) selectTerritory(id);
    };
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerleave', onLeave);
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointerup', onUp);
    return () => {
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerleave', onLeave);
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointerup', onUp);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [gl, camera, index, invalidate]);

  // One pick per frame at most, however many pointer events arrived.
  useFrame(() => {
    const p = tools.pending;
    if (!p) return;
    tools.pending = null;
    const id = pick(p.x, p.y);
    const rect = gl.domElement.getBoundingClientRect();
    const hover = id ? { id, sx: p.x - rect.left, sy: p.y - rect.top } : null;
    const prev = mapViewStore.getState().hover;
    if (hover?.id !== prev?.id || (hover && prev && (hover.sx !== prev.sx || hover.sy !== prev.sy))) mapViewStore.setState({ hover });
  });
  return null;
}

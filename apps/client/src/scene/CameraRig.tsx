/**
 * Frames the camera: once on the whole map when it first loads, then once on my avatar when
 * the server first sends it (and again after a deploy moves it far away).
 */
import { useEffect, useRef } from 'react';
import { useThree } from '@react-three/fiber';
import type { Vector3 } from 'three';
import { myAvatar, worldStore } from '../state/worldStore';
import { useWorld } from '../ui/hooks';

interface TargetControls {
  target: Vector3;
  update(): unknown;
}

function isTargetControls(x: unknown): x is TargetControls {
  return typeof x === 'object' && x !== null && 'target' in x && 'update' in x;
}

/** Distance of the camera from the point it looks at, for a view `extent` units across. */
function viewDistance(extent: number): number {
  return Math.min(400, Math.max(8, extent * 0.9));
}

export function CameraRig() {
  const camera = useThree((s) => s.camera);
  const controls = useThree((s) => s.controls);
  const hasMap = useWorld((s) => s.territoryIds.length > 0);
  const myTerritory = useWorld((s) => myAvatar(s)?.territoryId ?? null);
  const framedMap = useRef(false);
  const framedOn = useRef<string | null>(null);

  const lookAt = (x: number, z: number, distance: number): void => {
    if (!isTargetControls(controls) || !Number.isFinite(x + z + distance)) return;
    const offset = camera.position.clone().sub(controls.target);
    if (offset.lengthSq() < 1e-6) offset.set(0, 1, 1);
    offset.setLength(distance);
    controls.target.set(x, 0, z);
    camera.position.set(x + offset.x, offset.y, z + offset.z);
    controls.update();
  };

  useEffect(() => {
    if (!hasMap || framedMap.current || !isTargetControls(controls)) return;
    framedMap.current = true;
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const t of worldStore.getState().territories.values()) {
      minX = Math.min(minX, t.cx); maxX = Math.max(maxX, t.cx);
      minY = Math.min(minY, t.cy); maxY = Math.max(maxY, t.cy);
    }
    lookAt((minX + maxX) / 2, (minY + maxY) / 2, viewDistance(Math.max(maxX - minX, maxY - minY)));
  }, [hasMap, controls]);

  useEffect(() => {
    if (!myTerritory || framedOn.current === myTerritory || !isTargetControls(controls)) return;
    const t = worldStore.getState().territories.get(myTerritory);
    if (!t) return;
    const first = framedOn.current === null;
    framedOn.current = myTerritory;
    // Follow a deploy only when it leaves the current view area.
    if (!first && Math.hypot(controls.target.x - t.cx, controls.target.z - t.cy) < 6) return;
    lookAt(t.cx, t.cy, first ? 14 : camera.position.distanceTo(controls.target));
  }, [myTerritory, controls, hasMap]);

  return null;
}

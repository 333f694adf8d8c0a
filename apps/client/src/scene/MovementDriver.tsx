/** Feeds the movement controller once per frame with the camera's facing on the map. */
import { useEffect, useMemo } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Vector3 } from 'three';
import type { MovementController } from '../net/movement';

export function MovementDriver({ movement }: { movement: MovementController }) {
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => movement.attach(window, () => invalidate()), [movement, invalidate]);
  const v = useMemo(() => ({ dir: new Vector3(), up: new Vector3(), facing: { x: 0, y: -1 } }), []);
  useFrame(({ camera }, delta) => {
    // Forward on the map = view direction + screen-up, projected on the ground: works from a
    // top-down view (direction vertical) to a horizon view (screen-up vertical).
    camera.getWorldDirection(v.dir);
    v.up.set(0, 1, 0).applyQuaternion(camera.quaternion);
    const fx = v.dir.x + v.up.x;
    const fz = v.dir.z + v.up.z;
    const len = Math.hypot(fx, fz);
    if (len > 1e-6) { v.facing.x = fx / len; v.facing.y = fz / len; }
    movement.tick(Math.min(delta, 0.1), v.facing, performance.now());
    // The map renders on demand: keep frames coming while I walk.
    if (movement.active()) invalidate();
  });
  return null;
}

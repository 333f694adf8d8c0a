/**
 * The avatars of my region as ONE instanced mesh. Positions are read from the store every
 * frame (no React re-render per frame) and interpolated between server updates; my own
 * avatar is drawn bigger, in a bright colour, at the predicted position while I walk.
 */
import { useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { CapsuleGeometry, Color, InstancedBufferAttribute, type InstancedMesh, Matrix4, MeshStandardMaterial, Quaternion, Vector3 } from 'three';
import type { MovementController } from '../net/movement';
import { sampleMotion } from '../state/motion';
import { serverNow, worldStore } from '../state/worldStore';
import { travelPosition } from '../state/applyPatch';
import { useWorld } from '../ui/hooks';
import { MY_AVATAR_COLOR, OTHER_AVATAR_COLOR, territoryHeight } from './palette';
import { instanceCapacity } from './TerritoryMesh';

const RADIUS = 0.09;
const LENGTH = 0.16;
/** Height of the hop drawn while travelling between territories. */
const TRAVEL_HOP = 1.2;
/** How quickly my drawn avatar follows its predicted/server position (1/s). */
const FOLLOW_RATE = 18;

export function AvatarMesh({ movement }: { movement: MovementController }) {
  const count = useWorld((s) => s.avatarIds.length);
  const capacity = instanceCapacity(count);
  const meshRef = useRef<InstancedMesh>(null);
  const geometry = useMemo(() => {
    const g = new CapsuleGeometry(RADIUS, LENGTH, 4, 8);
    g.translate(0, RADIUS + LENGTH / 2, 0); // stand on the surface
    return g;
  }, []);
  const material = useMemo(() => new MeshStandardMaterial({ roughness: 0.4, metalness: 0.1 }), []);

  const scratch = useMemo(() => ({
    m: new Matrix4(), q: new Quaternion(), p: new Vector3(), s: new Vector3(),
    pos: { x: 0, y: 0 }, trip: { x: 0, y: 0, lift: 0 }, mine: { x: 0, y: 0, init: false },
    myColor: new Color(MY_AVATAR_COLOR), otherColor: new Color(OTHER_AVATAR_COLOR),
  }), []);

  useFrame((_state, delta) => {
    const mesh = meshRef.current;
    if (!mesh) return;
    if (!mesh.instanceColor || mesh.instanceColor.count < capacity) {
      mesh.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3), 3);
    }
    const s = worldStore.getState();
    const now = performance.now();
    const sNow = serverNow(s);
    const { m, q, p, s: sc, pos, trip, mine } = scratch;
    let i = 0;
    for (const key of s.avatarIds) {
      if (i >= capacity) break;
      const a = s.avatars.get(key);
      if (!a) continue;
      const t = s.territories.get(a.territoryId);
      let lift = 0;
      if (a.travel && a.arrivesAt > 0 && t) {
        travelPosition(a.travel, a.arrivesAt, { x: t.cx, y: t.cy }, sNow, trip);
        pos.x = trip.x;
        pos.y = trip.y;
        lift = trip.lift * TRAVEL_HOP;
      } else {
        sampleMotion(a.motion, now, pos);
      }
      const isMe = key === s.myAvatarKey;
      if (isMe) {
        const target = movement.predicted() ?? pos;
        if (!mine.init) { mine.x = target.x; mine.y = target.y; mine.init = true; }
        const k = 1 - Math.exp(-FOLLOW_RATE * delta);
        mine.x += (target.x - mine.x) * k;
        mine.y += (target.y - mine.y) * k;
        // A teleport (deploy) should not be smoothed across the map.
        if (Math.hypot(target.x - mine.x, target.y - mine.y) > 3) { mine.x = target.x; mine.y = target.y; }
        pos.x = mine.x;
        pos.y = mine.y;
      }
      const ground = t ? territoryHeight(t.status, t.garrison, t.garrisonMax) : 0.2;
      p.set(pos.x, ground + lift, pos.y);
      const scale = isMe ? 1.6 : 1;
      sc.set(scale, scale, scale);
      mesh.setMatrixAt(i, m.compose(p, q, sc));
      mesh.setColorAt(i, isMe ? scratch.myColor : scratch.otherColor);
      i++;
    }
    if (s.myAvatarKey === null) mine.init = false;
    mesh.count = i;
    mesh.instanceMatrix.needsUpdate = true;
    mesh.instanceColor.needsUpdate = true;
  });

  // Avatars never take clicks: they must not hide the territory underneath.
  return <instancedMesh key={capacity} ref={meshRef} args={[geometry, material, capacity]} raycast={() => null} frustumCulled={false} />;
}

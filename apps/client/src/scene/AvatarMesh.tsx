/**
 * The avatars of my region as ONE instanced mesh, plus a ring under mine (one more draw call).
 * Positions are read from the store every frame (no React re-render per frame), interpolated
 * between server updates and spread apart where several stand on one spot, so no two avatars
 * are ever drawn in the same place. Each avatar carries a DOM name tag (map label).
 */
import { useEffect, useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import {
  CapsuleGeometry, Color, InstancedBufferAttribute, type InstancedMesh, Matrix4, type Mesh, MeshBasicMaterial,
  MeshStandardMaterial, Quaternion, RingGeometry, Vector3,
} from 'three';
import type { MovementController } from '../net/movement';
import { motionProgress, sampleMotion } from '../state/motion';
import { spreadApart } from '../state/spread';
import { serverNow, worldStore } from '../state/worldStore';
import { travelPosition } from '../state/applyPatch';
import { useWorld } from '../ui/hooks';
import { mapLabels } from './labels';
import { MY_AVATAR_COLOR, OTHER_AVATAR_COLOR, territoryHeight } from './palette';
import { instanceCapacity } from './TerritoryMesh';

const RADIUS = 0.09;
const LENGTH = 0.16;
/** Height of the hop drawn while travelling between territories. */
const TRAVEL_HOP = 1.2;
/** How quickly my drawn avatar follows its predicted/server position (1/s). */
const FOLLOW_RATE = 18;
/** Avatars closer than this are pushed apart when drawn (layout units). */
const MIN_SEPARATION = 0.2;

export function AvatarMesh({ movement }: { movement: MovementController }) {
  const ids = useWorld((s) => s.avatarIds);
  const avatars = useWorld((s) => s.avatars);
  const myKey = useWorld((s) => s.myAvatarKey);
  const capacity = instanceCapacity(ids.length);
  const meshRef = useRef<InstancedMesh>(null);
  const ringRef = useRef<Mesh>(null);
  const geometry = useMemo(() => {
    const g = new CapsuleGeometry(RADIUS, LENGTH, 4, 8);
    g.translate(0, RADIUS + LENGTH / 2, 0); // stand on the surface
    return g;
  }, []);
  const material = useMemo(() => new MeshStandardMaterial({ roughness: 0.35, metalness: 0.1, emissive: '#ffffff', emissiveIntensity: 0.25 }), []);
  const ring = useMemo(() => ({
    geometry: new RingGeometry(0.2, 0.27, 32).rotateX(-Math.PI / 2),
    material: new MeshBasicMaterial({ color: MY_AVATAR_COLOR, transparent: true, opacity: 0.85 }),
  }), []);
  useEffect(() => () => { geometry.dispose(); material.dispose(); ring.geometry.dispose(); ring.material.dispose(); }, [geometry, material, ring]);

  // Name tags follow the avatar list; positions are moved every frame below.
  const names = useMemo(() => ids.map((k) => `${k}\u0000${avatars.get(k)?.name ?? ''}`).join('\u0001'), [ids, avatars]);
  useEffect(() => {
    const s = worldStore.getState();
    mapLabels.sync('avatar', s.avatarIds.flatMap((key) => {
      const a = s.avatars.get(key);
      return a ? [{ key, text: key === myKey ? `${a.name} (you)` : a.name, x: a.x, y: 0.6, z: a.y, className: key === myKey ? 'is-me' : undefined }] : [];
    }));
  }, [names, myKey]);
  useEffect(() => () => mapLabels.sync('avatar', []), []);

  const scratch = useMemo(() => ({
    m: new Matrix4(), q: new Quaternion(), p: new Vector3(), s: new Vector3(),
    pos: { x: 0, y: 0 }, trip: { x: 0, y: 0, lift: 0 }, mine: { x: 0, y: 0, init: false },
    xs: [] as number[], ys: [] as number[], lifts: [] as number[], grounds: [] as number[], keys: [] as string[],
    myColor: new Color(MY_AVATAR_COLOR), otherColor: new Color(OTHER_AVATAR_COLOR),
  }), []);

  useFrame((state, delta) => {
    const mesh = meshRef.current;
    if (!mesh) return;
    let moving = false;
    if (!mesh.instanceColor || mesh.instanceColor.count < capacity) {
      mesh.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3), 3);
    }
    const s = worldStore.getState();
    const now = performance.now();
    const sNow = serverNow(s);
    const { m, q, p, s: sc, pos, trip, mine, xs, ys, lifts, grounds, keys } = scratch;
    xs.length = ys.length = lifts.length = grounds.length = keys.length = 0;
    let myIndex = -1;
    for (const key of s.avatarIds) {
      if (keys.length >= capacity) break;
      const a = s.avatars.get(key);
      if (!a) continue;
      const t = s.territories.get(a.territoryId);
      let lift = 0;
      if (a.travel && a.arrivesAt > 0 && t) {
        moving = true;
        travelPosition(a.travel, a.arrivesAt, { x: t.cx, y: t.cy }, sNow, trip);
        pos.x = trip.x;
        pos.y = trip.y;
        lift = trip.lift * TRAVEL_HOP;
      } else {
        sampleMotion(a.motion, now, pos);
        if (motionProgress(a.motion, now) < 1) moving = true;
      }
      if (key === s.myAvatarKey) {
        const target = movement.predicted() ?? pos;
        if (!mine.init) { mine.x = target.x; mine.y = target.y; mine.init = true; }
        const k = 1 - Math.exp(-FOLLOW_RATE * delta);
        mine.x += (target.x - mine.x) * k;
        mine.y += (target.y - mine.y) * k;
        // A teleport (deploy) should not be smoothed across the map.
        const gap = Math.hypot(target.x - mine.x, target.y - mine.y);
        if (gap > 3) { mine.x = target.x; mine.y = target.y; } else if (gap > 0.002) moving = true;
        pos.x = mine.x;
        pos.y = mine.y;
        myIndex = keys.length;
      }
      keys.push(key);
      xs.push(pos.x);
      ys.push(pos.y);
      lifts.push(lift);
      grounds.push(t ? territoryHeight(t.status, t.garrison, t.garrisonMax) : 0.2);
    }
    if (s.myAvatarKey === null) mine.init = false;
    // Never two avatars on one spot: push overlapping ones apart (mine stays where I walk).
    spreadApart(xs, ys, keys, MIN_SEPARATION, myIndex);
    for (let i = 0; i < keys.length; i++) {
      const isMe = i === myIndex;
      const y = grounds[i] + lifts[i];
      p.set(xs[i], y, ys[i]);
      const scale = isMe ? 1.5 : 1;
      sc.set(scale, scale, scale);
      mesh.setMatrixAt(i, m.compose(p, q, sc));
      mesh.setColorAt(i, isMe ? scratch.myColor : scratch.otherColor);
      mapLabels.move('avatar', keys[i], xs[i], y + (isMe ? 0.62 : 0.45), ys[i]);
      if (isMe && ringRef.current) ringRef.current.position.set(xs[i], grounds[i] + 0.02, ys[i]);
    }
    if (ringRef.current) ringRef.current.visible = myIndex >= 0;
    mesh.count = keys.length;
    mesh.instanceMatrix.needsUpdate = true;
    mesh.instanceColor.needsUpdate = true;
    // The map renders on demand: ask for the next frame while anyone is still moving.
    if (moving) state.invalidate();
  });

  return (
    <>
      <instancedMesh key={capacity} ref={meshRef} args={[geometry, material, capacity]} raycast={() => null} frustumCulled={false} />
      <mesh ref={ringRef} geometry={ring.geometry} material={ring.material} raycast={() => null} visible={false} />
    </>
  );
}

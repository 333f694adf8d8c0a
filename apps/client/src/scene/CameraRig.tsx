/**
 * The map camera: frames the world once it loads (on the shared position in the URL hash if
 * there is one, else the whole map, then a glide down to my avatar), carries out fly-to
 * requests from the UI (minimap, "my squad", "world view"), follows a deploy that leaves the
 * view, publishes where it looks (minimap, labels, URL hash `#q,r,zoom`) and shows each kind of
 * map label only at the zooms where it helps.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Plane, Raycaster, Vector2, Vector3 } from 'three';
import { useStore } from 'zustand';
import { hexCenter, pointToHex } from '../state/hex';
import type { MapIndex } from '../state/mapIndex';
import {
  clampDistance, distanceForExtent, flyTo, formatMapHash, mapViewStore, parseMapHash, type Flight,
} from '../state/mapView';
import { myAvatar, worldStore } from '../state/worldStore';
import { useWorld } from '../ui/hooks';
import { mapLabels } from './labels';

interface TargetControls {
  target: Vector3;
  maxDistance: number;
  maxPolarAngle: number;
  update(): unknown;
}

/**
 * How far from straight down the camera may tilt at `distance`: a low, 3D view among the
 * avatars, turning into a top-down map as one zooms out to the strategic view.
 */
export function maxTiltFor(distance: number): number {
  const near = 10;
  const far = 160;
  const k = Math.min(1, Math.max(0, Math.log(distance / near) / Math.log(far / near)));
  return 1.2 + (0.32 - 1.2) * k;
}

function isTargetControls(x: unknown): x is TargetControls {
  return typeof x === 'object' && x !== null && 'target' in x && 'update' in x;
}

const FLIGHT_MS = 700;
const PUBLISH_MS = 100;
const HASH_MS = 400;
/** Distance of the glide down to my avatar after the first framing. */
export const AVATAR_DISTANCE = 16;

const ease = (t: number) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2);

/** Where the URL hash points, as a flight (null without a map hash). */
function hashFlight(): { x: number; z: number; distance: number } | null {
  const h = parseMapHash(window.location.hash);
  if (!h) return null;
  const c = hexCenter(h.q, h.r);
  return { x: c.x, z: c.y, distance: h.zoom };
}

export function CameraRig({ index }: { index: MapIndex }) {
  const camera = useThree((s) => s.camera);
  const controls = useThree((s) => s.controls);
  const size = useThree((s) => s.size);
  const invalidate = useThree((s) => s.invalidate);
  const hasMap = useWorld((s) => s.territoryIds.length > 0);
  const myTerritory = useWorld((s) => myAvatar(s)?.territoryId ?? null);
  const flight = useStore(mapViewStore, (s) => s.flight);
  const framedOn = useRef<string | null>(null);
  const fromHash = useRef(false);
  const anim = useRef<null | { from: Vector3; to: Vector3; fromD: number; toD: number; start: number; seq: number }>(null);
  const tools = useMemo(() => ({
    last: new Vector3(Infinity, 0, 0), lastTarget: new Vector3(Infinity, 0, 0), publishedAt: 0, stale: false, hashAt: 0, pendingHash: '', hashTimer: null as null | ReturnType<typeof setTimeout>,
    ray: new Raycaster(), ndc: new Vector2(), ground: new Plane(new Vector3(0, 1, 0), 0), hit: new Vector3(),
  }), []);

  /** Puts the camera `distance` from ground point (x, z), keeping its current viewing angle. */
  const place = (c: TargetControls, x: number, z: number, distance: number) => {
    const offset = camera.position.clone().sub(c.target);
    if (offset.lengthSq() < 1e-6) offset.set(0, 1, 0.9);
    offset.setLength(distance);
    c.target.set(x, 0, z);
    camera.position.set(x + offset.x, offset.y, z + offset.z);
    c.update();
  };

  // The world's size sets how far one can zoom out; first framing once the map is there.
  useEffect(() => {
    if (!hasMap || !isTargetControls(controls)) return;
    const { minX, maxX, minY, maxY } = index.bounds;
    const max = distanceForExtent(Math.max(maxX - minX, maxY - minY) + 6) * 1.15;
    controls.maxDistance = max;
    mapViewStore.setState({ maxDistance: max });
    if (mapViewStore.getState().framed) return;
    const fromUrl = hashFlight();
    fromHash.current = fromUrl !== null;
    if (fromUrl) flyTo(fromUrl.x, fromUrl.z, fromUrl.distance, true);
    else flyTo((minX + maxX) / 2, (minY + maxY) / 2, max / 1.15, true);
    mapViewStore.setState({ framed: true });
  }, [hasMap, controls, index]);

  // Glide down to my avatar when it first appears (unless a shared link chose the view), and
  // follow a deploy that leaves the area in view.
  useEffect(() => {
    if (!myTerritory || framedOn.current === myTerritory || !isTargetControls(controls) || !hasMap) return;
    const t = worldStore.getState().territories.get(myTerritory);
    if (!t) return;
    const first = framedOn.current === null;
    framedOn.current = myTerritory;
    if (first && fromHash.current) return;
    const d = camera.position.distanceTo(controls.target);
    if (!first && Math.hypot(controls.target.x - t.cx, controls.target.z - t.cy) < Math.max(6, d * 0.3)) return;
    flyTo(t.cx, t.cy, first ? AVATAR_DISTANCE : Math.min(d, 40));
  }, [myTerritory, controls, hasMap, camera]);

  // A shared link pasted while playing.
  useEffect(() => {
    // replaceState (our own hash updates) fires no hashchange: this is a link the player opened.
    const onHash = () => {
      const f = hashFlight();
      if (f) flyTo(f.x, f.z, f.distance);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [tools]);

  // Start a requested flight.
  useEffect(() => {
    if (!flight || !isTargetControls(controls)) return;
    const f: Flight = flight;
    const distance = clampDistance(f.distance, controls.maxDistance);
    if (f.instant) {
      anim.current = null;
      place(controls, f.x, f.z, distance);
      return;
    }
    anim.current = {
      from: controls.target.clone(), to: new Vector3(f.x, 0, f.z),
      fromD: camera.position.distanceTo(controls.target), toD: distance, start: performance.now(), seq: f.seq,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flight, controls]);

  useFrame(() => {
    if (!isTargetControls(controls)) return;
    controls.maxPolarAngle = maxTiltFor(camera.position.distanceTo(controls.target));
    const a = anim.current;
    if (a) {
      const k = Math.min(1, (performance.now() - a.start) / FLIGHT_MS);
      const e = ease(k);
      // Zoom out then in on long flights; a log-lerp keeps the zoom speed even.
      const d = Math.exp(Math.log(a.fromD) + (Math.log(a.toD) - Math.log(a.fromD)) * e);
      place(controls, a.from.x + (a.to.x - a.from.x) * e, a.from.z + (a.to.z - a.from.z) * e, d);
      if (k >= 1) anim.current = null;
      else invalidate();
    }
    const moved = !camera.position.equals(tools.last) || !controls.target.equals(tools.lastTarget);
    if (moved) {
      tools.last.copy(camera.position);
      tools.lastTarget.copy(controls.target);
      mapLabels.invalidate();
    }
    const now = performance.now();
    // Throttled while moving; the resting position is always published.
    if (moved) tools.stale = true;
    if (tools.stale && (!moved || now - tools.publishedAt > PUBLISH_MS)) publish(now);
    // A frame with movement is followed by one more, so the resting view is published.
    if (moved) invalidate();
    if (tools.pendingHash && now - tools.hashAt > HASH_MS) {
      if (window.location.hash !== tools.pendingHash) history.replaceState(null, '', tools.pendingHash);
      tools.pendingHash = '';
    } else if (tools.pendingHash && !tools.hashTimer) {
      // On demand rendering: come back to write the hash once the view has rested.
      tools.hashTimer = setTimeout(() => { tools.hashTimer = null; invalidate(); }, HASH_MS + 20);
    }
    mapLabels.project(camera, size.width, size.height);
  });

  /** Tells the UI where the camera looks; schedules the URL hash. */
  const publish = (now: number) => {
    if (!isTargetControls(controls)) return;
    tools.publishedAt = now;
    tools.stale = false;
    const distance = camera.position.distanceTo(controls.target);
    const footprint: Array<{ x: number; z: number }> = [];
    for (const [x, y] of [[-1, -1], [1, -1], [1, 1], [-1, 1]] as const) {
      tools.ndc.set(x, y);
      tools.ray.setFromCamera(tools.ndc, camera);
      const hit = tools.ray.ray.intersectPlane(tools.ground, tools.hit);
      if (hit) footprint.push({ x: hit.x, z: hit.z });
      else {
        // Above the horizon: clamp to a far point along the view's ground direction.
        const dir = tools.ray.ray.direction;
        const len = Math.hypot(dir.x, dir.z) || 1;
        footprint.push({ x: controls.target.x + (dir.x / len) * distance * 3, z: controls.target.z + (dir.z / len) * distance * 3 });
      }
    }
    mapViewStore.setState({ target: { x: controls.target.x, z: controls.target.z }, distance, footprint });
    mapLabels.setKindVisible('region', distance > 14);
    mapLabels.setKindVisible('avatar', distance < 36);
    mapLabels.setKindVisible('beacon', distance < 160);
    if (mapViewStore.getState().framed && hasMap) {
      const h = pointToHex(controls.target.x, controls.target.z);
      const next = formatMapHash({ q: h.q, r: h.r, zoom: distance });
      if (next !== window.location.hash) {
        tools.pendingHash = next;
        tools.hashAt = now;
      }
    }
  };

  return null;
}

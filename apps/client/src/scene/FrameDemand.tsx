/**
 * The map renders on demand: a frame is drawn when something changed — a store the scene reads
 * (world patches, the camera store, sieges, beacons, my squad), the camera (the controls ask for
 * frames while they move), a flight, walking or interpolating avatars (they ask for the next
 * frame themselves) — and at ~20 fps only while something pulses (a siege, a beacon). An idle map
 * costs nothing, which matters on laptops and on software GL. Tests and the benchmark can ask for
 * continuous rendering (`window.__DATAVISM__.animate(true)`).
 */
import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import { useStore } from 'zustand';
import { mapViewStore } from '../state/mapView';
import { worldStore } from '../state/worldStore';
import { operationsStore } from '../features/operations/operationsStore';
import { squadStore } from '../features/squads/squadStore';
import { warStore } from '../features/territory/warStore';
import { createStore } from 'zustand/vanilla';

/** Forces a frame every animation frame (benchmarks measure frame time with it). */
export const continuousRendering = createStore<{ on: boolean }>()(() => ({ on: false }));

const PULSE_MS = 50;

export function FrameDemand() {
  const invalidate = useThree((s) => s.invalidate);
  const gl = useThree((s) => s.gl);
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);

  // Compile every material's shaders now, while the world's state is still on its way: on
  // software GL each program costs hundreds of milliseconds that the first map frame would pay.
  useEffect(() => {
    const t = setTimeout(() => {
      try { gl.compile(scene, camera); } catch { /* the first frame compiles instead */ }
    }, 0);
    return () => clearTimeout(t);
  }, [gl, scene, camera]);
  const sieges = useStore(warStore, (s) => s.sieges.some((x) => !x.result));
  const beacons = useStore(operationsStore, (s) => s.beacons.size > 0);
  const continuous = useStore(continuousRendering, (s) => s.on);

  useEffect(() => {
    const stores = [worldStore, mapViewStore, operationsStore, warStore, squadStore] as const;
    const stops = stores.map((s) => (s as { subscribe(l: () => void): () => void }).subscribe(() => invalidate()));
    return () => { for (const stop of stops) stop(); };
  }, [invalidate]);

  useEffect(() => {
    if (continuous) {
      let raf = 0;
      const loop = () => { invalidate(); raf = requestAnimationFrame(loop); };
      raf = requestAnimationFrame(loop);
      return () => cancelAnimationFrame(raf);
    }
    if (!sieges && !beacons) return;
    const t = setInterval(() => invalidate(), PULSE_MS);
    return () => clearInterval(t);
  }, [sieges, beacons, continuous, invalidate]);

  return null;
}

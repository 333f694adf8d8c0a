/**
 * Figures for tests and the client-render benchmark, read with `window.__DATAVISM__`: the
 * renderer's own counters of the last frame (`gl.info.render.calls`), frame times, the first
 * frame that drew the map (also a `performance.mark('map-first-render')`), and visible labels.
 */
import { useEffect, useMemo } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Vector3 } from 'three';
import { mapViewStore } from '../state/mapView';
import { myAvatar, worldStore } from '../state/worldStore';
import { territoryHeight } from './palette';
import { continuousRendering } from './FrameDemand';
import { mapLabels } from './labels';
import type { DebugFigures } from './debugFigures';

export function DebugHooks() {
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  const camera = useThree((s) => s.camera);
  const state = useMemo(() => ({ last: { calls: 0, triangles: 0, lines: 0, frame: 0 }, prevAt: 0, armed: false }), []);
  useEffect(() => {
    const figures: DebugFigures = {
      render: () => ({ ...state.last }),
      mapRenderedAt: null,
      territories: 0,
      frameTimes: [],
      labels: (kind) => mapLabels.visibleTexts(kind as never),
      view: () => {
        const v = mapViewStore.getState();
        return { x: v.target.x, z: v.target.z, distance: v.distance };
      },
      animate: (on) => continuousRendering.setState({ on }),
      invalidate: () => invalidate(),
      screenOf: (id) => {
        const t = worldStore.getState().territories.get(id);
        if (!t) return null;
        const v = new Vector3(t.cx, territoryHeight(t.status, t.garrison, t.garrisonMax), t.cy).project(camera);
        if (v.z > 1) return null;
        const rect = gl.domElement.getBoundingClientRect();
        return { x: rect.left + (v.x * 0.5 + 0.5) * rect.width, y: rect.top + (-v.y * 0.5 + 0.5) * rect.height };
      },
      myTerritory: () => myAvatar()?.territoryId ?? null,
      connection: () => worldStore.getState().connection,
    };
    window.__DATAVISM__ = figures;
    return () => { if (window.__DATAVISM__ === figures) delete window.__DATAVISM__; };
  }, [state, invalidate, camera, gl]);
  useFrame(() => {
    const f = window.__DATAVISM__;
    if (!f) return;
    // useFrame runs before this frame's render: gl.info holds the previous frame's counters.
    const info = gl.info.render;
    state.last = { calls: info.calls, triangles: info.triangles, lines: info.lines, frame: info.frame };
    const now = performance.now();
    if (state.prevAt) {
      f.frameTimes.push(now - state.prevAt);
      if (f.frameTimes.length > 600) f.frameTimes.shift();
    }
    state.prevAt = now;
    const count = worldStore.getState().territoryIds.length;
    f.territories = count;
    // The frame after the one that had the map queued is the first that drew it.
    if (f.mapRenderedAt === null && state.armed) {
      f.mapRenderedAt = now;
      performance.mark('map-first-render');
    }
    if (count > 0) state.armed = true;
  });
  return null;
}

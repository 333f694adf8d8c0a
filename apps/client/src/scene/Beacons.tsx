/**
 * Operation beacons: a pillar of light over every territory a live operation targets, ONE
 * instanced draw call (additive, fading upwards, breathing), with the operation's name as a
 * map label at the top.
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import {
  AdditiveBlending, CylinderGeometry, type InstancedMesh, Matrix4, MeshBasicMaterial, Quaternion, Vector3, type IUniform,
} from 'three';
import { useStore } from 'zustand';
import { operationsStore } from '../features/operations/operationsStore';
import { useWorld } from '../ui/hooks';
import { mapLabels } from './labels';
import { BEACON_COLOR, territoryHeight } from './palette';
import { instanceCapacity } from './TerritoryMesh';

const HEIGHT = 7;

function createBeaconMaterial() {
  const uniforms: { uTime: IUniform<number> } = { uTime: { value: 0 } };
  const material = new MeshBasicMaterial({ color: BEACON_COLOR, transparent: true, depthWrite: false, blending: AdditiveBlending });
  material.onBeforeCompile = (shader) => {
    shader.uniforms.uTime = uniforms.uTime;
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', '#include <common>\nvarying float vUp;')
      .replace('#include <begin_vertex>', '#include <begin_vertex>\nvUp = position.y;');
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', '#include <common>\nvarying float vUp;\nuniform float uTime;')
      .replace('#include <opaque_fragment>', 'diffuseColor.a *= (1.0 - vUp) * (0.55 + 0.25 * sin(uTime * 2.2));\n#include <opaque_fragment>');
  };
  material.customProgramCacheKey = () => 'datavism-beacon-v1';
  return Object.assign(material, { tick: (t: number) => { uniforms.uTime.value = t; } });
}

export function Beacons() {
  const beacons = useStore(operationsStore, (s) => s.beacons);
  const territories = useWorld((s) => s.territories);
  const ids = useMemo(() => [...beacons.keys()].filter((id) => territories.has(id)), [beacons, territories]);
  const capacity = instanceCapacity(ids.length);
  const meshRef = useRef<InstancedMesh>(null);
  const geometry = useMemo(() => new CylinderGeometry(0.16, 0.3, 1, 10, 1, true).translate(0, 0.5, 0), []);
  const material = useMemo(() => createBeaconMaterial(), []);
  useEffect(() => () => { geometry.dispose(); material.dispose(); }, [geometry, material]);

  useLayoutEffect(() => {
    const mesh = meshRef.current;
    if (!mesh) return;
    const m = new Matrix4();
    const q = new Quaternion();
    const p = new Vector3();
    const s = new Vector3(1, HEIGHT, 1);
    const labels: Array<{ key: string; text: string; x: number; y: number; z: number }> = [];
    ids.forEach((id, i) => {
      const t = territories.get(id)!;
      const h = territoryHeight(t.status, t.garrison, t.garrisonMax);
      p.set(t.cx, h, t.cy);
      mesh.setMatrixAt(i, m.compose(p, q, s));
      labels.push({ key: id, text: beacons.get(id) ?? 'Operation', x: t.cx, y: h + HEIGHT * 0.55, z: t.cy });
    });
    mesh.count = ids.length;
    mesh.instanceMatrix.needsUpdate = true;
    mesh.computeBoundingSphere();
    mapLabels.sync('beacon', labels);
  }, [ids, territories, beacons]);
  useEffect(() => () => mapLabels.sync('beacon', []), []);

  useFrame(({ clock }) => material.tick(clock.elapsedTime));
  return <instancedMesh key={capacity} ref={meshRef} args={[geometry, material, capacity]} raycast={() => null} frustumCulled={false} />;
}

/**
 * The 3D world: a night-time map under cold light. Everything that repeats is one instanced
 * draw call (territories, each prop kind, avatars, beacons); region borders are one line draw;
 * labels are DOM text over the canvas. About a dozen draw calls at any zoom, however many
 * territories. Map-style controls: drag to pan, right-drag to rotate, wheel to zoom at the
 * cursor, WASD to walk.
 */
import { useMemo } from 'react';
import { Canvas, useFrame } from '@react-three/fiber';
import { MapControls } from '@react-three/drei';
import type { Fog } from 'three';
import type { MovementController } from '../net/movement';
import { buildMapIndex } from '../state/mapIndex';
import { MIN_DISTANCE } from '../state/mapView';
import { worldStore } from '../state/worldStore';
import { useWorld } from '../ui/hooks';
import { AvatarMesh } from './AvatarMesh';
import { Beacons } from './Beacons';
import { CameraRig } from './CameraRig';
import { DebugHooks } from './DebugHooks';
import { FrameDemand } from './FrameDemand';
import { softwareRenderer } from './gpu';
import { mapLabels } from './labels';
import { MapLabelsLayerSources } from './MapLabelSources';
import { MapPointer } from './MapPointer';
import { HoverMarker, SelectionMarker } from './Markers';
import { MovementDriver } from './MovementDriver';
import { BACKGROUND_COLOR, GROUND_COLOR } from './palette';
import { RegionBorders } from './RegionBorders';
import { TerrainProps } from './TerrainProps';
import { TerritoryMesh } from './TerritoryMesh';

/** Fog that follows the zoom: the horizon fades, the map under the camera never does. */
function DistanceFog() {
  useFrame(({ scene, camera, controls }) => {
    const fog = scene.fog as Fog | null;
    const target = (controls as unknown as { target?: { x: number; y: number; z: number } } | null)?.target;
    if (!fog || !target) return;
    const d = Math.hypot(camera.position.x - target.x, camera.position.y - target.y, camera.position.z - target.z);
    fog.near = d * 1.3;
    fog.far = d * 4;
  });
  return null;
}

export function WorldCanvas({ movement }: { movement: MovementController }) {
  const ids = useWorld((s) => s.territoryIds);
  // Coordinates and regions never change for a territory id: re-index only when ids do.
  const index = useMemo(() => buildMapIndex(worldStore.getState().territories), [ids]);
  const software = useMemo(() => softwareRenderer(), []);
  return (
    <div className="world-canvas" data-testid="world-canvas">
      <Canvas
        frameloop="demand"
        camera={{ position: [0, 14, 14], fov: 45, near: 0.1, far: 6000 }}
        dpr={software ? 1 : [1, 2]}
        gl={{ antialias: !software, powerPreference: 'high-performance' }}
      >
        <color attach="background" args={[BACKGROUND_COLOR]} />
        <fog attach="fog" args={[BACKGROUND_COLOR, 60, 400]} />
        <hemisphereLight args={['#b4c2d6', '#07090d', 1.1]} />
        <directionalLight position={[30, 60, 18]} intensity={1.9} color="#eef3ff" />
        {/* The ground is unlit: a full-screen lit plane is the costliest pixel work of the scene. */}
        <mesh rotation={[-Math.PI / 2, 0, 0]} position={[0, -0.01, 0]} raycast={() => null}>
          <planeGeometry args={[6000, 6000]} />
          <meshBasicMaterial color={GROUND_COLOR} />
        </mesh>
        <TerritoryMesh index={index} />
        <RegionBorders index={index} />
        <TerrainProps />
        <Beacons />
        <AvatarMesh movement={movement} />
        <SelectionMarker />
        <HoverMarker />
        <MapControls
          makeDefault
          enableDamping
          dampingFactor={0.14}
          maxPolarAngle={1.2}
          minDistance={MIN_DISTANCE}
          maxDistance={600}
          screenSpacePanning={false}
          zoomToCursor
        />
        <CameraRig index={index} />
        <MapPointer index={index} />
        <MovementDriver movement={movement} />
        <DistanceFog />
        <FrameDemand />
        <DebugHooks />
      </Canvas>
      <MapLabelsLayerSources index={index} />
      <div className="map-labels" ref={(el) => mapLabels.attach(el)} aria-hidden="true" />
    </div>
  );
}

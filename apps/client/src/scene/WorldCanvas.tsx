/**
 * The 3D world: a light sky, lights, a ground plane, the hex map, avatars, selection marker
 * and map-style camera controls (drag to pan, right-drag/ctrl to rotate, wheel to zoom).
 */
import { Canvas } from '@react-three/fiber';
import { MapControls } from '@react-three/drei';
import type { MovementController } from '../net/movement';
import { AvatarMesh } from './AvatarMesh';
import { CameraRig } from './CameraRig';
import { MovementDriver } from './MovementDriver';
import { BACKGROUND_COLOR, GROUND_COLOR } from './palette';
import { SelectionMarker } from './SelectionMarker';
import { OperationBeacons } from './OperationBeacons';
import { TerritoryMesh } from './TerritoryMesh';

export function WorldCanvas({ movement }: { movement: MovementController }) {
  return (
    <div className="world-canvas" data-testid="world-canvas">
      <Canvas
        camera={{ position: [0, 14, 14], fov: 45, near: 0.1, far: 3000 }}
        dpr={[1, 2]}
        gl={{ antialias: true }}
      >
        <color attach="background" args={[BACKGROUND_COLOR]} />
        <fog attach="fog" args={[BACKGROUND_COLOR, 120, 900]} />
        <hemisphereLight args={['#ffffff', '#8a96a3', 1.1]} />
        <directionalLight position={[20, 40, 15]} intensity={1.6} />
        <mesh rotation={[-Math.PI / 2, 0, 0]} position={[0, -0.02, 0]} raycast={() => null}>
          <planeGeometry args={[4000, 4000]} />
          <meshStandardMaterial color={GROUND_COLOR} roughness={1} />
        </mesh>
        <TerritoryMesh />
        <AvatarMesh movement={movement} />
        <SelectionMarker />
        <OperationBeacons />
        <MapControls makeDefault enableDamping maxPolarAngle={Math.PI / 2.3} minDistance={3} maxDistance={600} />
        <CameraRig />
        <MovementDriver movement={movement} />
      </Canvas>
    </div>
  );
}

/** Beacons: a tall thin column over each territory targeted by a live operation (operations feature). */
import { useStore } from 'zustand';
import { operationsStore } from '../features/operations/operationsStore';
import { useWorld } from '../ui/hooks';
import { territoryHeight } from './palette';

const BEACON_COLOR = '#ffcc33';

export function OperationBeacons() {
  const beacons = useStore(operationsStore, (s) => s.beacons);
  const territories = useWorld((s) => s.territories);
  return (
    <>
      {[...beacons].map((id) => {
        const t = territories.get(id);
        if (!t) return null;
        const y = territoryHeight(t.status, t.garrison, t.garrisonMax);
        return (
          <mesh key={id} position={[t.cx, y + 1.5, t.cy]} raycast={() => null}>
            <cylinderGeometry args={[0.08, 0.08, 3, 6]} />
            <meshBasicMaterial color={BEACON_COLOR} transparent opacity={0.8} />
          </mesh>
        );
      })}
    </>
  );
}

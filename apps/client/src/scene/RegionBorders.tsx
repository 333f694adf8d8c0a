/**
 * Region borders as ONE line-segments draw call: every edge between two regions (and the
 * world's rim), lifted onto the taller hex so it stays visible. Lines are 1 px at any zoom,
 * which keeps 40 regions readable from the strategic view.
 */
import { useEffect, useMemo } from 'react';
import { BufferGeometry, Float32BufferAttribute, LineBasicMaterial } from 'three';
import { regionBorderSegments, type MapIndex } from '../state/mapIndex';
import { useWorld } from '../ui/hooks';
import { REGION_BORDER_COLOR, territoryHeight } from './palette';

export function RegionBorders({ index }: { index: MapIndex }) {
  const territories = useWorld((s) => s.territories);
  const geometry = useMemo(() => {
    const segments = regionBorderSegments(territories, index, (t) => territoryHeight(t.status, t.garrison, t.garrisonMax));
    const pos = new Float32Array(segments.length * 6);
    segments.forEach((s, i) => pos.set([s.x1, s.h, s.y1, s.x2, s.h, s.y2], i * 6));
    const g = new BufferGeometry();
    g.setAttribute('position', new Float32BufferAttribute(pos, 3));
    g.computeBoundingSphere();
    return g;
  }, [territories, index]);
  const material = useMemo(() => new LineBasicMaterial({ color: REGION_BORDER_COLOR, transparent: true, opacity: 0.7 }), []);
  useEffect(() => () => geometry.dispose(), [geometry]);
  return <lineSegments geometry={geometry} material={material} raycast={() => null} />;
}

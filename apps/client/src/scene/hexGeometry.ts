/**
 * The territory prism: a pointy-top hexagon (corners at 60°·k − 30° on the layout plane, whose
 * y is the world's z) with a top face and six sides, base at y = 0 and top at y = 1 (instances
 * scale it to their height). No bottom: it is never seen. Indexed, with flat normals per face:
 * 31 vertices for 18 triangles (10,000 instances are 310,000 vertex-shader runs a frame).
 */
import { BufferGeometry, Float32BufferAttribute, Vector3 } from 'three';

/** Circumradius of a drawn prism: slightly under 1 so neighbouring hexes show a seam. */
export const HEX_RADIUS = 0.93;

export function createHexPrismGeometry(radius = HEX_RADIUS): BufferGeometry {
  const corners: Vector3[] = [];
  for (let k = 0; k < 6; k++) {
    const a = (Math.PI / 180) * (60 * k - 30);
    corners.push(new Vector3(radius * Math.cos(a), 0, radius * Math.sin(a)));
  }
  const positions: number[] = [];
  const normals: number[] = [];
  const index: number[] = [];
  const vertex = (v: Vector3, y: number, n: Vector3): number => {
    positions.push(v.x, y, v.z);
    normals.push(n.x, n.y, n.z);
    return positions.length / 3 - 1;
  };
  const ab = new Vector3();
  const ac = new Vector3();
  const cross = new Vector3();
  /** Adds triangle (a, b, c) of vertex indices, flipped if needed so it faces along `want`. */
  const tri = (a: number, b: number, c: number, want: Vector3) => {
    const p = (i: number) => new Vector3(positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2]);
    cross.crossVectors(ab.subVectors(p(b), p(a)), ac.subVectors(p(c), p(a)));
    if (cross.dot(want) >= 0) index.push(a, b, c);
    else index.push(a, c, b);
  };
  const up = new Vector3(0, 1, 0);
  const centre = vertex(new Vector3(0, 0, 0), 1, up);
  const top = corners.map((c) => vertex(c, 1, up));
  for (let k = 0; k < 6; k++) tri(centre, top[k], top[(k + 1) % 6], up);
  for (let k = 0; k < 6; k++) {
    // Side k faces the edge normal between corners k and k+1: angle 60°·k.
    const out = new Vector3(Math.cos((Math.PI / 3) * k), 0, Math.sin((Math.PI / 3) * k));
    const a = corners[k];
    const b = corners[(k + 1) % 6];
    const a0 = vertex(a, 0, out);
    const b0 = vertex(b, 0, out);
    const b1 = vertex(b, 1, out);
    const a1 = vertex(a, 1, out);
    tri(a0, b0, b1, out);
    tri(a0, b1, a1, out);
  }
  const g = new BufferGeometry();
  g.setAttribute('position', new Float32BufferAttribute(positions, 3));
  g.setAttribute('normal', new Float32BufferAttribute(normals, 3));
  g.setIndex(index);
  g.computeBoundingSphere();
  return g;
}

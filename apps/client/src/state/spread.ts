/**
 * Drawn positions for avatars that stand on (nearly) the same spot: they are pushed apart to a
 * minimum separation so every avatar and its name tag can be seen. Deterministic (the same
 * inputs give the same picture every frame, no jitter) and allocation-light: in place on the
 * coordinate arrays. Pure.
 */

/** Direction for two avatars at exactly the same point: from their keys, stable per pair. */
function tieAngle(a: string, b: string): number {
  let h = 2166136261;
  const s = a < b ? `${a}|${b}` : `${b}|${a}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return ((h >>> 0) / 4294967296) * Math.PI * 2;
}

/**
 * Pushes points closer than `minSep` apart (a few relaxation passes over a grid of cells
 * `minSep` wide). The point at `pinned` (my avatar) never moves: the others make room.
 */
export function spreadApart(xs: number[], ys: number[], keys: readonly string[], minSep: number, pinned = -1, passes = 3): void {
  const n = xs.length;
  if (n < 2) return;
  const cell = minSep;
  for (let pass = 0; pass < passes; pass++) {
    const grid = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const k = `${Math.floor(xs[i] / cell)},${Math.floor(ys[i] / cell)}`;
      const list = grid.get(k);
      if (list) list.push(i);
      else grid.set(k, [i]);
    }
    let moved = false;
    for (let i = 0; i < n; i++) {
      const cx = Math.floor(xs[i] / cell);
      const cy = Math.floor(ys[i] / cell);
      for (let gx = cx - 1; gx <= cx + 1; gx++) {
        for (let gy = cy - 1; gy <= cy + 1; gy++) {
          const list = grid.get(`${gx},${gy}`);
          if (!list) continue;
          for (const j of list) {
            if (j <= i) continue;
            let dx = xs[j] - xs[i];
            let dy = ys[j] - ys[i];
            let d = Math.hypot(dx, dy);
            if (d >= minSep) continue;
            if (d < 1e-6) {
              const a = tieAngle(keys[i], keys[j]);
              dx = Math.cos(a);
              dy = Math.sin(a);
              d = 0;
            } else {
              dx /= d;
              dy /= d;
            }
            const push = minSep - d;
            // Split the push, unless one of them is pinned.
            const wi = i === pinned ? 0 : j === pinned ? 1 : 0.5;
            const wj = 1 - wi;
            xs[i] -= dx * push * wi;
            ys[i] -= dy * push * wi;
            xs[j] += dx * push * wj;
            ys[j] += dy * push * wj;
            moved = true;
          }
        }
      }
    }
    if (!moved) return;
  }
}

/**
 * The minimap: every territory as a dot in its map colour on a 2D canvas (no WebGL draw
 * calls), the camera's view as an outline, my position; click or drag to move the camera there.
 * The dots are redrawn only when territories change; the outline on every view change.
 */
import { useEffect, useMemo, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import { useStore } from 'zustand';
import { flyTo, mapViewStore } from '../state/mapView';
import { myAvatar } from '../state/worldStore';
import { BACKGROUND_COLOR, TERRAIN_COLORS, territoryCss, type TerrainName } from '../scene/palette';
import { useWorld } from './hooks';

const W = 220;
const H = 150;
const PAD = 6;

export function Minimap() {
  const territories = useWorld((s) => s.territories);
  const me = useWorld((s) => myAvatar(s)?.territoryId ?? null);
  const mode = useStore(mapViewStore, (s) => s.mode);
  const footprint = useStore(mapViewStore, (s) => s.footprint);
  const base = useRef<HTMLCanvasElement | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const dragging = useRef(false);

  // World → minimap transform (same orientation as the default camera: world z down).
  const fit = useMemo(() => {
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const t of territories.values()) {
      minX = Math.min(minX, t.cx); maxX = Math.max(maxX, t.cx);
      minY = Math.min(minY, t.cy); maxY = Math.max(maxY, t.cy);
    }
    if (!Number.isFinite(minX)) return null;
    const k = Math.min((W - PAD * 2) / (maxX - minX + 2), (H - PAD * 2) / (maxY - minY + 2));
    const ox = (W - (maxX - minX) * k) / 2 - minX * k;
    const oy = (H - (maxY - minY) * k) / 2 - minY * k;
    return { k, ox, oy };
  }, [territories.size > 0 ? territories.size : 0]); // eslint-disable-line react-hooks/exhaustive-deps

  // The dots: redrawn when territories or the mode change.
  useEffect(() => {
    if (!fit) return;
    const c = base.current ?? document.createElement('canvas');
    base.current = c;
    c.width = W * 2;
    c.height = H * 2;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(2, 0, 0, 2, 0, 0);
    ctx.fillStyle = BACKGROUND_COLOR;
    ctx.fillRect(0, 0, W, H);
    const size = Math.max(1, fit.k * 1.5);
    // One path per colour: setting fillStyle 10,000 times (parsing it each time) is the slow part.
    const byColour = new Map<string, number[]>();
    for (const t of territories.values()) {
      const colour = mode === 'terrain' ? TERRAIN_COLORS[t.terrain as TerrainName] ?? '#555' : territoryCss(t.status, t.holder);
      let list = byColour.get(colour);
      if (!list) byColour.set(colour, (list = []));
      list.push(t.cx * fit.k + fit.ox - size / 2, t.cy * fit.k + fit.oy - size / 2);
    }
    for (const [colour, xy] of byColour) {
      ctx.fillStyle = colour;
      ctx.beginPath();
      for (let i = 0; i < xy.length; i += 2) ctx.rect(xy[i], xy[i + 1], size, size);
      ctx.fill();
    }
    drawOverlay();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [territories, fit, mode]);

  const drawOverlay = () => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !base.current || !fit) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(base.current, 0, 0);
    ctx.setTransform(2, 0, 0, 2, 0, 0);
    const fp = mapViewStore.getState().footprint;
    if (fp && fp.length === 4) {
      ctx.strokeStyle = '#f4f8fb';
      ctx.lineWidth = 1.2;
      ctx.beginPath();
      fp.forEach((p, i) => {
        const x = Math.min(W + 50, Math.max(-50, p.x * fit.k + fit.ox));
        const y = Math.min(H + 50, Math.max(-50, p.z * fit.k + fit.oy));
        if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      ctx.closePath();
      ctx.stroke();
    }
    const mine = me ? territories.get(me) : undefined;
    if (mine) {
      ctx.fillStyle = '#fff3b0';
      ctx.beginPath();
      ctx.arc(mine.cx * fit.k + fit.ox, mine.cy * fit.k + fit.oy, 3, 0, Math.PI * 2);
      ctx.fill();
    }
  };
  useEffect(drawOverlay, [footprint, me]); // eslint-disable-line react-hooks/exhaustive-deps

  const moveTo = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (!fit) return;
    const r = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * W;
    const y = ((e.clientY - r.top) / r.height) * H;
    flyTo((x - fit.ox) / fit.k, (y - fit.oy) / fit.k, undefined, dragging.current);
  };

  return (
    <div className="minimap" data-testid="minimap">
      <canvas
        ref={canvas}
        width={W * 2}
        height={H * 2}
        style={{ width: W, height: H }}
        aria-label="Minimap: click to move the view"
        role="img"
        onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); moveTo(e); dragging.current = true; }}
        onPointerMove={(e) => { if (dragging.current) moveTo(e); }}
        onPointerUp={() => { dragging.current = false; }}
      />
    </div>
  );
}

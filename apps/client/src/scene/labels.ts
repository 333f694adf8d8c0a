/**
 * Map labels as DOM text over the canvas (region names, avatar name tags, siege countdowns,
 * operation names): crisp at any zoom, readable by tests and screen readers, and free of draw
 * calls. Framework-free: scene components `sync` their labels by kind and move them with
 * `move`; the camera rig calls `project` once per frame. Labels behind the camera, off screen
 * or of a kind hidden at this zoom are not displayed.
 */
import type { Camera } from 'three';
import { Vector3 } from 'three';

export type LabelKind = 'region' | 'avatar' | 'siege' | 'beacon' | 'me';

/** A label's screen box, px (anchored at its bottom centre). */
interface Box { x0: number; x1: number; y0: number; y1: number }

const boxAt = (x: number, bottom: number, half: number, height: number): Box => ({ x0: x - half, x1: x + half, y0: bottom - height, y1: bottom });
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const overlapsAny = (boxes: readonly Box[], b: Box) => boxes.some((a) => overlaps(a, b));

/**
 * The box (px, generous) of a label name tags make way for: a siege pill is 12 px bold with 7 px
 * sides, an operation name 12 px display capitals.
 */
const fixedBoxAt = (kind: LabelKind, text: string, x: number, bottom: number): Box =>
  boxAt(x, bottom, text.length * (kind === 'beacon' ? 4.2 : 3.8) + 8, 21);

export interface LabelSpec {
  key: string;
  text: string;
  x: number;
  y: number;
  z: number;
  /** Extra class (e.g. "is-mine"). */
  className?: string;
}

interface Label extends LabelSpec {
  el: HTMLDivElement;
  kind: LabelKind;
  shown: boolean;
}

export class LabelLayer {
  private root: HTMLElement | null = null;
  private readonly labels = new Map<string, Label>();
  private readonly hiddenKinds = new Set<LabelKind>();
  private readonly v = new Vector3();
  private dirty = true;

  /** Attaches the layer to its overlay element (null detaches and forgets the DOM). */
  attach(root: HTMLElement | null): void {
    if (this.root === root) return;
    for (const l of this.labels.values()) l.el.remove();
    this.root = root;
    if (root) for (const l of this.labels.values()) root.appendChild(l.el);
    this.dirty = true;
  }

  /** Replaces every label of `kind` with `items` (unchanged ones keep their element). */
  sync(kind: LabelKind, items: readonly LabelSpec[]): void {
    const wanted = new Set<string>();
    for (const item of items) {
      const id = `${kind}:${item.key}`;
      wanted.add(id);
      let l = this.labels.get(id);
      if (!l) {
        const el = document.createElement('div');
        el.className = `map-label map-label-${kind}`;
        el.dataset.label = kind;
        l = { ...item, el, kind, shown: false };
        el.style.display = 'none';
        this.labels.set(id, l);
        this.root?.appendChild(el);
      }
      if (l.text !== item.text || l.el.textContent !== item.text) { l.text = item.text; l.el.textContent = item.text; }
      const cls = `map-label map-label-${kind}${item.className ? ` ${item.className}` : ''}`;
      if (l.el.className !== cls) l.el.className = cls;
      l.x = item.x; l.y = item.y; l.z = item.z;
    }
    for (const [id, l] of this.labels) {
      if (l.kind === kind && !wanted.has(id)) {
        l.el.remove();
        this.labels.delete(id);
      }
    }
    this.dirty = true;
  }

  /** Moves one label (avatars, every frame). */
  move(kind: LabelKind, key: string, x: number, y: number, z: number): void {
    const l = this.labels.get(`${kind}:${key}`);
    if (!l) return;
    l.x = x; l.y = y; l.z = z;
    this.dirty = true;
  }

  /** Changes one label's text (countdowns). */
  setText(kind: LabelKind, key: string, text: string): void {
    const l = this.labels.get(`${kind}:${key}`);
    if (l && l.text !== text) { l.text = text; l.el.textContent = text; }
  }

  /** Shows or hides a whole kind (zoom levels). */
  setKindVisible(kind: LabelKind, visible: boolean): void {
    const had = !this.hiddenKinds.has(kind);
    if (had === visible) return;
    if (visible) this.hiddenKinds.delete(kind);
    else this.hiddenKinds.add(kind);
    this.dirty = true;
  }

  /** Marks positions stale (the camera moved). */
  invalidate(): void {
    this.dirty = true;
  }

  /** Places every label on screen for `camera` in a `width`×`height` px canvas. */
  project(camera: Camera, width: number, height: number): void {
    if (!this.dirty || !this.root) return;
    this.dirty = false;
    // Region names that would overlap an already placed one are left out (no pile-ups when
    // zoomed far out); the other kinds are few and meant to be seen. Siege countdowns and
    // operation names are placed first and keep their spot over their hex; avatar name tags
    // (among them the besiegers standing on that hex) stack upwards around them and each other.
    const regions: Box[] = [];
    const taken: Box[] = [];
    for (const tags of [false, true]) {
      for (const l of this.labels.values()) {
        const isTag = l.kind === 'avatar' || l.kind === 'me';
        if (isTag !== tags) continue;
        let show = !this.hiddenKinds.has(l.kind);
        if (show) {
          this.v.set(l.x, l.y, l.z).project(camera);
          const sx = (this.v.x * 0.5 + 0.5) * width;
          const sy = (-this.v.y * 0.5 + 0.5) * height;
          show = this.v.z < 1 && this.v.z > -1 && sx > -80 && sx < width + 80 && sy > -40 && sy < height + 40;
          let y = sy;
          if (show && l.kind === 'region') {
            const box = boxAt(sx, sy, l.text.length * 5 + 6, 18);
            show = !overlapsAny(regions, box);
            if (show) regions.push(box);
          } else if (show && !isTag) {
            taken.push(fixedBoxAt(l.kind, l.text, sx, sy));
          } else if (show) {
            const half = l.text.length * 3.3 + 6;
            for (let guard = 0; guard < 12; guard++) {
              const box = boxAt(sx, y, half, 17);
              const hit = taken.find((b) => overlaps(b, box));
              if (!hit) { taken.push(box); break; }
              y = hit.y0 - 1;
            }
          }
          if (show) l.el.style.transform = `translate(${sx.toFixed(1)}px, ${y.toFixed(1)}px) translate(-50%, -100%)`;
        }
        if (show !== l.shown) {
          l.shown = show;
          l.el.style.display = show ? '' : 'none';
        }
      }
    }
  }

  /** Labels currently displayed, as text (tests and the debug hook). */
  visibleTexts(kind?: LabelKind): string[] {
    const out: string[] = [];
    for (const l of this.labels.values()) if (l.shown && (!kind || l.kind === kind)) out.push(l.text);
    return out;
  }
}

/** The client's one map label layer (the canvas overlay attaches it). */
export const mapLabels = new LabelLayer();

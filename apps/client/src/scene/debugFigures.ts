/** What the client exposes on `window.__DATAVISM__` for tests and benchmarks (DebugHooks.tsx fills it). */
export interface DebugFigures {
  /** Draw calls, triangles and lines of the last rendered frame. */
  render(): { calls: number; triangles: number; lines: number; frame: number };
  /** performance.now() of the first frame rendered with the whole map, or null. */
  mapRenderedAt: number | null;
  territories: number;
  /** The last up-to-600 frame intervals (ms). */
  frameTimes: number[];
  labels(kind?: string): string[];
  view(): { x: number; z: number; distance: number };
  /** Render every animation frame (true) or on demand (false, the default). */
  animate(on: boolean): void;
  /** Asks for one frame now. */
  invalidate(): void;
  /** Where a territory's top centre is on screen (page px), or null when behind the camera. */
  screenOf(territoryId: string): { x: number; y: number } | null;
  /** My avatar's territory id, once the server sent my avatar. */
  myTerritory(): string | null;
  /** The world connection's state (connected, reconnecting…). */
  connection(): string;
}

declare global {
  interface Window { __DATAVISM__?: DebugFigures }
}

import type { Room } from '@colyseus/sdk';

/**
 * Benchmark clients that do not decode state: after `lighten(room)` (right after a join resolves,
 * before the room's first state frame) the room's serializer skips decoding — its `onStateChange`
 * still fires on every patch, with an empty state — so a load generator can run many clients
 * without spending its core decoding N copies of the same patches.
 */
export function lighten(room: Room<any, any>): void {
  const serializer = (room as unknown as { serializer: { setState(...a: unknown[]): void; patch(...a: unknown[]): unknown } }).serializer;
  serializer.setState = () => {};
  serializer.patch = () => [];
}

import { SchemaSerializer, registerSerializer } from '@colyseus/sdk';

/**
 * Benchmark clients that do not decode state. The SDK creates a room's serializer when it
 * joins: rooms joined while `decodeJoins(false)` is in effect get one that skips decoding (their
 * `onStateChange` still fires on every patch, with an empty state), so a load generator can run
 * many clients without spending its core decoding N copies of the same patches.
 */
let decode = true;

/** Whether the rooms joined from now on decode their state. */
export function decodeJoins(on: boolean): void {
  decode = on;
}

class BenchSerializer extends SchemaSerializer<any> {
  private readonly light = !decode;
  override setState(bytes: Uint8Array, it?: any): void {
    if (!this.light) super.setState(bytes, it);
  }
  override patch(bytes: Uint8Array, it?: any): any {
    return this.light ? [] : super.patch(bytes, it);
  }
}
registerSerializer('schema', BenchSerializer);

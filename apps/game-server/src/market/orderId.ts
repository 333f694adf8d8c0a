import { randomFillSync } from 'node:crypto';

/** Random bytes drawn in bulk: one `randomFillSync` per 256 ids instead of one call per id. */
const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let next = POOL_IDS;

/**
 * Order ids as UUID version 7 (RFC 9562): a 48-bit millisecond timestamp first, then random bits.
 * Ids of one tick sort together, so the B-tree entries a tick writes (the orders' primary key, the
 * trades' taker index, the open orders' key) land on the right-most pages instead of one random
 * page per order. Unique like a v4 id: 74 random bits per id (12 + 62).
 */
export function orderId(now = Date.now()): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const b = pool.subarray(next * 16, next * 16 + 16);
  next += 1;
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (b[6] & 0x0f); // version 7
  b[8] = 0x80 | (b[8] & 0x3f); // variant 10
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

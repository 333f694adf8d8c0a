import { sql } from 'drizzle-orm';
import { GameError, nextGateToUnlock, unlockExpiry } from '@datavism/rules';
import type { Db } from './client';
import { burn, withTransaction } from './ledger';
import { socialGateUnlocks } from './schema/index';
import { socialViewer } from './social';

/** A liberation-key unlock of a gated channel. */
export interface GateUnlockResult {
  channel: string;
  expiresAt: Date;
  transferId: number;
  /** False when `requestKey` was used before: the earlier unlock is returned, no key spent. */
  applied: boolean;
}

const LOCK_GATE_UNLOCK = 0x50c1a2;

/**
 * Spends one liberation_key (a ledger burn) to open the next gated channel above the player's own
 * for `days` days (GAME §8.1), burn and unlock in one transaction. ALREADY_DONE when every gate
 * is open to the player; INSUFFICIENT_FUNDS without a key. A `requestKey` makes a retry safe.
 */
export async function unlockNextGate(db: Db, input: { playerId: string; now: Date; days: number; requestKey?: string }): Promise<GateUnlockResult> {
  return withTransaction(db, async (tx) => {
    // Two unlocks of one player at once would both pick the same gate: one after the other.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_GATE_UNLOCK}, hashtext(${input.playerId}))`);
    const idempotencyKey = input.requestKey ? `gate-unlock:${input.playerId}:${input.requestKey}` : undefined;
    if (idempotencyKey) {
      const earlier = await tx.execute(sql`
        SELECT u.channel, u.expires_at, u.transfer_id FROM social_gate_unlocks u JOIN transfers t ON t.id = u.transfer_id
        WHERE t.idempotency_key = ${idempotencyKey}`) as unknown as { rows: Array<{ channel: string; expires_at: Date | string; transfer_id: unknown }> };
      const row = earlier.rows[0];
      if (row) return { channel: row.channel, expiresAt: new Date(row.expires_at), transferId: Number(row.transfer_id), applied: false };
    }
    const viewer = await socialViewer(tx, input.playerId, input.now);
    const gate = nextGateToUnlock(viewer, input.now);
    if (!gate) throw new GameError('ALREADY_DONE', 'every gated channel is open to you already');
    const burned = await burn(tx, { kind: 'player', id: input.playerId }, 'liberation_keys', 1n, `gate_unlock:${gate}`, idempotencyKey);
    if (!burned.applied || burned.transferId === null) throw new GameError('ALREADY_DONE', 'this unlock request was made already');
    const expiresAt = unlockExpiry(input.now, input.days);
    await tx.insert(socialGateUnlocks).values({
      playerId: input.playerId, channel: gate, expiresAt, transferId: Number(burned.transferId), createdAt: input.now,
    });
    return { channel: gate, expiresAt, transferId: Number(burned.transferId), applied: true };
  });
}

/**
 * Operation progress from other features (GAME §6.1 objective kinds) — the service the intel,
 * challenge and territory engineers call inside THEIR transaction:
 *
 * - verified intel fragments → `recordObjectiveProgress(tx, null, 'verify_intel', 1, playerId, { category, idempotencyKey })`
 * - solved challenges        → `recordObjectiveProgress(tx, null, 'solve_challenges', 1, playerId, { idempotencyKey })`
 * - a liberated territory    → `onTerritoryLiberated(tx, territoryId, squadId, playerIds)` (siege resolution)
 *
 * Pass `operationId = null` to count for every active operation with a matching objective
 * (the usual case), or an id to target one. Each returns the operation ids that progressed;
 * their rooms are told to refresh shortly after (the caller's transaction commits first), and
 * a caller may call {@link notifyOperationsChanged} itself right after its commit.
 */
import { recordObjectiveProgressTx, territoryLiberatedTx, type Tx } from '@datavism/db';
import type { ObjectiveKind } from '@datavism/rules';
import { channel, services } from '../context';

/** Delay before telling rooms, so the caller's transaction has committed. */
const NOTIFY_DELAY_MS = 200;

/** Presence channel an operation's room listens on for "reload from the database". */
export function operationChannel(operationId: string): string {
  return channel(services().config, `op:${operationId}`);
}

/** Tell the rooms of these operations (on any process) to reload their progress. */
export function notifyOperationsChanged(operationIds: readonly string[]): void {
  let s;
  try {
    s = services();
  } catch {
    return; // no server (db-level scripts): nothing to notify
  }
  for (const id of operationIds) void s.presence.publish(operationChannel(id), 'progress');
}

function notifyLater(ids: string[]): void {
  if (ids.length > 0) setTimeout(() => notifyOperationsChanged(ids), NOTIFY_DELAY_MS).unref?.();
}

/**
 * Records `amount` units of progress of `kind` by `playerId` on active operations (one, or all
 * with a matching objective), inside `tx`. Idempotent per `idempotencyKey` per operation.
 * @example await recordObjectiveProgress(tx, null, 'verify_intel', 1, playerId, { category: 'surveillance', idempotencyKey: `pattern:${patternId}:${playerId}` })
 */
export async function recordObjectiveProgress(
  tx: Tx,
  operationId: string | null,
  kind: Exclude<ObjectiveKind, 'contribute' | 'liberate'>,
  amount: number,
  playerId: string,
  opts: { category?: string; idempotencyKey?: string } = {},
): Promise<string[]> {
  const results = await recordObjectiveProgressTx(tx, {
    operationId: operationId ?? undefined, kind, amount, playerId, category: opts.category, idempotencyKey: opts.idempotencyKey,
  });
  const ids = results.map((r) => r.operationId);
  notifyLater(ids);
  return ids;
}

/**
 * A siege liberated `territoryId` for `squadId`: each active operation targeting it with a
 * `liberate` objective gains 1 (once per territory per operation); `playerIds` (the squad's
 * participants in the siege) share the contribution points.
 */
export async function onTerritoryLiberated(tx: Tx, territoryId: string, _squadId: string, playerIds: string[]): Promise<string[]> {
  const ids = await territoryLiberatedTx(tx, territoryId, playerIds);
  notifyLater(ids);
  return ids;
}

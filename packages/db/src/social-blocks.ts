import { and, eq, inArray, or, asc } from 'drizzle-orm';
import { GameError } from '@datavism/rules';
import type { Db, Tx } from './client';
import { players, socialBlocks } from './schema/index';
import { isUuid } from './sql';

// Block lists of the social layer (GAME §8.1): a blocked player cannot DM the blocker, who no
// longer sees their messages.

/** True if either player blocked the other. */
export async function blockedEitherWay(db: Db | Tx, a: string, b: string): Promise<boolean> {
  const rows = await db
    .select({ blocker: socialBlocks.blockerId })
    .from(socialBlocks)
    .where(or(
      and(eq(socialBlocks.blockerId, a), eq(socialBlocks.blockedId, b)),
      and(eq(socialBlocks.blockerId, b), eq(socialBlocks.blockedId, a)),
    ))
    .limit(1);
  return rows.length > 0;
}

/** Blocks a player (idempotent). The blocker no longer sees them; DMs between them are refused. */
export async function blockPlayer(db: Db, blockerId: string, blockedId: string, now: Date): Promise<void> {
  if (blockerId === blockedId) throw new GameError('BAD_REQUEST', 'you cannot block yourself');
  if (!isUuid(blockedId)) throw new GameError('NOT_FOUND', 'no such player');
  const [exists] = await db.select({ id: players.id }).from(players).where(eq(players.id, blockedId));
  if (!exists) throw new GameError('NOT_FOUND', 'no such player');
  await db.insert(socialBlocks).values({ blockerId, blockedId, createdAt: now }).onConflictDoNothing();
}

/** Lifts a block (idempotent). */
export async function unblockPlayer(db: Db, blockerId: string, blockedId: string): Promise<void> {
  if (!isUuid(blockedId)) return;
  await db.delete(socialBlocks).where(and(eq(socialBlocks.blockerId, blockerId), eq(socialBlocks.blockedId, blockedId)));
}

/** The players someone blocked, with names. */
export async function blockList(db: Db, blockerId: string): Promise<Array<{ playerId: string; name: string; since: Date }>> {
  return db
    .select({ playerId: socialBlocks.blockedId, name: players.name, since: socialBlocks.createdAt })
    .from(socialBlocks)
    .innerJoin(players, eq(players.id, socialBlocks.blockedId))
    .where(eq(socialBlocks.blockerId, blockerId))
    .orderBy(asc(players.nameKey));
}

/** Players blocked by each of the given players (one query for a room of clients). */
export async function blockedByEach(db: Db, blockerIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const ids = blockerIds.filter(isUuid);
  if (ids.length === 0) return out;
  const rows = await db.select().from(socialBlocks).where(inArray(socialBlocks.blockerId, ids));
  for (const r of rows) {
    const set = out.get(r.blockerId) ?? new Set<string>();
    set.add(r.blockedId);
    out.set(r.blockerId, set);
  }
  return out;
}

import { eq } from 'drizzle-orm';
import type { Db } from './client';
import { territories } from './schema/index';

/**
 * World-map control by a game-master (GAME §9): set a territory's AC status and/or garrison.
 * Returning it to the AC or to neutral clears the holder. Returns false for an unknown id.
 */
export async function controlTerritory(
  db: Db,
  id: string,
  change: { status?: 'occupied' | 'neutral'; garrison?: number },
): Promise<boolean> {
  const patch: Partial<typeof territories.$inferInsert> = { updatedAt: new Date() };
  if (change.status) Object.assign(patch, { status: change.status, holderSquadId: null });
  if (change.garrison !== undefined) patch.garrison = change.garrison;
  const rows = await db.update(territories).set(patch).where(eq(territories.id, id)).returning({ id: territories.id });
  return rows.length > 0;
}

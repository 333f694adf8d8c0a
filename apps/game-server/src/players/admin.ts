import { randomBytes } from 'node:crypto';
import { createPlayer, findPlayerByName, setPlayerRole, type Db } from '@datavism/db';
import { hashPassword } from '../auth/passwords';
import type { Logger } from '../logger';

/**
 * Make NAME an admin: promote an existing player, or create the account (with the given password
 * or a generated one, returned so the operator can log in).
 */
export async function ensureAdmin(db: Db, admin: { name: string; password?: string }, logger?: Logger) {
  const existing = await findPlayerByName(db, admin.name);
  if (existing) {
    if (existing.role !== 'admin') await setPlayerRole(db, existing.id, 'admin');
    logger?.info({ name: admin.name }, 'admin ready');
    return { name: existing.name, created: false as const, password: null };
  }
  const password = admin.password ?? randomBytes(12).toString('base64url');
  await createPlayer(db, { name: admin.name, passwordHash: await hashPassword(password), role: 'admin' });
  logger?.info({ name: admin.name }, 'admin created');
  return { name: admin.name, created: true as const, password: admin.password ? null : password };
}

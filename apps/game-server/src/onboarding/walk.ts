import { recordTutorialStep } from '@datavism/db';
import type { Services } from '../context';

/**
 * The tutorial's walking mission (docs/onboarding.md): movement lives in the region rooms, so a
 * room reports a player's first step it applied. `seen` is the room's own set, so each player
 * costs one idempotent insert per room lifetime, not one per step.
 */
export function recordWalk(s: Services, seen: Set<string>, playerId: string): void {
  if (seen.has(playerId)) return;
  seen.add(playerId);
  recordTutorialStep(s.database.db, playerId, 'walk').catch((err: unknown) => {
    seen.delete(playerId);
    s.logger.warn({ err, playerId }, 'recording the walking mission failed');
  });
}

/**
 * Leaderboards (GAME §5.1) on both drivers: ranks from the rank counts equal the rules' ranking,
 * the sources score through their triggers, the weekly close pays once (concurrent closes, a crash
 * between freeze and payment), the ledger invariant holds and the archive is the frozen week.
 */
import { describe } from 'vitest';
import { KINDS, useDatabase } from './harness';
import { leaderboardsSuite } from './suites/leaderboards';

describe.each(KINDS)('leaderboards on %s', (kind) => {
  leaderboardsSuite(useDatabase(kind));
});

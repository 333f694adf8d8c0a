/** The game-master suite (community health, fair-play data and flags, audited GM actions) on PGlite and Postgres. */
import { describe } from 'vitest';
import { KINDS, useDatabase } from './harness';
import { gmSuite } from './suites/gm';

describe.each(KINDS)('game-masters on %s', (kind) => {
  gmSuite(useDatabase(kind));
});

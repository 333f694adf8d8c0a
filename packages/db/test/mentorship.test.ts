/**
 * Mentorship (GAME §8.3) on both drivers: registration at influence 1000, matching by the exact
 * formula (≥ 0.7, best first), the cap of 3 under concurrent accepts, lessons completed by solves
 * (+20 % XP, contributions, maintenance points), co-op challenges, graduation and its reward,
 * ratings once, mentor_master and Master Teacher, and maintenance points in the daily decay.
 */
import { describe } from 'vitest';
import { KINDS, useDatabase } from './harness';
import { mentorshipSuite } from './suites/mentorship';

describe.each(KINDS)('mentorship on %s', (kind) => {
  mentorshipSuite(useDatabase(kind));
});

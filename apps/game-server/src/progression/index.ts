import { refreshBadgeShares } from '@datavism/db';
import type { Feature } from '../features/types';
import type { Services } from '../context';
import { AchievementAnnouncer } from './announcer';
import { progressionRoutes } from './routes';

export { playerNoticeChannel, type PlayerNotice } from './announcer';
export { toProgressionProfile, loadProgressionProfile } from './profile';

/** The daily job that recounts each badge's holders and share of players, folding in the grants appended since (GAME §5); the codex reads the live share meanwhile. */
export const BADGE_SHARES_JOB = 'achievement-badge-shares';

const announcers = new WeakMap<Services, AchievementAnnouncer>();

/**
 * GAME §1, §2, §5 feature "progression": profiles, the achievement codex and endorsements over
 * HTTP; the daily badge-share job (a claimed slot per game day, one set-based statement, so a
 * restart or a second process never runs it twice and a re-run writes the same numbers); and the
 * announcer that tells players about achievements granted in any feature's transaction.
 */
export const progressionFeature: Feature = {
  name: 'progression',
  routes: (s) => progressionRoutes(s),
  registerJobs(s) {
    s.jobs.register(BADGE_SHARES_JOB, async (ctx) => ({ rows: await refreshBadgeShares(s.database.db, ctx.scheduledFor) }));
    s.jobs.every(BADGE_SHARES_JOB, s.config.durations.dayMs);
  },
  async start(s) {
    if (!s.config.jobsEnabled) return;
    const announcer = new AchievementAnnouncer(s);
    announcers.set(s, announcer);
    announcer.start();
  },
  async stop(s) {
    await announcers.get(s)?.stop();
    announcers.delete(s);
  },
};

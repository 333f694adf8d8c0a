import type { Feature } from '../features/types';
import type { Services } from '../context';
import { INTRO_OPERATION_JOB, ensureIntroOperation, seedIntroTemplate } from './introOperation';
import { TutorialAnnouncer } from './announcer';
import { onboardingRoutes } from './routes';

export { recordWalk } from './walk';
export { INTRO_TEMPLATE_KEY, INTRO_TEMPLATE, ensureIntroOperation } from './introOperation';

const announcers = new WeakMap<Services, TutorialAnnouncer>();

/**
 * Onboarding (docs/onboarding.md): the briefing's seen mark, the tutorial chain (its missions are
 * recorded by database triggers on the real events and by the region rooms for walking; the
 * announcer tells the player through the map room; the player collects each reward once, paid
 * through the ledger), the standing
 * introductory operation, the calendar's next event, and the siege preview of the declare screen.
 */
export const onboardingFeature: Feature = {
  name: 'onboarding',
  routes: (s) => onboardingRoutes(s),
  registerJobs(s) {
    s.jobs.register(INTRO_OPERATION_JOB, async () => ({ rows: (await ensureIntroOperation(s, new Date())) ? 1 : 0 }));
    s.jobs.every(INTRO_OPERATION_JOB, s.config.durations.hourMs);
  },
  async start(s) {
    await seedIntroTemplate(s);
    // Like the periodic jobs, the processes that run jobs launch it and announce missions.
    if (!s.config.jobsEnabled) return;
    // A failed launch must not stop the server: the hourly job tries again.
    await ensureIntroOperation(s, new Date()).catch((err: unknown) => s.logger.error({ err }, 'launching the introductory operation failed'));
    const announcer = new TutorialAnnouncer(s);
    announcers.set(s, announcer);
    announcer.start();
  },
  async stop(s) {
    await announcers.get(s)?.stop();
    announcers.delete(s);
  },
};

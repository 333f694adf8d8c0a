import type { Feature } from '../features/types';
import { mentorshipRoutes } from './routes';

export { toPairingDto } from './routes';

/**
 * GAME §8.3 feature "mentorship": mentors register, mentees ask and are offered mentors by the
 * compatibility formula, pairings, lessons (assigned challenges, completed by the intel feature's
 * solves), graduation, ratings — over HTTP, with notifications to the mentor (a request) and the
 * mentee (a match, a lesson, a graduation). No job: the decay maintenance of mentoring is spent by
 * the daily reputation decay.
 */
export const mentorshipFeature: Feature = {
  name: 'mentorship',
  routes: (s) => mentorshipRoutes(s),
};

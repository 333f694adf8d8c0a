import type { Feature } from '../features/types';
import type { Services } from '../context';
import { leaderboardRoutes } from './routes';
import { foldAll, runLeaderboardClose } from './service';

/** How often the scores that moved are folded into the rank counts (reads are exact either way; this keeps them fast). */
const FOLD_MS = 500;

/** Each server's fold loop (a test process may run several servers). */
const loops = new WeakMap<Services, { timer: NodeJS.Timeout | null; running: Promise<unknown> }>();

function scheduleFold(s: Services): void {
  const loop = loops.get(s) ?? { timer: null, running: Promise.resolve() };
  loops.set(s, loop);
  loop.timer = setTimeout(() => {
    loop.running = foldAll(s)
      .catch((err) => {
        s.metrics.errors.inc({ where: 'leaderboards-fold' });
        s.logger.error({ err }, 'leaderboard fold failed');
      })
      .finally(() => {
        if (loop.timer) scheduleFold(s);
      });
  }, FOLD_MS);
}

/**
 * GAME §5.1 feature "leaderboards": standings and seasons over HTTP, the Liberation Sunday close
 * (a periodic job: each run closes the boards whose week has ended on the calendar clock, exactly
 * once across runs and processes), and the fold loop that keeps rank reads fast.
 */
export const leaderboardsFeature: Feature = {
  name: 'leaderboards',
  routes: (s) => leaderboardRoutes(s),
  registerJobs(s) {
    s.jobs.register('leaderboard-close', async () => ({ rows: (await runLeaderboardClose(s)).length }));
    // A game minute, between 1 s and 1 min: Sunday 00:00 is seen within a minute at TIME_SCALE 1.
    s.jobs.every('leaderboard-close', Math.min(60_000, Math.max(1_000, s.config.durations.hourMs / 60)));
  },
  async start(s) {
    if (s.config.jobsEnabled) scheduleFold(s);
  },
  async stop(s) {
    const loop = loops.get(s);
    if (!loop) return;
    if (loop.timer) clearTimeout(loop.timer);
    loop.timer = null;
    await loop.running;
  },
};

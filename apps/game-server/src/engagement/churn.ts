/**
 * The daily churn job (GAME §8.4): the set-based pass of `@datavism/db` for the week ending with a
 * day, given what its interventions offer (today's generated challenges, the trending operation,
 * the handler's words), then one notification per tier for the players who got that tier's
 * interventions — set-based audiences, deduplicated per day, so a re-run (or a repair after a
 * crash between the pass and the notify) tells nobody twice.
 */
import { interventionAudience, runChurnPass, type ChurnRun } from '@datavism/db';
import { CHURN_NOTIFICATIONS, HANDLER_CHECKIN_MESSAGE, MAX_CHALLENGE_DIFFICULTY, MIN_CHALLENGE_DIFFICULTY, utcDay } from '@datavism/rules';
import type { Services } from '../context';
import { dailyChallenge } from '../intel/service';
import { tryNotify } from '../notifications/notify';
import { trendingOperationOf } from './trending';

export const CHURN_JOB = 'engagement-churn';

/** The churn pass runs once per UTC day: its inputs are UTC days, whatever TIME_SCALE says. */
export const CHURN_JOB_INTERVAL_MS = 86_400_000;

/** What one run did. */
export interface ChurnOutcome {
  day: string;
  /** The day's summary, or null when the day was scored already (nothing new written). */
  run: ChurnRun | null;
  /** Notifications written now. */
  notified: { high: number; elevated: number };
}

/** Scores the week ending with `day`, writes the interventions, tells the players concerned. */
export async function runChurn(s: Services, day: string, now = new Date(), requestedBy?: { id: string; role: string }): Promise<ChurnOutcome> {
  const challenges: Record<number, { id: string; title: string }> = {};
  for (let d = MIN_CHALLENGE_DIFFICULTY; d <= MAX_CHALLENGE_DIFFICULTY; d++) {
    const c = await dailyChallenge(s, d, now);
    challenges[d] = { id: c.id, title: c.title };
  }
  const trending = await trendingOperationOf(s, now, true);
  const run = await runChurnPass(s.database.db, {
    day, now, challenges, trending: trending ? { id: trending.id, name: trending.name } : null, handlerMessage: HANDLER_CHECKIN_MESSAGE, requestedBy,
  });
  const [high, elevated] = [
    await tryNotify(s, {
      kind: 'handler_checkin', audience: interventionAudience(day, 'high'), affects: { player: true },
      title: CHURN_NOTIFICATIONS.high.title, body: CHURN_NOTIFICATIONS.high.body, link: '/today', dedupeKey: `engagement:${day}:high`,
    }, now),
    await tryNotify(s, {
      kind: 'weekly_highlight', audience: interventionAudience(day, 'elevated'), affects: { player: true },
      title: CHURN_NOTIFICATIONS.elevated.title, body: CHURN_NOTIFICATIONS.elevated.body, link: '/today', dedupeKey: `engagement:${day}:elevated`,
    }, now),
  ];
  return { day, run, notified: { high: high.recipients, elevated: elevated.recipients } };
}

/**
 * The daily job: each slot (a UTC midnight) scores the week that ended with the day before it.
 * Claimed per slot in `job_runs`; the day's summary row keeps a second pass for the day empty.
 */
export function registerChurnJob(s: Services): void {
  s.jobs.register(CHURN_JOB, async ({ scheduledFor }) => {
    const outcome = await runChurn(s, utcDay(new Date(scheduledFor.getTime() - 1)));
    return { rows: outcome.run?.scored ?? 0 };
  });
  s.jobs.every(CHURN_JOB, CHURN_JOB_INTERVAL_MS);
}

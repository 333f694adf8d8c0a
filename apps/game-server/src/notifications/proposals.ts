import { proposalsClosingBy } from '@datavism/db';
import type { Services } from '../context';
import { proposalClosing } from './events';
import { tryNotify } from './notify';

/** The periodic job that tells non-voters about proposals closing within 24 game hours (GAME §8.2). */
export const PROPOSALS_CLOSING_JOB = 'notifications-proposals-closing';

/** Hours before a proposal's close when its non-voters are told. */
export const PROPOSAL_CLOSING_NOTICE_HOURS = 24;

/**
 * One sweep: every open proposal that closes within the next 24 game hours notifies the active
 * players who have not voted on it (one set-based statement per proposal; the dedupe key makes
 * the next sweeps skip those already told, so a restart or an overlapping sweep notifies nobody
 * twice).
 */
export async function notifyClosingProposals(s: Services, now = new Date()): Promise<number> {
  const until = new Date(now.getTime() + PROPOSAL_CLOSING_NOTICE_HOURS * s.config.durations.hourMs);
  let recipients = 0;
  for (const p of await proposalsClosingBy(s.database.db, now, until)) {
    recipients += (await tryNotify(s, proposalClosing(p, now), now)).recipients;
  }
  return recipients;
}

export function registerProposalClosingJob(s: Services): void {
  s.jobs.register(PROPOSALS_CLOSING_JOB, async () => ({ rows: await notifyClosingProposals(s) }));
  // Every 15 game minutes, at least once a minute and at most once a second in real time.
  s.jobs.every(PROPOSALS_CLOSING_JOB, Math.round(Math.min(60_000, Math.max(1000, s.config.durations.hourMs / 4))));
}

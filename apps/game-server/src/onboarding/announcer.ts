import { claimTutorialGrants, completeTutorialGrants, tutorialSteps, type TutorialGrant } from '@datavism/db';
import { tutorialChain, tutorialNoticeText } from '@datavism/rules';
import type { TutorialNoticeDto } from '@datavism/shared-schema';
import type { Services } from '../context';
import { Drainer } from '../ops/drainLoop';
import { playerNoticeChannel } from '../progression/index';

/** Missions one claim takes. */
const CLAIM_BATCH = 100;
/** A claim is another process's to retry after this long (its process died mid-payment). */
const LEASE_MS = 30_000;
/** How often each process looks for missions to announce. */
export const TUTORIAL_POLL_MS = 500;

/** The live notice of a recorded mission: what was done, the reward to collect, what comes next. */
export async function tutorialNotice(s: Services, grant: TutorialGrant): Promise<TutorialNoticeDto> {
  const recorded = await tutorialSteps(s.database.db, grant.playerId);
  const chain = tutorialChain(new Map(recorded.map((r) => [r.step, { rewarded: r.rewardedAt !== null }])));
  return { kind: 'tutorial', message: tutorialNoticeText(grant.step, chain.current), step: grant.step, next: chain.current };
}

/**
 * Announces the tutorial missions the triggers of migration 0026 record (and the region rooms,
 * for walking), after those transactions commit — each row is an outbox entry, like achievement
 * grants: a process claims a batch (leased, SKIP LOCKED), tells each player's map rooms (a toast,
 * and the mission card reloads), then marks the rows announced. A process dying between the
 * notice and the mark leaves the lease to run out and the next claim tells the player again (a
 * second toast, nothing more: the reward is paid when the player collects it, once).
 */
export class TutorialAnnouncer extends Drainer {
  constructor(private readonly s: Services) {
    super(TUTORIAL_POLL_MS, { unref: true });
  }

  protected async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.loop.stopped) return;
        const claims = await claimTutorialGrants(this.s.database.db, { now: new Date(), limit: CLAIM_BATCH, leaseMs: LEASE_MS });
        if (claims.length === 0) return;
        for (const grant of claims) {
          const notice = await tutorialNotice(this.s, grant);
          await this.s.presence.publish(playerNoticeChannel(this.s), { playerIds: [grant.playerId], notice });
        }
        await completeTutorialGrants(this.s.database.db, claims, new Date());
        if (claims.length < CLAIM_BATCH) return;
      }
    } catch (err) {
      this.s.metrics.errors.inc({ where: 'tutorial-announce' });
      this.s.logger.error({ err }, 'tutorial announcement failed');
    }
  }
}

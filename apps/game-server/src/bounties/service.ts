/**
 * The bounty board's services (GAME §4.5): posting with the refund job armed in the same
 * transaction, claiming with the server's fulfilment check, the deadline refund, and the
 * notifications to the poster and the claimant after each commit.
 */
import {
  claimBounty, getBountyView, overdueBountyIds, postBounty, refundBounty,
  type BountyRow, type BountyView, type ScheduleJobInput,
} from '@datavism/db';
import { GameError } from '@datavism/rules';
import type { BountyDto, PostBountyBody } from '@datavism/shared-schema';
import type { Services } from '../context';
import { deadlinesCommitted } from '../jobs/deadlines';
import { notifier } from '../notifications/notify';

/** The one-off job that refunds a bounty at its deadline. */
export const BOUNTY_DEADLINE_JOB = 'bounty-deadline';
/** Backstop: refunds overdue open bounties whose own job failed. */
export const BOUNTY_SWEEP_JOB = 'bounty-sweep';

const WORDS: Record<BountyRow['kind'], string> = {
  liberate_territory: 'liberate',
  verify_intel: 'verify intel in',
  solve_challenge: 'solve',
};

function bountyDeadlines(b: BountyRow): ScheduleJobInput[] {
  return [{ key: `bounty:${b.id}`, name: BOUNTY_DEADLINE_JOB, runAt: b.deadline, payload: { bountyId: b.id } }];
}

/** A bounty as the board shows it to `viewerId`. */
export function bountyDto(b: BountyView, viewerId: string): BountyDto {
  return {
    id: b.id, title: b.title, kind: b.kind, target: b.target, targetLabel: b.targetLabel,
    resource: b.resource as BountyDto['resource'], amount: b.amount.toString(), posterId: b.posterId, posterName: b.posterName,
    status: b.status, createdAt: b.createdAt.getTime(), deadline: b.deadline.getTime(),
    settledAt: b.settledAt ? b.settledAt.getTime() : null, claimantName: b.claimantName, mine: b.posterId === viewerId,
  };
}

async function view(s: Services, id: string): Promise<BountyView> {
  const b = await getBountyView(s.database.db, id);
  if (!b) throw new GameError('NOT_FOUND', 'no such bounty');
  return b;
}

/** Posts a bounty: reward escrowed and refund job armed in one transaction, the runner told after. */
export async function post(s: Services, posterId: string, body: PostBountyBody, now = new Date()): Promise<{ bounty: BountyView; created: boolean }> {
  const { bounty, created } = await postBounty(s.database.db, {
    posterId, title: body.title, kind: body.kind, target: body.target, resource: body.resource, amount: BigInt(body.amount),
    hours: body.hours, hourMs: s.config.durations.hourMs, now, requestKey: body.requestKey, deadlines: bountyDeadlines,
  });
  if (created) await deadlinesCommitted(s, 'bounty-post', bountyDeadlines(bounty));
  return { bounty: await view(s, bounty.id), created };
}

/**
 * Claims a bounty. Accepted: the claimant is paid and both sides are told. Rejected: the stake was
 * burned (committed) and the claimant gets `BOUNTY_NOT_FULFILLED`; the bounty stays open.
 */
export async function claim(s: Services, playerId: string, bountyId: string, now = new Date()): Promise<BountyView> {
  const outcome = await claimBounty(s.database.db, { bountyId, playerId, now });
  if (!outcome.accepted) {
    throw new GameError('BOUNTY_NOT_FULFILLED', `the server found no fulfilment of this bounty by you since it was posted (${WORDS[outcome.bounty.kind]} ${outcome.bounty.target}); your staked truth_token was burned`);
  }
  const b = await view(s, bountyId);
  const reward = `${b.amount} ${b.resource.replace(/_/g, ' ')}`;
  await notifier(s).notify([
    {
      kind: 'bounty_update', audience: { kind: 'players', playerIds: [b.posterId] }, affects: { player: true },
      title: `Bounty fulfilled: ${b.title}`, body: `${b.claimantName ?? 'A resistant'} fulfilled it and was paid ${reward} from escrow.`,
      link: '/bounties', dedupeKey: `bounty:${b.id}:paid:poster`,
    },
    {
      kind: 'bounty_update', audience: { kind: 'players', playerIds: [playerId] }, affects: { player: true },
      title: `Bounty paid: ${b.title}`, body: `The server checked your work: ${reward} paid, your truth_token stake returned.`,
      link: '/bounties', dedupeKey: `bounty:${b.id}:paid:claimant`,
    },
  ], now);
  return b;
}

/** The deadline job (and the sweep): refund once, then tell the poster. */
export async function expire(s: Services, bountyId: string, now = new Date()): Promise<number> {
  const refunded = await refundBounty(s.database.db, bountyId, now);
  if (!refunded) return 0;
  await notifier(s).notify({
    kind: 'bounty_update', audience: { kind: 'players', playerIds: [refunded.posterId] }, affects: { player: true },
    title: `Bounty expired: ${refunded.title}`, body: `Nobody fulfilled it before the deadline: ${refunded.amount} ${refunded.resource.replace(/_/g, ' ')} returned to you.`,
    link: '/bounties', dedupeKey: `bounty:${refunded.id}:refunded`,
  }, now);
  return 1;
}

/** Registers the deadline job and its sweep (every minute). */
export function registerBountyJobs(s: Services): void {
  // The job's slot is the deadline: a runner whose clock reads a hair earlier still refunds.
  s.jobs.register(BOUNTY_DEADLINE_JOB, async ({ payload, scheduledFor }) =>
    ({ rows: await expire(s, String(payload.bountyId), new Date(Math.max(Date.now(), scheduledFor.getTime()))) }));
  s.jobs.register(BOUNTY_SWEEP_JOB, async () => {
    let rows = 0;
    for (const id of await overdueBountyIds(s.database.db, new Date(), 100)) rows += await expire(s, id);
    return { rows };
  });
  s.jobs.every(BOUNTY_SWEEP_JOB, 60_000);
}

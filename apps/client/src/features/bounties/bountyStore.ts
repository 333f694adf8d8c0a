/**
 * The bounty board as this client knows it (GAME §4.5). Framework-free: a zustand vanilla store
 * and plain functions over the HTTP API; the server decides every outcome.
 */
import { createStore } from 'zustand/vanilla';
import type { BountyClaimResponse, BountyDto, BountyListResponse, PostBountyBody } from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { requestProfileRefresh } from '../../net/profileSync';
import { formatResource } from '../../state/profileView';
import { pushToast, toastError } from '../../state/worldStore';

export interface BountyState {
  open: readonly BountyDto[];
  mine: readonly BountyDto[];
  loaded: boolean;
  busy: boolean;
  /** The last refusal and the form it belongs to. */
  lastError: unknown;
  errorFor: 'post' | 'claim' | 'load' | null;
}

export const bountyStore = createStore<BountyState>()(() => ({
  open: [], mine: [], loaded: false, busy: false, lastError: null, errorFor: null,
}));

async function run<T>(fn: () => Promise<T>, errorFor: BountyState['errorFor']): Promise<T | null> {
  bountyStore.setState({ busy: true, lastError: null, errorFor: null });
  try {
    return await fn();
  } catch (err) {
    bountyStore.setState({ lastError: err, errorFor });
    toastError(err);
    return null;
  } finally {
    bountyStore.setState({ busy: false });
  }
}

/** Reload the open board and my bounties. */
export async function refreshBounties(token: string): Promise<void> {
  // Not through `run`: a refresh after a refused post or claim must not wipe that form's error.
  try {
    const r = await apiRequest<BountyListResponse>('/api/bounties', { token });
    bountyStore.setState({ open: r.open, mine: r.mine, loaded: true });
  } catch (err) {
    bountyStore.setState({ lastError: err, errorFor: 'load' });
    toastError(err);
  }
}

/** Post a bounty; its reward leaves my balance into escrow at once. */
export async function postBounty(token: string, body: PostBountyBody): Promise<boolean> {
  const r = await run(() => apiRequest<{ bounty: BountyDto }>('/api/bounties', { token, body }), 'post');
  if (r) {
    pushToast('success', `Bounty posted: ${formatResource(r.bounty.amount, r.bounty.resource)} held in escrow until it is fulfilled or expires.`);
    requestProfileRefresh({ quiet: true });
  }
  await refreshBounties(token);
  return r !== null;
}

/** Claim a bounty: stakes one truth token; the server checks the work. */
export async function claimBounty(token: string, bountyId: string): Promise<BountyClaimResponse | null> {
  const r = await run(() => apiRequest<BountyClaimResponse>(`/api/bounties/${encodeURIComponent(bountyId)}/claim`, { token, body: {} }), 'claim');
  if (r) pushToast('reward', `${formatResource(r.paid.amount, r.paid.resource)} paid; your truth token stake is back.`, undefined, 'Bounty claimed');
  requestProfileRefresh({ quiet: r !== null });
  await refreshBounties(token);
  return r;
}

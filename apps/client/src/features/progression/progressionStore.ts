/**
 * Profiles, the achievement codex and endorsements as this client knows them (GAME §1, §5).
 * Framework-free: a zustand vanilla store and plain functions over the HTTP API.
 */
import { createStore } from 'zustand/vanilla';
import type {
  CodexDto, EndorsementDto, EndorsementStatusDto, ProgressionProfileDto,
} from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { requestProfileRefresh } from '../../net/profileSync';
import { pushToast, toastError } from '../../state/worldStore';

export interface ProgressionState {
  /** My own profile. */
  mine: ProgressionProfileDto | null;
  /** Another player's public profile, when one is looked up. */
  viewed: ProgressionProfileDto | null;
  codex: CodexDto | null;
  endorsements: EndorsementStatusDto | null;
  lastError: unknown;
  errorFor: 'load' | 'lookup' | 'endorse' | null;
  busy: boolean;
}

export const progressionStore = createStore<ProgressionState>()(() => ({
  mine: null, viewed: null, codex: null, endorsements: null, lastError: null, errorFor: null, busy: false,
}));

async function run<T>(fn: () => Promise<T>, errorFor: ProgressionState['errorFor'], toast = true): Promise<T | null> {
  progressionStore.setState({ busy: true, lastError: null, errorFor: null });
  try {
    return await fn();
  } catch (err) {
    progressionStore.setState({ lastError: err, errorFor });
    if (toast) toastError(err);
    return null;
  } finally {
    progressionStore.setState({ busy: false });
  }
}

/** Loads my profile, the codex and my endorsement status. */
export async function loadProgression(token: string): Promise<void> {
  await run(async () => {
    const [mine, codex, endorsements] = await Promise.all([
      apiRequest<ProgressionProfileDto>('/api/profile', { token }),
      apiRequest<CodexDto>('/api/achievements', { token }),
      apiRequest<EndorsementStatusDto>('/api/endorsements', { token }),
    ]);
    progressionStore.setState({ mine, codex, endorsements });
  }, 'load');
}

/** Looks a player up by name (their public profile). */
export async function lookUpPlayer(token: string, name: string): Promise<boolean> {
  const key = name.trim();
  if (key === '') return false;
  const viewed = await run(() => apiRequest<ProgressionProfileDto>(`/api/profile/${encodeURIComponent(key)}`, { token }), 'lookup', false);
  progressionStore.setState({ viewed });
  return viewed !== null;
}

export function closeLookup(): void {
  progressionStore.setState({ viewed: null, lastError: null, errorFor: null });
}

/** Endorses a player in one dimension (+10); the server says why when it refuses. */
export async function endorse(token: string, player: string, dimension: string): Promise<boolean> {
  const r = await run(() => apiRequest<EndorsementDto>('/api/endorsements', { token, body: { player, dimension } }), 'endorse');
  if (!r) return false;
  pushToast('success', `+${r.points} ${dimensionName(r.dimension)}. They have received ${r.targetReceived} from peers.`, undefined, 'Endorsed');
  const viewed = progressionStore.getState().viewed;
  await Promise.all([loadProgression(token), viewed ? lookUpPlayer(token, viewed.name) : Promise.resolve(false)]);
  requestProfileRefresh({ quiet: true });
  return true;
}

const DIMENSION_NAMES: Record<string, string> = {
  technicalMastery: 'Technical mastery',
  truthScore: 'Truth score',
  impactRating: 'Impact rating',
  teachingHonor: 'Teaching honor',
  artisticVision: 'Artistic vision',
};

/** A reputation dimension in words. */
export function dimensionName(d: string): string {
  return DIMENSION_NAMES[d] ?? d;
}

/** The dimensions in the order of the influence formula. */
export const DIMENSIONS = Object.keys(DIMENSION_NAMES);

/** A snake_case id in words: `vote_investigation_priorities` → "Vote investigation priorities". */
export function words(id: string): string {
  const s = id.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A share in basis points as a percentage: 3333 → "33.33 %"; null → "—". */
export function shareText(bps: number | null): string {
  if (bps === null) return '—';
  return `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)} %`;
}

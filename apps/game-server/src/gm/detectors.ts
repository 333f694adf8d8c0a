/**
 * The fair-play detectors (GAME §9) run where their data is recorded, each a pure rule of
 * `@datavism/rules` over what `@datavism/db` reads set-based; every flag goes into the one flags
 * table (deduplicated per kind, subject and day) and the GMs are told.
 *
 * - progress: XP gained since the previous run vs the registry's `fairplay_xp_per_hour_cap`
 * - wash: trades of the last 10 minutes between the same two players
 * - collusion: endorsement rings, intel-confirmation rings, custom-challenge farms, vote rings
 *   over the last 30 game days
 * - ledger: the ledger invariant and per-account balances vs their legs
 * Automated input is judged in the region rooms' hot path (`inputTiming.ts`).
 */
import {
  customChallengeSolves, endorsementGraph, intelConfirmationGraph, ledgerAudit, recordFlags, voteRingCandidates, washTradeCandidates,
  xpGainsSinceLastRun, type FairPlayFlag,
} from '@datavism/db';
import {
  DEFAULT_FARM_OPTIONS, DEFAULT_RING_OPTIONS, DEFAULT_VOTE_RING_OPTIONS, WASH_MIN_TRADES, WASH_WINDOW_MS, detectChallengeFarms,
  detectImpossibleProgress, detectRings, detectVoteRings, detectWashTrades, ledgerAnomalies, type FlagDraft,
} from '@datavism/rules';
import type { Services } from '../context';
import { alertFlags } from './alerts';

export const DETECTORS = ['progress', 'wash', 'collusion', 'ledger'] as const;
export type Detector = (typeof DETECTORS)[number];

/** The jobs running them, with their cadence (real ms) for a configuration. */
export const DETECTOR_JOBS: Record<Detector, { job: string; everyMs: (s: Services) => number }> = {
  // A game hour (the cap is per game hour), at least a second.
  progress: { job: 'fairplay-progress', everyMs: (s) => Math.max(1000, s.config.durations.hourMs) },
  // Each minute over the 10-minute window (faster when game hours are shorter than a minute).
  wash: { job: 'fairplay-wash', everyMs: (s) => Math.max(1000, Math.min(60_000, s.config.durations.hourMs)) },
  collusion: { job: 'fairplay-collusion', everyMs: (s) => Math.max(5000, s.config.durations.hourMs) },
  ledger: { job: 'ledger-audit', everyMs: (s) => Math.max(10_000, s.config.durations.hourMs) },
};

/** Game days the collusion detectors look back. */
export const COLLUSION_LOOKBACK_DAYS = 30;

async function drafts(s: Services, detector: Detector, now: Date): Promise<FlagDraft[]> {
  const db = s.database.db;
  switch (detector) {
    case 'progress': {
      const { elapsedMs, gains } = await xpGainsSinceLastRun(db, now);
      if (elapsedMs === null) return [];
      return detectImpossibleProgress(gains, {
        elapsedMs, hourMs: s.config.durations.hourMs, capPerHour: s.parameters.get('fairplay_xp_per_hour_cap'),
      });
    }
    case 'wash':
      return detectWashTrades(await washTradeCandidates(db, new Date(now.getTime() - WASH_WINDOW_MS), WASH_MIN_TRADES));
    case 'collusion': {
      const since = new Date(now.getTime() - COLLUSION_LOOKBACK_DAYS * s.config.durations.dayMs);
      const endorsements = await endorsementGraph(db, since, DEFAULT_RING_OPTIONS.minGiven);
      const intel = await intelConfirmationGraph(db, since, DEFAULT_RING_OPTIONS.minGiven);
      return [
        ...detectRings('endorsement_ring', 'endorsements', endorsements.edges, endorsements.totals),
        ...detectRings('intel_ring', 'intel confirmations', intel.edges, intel.totals),
        ...detectChallengeFarms(await customChallengeSolves(db, since, DEFAULT_FARM_OPTIONS.minSolves)),
        ...detectVoteRings(await voteRingCandidates(db, since, DEFAULT_VOTE_RING_OPTIONS.minProposals, DEFAULT_VOTE_RING_OPTIONS.minSize)),
      ];
    }
    case 'ledger': {
      const { lines, mismatches } = await ledgerAudit(db);
      return ledgerAnomalies(lines, mismatches);
    }
  }
}

/** Runs detectors now; stores their new flags and alerts the GMs. Returns the flags raised now. */
export async function runDetectors(s: Services, which: readonly Detector[], now = new Date()): Promise<FairPlayFlag[]> {
  const all: FlagDraft[] = [];
  for (const d of which) all.push(...(await drafts(s, d, now)));
  const flags = await recordFlags(s.database.db, all, now);
  if (flags.length > 0) {
    s.logger.warn({ flags: flags.map((f) => ({ id: f.id, kind: f.kind, players: f.playerIds })) }, 'fair-play flags raised');
    await alertFlags(s, flags);
  }
  return flags;
}

/** Registers one periodic job per detector (a claimed slot each: a restart or a second process never runs one twice). */
export function registerDetectorJobs(s: Services): void {
  for (const d of DETECTORS) {
    const { job, everyMs } = DETECTOR_JOBS[d];
    s.jobs.register(job, async ({ scheduledFor }) => ({ rows: (await runDetectors(s, [d], new Date(Math.max(Date.now(), scheduledFor.getTime())))).length }));
    s.jobs.every(job, everyMs(s));
  }
}

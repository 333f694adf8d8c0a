/**
 * Alts farming custom challenges (GAME §9): a player's custom challenges (GAME §6.4) solved,
 * again and again, by the same account and hardly anyone else — the creator hands the answers to
 * an alt that collects the XP, technicalMastery and cpu_cycles. A pair (creator, solver) is
 * flagged when the solver solved at least `minSolves` of the creator's challenges in the window
 * and made at least `captiveShare` of all their solves.
 */
import { type FlagDraft } from './flags';

export interface CustomSolve {
  creatorId: string;
  solverId: string;
  challengeId: string;
  /** Epoch ms the challenge was created and solved. */
  createdAt: number;
  solvedAt: number;
}

export interface FarmOptions {
  /** @default 3 */
  minSolves: number;
  /** @default 0.75 */
  captiveShare: number;
}

export const DEFAULT_FARM_OPTIONS: FarmOptions = { minSolves: 3, captiveShare: 0.75 };

/** The farming pairs among the solves of custom challenges in a window. */
export function detectChallengeFarms(solves: readonly CustomSolve[], o: FarmOptions = DEFAULT_FARM_OPTIONS): FlagDraft[] {
  const byCreator = new Map<string, CustomSolve[]>();
  for (const s of solves) {
    if (s.creatorId === s.solverId) continue;
    const list = byCreator.get(s.creatorId) ?? [];
    list.push(s);
    byCreator.set(s.creatorId, list);
  }
  const out: FlagDraft[] = [];
  for (const [creatorId, list] of byCreator) {
    const bySolver = new Map<string, CustomSolve[]>();
    for (const s of list) bySolver.set(s.solverId, [...(bySolver.get(s.solverId) ?? []), s]);
    for (const [solverId, mine] of bySolver) {
      const share = mine.length / list.length;
      if (mine.length < o.minSolves || share < o.captiveShare) continue;
      const delays = mine.map((s) => s.solvedAt - s.createdAt).sort((a, b) => a - b);
      out.push({
        kind: 'challenge_farm',
        playerIds: [creatorId, solverId].sort(),
        subject: `${creatorId}>${solverId}`,
        detail: `solved ${mine.length} of this creator's custom challenges, ${Math.round(share * 100)} % of all their solves`,
        evidence: {
          creatorId, solverId, solves: mine.length, creatorSolves: list.length, share: Math.round(share * 1000) / 1000,
          distinctSolvers: bySolver.size, medianSolveDelayMs: delays[delays.length >> 1],
          challenges: mine.map((s) => s.challengeId), thresholds: { ...o },
        },
        count: mine.length,
      });
    }
  }
  return out;
}

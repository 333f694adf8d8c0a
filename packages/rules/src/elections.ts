/**
 * Council elections around the STV count (GAME §7.3): the phase timeline, ballot checks and
 * the BLT export that lets anyone re-run a published count with `npm run count`.
 */

import { GameError } from './errors';
import { ELECTION_PHASE_DAYS } from './governance';
import type { StvElection } from './stv/types';

/** Election phases, in order. `counted` is final. */
export const ELECTION_PHASES = ['nomination', 'campaign', 'voting', 'counted'] as const;
/** An election phase. */
export type ElectionPhase = (typeof ELECTION_PHASES)[number];

/** When each phase of an election ends. */
export interface ElectionTimeline {
  nominationEndsAt: Date;
  campaignEndsAt: Date;
  votingEndsAt: Date;
}

/**
 * The timeline of an election opened at `openedAt`: nomination, campaign and voting phases of
 * `days` (default 7/7/3) game days, a game day lasting `dayMs` real milliseconds.
 * @example electionTimeline(new Date(0), 86_400_000).votingEndsAt // 17 days later
 */
export function electionTimeline(
  openedAt: Date,
  dayMs: number,
  days: { nomination: number; campaign: number; voting: number } = ELECTION_PHASE_DAYS,
): ElectionTimeline {
  const t0 = openedAt.getTime();
  const nominationEndsAt = new Date(t0 + days.nomination * dayMs);
  const campaignEndsAt = new Date(nominationEndsAt.getTime() + days.campaign * dayMs);
  const votingEndsAt = new Date(campaignEndsAt.getTime() + days.voting * dayMs);
  return { nominationEndsAt, campaignEndsAt, votingEndsAt };
}

/**
 * The phase an election is in at `now` by its timeline (`counted` is set by the count only;
 * past the voting end an uncounted election is still `voting`, awaiting its count).
 */
export function electionPhaseAt(t: ElectionTimeline, now: Date): Exclude<ElectionPhase, 'counted'> {
  const x = now.getTime();
  if (x < t.nominationEndsAt.getTime()) return 'nomination';
  if (x < t.campaignEndsAt.getTime()) return 'campaign';
  return 'voting';
}

/**
 * Turns a ballot ranking of candidate ids into 1-based candidate numbers. Throws
 * `BAD_REQUEST` for an empty ranking, an id that is not a candidate, or a repeated one.
 * @param candidateIds the candidates in their number order (candidate n is `candidateIds[n - 1]`)
 */
export function rankingToNumbers(ranking: readonly string[], candidateIds: readonly string[]): number[] {
  if (ranking.length === 0) throw new GameError('BAD_REQUEST', 'a ballot ranks at least one candidate');
  const numberOf = new Map(candidateIds.map((id, i) => [id, i + 1]));
  const seen = new Set<string>();
  return ranking.map((id) => {
    const n = numberOf.get(id);
    if (n === undefined) throw new GameError('BAD_REQUEST', `${id} is not a candidate in this election`);
    if (seen.has(id)) throw new GameError('BAD_REQUEST', `${id} is ranked twice`);
    seen.add(id);
    return n;
  });
}

/** A BLT-safe quoted string: double quotes and line breaks cannot appear inside. */
function quoted(text: string): string {
  return `"${text.replace(/["\r\n#]/g, ' ').replace(/\s+/g, ' ').trim()}"`;
}

/**
 * Writes an election in the BLT format that `parseBlt` (and OpenSTV, ERS, Droop) read.
 * `parseBlt(formatBlt(e))` returns `e` (names with `"`, `#` or line breaks get spaces instead).
 */
export function formatBlt(e: StvElection): string {
  const lines = [`${e.candidates.length} ${e.seats}`];
  if (e.withdrawn.length > 0) lines.push(e.withdrawn.map((n) => `-${n}`).join(' '));
  for (const b of e.ballots) lines.push(`${b.count} ${b.ranking.join(' ')} 0`);
  lines.push('0');
  for (const name of e.candidates) lines.push(quoted(name));
  lines.push(quoted(e.title));
  return `${lines.join('\n')}\n`;
}

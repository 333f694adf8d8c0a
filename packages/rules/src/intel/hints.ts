/**
 * Challenge hints (GAME §4.5: a hint costs data_credits and narrows the search without revealing
 * the answer). Deterministic: the same challenge gives every buyer the same hint, so a hint is
 * recomputed from the stored challenge, never stored itself.
 */
import type { ChallengeData } from './challenges';
import { normaliseAnswer } from './challenges';
import { createRng } from '../random';

/** A hint as a player sees it. */
export interface ChallengeHint {
  text: string;
  /** Generated puzzles: the record ids the tampered one is among (half of them, at least 2). */
  suspects: string[] | null;
}

/**
 * The hint of a challenge:
 * - a generated "tampered record" puzzle: half of its records (rounded up, never fewer than 2),
 *   the tampered one among them, the others picked by a generator seeded from the puzzle's seed;
 * - a custom challenge: how many words and characters its (normalised) answer has.
 * Neither names the answer: at least two suspects remain, and a length is not a word.
 */
export function challengeHint(challenge: { kind: 'generated' | 'custom'; seed: number | null; data: unknown; answer: string }): ChallengeHint {
  const answer = normaliseAnswer(challenge.answer);
  const data = challenge.data as ChallengeData | null;
  if (challenge.kind === 'generated' && data && Array.isArray(data.records) && data.records.length >= 2) {
    const ids = data.records.map((r) => r.id);
    const tampered = ids.find((id) => normaliseAnswer(id) === answer) ?? ids[0]!;
    const keep = Math.max(2, Math.ceil(ids.length / 2));
    const rng = createRng(((challenge.seed ?? 0) ^ 0x5bd1e995) >>> 0);
    const others = ids.filter((id) => id !== tampered);
    // Fisher–Yates on the others, then the first keep − 1 of them.
    for (let i = others.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [others[i], others[j]] = [others[j]!, others[i]!];
    }
    const suspects = [tampered, ...others.slice(0, keep - 1)].sort((a, b) => ids.indexOf(a) - ids.indexOf(b));
    return { text: `The tampered record is one of these ${suspects.length}: ${suspects.join(', ')}.`, suspects };
  }
  const words = answer === '' ? 0 : answer.split(' ').length;
  return { text: `The answer is ${words} word${words === 1 ? '' : 's'}, ${answer.length} character${answer.length === 1 ? '' : 's'} long.`, suspects: null };
}

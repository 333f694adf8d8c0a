/**
 * Skill challenges (GAME §6.4): a deterministic, seeded generator of data puzzles with exactly
 * one server-checkable answer, the rewards of solving, and the custom-challenge bounds.
 *
 * The puzzle: "find the tampered record". A ledger extract of N records carries a checksum
 * per record, `checksum = (amount × a + serial × b) mod 1000`, with `a` coprime to 1000.
 * Exactly one record's amount was altered after its checksum was written; the answer is that
 * record's id. Because `a` is coprime to 1000 and the alteration is not a multiple of 1000,
 * the tampered record always fails the rule and every other record passes it.
 */
import { GameError } from '../errors';
import { createRng, normaliseSeed } from '../random';

/** Smallest and largest generated difficulty. */
export const MIN_CHALLENGE_DIFFICULTY = 1;
export const MAX_CHALLENGE_DIFFICULTY = 5;
/** Checksum modulus of the tampered-record puzzle. */
export const CHECKSUM_MODULUS = 1000;
/** Influence needed to create a custom challenge (GAME §1 unlocks). */
export const CUSTOM_CHALLENGE_MIN_INFLUENCE = 100;
/** Workshop Wednesday bonus is applied by the caller through `activeModifiers(now).challengeXpMultiplier`. */
export const CHALLENGE_REWARD_PER_DIFFICULTY = { technicalMastery: 10, xp: 50, cpuCycles: 20 } as const;

/** Multipliers coprime to 1000 (odd, not a multiple of 5). */
const MULTIPLIERS = [3, 7, 9, 11, 13, 17, 19, 21, 23, 27, 29, 31, 33, 37] as const;
const ACCOUNTS = ['atlas', 'bastion', 'cinder', 'delta', 'ember', 'fathom', 'glyph', 'harbor', 'ion', 'juniper', 'kestrel', 'lumen'] as const;

/** One record of the generated ledger extract. */
export interface ChallengeRecord {
  id: string;
  serial: number;
  account: string;
  amount: number;
  checksum: number;
}

/** The data a client sees: the rule's constants and the table. */
export interface ChallengeData {
  a: number;
  b: number;
  modulus: number;
  columns: readonly ['id', 'serial', 'account', 'amount', 'checksum'];
  records: ChallengeRecord[];
}

/** A generated puzzle. `answer` stays on the server. */
export interface GeneratedChallenge {
  kind: 'tampered_record';
  seed: number;
  difficulty: number;
  title: string;
  prompt: string;
  data: ChallengeData;
  answer: string;
}

/** Records in a puzzle of this difficulty: 6 + 4·difficulty (10 … 26). */
export function challengeRecordCount(difficulty: number): number {
  return 6 + 4 * clampDifficulty(difficulty);
}

function clampDifficulty(d: number): number {
  if (!Number.isFinite(d)) return MIN_CHALLENGE_DIFFICULTY;
  return Math.min(MAX_CHALLENGE_DIFFICULTY, Math.max(MIN_CHALLENGE_DIFFICULTY, Math.trunc(d)));
}

/** True when a record satisfies the checksum rule of `data`. */
export function recordIsConsistent(data: Pick<ChallengeData, 'a' | 'b' | 'modulus'>, r: Pick<ChallengeRecord, 'amount' | 'serial' | 'checksum'>): boolean {
  return (r.amount * data.a + r.serial * data.b) % data.modulus === r.checksum;
}

/** Every record id that breaks the rule — the brute-force solver (exactly one for a generated puzzle). */
export function tamperedRecordIds(data: ChallengeData): string[] {
  return data.records.filter((r) => !recordIsConsistent(data, r)).map((r) => r.id);
}

/**
 * A deterministic puzzle for `(seed, difficulty)`: same inputs, same puzzle, on every process.
 * @example generateChallenge(42, 3).data.records.length // 18
 */
export function generateChallenge(seed: number, difficulty: number): GeneratedChallenge {
  const d = clampDifficulty(difficulty);
  const rng = createRng((Math.imul(normaliseSeed(seed), 2654435761) ^ (d * 0x9e3779b9)) >>> 0);
  const a = rng.pick(MULTIPLIERS);
  const b = rng.int(1, 9);
  const n = challengeRecordCount(d);
  const serials = new Set<number>();
  while (serials.size < n) serials.add(rng.int(1000, 9999));
  const records: ChallengeRecord[] = [...serials].map((serial) => {
    const amount = rng.int(1, 10 ** (2 + d));
    return { id: `R-${serial}`, serial, account: rng.pick(ACCOUNTS), amount, checksum: (amount * a + serial * b) % CHECKSUM_MODULUS };
  });
  const tampered = records[rng.int(0, n - 1)]!;
  // Not a multiple of 1000, so amount·a changes mod 1000; the amount stays positive.
  const delta = rng.int(1, 999) * (tampered.amount > 999 && rng.next() < 0.5 ? -1 : 1);
  tampered.amount += delta;
  const data: ChallengeData = { a, b, modulus: CHECKSUM_MODULUS, columns: ['id', 'serial', 'account', 'amount', 'checksum'], records };
  return {
    kind: 'tampered_record',
    seed: normaliseSeed(seed),
    difficulty: d,
    title: `Tampered ledger (level ${d})`,
    prompt:
      `The Control doctored one record of this ledger extract after its checksum was written. ` +
      `Every honest record satisfies checksum = (amount × ${a} + serial × ${b}) mod ${CHECKSUM_MODULUS}. ` +
      `Answer with the id of the tampered record.`,
    data,
    answer: tampered.id,
  };
}

/** Answers compare trimmed, case-insensitive, with runs of whitespace as one space. */
export function normaliseAnswer(answer: string): string {
  return answer.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** True when `given` is the expected answer. */
export function answerMatches(expected: string, given: string): boolean {
  return normaliseAnswer(expected) === normaliseAnswer(given);
}

/** Generated-challenge difficulty for a player's level: 1 at levels 1–2, … 5 from level 9. */
export function difficultyForLevel(level: number): number {
  return clampDifficulty(1 + Math.floor((Math.max(1, level) - 1) / 2));
}

/** The seed of the day's generated challenge of a difficulty (FNV-1a of `YYYY-MM-DD:d`). */
export function dailyChallengeSeed(day: string, difficulty: number): number {
  const text = `${day}:${clampDifficulty(difficulty)}`;
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** What solving pays. */
export interface ChallengeReward {
  technicalMastery: number;
  xp: number;
  cpuCycles: bigint;
}

/**
 * Reward of a generated challenge: per difficulty level 10 technicalMastery, 50 XP, 20
 * cpu_cycles; XP × `xpMultiplier` (Workshop Wednesday 1.25), rounded down.
 */
export function generatedChallengeReward(difficulty: number, xpMultiplier = 1): ChallengeReward {
  const d = clampDifficulty(difficulty);
  return {
    technicalMastery: CHALLENGE_REWARD_PER_DIFFICULTY.technicalMastery * d,
    xp: Math.floor(CHALLENGE_REWARD_PER_DIFFICULTY.xp * d * xpMultiplier),
    cpuCycles: BigInt(CHALLENGE_REWARD_PER_DIFFICULTY.cpuCycles * d),
  };
}

/**
 * Reward of a custom challenge worth `points`: `points` XP (× `xpMultiplier`, rounded down),
 * `points` cpu_cycles and ⌈points / 10⌉ technicalMastery. Issued by the mint, not the creator.
 */
export function customChallengeReward(points: number, xpMultiplier = 1): ChallengeReward {
  return { technicalMastery: Math.ceil(points / 10), xp: Math.floor(points * xpMultiplier), cpuCycles: BigInt(points) };
}

/**
 * Refuses a custom challenge its creator may not make: influence < 100 or reward points above
 * their influence (`REQUIREMENTS_NOT_MET`); an empty or reversed window (`BAD_REQUEST`).
 */
export function assertCustomChallengeAllowed(input: { creatorInfluence: number; rewardPoints: number; startsAt: Date; endsAt: Date; now: Date }): void {
  const { creatorInfluence, rewardPoints, startsAt, endsAt, now } = input;
  if (creatorInfluence < CUSTOM_CHALLENGE_MIN_INFLUENCE) {
    throw new GameError('REQUIREMENTS_NOT_MET', `custom challenges need influence ≥ ${CUSTOM_CHALLENGE_MIN_INFLUENCE}`);
  }
  if (!Number.isInteger(rewardPoints) || rewardPoints < 1) throw new GameError('BAD_REQUEST', 'reward points must be a positive integer');
  if (rewardPoints > creatorInfluence) {
    throw new GameError('REQUIREMENTS_NOT_MET', `reward points ${rewardPoints} exceed your influence ${Math.floor(creatorInfluence)}`);
  }
  if (endsAt.getTime() <= startsAt.getTime()) throw new GameError('BAD_REQUEST', 'a challenge must end after it starts');
  if (endsAt.getTime() <= now.getTime()) throw new GameError('BAD_REQUEST', 'a challenge must end in the future');
}

/** `CHALLENGE_NOT_OPEN` outside `[startsAt, endsAt)`. */
export function assertChallengeOpen(startsAt: Date, endsAt: Date, now: Date): void {
  const t = now.getTime();
  if (t < startsAt.getTime() || t >= endsAt.getTime()) throw new GameError('CHALLENGE_NOT_OPEN', 'this challenge is not open');
}

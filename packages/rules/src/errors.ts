/**
 * Domain errors shared by every layer of DATAVISM.
 *
 * Rule code and services throw {@link GameError} with a stable {@link ErrorCode};
 * the transport edge (Colyseus room, HTTP route) translates the code into its own
 * error message or status. Rule code never knows about transports.
 */

/** Every stable error code, in one list so edges can validate and map them. */
export const ERROR_CODES = [
  // generic request / auth
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'NAME_TAKEN',
  'INVALID_CREDENTIALS',
  // economy
  'INSUFFICIENT_FUNDS',
  'SOUL_BOUND',
  'ORDER_NOT_FOUND',
  'SLIPPAGE_EXCEEDED',
  'BID_TOO_LOW',
  'AUCTION_CLOSED',
  // map and deployment
  'UNKNOWN_TERRITORY',
  'ALREADY_DEPLOYED',
  'IN_TRANSIT',
  'NOT_DEPLOYED',
  'NOT_ADJACENT',
  'TERRITORY_LIMIT',
  'TERRITORY_NOT_NEUTRAL',
  'UNKNOWN_REGION',
  'WRONG_REGION',
  'HANDOVER_FAILED',
  'SUPERSEDED',
  'LIBERATION_KEY_REQUIRED',
  // parameter registry
  'PARAMETER_OUT_OF_BOUNDS',
  'UNKNOWN_PARAMETER',
  // squads
  'NOT_SQUAD_MEMBER',
  'NOT_SQUAD_OFFICER',
  'NOT_SQUAD_LEADER',
  'ALREADY_IN_SQUAD',
  'SQUAD_FULL',
  'SQUAD_CLOSED',
  'SQUAD_NOT_ACTIVE',
  'REQUIREMENTS_NOT_MET',
  'DECISION_REQUIRED',
  'WITHDRAWAL_LIMIT',
  // sieges
  'SIEGE_COOLDOWN',
  'SIEGE_IN_PROGRESS',
  // governance and decisions
  'DECISION_CLOSED',
  'ALREADY_VOTED',
  'ALREADY_DONE',
  // operations
  'OPERATION_NOT_ACTIVE',
  'OBJECTIVE_COMPLETE',
  'REPLAYED',
  // intel and challenges
  'ALREADY_CONFIRMED',
  'WRONG_ANSWER',
  'CHALLENGE_NOT_OPEN',
  // social: chat channels and moderation
  'CHAT_TOO_LONG',
  'CHAT_RATE_LIMITED',
  'CHANNEL_LOCKED',
  'BLOCKED',
  'MUTED',
  'BANNED',
  'NOT_AUTHOR',
  // progression: endorsements (GAME §1)
  'SELF_ENDORSEMENT',
  'ENDORSED_TODAY',
  'ENDORSED_RECENTLY',
  // mentorship (GAME §8.3)
  'MENTOR_FULL',
  'ALREADY_MENTORED',
  'ALREADY_RATED',
  'PAIRING_NOT_ACTIVE',
  // sinks and the bounty board (GAME §4.5)
  'OWN_CHALLENGE',
  'OWN_BOUNTY',
  'BOUNTY_CLOSED',
  'BOUNTY_NOT_FULFILLED',
  // anything unexpected
  'INTERNAL',
] as const;

/** A stable, transport-independent error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

const ERROR_CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

/** True if `x` is one of {@link ERROR_CODES}. */
export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && ERROR_CODE_SET.has(x);
}

/**
 * A domain error with a stable code.
 *
 * @example
 * throw new GameError('INSUFFICIENT_FUNDS', 'need 500 resistance_credits');
 * @example
 * throw new GameError('INTERNAL', 'ledger write failed', { cause: err });
 */
export class GameError extends Error {
  /** The stable code the edge maps to a transport error. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GameError';
    this.code = code;
  }
}

/** True if `err` is a {@link GameError} (optionally with the given code). */
export function isGameError(err: unknown, code?: ErrorCode): err is GameError {
  return err instanceof GameError && (code === undefined || err.code === code);
}

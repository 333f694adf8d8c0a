// @datavism/rules — pure game rules. Named re-exports only; internals stay unexported.

// ---- core rules: errors, resources, reputation, progression, decay ----
export { GameError, ERROR_CODES, isErrorCode, isGameError, type ErrorCode } from './errors';
export {
  RESOURCES, RESOURCE_INFO, TRADEABLE_RESOURCES, isResource,
  type Resource, type ResourceInfo, type DecayPeriod,
} from './resources';
export {
  REPUTATION_DIMENSIONS, REPUTATION_MIN, REPUTATION_MAX, RANKS, UNLOCKS, DEFAULT_COMBAT_RATING_BASE,
  influence, adjustReputation, rankFor, rankIndex, unlocksFor, hasUnlock, specializations, combatRating, isFounder,
  type Reputation, type ReputationDimension, type InfluenceMultipliers, type Rank, type UnlockId,
  type Specialization, type SpecializationInput,
} from './reputation';
export {
  DEDICATED_RESISTANT_TITLE,
  xpForLevel, levelForXp, xpToNextLevel, utcDay, dayNumber, nextLoginStreak, loginStreakReward,
  type LoginStreakUpdate, type LoginStreakReward,
} from './progression';
export {
  DECAY_PER_DAY_WITHOUT_LOGIN, DECAY_PER_WEEK_WITHOUT_CONTRIBUTION, DECAY_PER_MONTH_WITHOUT_MAJOR_ACTION,
  DECAY_FLOORS, CONTRIBUTOR_MIN_CONTRIBUTIONS, VETERAN_MIN_DAYS_ACTIVE,
  dailyDecay, decayFloor, decayFactor, applyDecay, resourceDecayAmount,
  type InactivityDays, type DecayFloorInput, type ApplyDecayInput,
} from './decay';

// ---- map: hex math, world generation, sieges, calendar ----
export {
  HEX_DIRECTIONS,
  hexDistance, hexNeighbors, areAdjacent, hexEquals, hexToPixel, pixelToHex, hexRound, hexRing, hexesWithin, hexKey,
  type Hex, type PixelPoint,
} from './hex';
export { mulberry32, createRng, normaliseSeed, type Rng } from './random';
export {
  TERRAINS, TERRAIN_YIELDS, TERRAIN_GARRISON, NEUTRAL_SHARE_BPS, DEFAULT_REGIONS, DEFAULT_TERRITORIES_PER_REGION,
  GARRISON_REGROWTH_PERCENT,
  generateWorld, territoryId, regrowGarrison, travelSeconds,
  type Terrain, type Territory, type TerritoryStatus, type Region, type World, type GenerateWorldOptions,
} from './world';
export {
  EXTENDED_OPERATIONS_BATTLE_MULTIPLIER, STRIKE_TEAM_ATTACK_MULTIPLIER, HOLDING_DEFENCE_MULTIPLIER,
  INFILTRATION_DEFENCE_MULTIPLIER, SIEGE_LOSS_IMPACT, SIEGE_WIN_IMPACT, SIEGE_WIN_TECHNICAL_MASTERY,
  siegeTimeline, resolveSiege, siegeCooldownSeconds, siegeCooldownRemainingMs, canDeclareSiege,
  type SiegeTimelineInput, type SiegeTimeline, type SiegeDefender, type SiegeBattle, type SiegeResult,
} from './siege';
export {
  WEEKDAYS, WEEKLY_EVENTS, activeModifiers,
  type Weekday, type WeeklyEvent, type ActiveModifiers,
} from './calendar';

// ---- squads: types, levels, perks, decisions, treasury, finder ----
export {
  SQUAD_TYPES, SQUAD_RECRUITMENT, SQUAD_TYPE_CLASS, CLASS_BOUNDS, SQUAD_LEVEL_THRESHOLDS, LEVEL_CAPS, LEVEL_NAMES, MAX_SQUAD_LEVEL,
  SQUAD_PERKS, DEEP_ANALYSIS_EVIDENCE_MULTIPLIER,
  isSquadType, squadClass, squadPoints, squadLevel, squadLevelName, maxMembers, isSquadActive, squadPerks,
  hasSquadPerk, territoryLimit, decisionPasses,
  type SquadType, type SquadRecruitment, type SquadSummary, type SquadClass, type SquadPerk, type SquadPointsInput,
  type DecisionTally,
} from './squads';
export {
  CONTRIBUTION_WEIGHTS, TREASURY_GUARDIAN_SCORE,
  contributionScoreDelta, isTreasuryGuardian, resourceSharingAllowance, distributeProRata,
  type ProRataShare,
} from './treasury';
export {
  SQUAD_MATCH_MIN_SCORE,
  squadMatchScore, squadMatchParts, findSquads, timezoneDistanceHours,
  type SquadSeeker, type SquadListing, type SquadMatchParts,
} from './squad-finder';

// ---- governance and the parameter registry ----
export {
  PARAMETERS,
  isParameterName, getParameterDef, validateParameterValue, defaultParameters, ParameterSet,
  type ParameterDef, type ParameterName, type ParameterValues, type ParameterProposalKind,
} from './registry';
export {
  PROPOSAL_KINDS, PROPOSAL_RULES, PARAMETER_PROPOSAL_KINDS, MAX_VOTE_WEIGHT, COUNCIL_NAMES, COUNCILS,
  ELECTION_PHASE_DAYS,
  mayPropose, voteWeight, proposalOutcome, mayStandFor,
  type ProposalKind, type ProposalRule, type VoteWeightInput, type ProposalTally, type ProposalOutcome,
  type Council, type CandidateProfile,
} from './governance';

// Elections (STV)
export {
  parseBlt, BltParseError, countStv,
  type StvBallot, type StvElection, type StvOptions, type StvResult, type StvStage, type StvTieBreak,
  type StvTransferValue,
} from './stv/index';

// ---- avatar movement (src/movement.ts) ----
export {
  DEFAULT_MOVEMENT_LIMITS, clampMove, stepMovement,
  type Point, type MovementLimits, type MoveInput, type MovingAvatar,
} from './movement';

// Market
export {
  OrderBook,
  type OrderSide, type SelfTradePrevention, type OrderBookOptions, type LimitOrderRequest, type MarketOrderRequest,
  type Fill, type MatchResult, type RestingOrder, type DepthLevel, type Depth,
} from './market/orderbook';
export {
  quoteSwap, quoteSwapIn, applySwap,
  type PoolReserves, type SwapQuoteRequest, type SwapInQuoteRequest, type SwapResult,
} from './market/swap';
export { takerFee, swapFee } from './market/fees';
export { referencePrice, type ReferencePriceInput } from './market/reference-price';
export {
  DEFAULT_CANDLE_INTERVAL_MS,
  aggregateCandles, updateCandle,
  type Candle, type CandleTrade,
} from './market/candles';

// ---- operations (GAME §6.1) ----
export {
  OPERATION_TYPES, OPERATION_DURATIONS_MS, OPERATION_PHASES, OBJECTIVE_TIERS, OBJECTIVE_KINDS,
  FAILED_OPERATION_PAYOUT_BPS, POINTS_PER_OBJECTIVE_WEIGHT, SQUAD_MISSION_MIN_INFLUENCE,
  operationProgress, isObjectiveRevealed, primaryObjectivesComplete, allObjectivesComplete, operationSucceeded,
  acceptedAmount, contributionPoints, payablePool, operationPayout, operationTimeline, mergeBoard,
  type BoardEntry, type OperationType, type OperationPhase, type ObjectiveTier, type ObjectiveKind, type ObjectiveProgress,
} from './operations';

// ---- exchange: soul-bound checks, pools, auctions (GAME §4.2, §4.3) ----
export {
  AUCTION_MIN_INCREMENT_PERCENT, AUCTION_SNIPING_WINDOW_MS, AUCTION_EXTENSION_MS, AUCTION_ITEM_KINDS,
  assertTransferable, assertPoolResource, swapLegs, minimumBid, assertBidHighEnough, endAfterBid,
  type AuctionItemKind, type SwapDirection,
} from './exchange';

// ---- governance: elections around the STV count (GAME §7.3) ----
export {
  ELECTION_PHASES, electionTimeline, electionPhaseAt, rankingToNumbers, formatBlt,
  type ElectionPhase, type ElectionTimeline,
} from './elections';

// ---- intel: collective intelligence and skill challenges (GAME §6.3, §6.4) ----
export {
  DEFAULT_INTEL_CONFIRMATIONS, INTEL_MIN_DISTINCT_GROUPS, INTEL_MAX_EVIDENCE_CHARS, INTEL_MAX_CLAIM_CHARS,
  VERIFIED_PATTERN_TRUTH_SCORE, VERIFIED_PATTERN_TRUTH_TOKENS, VERIFIED_PATTERN_DATA_CREDITS, TRUTH_SEEKER_XP, INTEL_CATEGORIES,
  normaliseClaimKey, assertIntelCategory, claimKeyOf, distinctGroups, patternVerifies, assertMayConfirm, verifiedPatternReward,
  MIN_CHALLENGE_DIFFICULTY, MAX_CHALLENGE_DIFFICULTY, CHECKSUM_MODULUS, CUSTOM_CHALLENGE_MIN_INFLUENCE, CHALLENGE_REWARD_PER_DIFFICULTY,
  challengeRecordCount, recordIsConsistent, tamperedRecordIds, generateChallenge, normaliseAnswer, answerMatches,
  difficultyForLevel, dailyChallengeSeed, generatedChallengeReward, customChallengeReward, assertCustomChallengeAllowed,
  assertChallengeOpen,
  type IntelConfirmer, type ChallengeRecord, type ChallengeData, type GeneratedChallenge, type ChallengeReward,
} from './intel/index';

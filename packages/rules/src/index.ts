// @datavism/rules — pure game rules. Named re-exports only; internals stay unexported.

// ---- core rules: errors, resources, reputation, progression, decay ----
export { GameError, ERROR_CODES, isErrorCode, isGameError, type ErrorCode } from './errors';
export {
  RESOURCES, RESOURCE_INFO, TRADEABLE_RESOURCES, isResource,
  type Resource, type ResourceInfo, type DecayPeriod,
} from './resources';
export {
  REPUTATION_DIMENSIONS, REPUTATION_MIN, REPUTATION_MAX, RANKS, UNLOCKS, DEFAULT_COMBAT_RATING_BASE, SPECIALIZATION_THRESHOLDS,
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
  BADGE_RARITIES, ACHIEVEMENTS, CLASSIFIED, LEVEL_10_XP, BOSS_SLAYER_MIN_GARRISON, SPEED_DEMON_GAME_HOURS, SQUAD_FOUNDER_LEVEL,
  MENTOR_MASTER_GRADUATIONS, COMMUNITY_PILLAR_POINTS, MASS_AWAKENING_PLAYERS, SECRET_MISSION_HANDLERS,
  isAchievementId, achievementDef, reachesLevel10, holdsAllPaths, slaysBoss, isSpeedRun, foundsSquad, mastersMentoring,
  isCommunityPillar, awakensMasses, completesGhostProtocol, isRevelation, codexEntry, codex, holdersShareBps,
  type BadgeRarity, type AchievementDef, type AchievementId, type CodexEntry,
} from './achievements';
export {
  ENDORSEMENT_POINTS, ENDORSER_MIN_INFLUENCE, ENDORSEMENT_PAIR_COOLDOWN_DAYS,
  gameDay, assertMayEndorse,
  type EndorsementCheck,
} from './endorsements';
export {
  MENTOR_TEACHING_HONOR_PER_SKILL, MENTOR_INFLUENCE_POINTS_PER_RATING, MASTER_TEACHER_TITLE, MASTER_TEACHER_MIN_GRADUATIONS,
  mentorReward, isMasterTeacher, evidenceHalves, evidenceFromHalves, operationLeader,
  type MentorReward,
} from './progressionSources';
export {
  MENTOR_MIN_INFLUENCE, DEFAULT_MENTOR_MAX_MENTEES, MENTOR_MATCH_MIN_SCORE, GRADUATION_MIN_LESSONS, GRADUATION_MIN_SKILLS_IMPROVED,
  SKILL_IMPROVED_POINTS, COOP_WINDOW_GAME_HOURS, MENTEE_XP_BONUS_PERCENT, MENTOR_MAINTENANCE_POINTS, SKILL_GAP_DIMENSIONS, MENTORING_STYLES,
  skillGapFit, compatibilityParts, compatibility, matchMentors, assertMayMentor, assertPreferences, skillGrowth, skillsImproved,
  assertMayGraduate, menteeXp, isCoopSolve, maintenanceWeek, absorbDecay, assertRating,
  type MentoringStyle, type MentoringPreferences, type CompatibilityParts, type MentorCandidate, type MentorOffer,
} from './mentorship';
export {
  FOUNDER_TITLE,
  influenceBreakdown, rankProgress, unlockProgress, playerTitles,
  type InfluenceBreakdown, type RankProgress, type UnlockProgress,
} from './profile';
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
  RESTRICTED_TERRAINS, RESTRICTED_SHARE_BPS, RESTRICTED_GARRISON_MULTIPLIER, RESTRICTED_YIELD_MULTIPLIER,
  RESTRICTED_DEPLOY_KEYS, restrictedRank, restrictedCount,
  generateWorld, territoryId, regrowGarrison, travelSeconds,
  type Terrain, type Territory, type TerritoryStatus, type Region, type World, type GenerateWorldOptions,
} from './world';
export {
  EXTENDED_OPERATIONS_BATTLE_MULTIPLIER, STRIKE_TEAM_ATTACK_MULTIPLIER, HOLDING_DEFENCE_MULTIPLIER,
  INFILTRATION_DEFENCE_MULTIPLIER, SIEGE_LOSS_IMPACT, SIEGE_WIN_IMPACT, SIEGE_WIN_TECHNICAL_MASTERY,
  siegeTimeline, resolveSiege, resolveBattle, siegeCooldownSeconds, siegeCooldownRemainingMs, canDeclareSiege,
  type SiegeTimelineInput, type SiegeTimeline, type SiegeDefender, type SiegeBattle, type SiegeResult,
} from './siege';
export {
  isCounterSiegeHour, counterSiegeStrength, pickCounterSieges, resolveCounterSiege,
  type CounterSiegeCandidate, type CounterSiegeTarget, type PickCounterSiegesInput, type CounterSiegeBattle,
} from './counterSiege';
export {
  WEEKDAYS, WEEKLY_EVENTS, activeModifiers,
  type Weekday, type WeeklyEvent, type ActiveModifiers,
} from './calendar';

// ---- leaderboards: boards, the weekly season, order and rank, rewards (GAME §5.1, §6.5) ----
export {
  LEADERBOARDS, ALL_TIME_PERIOD, REWARDED_PLACES, DEFAULT_LEADERBOARD_REWARDS,
  isLeaderboardKey, leaderboardDef, leaderboardWeek, leaderboardWeekById, nextLeaderboardWeek, weekHasEnded,
  compareStandings, rankStandings, leaderboardReward, leaderboardRewards, leaderboardRewardParams, influenceHundredths, influenceGain,
  formatLeaderboardScore,
  type LeaderboardDef, type LeaderboardKey, type LeaderboardSubject, type LeaderboardWeek, type StandingInput,
  type RankedStanding, type LeaderboardRewardParams,
} from './leaderboards';

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

// ---- notifications: tiers, relevance, digest (GAME §8.2) ----
export {
  NOTIFICATION_TIERS, NOTIFICATION_KIND_TIERS, NOTIFICATION_KINDS, NOTIFICATION_CHANNELS, NOTIFICATION_TOPICS,
  DEFAULT_CHANNEL_TIERS, IMPORTANT_DELAY_GAME_MINUTES, REGULAR_DELAY_GAME_HOURS, OUT_OF_GAME_MIN_RELEVANCE,
  DIGEST_MERGE_THRESHOLD, DIGEST_MAX_LINES, BROADCAST_ACTIVE_DAYS,
  isNotificationTier, defaultTier, deliverAt, nextDigestAt, relevancePoints, notificationRelevance, isNotified,
  mayLeaveGame, mergesIntoDigest, digestText,
  type NotificationTier, type NotificationKind, type NotificationChannel, type NotificationTopic, type GameDurations,
  type RelevanceInput, type DigestItem,
} from './notifications/index';

// ---- social: chat channels and gates, chat text and rate, word filter (GAME §8.1) ----
export {
  GATED_CHANNELS, MAX_CHANNEL_KEY_LENGTH,
  parseChannel, dmChannel, squadChannelKey, handlerChannelKey, councilChannelKey, hasRole, activeUnlock, channelAccess,
  assertMayPost, nextGateToUnlock, unlockExpiry, openGatedChannels,
  charCount, stripChatText, sanitizeChatText, chatRateAllows,
  FILTER_WHITELIST, FILTER_TERM_MAX, normaliseFilterTerm, createWordFilter,
  type GatedChannel, type ChannelRef, type GateUnlock, type SocialRole, type ChannelViewer, type ChannelAccess,
  type FilterResult, type WordFilter,
} from './social/index';

// ---- game-masters: community health, fair-play detectors (GAME §9) ----
export {
  HEALTH_WEIGHTS, HEALTH_ALERT_THRESHOLDS, normalisedEntropy, healthInputs, healthScore, healthAlerts, communityHealth,
  type HealthCounts, type HealthInputs, type HealthAlert, type HealthAlertKind,
} from './health';
export * from './fairplay/index';

// ---- onboarding: the winnable start, the tutorial chain, the calendar's next event (docs/onboarding.md) ----
export {
  NEW_SQUAD_STRENGTH, STARTING_REACH, WINNABLE_TARGETS_PER_START, OUTPOST_GARRISON, GARRISON_DISTANCE_PERCENT,
  garrisonDistancePercent, startingDistances, winnableTargetsNear,
} from './world';
export {
  TUTORIAL_STEP_IDS, TUTORIAL_STEPS, isTutorialStepId, tutorialStep, tutorialRewardTotals, tutorialChain, tutorialRewardText, tutorialNoticeText,
  type TutorialStepId, type TutorialPanel, type TutorialReward, type TutorialStep, type TutorialStepState, type TutorialChain,
} from './tutorial';
export { CALENDAR_EVENT_TITLES, calendarOutlook, type CalendarEventKey, type CalendarDay } from './calendar';

// ---- sinks and the bounty board (GAME §4.5) ----
export {
  BOUNTY_KINDS, BOUNTY_CLAIM_STAKE, BOUNTY_MIN_HOURS, BOUNTY_MAX_HOURS, BOUNTY_MAX_TITLE_CHARS,
  validateBountyPost, assertBountyTarget, assertMayClaimBounty, bountyFulfilled,
  type BountyKind, type BountyStatus, type BountyTerms, type BountyFulfilmentFacts,
} from './bounties';
export { CANDIDACY_DEPOSIT_TRUTH_TOKENS, cappedCustomChallengePoints, assertNotOwnChallenge } from './sinks';
export { challengeHint, type ChallengeHint } from './intel/hints';

// ---- engagement: churn risk and its interventions, the daily bundle's pure parts (GAME §8.4) ----
export {
  CHURN_WEIGHTS, CHURN_LIMITS, CHURN_RISK_CAP, CHURN_HIGH_ABOVE, CHURN_ELEVATED_ABOVE, CHURN_WEEK_DAYS, CHURN_SCORED_WITHIN_DAYS,
  CHURN_INTERVENTION_COOLDOWN_DAYS, CHURN_INTERVENTIONS, INTERVENTION_KINDS, TRENDING_WINDOW_HOURS, HANDLER_CHECKIN_MESSAGE, CHURN_NOTIFICATIONS,
  churnTerms, churnTier, churnRisk, interventionsFor, easierChallengeDifficulty, loginBonusOutlook, suggestSquad,
  type ChurnTier, type InterventionKind, type ChurnInputs, type ChurnTerms, type ChurnScore, type LoginBonusOutlook, type SquadOpening,
} from './engagement';

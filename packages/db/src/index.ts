// @datavism/db — persistence for DATAVISM on Postgres or PGlite. Named re-exports only.

// ---- schema and connection ----
export * as schema from './schema/index';
export {
  PLAYER_ROLES, TERRITORY_STATUSES, ACCOUNT_KINDS, JOB_RUN_STATUSES,
  type PlayerRole, type AccountKind, type JobRunStatus,
} from './schema/index';
export { openDatabase, type Database, type Db, type Tx, type OpenDatabaseOptions } from './client';

// ---- ledger (GAME §4) ----
export {
  withTransaction, accountId, transfer, mint, burn, balanceOf, balancesOf, ledgerInvariant,
  type AccountRef, type TransferInput, type TransferResult, type LedgerInvariantLine,
} from './ledger';

// ---- players, login streak (GAME §1, §1.3) ----
export {
  createPlayer, findPlayerByName, getPlayer, setPlayerRole, playerProfile, recordDailyLogin, recordDailyLoginTx,
  type Player, type PlayerProfile, type CreatePlayerInput, type DailyLoginResult,
} from './players';

// ---- world map (GAME §3.1, §3.4) ----
export {
  saveWorld, worldExists, loadWorld, deployPlayer, regrowGarrisons,
  type LoadedWorld, type StoredTerritory,
} from './world';

// ---- decay workers (GAME §1.2, §4) ----
export { applyReputationDecay, decayResource } from './decay';

// ---- parameter registry (GAME §10) ----
export {
  loadParameters, setParameter, parameterChanges,
  type SetParameterInput, type ParameterChange,
} from './parameters';

// ---- jobs ----
export {
  claimJobRun, finishJobRun, listJobRuns, lastJobSlot, beatJobProcess, endJobProcess, JOB_LEASE_SECONDS, scheduleJob, scheduleJobsTx, scheduledJob, dueJobs, markJobDone, pendingJobs,
  type JobRun, type ScheduledJob, type ClaimJobRunInput, type ScheduleJobInput, type Deadlines,
} from './jobs';

// ---- testing ----
export { createTestDatabase, type TestDatabase } from './testing';

// ---- game-masters: world control, roles, reward reversal, fair-play flags, community health (GAME §9) ----
export {
  gameMasters, controlTerritory, listTerritoriesForGm, unknownTerritoryIds, changePlayerRole, findPlayersByPrefix, findSquadsByPrefix, rewardsOfPlayer, reverseRewardTx, jobRunsForGm,
  type StaffActor, type TerritoryChange, type TerritoryListing, type RewardTransfer,
} from './gm';
export {
  recordFlags, listFlags, flagCounts, lockFlagTx, decideFlagTx,
  type FairPlayFlag, type FlagFilter, type FlagDecision,
} from './fairplay-flags';
export {
  xpGainsSinceLastRun, washTradeCandidates, endorsementGraph, intelConfirmationGraph, customChallengeSolves, voteRingCandidates, ledgerAudit,
  type GiveGraph,
} from './fairplay-data';
export { communityHealthCounts, computeCommunityHealth, communityHealthHistory, type HealthSnapshot } from './health';
export { FLAG_STATUSES, type FlagStatus } from './schema/index';

// ---- operations (GAME §6) ----
export {
  createOperation, getOperationRow, listObjectives, publicObjectives, progressOf, topContributors, participantCounts,
  handlerMessages, postHandlerMessage, listOperationsIn, advancePhase, setOperationTimes, joinOperation,
  contributeToOperation, recordObjectiveProgressTx, territoryLiberatedTx, resolveOperation,
  seedOperationTemplates, listOperationTemplates, getOperationTemplate, saveOperationTemplate, recordTriggerSignature,
  squadIdOfPlayer, squadMemberReputations, occupiedTerritoryIds, operationPayouts,
  type OperationRow, type OperationPayoutLine, type ObjectiveRow, type NewObjective, type CreateOperationInput, type PublicObjective,
  type TopContributor, type ProgressResult, type ContributeInput, type Resolution,
} from './operations';
export { contributeBatch, type QueuedContribution, type ContributionOutcome, type BatchResult } from './operationBatch';

// ---- territory ----
export {
  claimTerritory, declareSiege, getSiege, liveSieges, beginSiegeBattles, dueSieges, siegeStrengths, resolveSiegeNow,
  payTerritoryIncome, revertAbandonedTerritories, squadMemberIds, squadsOfPlayers,
  AC_NAME,
  type SquadStanding, type SiegeView, type SiegeStrengths, type DeclareSiegeInput,
} from './territory';
export {
  declareCounterSieges, counterSiegeCandidatesTx,
  type DeclareCounterSiegesInput, type CounterSiegeStrike,
} from './counter-sieges';

// ---- market (GAME §4.1) ----
export {
  playerAccountIds, marketSystemAccountId, lockBalances, marketBalanceKey, findOrdersByClientId, loadOpenOrders,
  lastOrderSeq, openOrdersOfPlayer, listMarketTrades, listMarketCandles,
  writeMarketBatch, commitMarketBatch, marketEscrowCheck,
  type StoredOrder, type NewMarketOrder, type MarketOrderUpdate, type NewMarketTrade, type StoredTrade, type StoredCandle,
  type MarketLedgerMove, type MarketBatch, type MarketEscrowLine,
} from './market';

// ---- exchange: liquidity pools, auctions (GAME §4.2, §4.3) ----
export {
  seedPools, listPools, getPool, swapOnPool, swapOnPoolTx,
  createAuction, placeBid, settleAuction, dueAuctionIds, listAuctions, auctionBidHistory,
  type PoolState, type PoolSeed, type SwapInput, type SwapReceipt, type Auction, type AuctionView,
  type CreateAuctionInput, type PlaceBidInput, type BidReceipt, type SettleResult,
} from './exchange';

// ---- governance (GAME §7, §10) ----
export {
  CONTENT_PROPOSAL_ARTISTIC_VISION,
  voterProfile, eligibleVoteWeight, createProposal, castVote, closeProposal, overdueProposalIds, getProposal,
  listProposals, votesOf, proposalVoteRows, ensureCouncils, listCouncils, openElection, getElection, listElections,
  listCandidates, standForElection, withdrawCandidacy, castBallot, ballotOf, advanceElectionPhase, electionForCount, recordElectionResult,
  type Proposal, type Election, type ElectionCandidate, type VoterProfile, type CreateProposalInput,
  type ProposalTallyRow, type CastVoteResult, type ClosedProposal, type CouncilView, type OpenElectionInput,
} from './governance';

// ---- squads ----
export {
  SQUAD_RECRUITMENT, SQUAD_ROLES, SQUAD_DECISION_KINDS, SQUAD_DECISION_STATUSES,
  type SquadRecruitment, type SquadRole, type SquadDecisionKind, type SquadDecisionStatus,
} from './schema/index';
export {
  getSquad, squadMembers, squadOfPlayer, refreshSquadLevel, squadLevelState, playerInfluence,
  requireMember, requireOfficer, requireLeader, checkJoinRequirements,
  createSquad, joinSquad, applyToSquad, pendingApplications, decideApplication, leaveSquad, kickMember,
  removeMemberTx, setMemberRole, setRecruitment, setRecruitmentTx, listSquads,
  type Squad, type SquadMember, type SquadLevelState, type CreateSquadInput, type SquadApplication,
  type LeaveResult, type RecruitmentSettings, type SquadSummary,
} from './squads';
export {
  TREASURY_GUARDIAN_TITLE,
  contributeToTreasury, withdrawalAllowance, withdrawFromTreasury,
  type ContributionResult, type WithdrawalAllowance,
} from './squad-treasury';
export {
  proposeDecision, getDecision, squadDecisionList, castDecisionVote, closeDecision, overdueDecisions,
  failDecisionExecution, noteDecisionResult,
  type SquadDecisionPayload, type SquadDecisionView, type DecisionCloseResult,
} from './squad-decisions';

// ---- intel: collective intelligence and skill challenges (GAME §6.3, §6.4) ----
export {
  FIRST_CHALLENGE_XP,
  submitIntel, confirmIntel, setClaimOperation, listIntelClaims,
  ensureDailyChallenge, createCustomChallenge, getChallenge, listOpenChallenges, solveChallenge,
  type IntelClaimRow, type ChallengeRow, type VerifiedPattern, type IntelOutcome, type IntelActionInput, type IntelClaimView,
  type CreateCustomChallengeInput, type SolveInput, type SolveResult,
} from './intel';

// ---- sinks and the bounty board (GAME §4.5) ----
export {
  postBounty, claimBounty, refundBounty, overdueBountyIds, listOpenBounties, listPlayerBounties, getBountyView,
  type BountyRow, type BountyView, type BountyClaimOutcome, type PostBountyInput,
} from './bounties';
export {
  runInvestigationActionTx, buyChallengeHint, customPointsPaidTodayTx,
  type InvestigationAction, type HintPurchase,
} from './sinks';

// ---- notifications: fan-out, delivery and digest, inbox, settings, outbox (GAME §8.2) ----
export { OUTBOX_STATUSES, type OutboxStatus } from './schema/index';
export {
  writeNotificationTx, writePersonalNotificationsTx, deliverDueNotifications, notificationsByIds,
  type NotificationAudience, type NewNotification, type PersonalNotification, type NotificationRecipientRow,
  type WrittenNotifications, type DeliverDueInput, type DeliveryResult, type StoredNotification,
} from './notifications';
export {
  DEFAULT_NOTIFICATION_SETTINGS,
  notificationInbox, digestItems, unreadNotificationCount, markNotificationRead, markAllNotificationsRead,
  notificationSettings, saveNotificationSettings,
  type InboxEntry, type InboxQuery, type NotificationSettings,
} from './notification-inbox';
export {
  claimOutbox, completeOutbox, failOutbox, outboxEntries, outboxCounts, requeueOutbox,
  type OutboxClaim, type ClaimOutboxInput, type OutboxEntry,
} from './notification-outbox';
export {
  operationQualifiers, proposalNonVoters, proposalsClosingBy, type ClosingProposal,
} from './notification-audiences';

// ---- audit log of moderator and GM actions (GAME §9) ----
export { writeAudit, listAudit, type AuditEntry, type AuditLine, type AuditFilter } from './audit';

// ---- social: chat channels, history, read markers, blocks, gates, moderation (GAME §8.1, §9) ----
export {
  channelRef, socialViewer, activeMute, isBanned, postSocialMessage, getSocialMessage, channelHistory, removeSocialMessage,
  sittingCouncilMembers,
  type SocialMessage, type SocialViewer, type PostSocialMessageInput, type HistoryPage, type RemoveMessageInput,
} from './social';
export {
  UNREAD_CAP, markChannelRead, unreadCounts, dmThreadsOf, handlerThreads, closeHandlerThread,
  type UnreadCount, type HandlerThread,
} from './social-threads';
export { blockedEitherWay, blockPlayer, unblockPlayer, blockList, blockedByEach } from './social-blocks';
export {
  reportMessage, reportQueue, dismissReport, mutePlayer, unmutePlayer, activeMutes, banPlayer, unbanPlayer, activeBans,
  filterTerms, addFilterTerm, removeFilterTerm, chatToxicity,
  type Moderator, type ReportView, type MuteView, type BanView,
} from './social-moderation';
export { unlockNextGate, type GateUnlockResult } from './social-gates';

// ---- progression: achievements, reputation and squad sources, endorsements, profiles (GAME §1, §2, §5) ----
export {
  grantAchievementsTx, grantAchievement, playerAchievements, badgeShares, storedAchievements, refreshBadgeShares,
  claimAnnouncements, completeAnnouncements,
  type Grantees, type EarnedAchievement, type AchievementAnnouncement,
} from './achievements';
export {
  parameterSql, raiseReputationTx, checkAllPathsTx, relevelSquadsTx, squadsReachedLevelTx, recordSquadFounderTx,
  objectivesCompletedTx, evidenceGatheredTx, recordFailedActionsTx, operationResolvedTx, playersRewardedByLeader,
  contentProposalPassedTx, rewardMentor,
  type OperationFacts, type OperationProgression, type MentorRewardResult, type RewardMentorInput,
} from './progression';
export {
  recordEndorsement, endorsementStatus,
  type EndorseInput, type EndorsementResult, type EndorsementLine, type EndorsementStatus,
} from './endorsements';
export { profileData, type ProfileData, type ProfileSquad } from './profiles';

// ---- mentorship: mentors, asks, matching, pairings, lessons, graduation, ratings (GAME §8.3, §1.2) ----
export {
  registerMentor, askForMentor, mentoringPreferences, mentorOffers, mentorMaxMentees, requestMentor, acceptMentee, declineMentee,
  endMentorship,
  type MentorProfile, type MentorOfferView, type PairingRow,
} from './mentorship';
export {
  assignLesson, mentorshipLessonSolvedTx, coopChallenges, graduateMentee, rateMentorship, playerMentorships, maintenancePoints,
  type LessonCompleted, type GraduationResult, type RatingResult, type LessonView, type PairingView,
} from './mentorship-lessons';

// ---- leaderboards: scores, standings, rank counts, the weekly close, seasons (GAME §5.1, §6.5) ----
export {
  leaderboardTop, leaderboardAround, leaderboardEntries, countScoresAbove, foldLeaderboardRanks, recordSiegeWinTx,
  leaderboardBoards, LEADERBOARD_LOCK,
  type Standing, type AroundStanding,
} from './leaderboards';
export {
  freezeLeaderboardWeek, settleLeaderboardSeason, closeEndedLeaderboardWeeks, listLeaderboardSeasons, getLeaderboardSeason,
  leaderboardTitles,
  type LeaderboardSeason, type LeaderboardAward,
} from './leaderboard-seasons';

// ---- onboarding: the tutorial chain's missions and rewards, the briefing mark (docs/onboarding.md) ----
export {
  recordTutorialStep, tutorialSteps, claimTutorialGrants, payTutorialReward, completeTutorialGrants,
  briefingSeenAt, markBriefingSeen, latestOperationOfTemplate, siegePreviewTarget,
  type TutorialStepRow, type TutorialGrant, type SiegePreviewTarget,
} from './tutorial';

// ---- engagement: sessions, squad interactions, failed challenges, the churn pass, the bundle's reads (GAME §8.4) ----
export {
  recordSession, recordFailedChallenge, engagementWeek, runChurnPass, interventionAudience, churnRuns, scoredPlayers, churnScoreNow, interventionsOf,
  ENGAGEMENT_ACTIVITY_KEPT_DAYS, CHURN_HISTORY_DAYS,
  type ChurnPassInput, type ChurnRun, type ChurnScoreRow, type ScoredPlayer,
} from './engagement';
export {
  squadObjective, trendingOperation, liveOperationsOf, type SquadObjective, type TrendingOperation, type JoinedOperation,
} from './engagement-bundle';

// ---- Web Push subscriptions (docs/notifications.md "Web Push") ----
export {
  savePushSubscription, deletePushSubscription, deleteGonePushSubscription, pushSubscriptionsOf,
  type PushSubscriptionRow, type SavePushSubscriptionInput, type SavePushSubscriptionResult,
} from './push-subscriptions';

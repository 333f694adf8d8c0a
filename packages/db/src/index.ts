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
  claimJobRun, finishJobRun, listJobRuns, scheduleJob, dueJobs, markJobDone, pendingJobs,
  type JobRun, type ScheduledJob, type ClaimJobRunInput, type ScheduleJobInput,
} from './jobs';

// ---- testing ----
export { createTestDatabase, type TestDatabase } from './testing';

// ---- game-master world control (GAME §9) ----
export { controlTerritory } from './gm';

// ---- operations (GAME §6) ----
export {
  createOperation, getOperationRow, listObjectives, publicObjectives, progressOf, topContributors, participantCounts,
  handlerMessages, postHandlerMessage, listOperationsIn, advancePhase, setOperationTimes, joinOperation,
  contributeToOperation, recordObjectiveProgressTx, territoryLiberatedTx, resolveOperation,
  seedOperationTemplates, listOperationTemplates, getOperationTemplate, saveOperationTemplate, recordTriggerSignature,
  closeWeeklyLeaderboard, squadIdOfPlayer, squadMemberReputations, occupiedTerritoryIds,
  type OperationRow, type ObjectiveRow, type NewObjective, type CreateOperationInput, type PublicObjective,
  type TopContributor, type ProgressResult, type ContributeInput, type Resolution, type LeaderboardWinner,
} from './operations';
export { contributeBatch, type QueuedContribution, type ContributionOutcome, type BatchResult } from './operationBatch';

// ---- territory ----
export {
  claimTerritory, declareSiege, getSiege, liveSieges, beginSiegeBattles, dueSieges, siegeStrengths, resolveSiegeNow,
  payTerritoryIncome, revertAbandonedTerritories, squadMemberIds, squadsOfPlayers,
  type SquadStanding, type SiegeView, type SiegeStrengths, type DeclareSiegeInput,
} from './territory';

// ---- market (GAME §4.1) ----
export {
  playerAccountIds, marketSystemAccountId, lockBalances, marketBalanceKey, findOrdersByClientId, loadOpenOrders,
  lastOrderSeq, openOrdersOfPlayer, listMarketTrades, listMarketCandles, listFairPlayFlags,
  writeMarketBatch, commitMarketBatch, marketEscrowCheck,
  type StoredOrder, type NewMarketOrder, type MarketOrderUpdate, type NewMarketTrade, type StoredTrade, type StoredCandle,
  type MarketLedgerMove, type NewFairPlayFlag, type StoredFairPlayFlag, type MarketBatch, type MarketEscrowLine,
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
  contributeToTreasury, withdrawalAllowance, withdrawFromTreasury, postSquadChat, squadChatHistory,
  type ContributionResult, type WithdrawalAllowance, type SquadChatLine,
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

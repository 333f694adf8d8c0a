import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { players } from './players';

/** Proposal kinds (GAME §7.1), as stored. */
export const PROPOSAL_KIND_VALUES = ['feature', 'balance', 'content', 'economic', 'emergency'] as const;
/** Proposal states: open until its deadline, then passed or rejected. */
export const PROPOSAL_STATUSES = ['open', 'passed', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/**
 * A governance proposal. Live tallies (yes/no weight, voters) are kept on the row by every
 * vote in the vote's transaction; the close recomputes them from `proposal_votes`.
 */
export const proposals = pgTable(
  'proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: PROPOSAL_KIND_VALUES }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    authorId: uuid('author_id').notNull().references(() => players.id),
    /** A client retry key: a second `propose` with the same key returns the first proposal. */
    requestKey: text('request_key'),
    parameterName: text('parameter_name'),
    parameterValue: doublePrecision('parameter_value'),
    deposit: bigint('deposit', { mode: 'bigint' }).notNull(),
    status: text('status', { enum: PROPOSAL_STATUSES }).notNull().default('open'),
    yesWeight: doublePrecision('yes_weight').notNull().default(0),
    noWeight: doublePrecision('no_weight').notNull().default(0),
    voters: integer('voters').notNull().default(0),
    /** Eligible weight at the close (Σ vote weight of every player). */
    eligibleWeight: doublePrecision('eligible_weight'),
    quorumReached: boolean('quorum_reached'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    unique('proposals_author_request_key_unique').on(t.authorId, t.requestKey),
    index('proposals_status_closes_at_idx').on(t.status, t.closesAt),
    check('proposals_kind_check', sql`${t.kind} in ('feature', 'balance', 'content', 'economic', 'emergency')`),
    check('proposals_status_check', sql`${t.status} in ('open', 'passed', 'rejected')`),
    check('proposals_deposit_non_negative', sql`${t.deposit} >= 0`),
  ],
);

/** One vote per player per proposal (the primary key); a changed vote updates the row. */
export const proposalVotes = pgTable(
  'proposal_votes',
  {
    proposalId: uuid('proposal_id').notNull().references(() => proposals.id),
    playerId: uuid('player_id').notNull().references(() => players.id),
    support: boolean('support').notNull(),
    weight: doublePrecision('weight').notNull(),
    castAt: timestamp('cast_at', { withTimezone: true }).notNull().defaultNow(),
    changes: integer('changes').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'proposal_votes_pk', columns: [t.proposalId, t.playerId] }),
    check('proposal_votes_weight_range', sql`${t.weight} > 0 and ${t.weight} <= 10`),
  ],
);

/** The four councils (GAME §7.3) with the chat-channel flag the chat feature will read. */
export const councils = pgTable('councils', {
  name: text('name').primaryKey(),
  channelEnabled: boolean('channel_enabled').notNull().default(true),
});

/** Election phases as stored. */
export const ELECTION_PHASE_VALUES = ['nomination', 'campaign', 'voting', 'counted'] as const;

/** A council election; `result` is the published STV count (every stage) with its seed. */
export const elections = pgTable(
  'elections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    council: text('council').notNull(),
    seats: integer('seats').notNull(),
    phase: text('phase', { enum: ELECTION_PHASE_VALUES }).notNull().default('nomination'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    nominationEndsAt: timestamp('nomination_ends_at', { withTimezone: true }).notNull(),
    campaignEndsAt: timestamp('campaign_ends_at', { withTimezone: true }).notNull(),
    votingEndsAt: timestamp('voting_ends_at', { withTimezone: true }).notNull(),
    termEndsAt: timestamp('term_ends_at', { withTimezone: true }),
    seed: text('seed'),
    result: jsonb('result'),
    countedAt: timestamp('counted_at', { withTimezone: true }),
  },
  (t) => [
    index('elections_council_idx').on(t.council),
    check('elections_phase_check', sql`${t.phase} in ('nomination', 'campaign', 'voting', 'counted')`),
  ],
);

/** A candidate standing in an election; `number` is the 1-based BLT candidate number. */
export const electionCandidates = pgTable(
  'election_candidates',
  {
    electionId: uuid('election_id').notNull().references(() => elections.id),
    playerId: uuid('player_id').notNull().references(() => players.id),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    statement: text('statement').notNull().default(''),
    nominatedAt: timestamp('nominated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when the candidate withdrew (BLT `withdrawn`: the count skips them). */
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'election_candidates_pk', columns: [t.electionId, t.playerId] }),
    unique('election_candidates_number_unique').on(t.electionId, t.number),
  ],
);

/** One ranked ballot per player per election (the primary key), editable until the close. */
export const electionBallots = pgTable(
  'election_ballots',
  {
    electionId: uuid('election_id').notNull().references(() => elections.id),
    playerId: uuid('player_id').notNull().references(() => players.id),
    /** Candidate numbers, first preference first. */
    ranking: integer('ranking').array().notNull(),
    castAt: timestamp('cast_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'election_ballots_pk', columns: [t.electionId, t.playerId] })],
);

/** Members of a council for a term, from the election that elected them. */
export const councilMembers = pgTable(
  'council_members',
  {
    council: text('council').notNull(),
    playerId: uuid('player_id').notNull().references(() => players.id),
    electionId: uuid('election_id').notNull().references(() => elections.id),
    /** Order of election (1 = first elected). */
    seat: integer('seat').notNull(),
    termStartsAt: timestamp('term_starts_at', { withTimezone: true }).notNull(),
    termEndsAt: timestamp('term_ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'council_members_pk', columns: [t.electionId, t.playerId] }),
    index('council_members_player_idx').on(t.playerId, t.termEndsAt),
  ],
);

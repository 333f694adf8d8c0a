import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  GameError, RANKS, influence, isSquadActive, isSquadType, maxMembers, rankFor, rankIndex, squadLevel, squadPerks,
  squadPoints, type Rank, type SquadPerk, type SquadSummary, type SquadType,
} from '@datavism/rules';
import type { Db, Tx } from './client';
import { balancesOf, transfer, withTransaction } from './ledger';
import { recordSquadFounderTx, squadsReachedLevelTx } from './progression';
import { players, squadApplications, squadMembers as membersTable, squads } from './schema/index';
import type { SquadRecruitment, SquadRole } from './schema/index';
import { isUuid } from './sql';

/** A squad row. */
export type Squad = typeof squads.$inferSelect;

/** One member of a squad, most senior first within a role. */
export interface SquadMember {
  playerId: string;
  name: string;
  role: SquadRole;
  joinedAt: Date;
  contributionScore: number;
}

/** What `refreshSquadLevel` computed and stored. */
export interface SquadLevelState {
  points: number;
  level: number;
  memberCount: number;
  maxMembers: number;
  active: boolean;
  perks: SquadPerk[];
}

/** Options of a new squad. */
export interface CreateSquadInput {
  leaderId: string;
  name: string;
  type: SquadType;
  motto?: string;
  recruitment?: SquadRecruitment;
  minInfluence?: number;
  minRank?: Rank | null;
  activityPace?: number;
  timezoneOffsetHours?: number;
  playStyle?: string;
}

type PlayerRow = typeof players.$inferSelect;

/** A player's current influence (GAME §1), with the multipliers stored on the row. */
export function playerInfluence(p: PlayerRow): number {
  return influence(p, { firstBlood: p.firstBlood, massAwakening: p.massAwakening, squadLeader: p.isSquadLeader });
}

/** The squad with this id (disbanded ones included), or null. */
export async function getSquad(db: Db, id: string): Promise<Squad | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(squads).where(eq(squads.id, id));
  return row ?? null;
}

/** Members of a squad: leader, officers, members; within a role the most senior first. */
export async function squadMembers(db: Db, squadId: string): Promise<SquadMember[]> {
  if (!isUuid(squadId)) return [];
  const rows = await db
    .select({
      playerId: membersTable.playerId,
      name: players.name,
      role: membersTable.role,
      joinedAt: membersTable.joinedAt,
      contributionScore: membersTable.contributionScore,
    })
    .from(membersTable)
    .innerJoin(players, eq(players.id, membersTable.playerId))
    .where(eq(membersTable.squadId, squadId))
    .orderBy(
      sql`case ${membersTable.role} when 'leader' then 0 when 'officer' then 1 else 2 end`,
      asc(membersTable.joinedAt),
      asc(membersTable.playerId),
    );
  return rows;
}

/** The squad and role of a player, or null when squadless. */
export async function squadOfPlayer(db: Db, playerId: string): Promise<{ squadId: string; role: SquadRole } | null> {
  if (!isUuid(playerId)) return null;
  const [row] = await db
    .select({ squadId: membersTable.squadId, role: membersTable.role })
    .from(membersTable)
    .where(eq(membersTable.playerId, playerId));
  return row ?? null;
}

/** Throws NOT_SQUAD_MEMBER unless `playerId` is in `squadId`; returns the role. */
export async function requireMember(db: Db, squadId: string, playerId: string): Promise<SquadRole> {
  const mine = await squadOfPlayer(db, playerId);
  if (!mine || mine.squadId !== squadId) {
    throw new GameError('NOT_SQUAD_MEMBER', 'you are not a member of this squad');
  }
  return mine.role;
}

/** Throws NOT_SQUAD_OFFICER unless the player is the squad's leader or an officer. */
export async function requireOfficer(db: Db, squadId: string, playerId: string): Promise<SquadRole> {
  const role = await requireMember(db, squadId, playerId);
  if (role === 'member') throw new GameError('NOT_SQUAD_OFFICER', 'only the leader and officers may do this');
  return role;
}

/** Throws NOT_SQUAD_LEADER unless the player leads the squad. */
export async function requireLeader(db: Db, squadId: string, playerId: string): Promise<void> {
  const role = await requireMember(db, squadId, playerId);
  if (role !== 'leader') throw new GameError('NOT_SQUAD_LEADER', 'only the squad leader may do this');
}

/** Level, size bounds and perks for a squad row and its member count. */
export function squadLevelState(squad: Squad, memberCount: number): SquadLevelState {
  const type = squad.type as SquadType;
  const points = squadPoints({
    missionsCompleted: squad.missionsCompleted,
    territoriesLiberated: squad.territoriesLiberated,
    evidenceGathered: squad.evidenceGathered,
    activeMembers: memberCount,
  });
  const level = squadLevel(points);
  return {
    points,
    level,
    memberCount,
    maxMembers: maxMembers(type, level),
    active: isSquadActive(type, memberCount),
    perks: squadPerks(type, level),
  };
}

/**
 * Recomputes a squad's points and level (activeMembers = member count), stores the
 * level and keeps `players.is_squad_leader` true for its leader and false for its
 * other members. Call after any change of members or stats, in the same transaction.
 */
export async function refreshSquadLevel(tx: Tx, squadId: string): Promise<SquadLevelState> {
  const [squad] = await tx.select().from(squads).where(eq(squads.id, squadId));
  if (!squad) throw new GameError('NOT_FOUND', `no squad ${squadId}`);
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(membersTable)
    .where(eq(membersTable.squadId, squadId));
  const state = squadLevelState(squad, Number(n));
  if (state.level !== squad.level) {
    await tx.update(squads).set({ level: state.level }).where(eq(squads.id, squadId));
    await squadsReachedLevelTx(tx, [{ squadId, level: state.level }]); // GAME §5 squad_founder at level 2
  }
  await tx.execute(sql`
    UPDATE players SET is_squad_leader = (players.id IS NOT DISTINCT FROM ${squad.leaderId}::uuid)
    FROM squad_members sm
    WHERE sm.player_id = players.id AND sm.squad_id = ${squadId}::uuid
      AND players.is_squad_leader <> (players.id IS NOT DISTINCT FROM ${squad.leaderId}::uuid)`);
  return state;
}

/** Locks a squad row for a membership change; NOT_FOUND for unknown or disbanded squads. */
async function lockSquad(tx: Tx, squadId: string): Promise<Squad> {
  if (!isUuid(squadId)) throw new GameError('NOT_FOUND', `no squad ${squadId}`);
  const [squad] = await tx.select().from(squads).where(eq(squads.id, squadId)).for('update');
  if (!squad || squad.disbandedAt) throw new GameError('NOT_FOUND', `no squad ${squadId}`);
  return squad;
}

/** Locks a player row (serialises "one squad at a time"); NOT_FOUND for unknown players. */
async function lockPlayer(tx: Tx, playerId: string): Promise<PlayerRow> {
  if (!isUuid(playerId)) throw new GameError('NOT_FOUND', `no player ${playerId}`);
  const [p] = await tx.select().from(players).where(eq(players.id, playerId)).for('update');
  if (!p) throw new GameError('NOT_FOUND', `no player ${playerId}`);
  return p;
}

async function requireSquadless(tx: Tx, playerId: string): Promise<void> {
  const [row] = await tx.select({ s: membersTable.squadId }).from(membersTable).where(eq(membersTable.playerId, playerId));
  if (row) throw new GameError('ALREADY_IN_SQUAD', 'leave your squad first');
}

async function memberCount(tx: Tx, squadId: string): Promise<number> {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(membersTable).where(eq(membersTable.squadId, squadId));
  return Number(n);
}

/** Throws REQUIREMENTS_NOT_MET if the player is below the squad's minimum influence or rank. */
export function checkJoinRequirements(squad: Squad, player: PlayerRow): void {
  const inf = playerInfluence(player);
  if (inf < squad.minInfluence) {
    throw new GameError('REQUIREMENTS_NOT_MET', `needs influence ≥ ${squad.minInfluence} (you have ${Math.floor(inf)})`);
  }
  if (squad.minRank && RANKS.some((r) => r.name === squad.minRank)) {
    if (rankIndex(rankFor(inf)) < rankIndex(squad.minRank as Rank)) throw new GameError('REQUIREMENTS_NOT_MET', `needs rank ${squad.minRank} or above`);
  }
}

/**
 * Creates a squad with its creator as leader. NAME_TAKEN for a used name
 * (case-insensitive), ALREADY_IN_SQUAD if the creator is in a squad.
 */
export function createSquad(db: Db, input: CreateSquadInput): Promise<Squad> {
  if (!isSquadType(input.type)) throw new GameError('BAD_REQUEST', `unknown squad type ${String(input.type)}`);
  return withTransaction(db, async (tx) => {
    await lockPlayer(tx, input.leaderId);
    await requireSquadless(tx, input.leaderId);
    const [squad] = await tx
      .insert(squads)
      .values({
        name: input.name,
        nameKey: input.name.toLowerCase(),
        type: input.type,
        motto: input.motto ?? '',
        recruitment: input.recruitment ?? 'open',
        minInfluence: input.minInfluence ?? 0,
        minRank: input.minRank ?? null,
        leaderId: input.leaderId,
        activityPace: input.activityPace ?? 0.5,
        timezoneOffsetHours: input.timezoneOffsetHours ?? 0,
        playStyle: input.playStyle ?? 'balanced',
      })
      .onConflictDoNothing({ target: squads.nameKey })
      .returning();
    if (!squad) throw new GameError('NAME_TAKEN', `the squad name ${input.name} is taken`);
    await tx.insert(membersTable).values({ squadId: squad.id, playerId: input.leaderId, role: 'leader' });
    await recordSquadFounderTx(tx, squad.id, input.leaderId);
    await refreshSquadLevel(tx, squad.id);
    const [fresh] = await tx.select().from(squads).where(eq(squads.id, squad.id));
    return fresh;
  });
}

/** Adds a player to a locked squad after the size check (SQUAD_FULL). */
async function addMember(tx: Tx, squad: Squad, playerId: string): Promise<SquadLevelState> {
  const count = await memberCount(tx, squad.id);
  if (count >= maxMembers(squad.type as SquadType, squad.level)) {
    throw new GameError('SQUAD_FULL', `${squad.name} is full (${count} members)`);
  }
  await tx.insert(membersTable).values({ squadId: squad.id, playerId, role: 'member' });
  return refreshSquadLevel(tx, squad.id);
}

/**
 * Joins an open squad. SQUAD_CLOSED for closed squads and for squads that recruit by
 * application, REQUIREMENTS_NOT_MET, SQUAD_FULL, ALREADY_IN_SQUAD.
 */
export function joinSquad(db: Db, squadId: string, playerId: string): Promise<SquadLevelState> {
  return withTransaction(db, async (tx) => {
    const squad = await lockSquad(tx, squadId);
    const player = await lockPlayer(tx, playerId);
    await requireSquadless(tx, playerId);
    if (squad.recruitment === 'closed') throw new GameError('SQUAD_CLOSED', `${squad.name} is not recruiting`);
    if (squad.recruitment === 'application') {
      throw new GameError('SQUAD_CLOSED', `${squad.name} recruits by application: apply instead`);
    }
    checkJoinRequirements(squad, player);
    return addMember(tx, squad, playerId);
  });
}

/** A pending application. */
export interface SquadApplication {
  id: string;
  squadId: string;
  playerId: string;
  name: string;
  message: string;
  createdAt: Date;
}

/** Applies to a squad that recruits by application; ALREADY_DONE for a second pending application. */
export function applyToSquad(db: Db, squadId: string, playerId: string, message = ''): Promise<SquadApplication> {
  return withTransaction(db, async (tx) => {
    const squad = await lockSquad(tx, squadId);
    const player = await lockPlayer(tx, playerId);
    await requireSquadless(tx, playerId);
    if (squad.recruitment === 'closed') throw new GameError('SQUAD_CLOSED', `${squad.name} is not recruiting`);
    if (squad.recruitment === 'open') throw new GameError('BAD_REQUEST', `${squad.name} is open: join directly`);
    checkJoinRequirements(squad, player);
    const [row] = await tx
      .insert(squadApplications)
      .values({ squadId, playerId, message })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new GameError('ALREADY_DONE', 'you already applied to this squad');
    return { id: row.id, squadId, playerId, name: player.name, message, createdAt: row.createdAt };
  });
}

/** Pending applications of a squad, oldest first. */
export async function pendingApplications(db: Db, squadId: string): Promise<SquadApplication[]> {
  if (!isUuid(squadId)) return [];
  return db
    .select({
      id: squadApplications.id,
      squadId: squadApplications.squadId,
      playerId: squadApplications.playerId,
      name: players.name,
      message: squadApplications.message,
      createdAt: squadApplications.createdAt,
    })
    .from(squadApplications)
    .innerJoin(players, eq(players.id, squadApplications.playerId))
    .where(and(eq(squadApplications.squadId, squadId), eq(squadApplications.status, 'pending')))
    .orderBy(asc(squadApplications.createdAt));
}

/**
 * An officer or the leader accepts or rejects a pending application. Accepting checks
 * the size (SQUAD_FULL) and that the applicant is still squadless (ALREADY_IN_SQUAD).
 */
export function decideApplication(
  db: Db,
  applicationId: string,
  deciderId: string,
  accept: boolean,
): Promise<{ squadId: string; playerId: string; accepted: boolean }> {
  if (!isUuid(applicationId)) throw new GameError('NOT_FOUND', `no application ${applicationId}`);
  return withTransaction(db, async (tx) => {
    const [app] = await tx.select().from(squadApplications).where(eq(squadApplications.id, applicationId));
    if (!app) throw new GameError('NOT_FOUND', `no application ${applicationId}`);
    const squad = await lockSquad(tx, app.squadId);
    await requireOfficer(tx, squad.id, deciderId);
    const [locked] = await tx.select().from(squadApplications).where(eq(squadApplications.id, applicationId)).for('update');
    if (locked.status !== 'pending') throw new GameError('ALREADY_DONE', `application already ${locked.status}`);
    if (accept) {
      await lockPlayer(tx, app.playerId);
      await requireSquadless(tx, app.playerId);
      await addMember(tx, squad, app.playerId);
    }
    await tx
      .update(squadApplications)
      .set({ status: accept ? 'accepted' : 'rejected', decidedAt: new Date(), decidedBy: deciderId })
      .where(eq(squadApplications.id, applicationId));
    return { squadId: squad.id, playerId: app.playerId, accepted: accept };
  });
}

/** What happened when someone left (or was removed from) a squad. */
export interface LeaveResult {
  squadId: string;
  newLeaderId: string | null;
  disbanded: boolean;
}

/**
 * Removes a member inside `tx` (the squad must be locked). A leaving leader is
 * succeeded by the earliest-joined officer, else the earliest-joined member; a squad
 * left empty is disbanded: its treasury goes to the community treasury and its name
 * is freed.
 */
export async function removeMemberTx(tx: Tx, squad: Squad, playerId: string, reason: string): Promise<LeaveResult> {
  const deleted = await tx
    .delete(membersTable)
    .where(and(eq(membersTable.squadId, squad.id), eq(membersTable.playerId, playerId)))
    .returning({ role: membersTable.role });
  if (deleted.length === 0) throw new GameError('NOT_SQUAD_MEMBER', 'not a member of this squad');
  await tx.update(players).set({ isSquadLeader: false }).where(eq(players.id, playerId));
  let newLeaderId: string | null = null;
  if (deleted[0].role === 'leader') {
    const [heir] = await tx
      .select({ playerId: membersTable.playerId })
      .from(membersTable)
      .where(eq(membersTable.squadId, squad.id))
      .orderBy(
        sql`case ${membersTable.role} when 'officer' then 0 else 1 end`,
        asc(membersTable.joinedAt),
        asc(membersTable.playerId),
      )
      .limit(1);
    if (!heir) {
      await disbandTx(tx, squad, reason);
      return { squadId: squad.id, newLeaderId: null, disbanded: true };
    }
    newLeaderId = heir.playerId;
    await tx
      .update(membersTable)
      .set({ role: 'leader' })
      .where(and(eq(membersTable.squadId, squad.id), eq(membersTable.playerId, newLeaderId)));
    await tx.update(squads).set({ leaderId: newLeaderId }).where(eq(squads.id, squad.id));
  }
  await refreshSquadLevel(tx, squad.id);
  return { squadId: squad.id, newLeaderId, disbanded: false };
}

async function disbandTx(tx: Tx, squad: Squad, reason: string): Promise<void> {
  const balances = await balancesOf(tx, { kind: 'squad', id: squad.id });
  for (const [resource, amount] of Object.entries(balances)) {
    if (amount > 0n) {
      await transfer(tx, {
        from: { kind: 'squad', id: squad.id },
        to: { kind: 'community' },
        resource: resource as keyof typeof balances,
        amount,
        reason: 'squad_disbanded',
        idempotencyKey: `squad-disband:${squad.id}:${resource}`,
      });
    }
  }
  await tx
    .update(squads)
    .set({ disbandedAt: new Date(), leaderId: null, nameKey: `${squad.nameKey}#disbanded#${squad.id}`, recruitment: 'closed' })
    .where(eq(squads.id, squad.id));
  await tx
    .update(squadApplications)
    .set({ status: 'withdrawn', decidedAt: new Date() })
    .where(and(eq(squadApplications.squadId, squad.id), eq(squadApplications.status, 'pending')));
  void reason;
}

/** A player leaves their squad (succession and disbanding as in {@link removeMemberTx}). */
export function leaveSquad(db: Db, playerId: string): Promise<LeaveResult> {
  return withTransaction(db, async (tx) => {
    const mine = await squadOfPlayer(tx, playerId);
    if (!mine) throw new GameError('NOT_SQUAD_MEMBER', 'you are not in a squad');
    const squad = await lockSquad(tx, mine.squadId);
    return removeMemberTx(tx, squad, playerId, 'left');
  });
}

/** The leader kicks a member (NOT_SQUAD_LEADER otherwise; the leader cannot kick themself). */
export function kickMember(db: Db, squadId: string, actorId: string, targetId: string): Promise<LeaveResult> {
  return withTransaction(db, async (tx) => {
    const squad = await lockSquad(tx, squadId);
    await requireLeader(tx, squadId, actorId);
    if (actorId === targetId) throw new GameError('BAD_REQUEST', 'leave the squad instead of kicking yourself');
    await requireMember(tx, squadId, targetId);
    return removeMemberTx(tx, squad, targetId, 'kicked');
  });
}

/** The leader promotes a member to officer or demotes an officer to member. */
export function setMemberRole(
  db: Db,
  squadId: string,
  actorId: string,
  targetId: string,
  role: 'officer' | 'member',
): Promise<void> {
  return withTransaction(db, async (tx) => {
    await lockSquad(tx, squadId);
    await requireLeader(tx, squadId, actorId);
    const current = await requireMember(tx, squadId, targetId);
    if (current === 'leader') throw new GameError('BAD_REQUEST', 'the leader cannot be promoted or demoted');
    if (current === role) throw new GameError('ALREADY_DONE', `already ${role}`);
    await tx
      .update(membersTable)
      .set({ role })
      .where(and(eq(membersTable.squadId, squadId), eq(membersTable.playerId, targetId)));
  });
}

/** Recruitment settings a leader or a passed decision can change. */
export interface RecruitmentSettings {
  recruitment: SquadRecruitment;
  minInfluence?: number;
  minRank?: Rank | null;
}

/** Updates recruitment settings inside `tx`. */
export async function setRecruitmentTx(tx: Tx, squadId: string, s: RecruitmentSettings): Promise<void> {
  await tx
    .update(squads)
    .set({
      recruitment: s.recruitment,
      ...(s.minInfluence !== undefined ? { minInfluence: s.minInfluence } : {}),
      ...(s.minRank !== undefined ? { minRank: s.minRank } : {}),
    })
    .where(eq(squads.id, squadId));
}

/** The leader changes recruitment directly (a decision can do the same by vote). */
export function setRecruitment(db: Db, squadId: string, actorId: string, s: RecruitmentSettings): Promise<void> {
  return withTransaction(db, async (tx) => {
    await lockSquad(tx, squadId);
    await requireLeader(tx, squadId, actorId);
    await setRecruitmentTx(tx, squadId, s);
  });
}

/** A squad in a listing (the rules' read model). */
export type { SquadSummary };

/** Squads that are not disbanded (recruiting only: open or by application), newest first. */
export async function listSquads(db: Db, options: { recruitingOnly?: boolean; limit?: number } = {}): Promise<SquadSummary[]> {
  const where = options.recruitingOnly
    ? and(isNull(squads.disbandedAt), inArray(squads.recruitment, ['open', 'application']))
    : isNull(squads.disbandedAt);
  const rows = await db.select().from(squads).where(where).orderBy(sql`${squads.createdAt} desc`).limit(options.limit ?? 200);
  if (rows.length === 0) return [];
  const members = await db
    .select({ squadId: membersTable.squadId, p: players })
    .from(membersTable)
    .innerJoin(players, eq(players.id, membersTable.playerId))
    .where(inArray(membersTable.squadId, rows.map((r) => r.id)));
  const influences = new Map<string, number[]>();
  for (const m of members) {
    const list = influences.get(m.squadId) ?? [];
    list.push(playerInfluence(m.p));
    influences.set(m.squadId, list);
  }
  return rows.map((s) => summarise(s, influences.get(s.id) ?? []));
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function summarise(s: Squad, influences: number[]): SquadSummary {
  const state = squadLevelState(s, influences.length);
  return {
    id: s.id,
    name: s.name,
    type: s.type as SquadType,
    motto: s.motto,
    recruitment: s.recruitment,
    minInfluence: s.minInfluence,
    minRank: s.minRank,
    level: state.level,
    memberCount: state.memberCount,
    maxMembers: state.maxMembers,
    active: state.active,
    activityPace: s.activityPace,
    timezoneOffsetHours: s.timezoneOffsetHours,
    playStyle: s.playStyle,
    medianInfluence: median(influences),
  };
}

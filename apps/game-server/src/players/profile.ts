import { playerProfile, recordDailyLogin } from '@datavism/db';
import { influence, levelForXp, rankFor, xpForLevel } from '@datavism/rules';
import type { PlayerProfile } from '@datavism/shared-schema';
import type { Services } from '../context';

type ProfileRow = NonNullable<Awaited<ReturnType<typeof playerProfile>>>;

type PlayerRow = Omit<ProfileRow, 'balances'>;

function reputationOf(row: PlayerRow) {
  return {
    technicalMastery: row.technicalMastery,
    truthScore: row.truthScore,
    impactRating: row.impactRating,
    teachingHonor: row.teachingHonor,
    artisticVision: row.artisticVision,
  };
}

function influenceOf(row: PlayerRow): number {
  return influence(reputationOf(row), { firstBlood: row.firstBlood, massAwakening: row.massAwakening, squadLeader: row.isSquadLeader });
}

/** A stored player's rank (GAME §1.1), from the row alone (no balances read). */
export function rankOfPlayer(row: PlayerRow): PlayerProfile['rank'] {
  return rankFor(influenceOf(row));
}

/** The profile a client sees, derived from the stored player with the rules' formulas. */
export function toProfile(row: ProfileRow): PlayerProfile {
  const reputation = reputationOf(row);
  const inf = influenceOf(row);
  const level = levelForXp(row.xp);
  return {
    id: row.id,
    name: row.name,
    role: row.role as PlayerProfile['role'],
    rank: rankFor(inf),
    influence: Math.floor(inf),
    level,
    xp: row.xp,
    xpForNextLevel: xpForLevel(level + 1),
    loginStreak: row.loginStreak,
    titles: row.titles ?? [],
    reputation,
    balances: Object.fromEntries(Object.entries(row.balances).map(([k, v]) => [k, String(v)])),
    deployedTerritoryId: row.deployedTerritoryId ?? null,
  };
}

/** Load a player's profile, or throw if the player is gone. */
export async function loadProfile(s: Pick<Services, 'database'>, playerId: string): Promise<PlayerProfile> {
  const row = await playerProfile(s.database.db, playerId);
  if (!row) throw new Error(`player ${playerId} not found`);
  return toProfile(row);
}

/** GAME §1.3: the first login of a UTC day pays the streak reward (exactly once), then the profile. */
export async function loginAndProfile(s: Pick<Services, 'database'>, playerId: string, now: Date) {
  const dailyLogin = await recordDailyLogin(s.database.db, playerId, now);
  const profile = await loadProfile(s, playerId);
  return { profile, dailyLogin };
}

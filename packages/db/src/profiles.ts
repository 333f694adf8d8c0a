/**
 * The read model of a player's profile (GAME §1, §2, §5): the player row, the progression
 * counters, the squad, the badges. The game server derives influence, rank, unlocks and
 * specializations from it with the rules.
 */
import { sql } from 'drizzle-orm';
import type { AchievementId } from '@datavism/rules';
import type { Db } from './client';
import { badgeShares, playerAchievements, type EarnedAchievement } from './achievements';
import { findPlayerByName, getPlayer, type Player } from './players';
import { isUuid, queryRows, toNumber } from './sql';

/** A player's squad as their profile shows it. */
export interface ProfileSquad {
  id: string;
  name: string;
  type: string;
  role: string;
  level: number;
  memberCount: number;
  missionsCompleted: number;
  territoriesLiberated: number;
  evidenceGathered: number;
}

/** Everything a profile is derived from. */
export interface ProfileData {
  player: Omit<Player, 'passwordHash'>;
  investigationsLed: number;
  studentsMentored: number;
  contentPassed: number;
  endorsementPoints: number;
  /** Distinct players rewarded by operations they led (counted up to 1000). */
  playersRewarded: number;
  squad: ProfileSquad | null;
  achievements: (EarnedAchievement & { holdersBps: number | null })[];
}

/** The profile data of a player by id, or by name when `key` is not a uuid; null when unknown. */
export async function profileData(db: Db, key: string): Promise<ProfileData | null> {
  const found = isUuid(key) ? await getPlayer(db, key) : await findPlayerByName(db, key);
  if (!found) return null;
  const { passwordHash: _hidden, ...player } = found;
  const [counters] = await queryRows<Record<string, unknown>>(db, sql`
    SELECT g.investigations_led, g.students_mentored, g.content_passed, g.endorsement_points,
      (SELECT count(*) FROM led_rewards l WHERE l.leader_id = ${player.id}::uuid) AS rewarded
    FROM (SELECT 1) one LEFT JOIN player_progress g ON g.player_id = ${player.id}::uuid`);
  const [squad] = await queryRows<Record<string, unknown>>(db, sql`
    SELECT s.id::text AS id, s.name, s.type, m.role, s.level, s.missions_completed, s.territories_liberated, s.evidence_gathered,
      (SELECT count(*) FROM squad_members x WHERE x.squad_id = s.id) AS members
    FROM squad_members m JOIN squads s ON s.id = m.squad_id WHERE m.player_id = ${player.id}::uuid`);
  const shares = await badgeShares(db);
  const earned = await playerAchievements(db, player.id);
  return {
    player,
    investigationsLed: toNumber(counters?.investigations_led),
    studentsMentored: toNumber(counters?.students_mentored),
    contentPassed: toNumber(counters?.content_passed),
    endorsementPoints: toNumber(counters?.endorsement_points),
    playersRewarded: toNumber(counters?.rewarded),
    squad: squad
      ? {
          id: String(squad.id), name: String(squad.name), type: String(squad.type), role: String(squad.role),
          level: toNumber(squad.level), memberCount: toNumber(squad.members), missionsCompleted: toNumber(squad.missions_completed),
          territoriesLiberated: toNumber(squad.territories_liberated), evidenceGathered: toNumber(squad.evidence_gathered),
        }
      : null,
    achievements: earned.map((a) => ({ ...a, holdersBps: shares.get(a.achievementId as AchievementId) ?? null })),
  };
}
